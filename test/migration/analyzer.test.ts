// The rule-level judgements of the analyzer on small hand-written exports: where the same
// code is NOT_SUPPORTED, WARNING or ERROR depending on what remains (spec §10).
import { describe, expect, it } from 'vitest';
import { analyzeUpload } from '../../src/migration/analyze-upload.js';
import { zipMembers } from '../support/zip.js';

const MANIFEST =
  '<?xml version="1.0" encoding="UTF-8"?><export product="IMSVA" version="9.1" build="2011" language="ja" exportedAt="2024-05-22T15:39:25+09:00" host="imsva01.example.co.jp"/>';
const INI = '[imp_exp]\nenable_ems_migrate=1\n';
const ROUTE = '<route><senders anyone="true"/><recipients><address>*@example.co.jp</address></recipients></route>';

function exportWith(rules: string, objects = '') {
  return zipMembers({
    'manifest.xml': MANIFEST,
    'imss.ini': INI,
    'policy/rules.xml': `<?xml version="1.0" encoding="UTF-8"?><policyList>${rules}</policyList>`,
    'policy/objects.xml': `<?xml version="1.0" encoding="UTF-8"?><policyObjects>${objects}</policyObjects>`,
  });
}

const rule = (id: string, conditions: string, actions: string, extra = '') =>
  `<rule id="${id}" name="${id}" enabled="true" order="1" applyTo="incoming" ${extra}>${ROUTE}${conditions}<actions>${actions}</actions></rule>`;

async function analyse(rules: string, objects = '') {
  const r = await analyzeUpload('t.dat', exportWith(rules, objects), {
    managedDomains: [{ name: 'example.co.jp', verified: true }],
    directoryGroupDns: [],
    directorySynchronized: true,
    imssMinBuild: 1361,
    imsvaMinBuild: 2011,
  });
  return r.analysis;
}

const statusOf = async (rules: string, objects = '') =>
  (await analyse(rules, objects)).plan.rules.map((r) => `${r.body.type} ${r.status} enabled=${r.body.enabled}`);

describe('unsupported conditions', () => {
  it('match="any" with another condition left: WARNING, the rule stays enabled', async () => {
    expect(
      await statusOf(
        rule(
          'r',
          '<conditions match="any"><cncEmail/><messageSize op="gt" value="10" unit="MB"/></conditions>',
          '<intercept type="quarantine"/>',
        ),
      ),
    ).toEqual(['CONTENT_FILTERING NEEDS_CONFIRMATION enabled=true']);
  });
  it('match="all" with another condition left: ERROR (broader match), disabled', async () => {
    expect(
      await statusOf(
        rule(
          'r',
          '<conditions match="all"><spoofedInternal/><messageSize op="gt" value="10" unit="MB"/></conditions>',
          '<intercept type="quarantine"/>',
        ),
      ),
    ).toEqual(['CONTENT_FILTERING NEEDS_FIX enabled=false']);
  });
  it('nothing left: the rule is NOT_SUPPORTED and not imported', async () => {
    const a = await analyse(
      rule('r', '<conditions match="any"><receivedTimeRange/><unableToDecrypt/></conditions>', '<intercept type="delete"/>'),
    );
    expect(a.plan.rules).toEqual([]);
    expect(a.items.filter((i) => i.code === 'CONDITION_UNSUPPORTED').map((i) => i.category)).toEqual([
      'NOT_SUPPORTED',
      'NOT_SUPPORTED',
      'NOT_SUPPORTED',
    ]);
  });
});

describe('criteria', () => {
  it('unsupported true file types: WARNING when others remain, ERROR when none does', async () => {
    const some = await analyse(
      rule(
        'r',
        '<conditions match="any"><attachment><trueFileTypes selected="true"><type>msi</type><type>exe</type></trueFileTypes></attachment></conditions>',
        '<intercept type="delete"/>',
      ),
    );
    expect(some.items.find((i) => i.code === 'TRUE_FILE_TYPE_UNSUPPORTED')?.category).toBe('WARNING');
    expect(some.plan.rules[0]!.body.criteria).toEqual([{ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: true, types: ['exe'] }]);
    const none = await analyse(
      rule(
        'r',
        '<conditions match="any"><attachment><trueFileTypes selected="true"><type>png</type><type>7z</type></trueFileTypes></attachment></conditions>',
        '<intercept type="delete"/>',
      ),
    );
    expect(none.items.find((i) => i.code === 'TRUE_FILE_TYPE_UNSUPPORTED')?.category).toBe('ERROR');
  });
  it('any-only criteria are kept under Any Match and dropped (ERROR) under All Match', async () => {
    const any = await analyse(
      rule(
        'r',
        '<conditions match="any"><attachment><passwordProtected/></attachment><recipientCount op="gt" value="50"/></conditions>',
        '<intercept type="quarantine"/>',
      ),
    );
    expect(any.plan.rules[0]!.body.criteria.map((c) => c.type)).toEqual(['ATTACHMENT_PASSWORD_PROTECTED', 'RECIPIENT_COUNT']);
    const all = await analyse(
      rule(
        'r',
        '<conditions match="all"><attachment><activeContent/></attachment><subjectBlank/></conditions>',
        '<intercept type="quarantine"/>',
      ),
    );
    expect(all.plan.rules[0]!.body.criteria.map((c) => c.type)).toEqual(['SUBJECT_BLANK']);
    expect(all.plan.rules[0]!.status).toBe('NEEDS_FIX');
  });
  it('a rule mixing virus and content conditions becomes two rules with the same actions', async () => {
    const a = await analyse(
      rule(
        'r',
        '<conditions match="any"><virus/><messageSize op="gt" value="5" unit="MB"/></conditions>',
        '<intercept type="quarantine" area="Default"/>',
      ),
    );
    expect(a.plan.rules.map((r) => [r.body.type, r.body.intercept, r.status])).toEqual([
      ['VIRUS_SCAN', 'QUARANTINE', 'NEEDS_CONFIRMATION'],
      ['CONTENT_FILTERING', 'QUARANTINE', 'NEEDS_CONFIRMATION'],
    ]);
  });
});

