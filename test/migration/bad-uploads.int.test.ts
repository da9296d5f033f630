// Each bad upload of the issue is refused with its own code and a sentence; nothing is
// imported and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureExport, fixtureMembers } from '../support/export-fixtures.js';
import { ruleState, upload } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { zipMembers } from '../support/zip.js';

const base = () => fixtureMembers('imsva-ja-basic');
const withMember = (path: string, content: string | Uint8Array, drop: string[] = []) => {
  const m: Record<string, string | Uint8Array> = { ...base() };
  for (const d of drop) delete m[d];
  m[path] = content;
  return zipMembers(m);
};
const valid = () => fixtureExport('imsva-ja-basic');

describe('bad uploads', () => {
  let t: TestApp;
  let before: string[];
  beforeAll(async () => {
    t = await startTestApp('sqlite', { MIGRATION_MAX_UPLOAD_MB: '2' });
    before = await ruleState(t);
  });
  afterAll(async () => t?.close());

  const cases: [string, () => Uint8Array, string, string?][] = [
    ['not a ZIP', () => new TextEncoder().encode('this is not a zip file at all'), 'BUNDLE_INVALID', 'not a ZIP'],
    ['a truncated ZIP', () => valid().slice(0, Math.floor(valid().length / 2)), 'BUNDLE_TRUNCATED'],
    ['an entry with ..', () => withMember('../../etc/passwd', 'x'), 'BUNDLE_UNSAFE_PATH'],
    ['an absolute path', () => withMember('/etc/cron.d/evil', 'x'), 'BUNDLE_UNSAFE_PATH'],
    [
      'more than 1,000 entries',
      () => zipMembers({ ...base(), ...Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`junk/${i}.txt`, 'x'])) }),
      'BUNDLE_TOO_MANY_ENTRIES',
    ],
    ['a compression bomb', () => withMember('policy/other.xml', new Uint8Array(8 * 1024 * 1024)), 'BUNDLE_COMPRESSION_RATIO'],
    [
      'XML with a DTD',
      () => withMember('policy/rules.xml', '<?xml version="1.0"?><!DOCTYPE policyList [<!ELEMENT policyList ANY>]><policyList/>'),
      'BUNDLE_XML_DTD',
    ],
    [
      'XML with an external entity',
      () =>
        withMember(
          'policy/rules.xml',
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><policyList>&xxe;</policyList>',
        ),
      'BUNDLE_XML_DTD',
    ],
    ['malformed XML', () => withMember('policy/rules.xml', '<?xml version="1.0"?><policyList><rule></policyList>'), 'BUNDLE_XML_MALFORMED'],
    [
      'a wrong encoding declaration',
      () =>
        withMember(
          'policy/rules.xml',
          new Uint8Array([
            ...new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><policyList><rule name="'),
            0x8b,
            0x40,
            0x96,
            0xa7,
            ...new TextEncoder().encode('"/></policyList>'),
          ]),
        ),
      'BUNDLE_ENCODING_INVALID',
    ],
    [
      'an unknown element',
      () => withMember('policy/rules.xml', '<?xml version="1.0"?><policyList><teleport/></policyList>'),
      'BUNDLE_UNKNOWN_ELEMENT',
    ],
    ['no manifest', () => withMember('notes.txt', 'x', ['manifest.xml']), 'BUNDLE_INVALID', 'manifest.xml'],
    ['no imss.ini', () => withMember('notes.txt', 'x', ['imss.ini']), 'BUNDLE_INVALID', 'imss.ini'],
    ['no hidden key', () => fixtureExport('imsva-no-hidden-key'), 'HIDDEN_KEY_MISSING'],
    [
      'a build too old',
      () => withMember('manifest.xml', '<?xml version="1.0"?><export product="IMSVA" version="9.1" build="1999" language="ja"/>'),
      'SOURCE_VERSION_UNSUPPORTED',
    ],
    [
      'another version',
      () => withMember('manifest.xml', '<?xml version="1.0"?><export product="IMSVA" version="9.0" build="2011" language="ja"/>'),
      'SOURCE_VERSION_UNSUPPORTED',
    ],
  ];

  it.each(cases.map(([label, make, code, detail]) => ({ label, make, code, detail })))('$label → $code', async ({ make, code, detail }) => {
    const r = await upload(t, make());
    expect(r.status).toBe(200);
    expect(r.payload.userErrors).toHaveLength(1);
    expect(r.payload.userErrors[0]).toMatchObject({ code, field: 'file' });
    if (detail) expect(r.payload.userErrors[0].message).toContain(detail);
    expect(r.payload.run).toMatchObject({ state: 'FAILED', failure: { code } });
    expect(JSON.stringify(r)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('gives the reason in Japanese to a Japanese browser', async () => {
    const r = await upload(t, fixtureExport('imsva-no-hidden-key'), 'x.dat', undefined, { 'accept-language': 'ja' });
    expect(r.payload.userErrors[0].message).toContain('隠しキー');
  });

  it('refuses an upload over MIGRATION_MAX_UPLOAD_MB before reading it (413)', async () => {
    const r = await upload(
      t,
      new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 7919) & 0xff),
    );
    expect(r.status).toBe(413);
    expect(r.errors[0].extensions.code).toBe('BUNDLE_TOO_LARGE');
  });

  it('imported nothing, and still serves', async () => {
    expect(await ruleState(t)).toEqual(before);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ok = await upload(t, valid());
    expect(ok.payload.run.state).toBe('ANALYZED');
  });
});
