// A migrated rule set enforced end to end: the IMSVA export fixture imsva-ja-basic
// (test/fixtures/exports/README.md) uploaded and confirmed through the real migration GraphQL
// flow, its rules read back through GraphQL, then real mail that the imported rules act on.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureExport } from '../support/export-fixtures.js';
import { confirm, upload } from '../support/migration.js';
import { file, mailWith } from '../support/relay-e2e-mail.js';
import { dbId, OUTSIDER, type RelayE2e, startRelayE2e, verifiedCaptureDomain } from '../support/relay-e2e.js';

const RULES = `query($d: PolicyDirection!, $t: PolicyType!) {
  policyRules(direction: $d, type: $t, first: 100) { edges { node { id name enabled migrationStatus
    criteria { type values } intercept { action } } } } }`;

/** The fixture's managed domain (株式会社サンプル商事). */
const JP_DOMAIN = 'example.co.jp';
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);

describeEachDatabase('a migrated rule set end to end', (kind) => {
  let e: RelayE2e;
  let rules: {
    id: string;
    name: string;
    enabled: boolean;
    migrationStatus: string | null;
    criteria: { type: string; values: string[] }[];
    intercept: { action: string };
  }[];
  beforeAll(async () => {
    e = await startRelayE2e(kind);
    await verifiedCaptureDomain(e.t, JP_DOMAIN);
    const analysed = await upload(e.t, fixtureExport('imsva-ja-basic'));
    expect(analysed.payload.userErrors).toEqual([]);
    const done = await confirm(e.t, analysed.payload.run.id);
    expect(done.userErrors).toEqual([]);
    expect(done.run.state).toBe('COMPLETED');
    const r = await e.t.gql(RULES, { d: 'INBOUND', t: 'CONTENT_FILTERING' });
    rules = r.data.policyRules.edges.map((x: { node: (typeof rules)[number] }) => x.node);
  });
  afterAll(async () => e?.close());

  it('the imported attachment rule 添付ファイル制限 quarantines an .exe for example.co.jp and the trace names it', async () => {
    const rule = rules.find((r) => r.name === '添付ファイル制限')!;
    // Imported with a WARNING (msi is no CEGP true file type) but enabled, with its *.exe names and Quarantine.
    expect(rule).toMatchObject({ enabled: true, migrationStatus: 'NEEDS_CONFIRMATION', intercept: { action: 'QUARANTINE' } });
    expect(rule.criteria.find((c) => c.type === 'ATTACHMENT_NAME')?.values).toContain('*.exe');

    const o = await e.outcome(await e.send(mailWith('ツール', [file('setup.exe', EXE)]), { from: OUTSIDER, to: [`sales@${JP_DOMAIN}`] }));
    expect(o.message.status).toBe('QUARANTINED');
    expect(o.quarantined).toMatchObject([
      { ruleId: dbId(rule.id), ruleName: '添付ファイル制限', reason: 'Attachment', recipients: [`sales@${JP_DOMAIN}`] },
    ]);
    const step = o.step(rule.id);
    expect(step).toMatchObject({ ruleName: '添付ファイル制限', outcome: 'MATCHED', stoppedProcessing: true });
    expect(step.criteria.find((c) => c.type === 'ATTACHMENT_NAME')).toMatchObject({
      matched: true,
      evidence: [{ code: 'ATTACHMENT_NAME_MATCHED' }],
    });
    expect(o.verdict.quarantine).toMatchObject({ ruleName: '添付ファイル制限' });
  });

  it('a harmless message gets the imported stamp rule 外部メール注意スタンプ: stamped and tagged [社外] as delivered', async () => {
    const stampRule = rules.find((r) => r.name === '外部メール注意スタンプ')!;
    const o = await e.outcome(
      await e.send(mailWith('お見積り', [file('notes.txt', '見積もりです', 'text/plain')]), { from: OUTSIDER, to: [`sales@${JP_DOMAIN}`] }),
    );
    expect(o.message.status).toBe('DELIVERED');
    expect(o.step(stampRule.id)).toMatchObject({ outcome: 'MATCHED' });
    expect(o.step(rules.find((r) => r.name === '添付ファイル制限')!.id).outcome).toBe('NOT_MATCHED');
    const delivered = o.captured[0]!.parsed;
    expect(delivered.subject).toBe('[社外] お見積り');
    // The stamp object imported from policy/objects.xml (Shift_JIS), at the beginning of the body.
    expect(delivered.text!.trimStart().startsWith('社外からのメールです。リンクや添付ファイルを開く前に送信者を確認してください。')).toBe(
      true,
    );
    expect(delivered.attachments.map((a) => a.filename)).toEqual(['notes.txt']);
    expect(o.step(stampRule.id).actions.map((a) => [a.type, a.taken])).toEqual([
      ['INSERT_STAMP', true],
      ['TAG_SUBJECT', true],
    ]);
  });
});