describe('actions', () => {
  it('an unsupported action: WARNING when another action is kept, ERROR when none is', async () => {
    expect(await statusOf(rule('r', '', '<intercept type="quarantine"/><modify><postponeDelivery until="06:00"/></modify>'))).toEqual([
      'CONTENT_FILTERING NEEDS_CONFIRMATION enabled=true',
    ]);
    expect(await statusOf(rule('r', '', '<intercept type="none"/><monitor><archiveModified area="Archive"/></monitor>'))).toEqual([
      'CONTENT_FILTERING NEEDS_FIX enabled=false',
    ]);
  });
  it('BCC with a terminal action is removed (ERROR); BCC to a managed address alone is kept', async () => {
    const terminal = await analyse(rule('r', '', '<intercept type="delete"/><monitor><bcc>audit@example.co.jp</bcc></monitor>'));
    expect(terminal.items.find((i) => i.code === 'BCC_WITH_TERMINAL')?.category).toBe('ERROR');
    expect(terminal.plan.rules[0]!.body.monitorActions).toEqual([]);
    const alone = await analyse(rule('r', '', '<intercept type="none"/><monitor><bcc>audit@example.co.jp</bcc></monitor>'));
    expect(alone.plan.rules[0]!.body.monitorActions).toEqual([{ type: 'BCC', recipients: ['audit@example.co.jp'] }]);
    expect(alone.plan.rules[0]!.status).toBe('SUCCESS');
  });
  it('reserved X-headers and inbound encryption are removed as ERROR', async () => {
    const a = await analyse(
      rule(
        'r',
        '',
        '<intercept type="none"/><modify><xHeader name="X-TM-Scan" value="1"/><xHeader name="X-Checked" value="1"/><encrypt/></modify>',
      ),
    );
    expect(
      a.items
        .filter((i) => i.category === 'ERROR')
        .map((i) => i.code)
        .sort(),
    ).toEqual(['ENCRYPT_INBOUND', 'XHEADER_RESERVED']);
    expect(a.plan.rules[0]!.body.modifyActions).toEqual([{ type: 'INSERT_X_HEADER', name: 'X-Checked', value: '1' }]);
  });
});

describe('references and groups', () => {
  it('a dangling reference is removed as ERROR', async () => {
    const a = await analyse(
      rule(
        'r',
        '<conditions match="any"><content><subject><keywordList ref="nope"/></subject></content></conditions>',
        '<intercept type="quarantine"/>',
      ),
    );
    expect(a.items.find((i) => i.code === 'REFERENCE_MISSING')).toMatchObject({ category: 'ERROR' });
    expect(a.plan.rules[0]!.status).toBe('NEEDS_FIX');
  });
  it('a group on the internal side with outside addresses is copied as "<name> - internal"', async () => {
    const objects =
      '<addressGroups><group id="g" name="営業"><address>a@example.co.jp</address><address>b@partner.example</address><address>*@*.example.co.jp</address></group></addressGroups>';
    const rules = `<rule id="r" name="r" applyTo="incoming"><route><senders><group ref="g"/></senders><recipients><group ref="g"/></recipients></route><actions><intercept type="quarantine"/></actions></rule>`;
    const a = await analyse(rules, objects);
    expect(a.plan.addressGroups.map((g) => [g.name, g.internal, g.addresses])).toEqual([
      ['営業', false, ['a@example.co.jp', 'b@partner.example', '*@*.example.co.jp']],
      ['営業 - internal', true, ['a@example.co.jp']],
    ]);
    const route = a.plan.rules[0]!.body;
    expect(route.recipients.entries).toEqual([{ type: 'ADDRESS_GROUP', groupId: 'g#internal' }]);
    expect(route.senders.entries).toEqual([{ type: 'ADDRESS_GROUP', groupId: 'g' }]);
    expect(
      a.items
        .filter((i) => i.code === 'GROUP_INTERNAL_COPY' || i.code === 'GROUP_WILDCARD_INTERNAL')
        .every((i) => i.category === 'WARNING'),
    ).toBe(true);
  });
  it('an unknown element in a known member refuses the export', async () => {
    await expect(analyse(rule('r', '<conditions match="any"><teleport/></conditions>', ''))).rejects.toMatchObject({
      code: 'BUNDLE_UNKNOWN_ELEMENT',
    });
  });
});
