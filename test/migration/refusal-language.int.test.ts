// A refused upload says why in the reader's language: the detail inside BUNDLE_INVALID,
// BUNDLE_TRUNCATED and BUNDLE_XML_MALFORMED (which libraries give in English) is Japanese for
// a Japanese browser, in the user error and in the failed run, and an analysis overtaken by
// a change of its run's state says so (MIGRATION_ANALYSIS_SUPERSEDED).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AnalysisPool } from '../../src/migration/analysis-pool.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureExport, fixtureMembers } from '../support/export-fixtures.js';
import { latinWords } from '../support/latin-words.js';
import { upload } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { zipMembers } from '../support/zip.js';

const JA = { 'accept-language': 'ja' };
const RULES = 'policy/rules.xml';

const members = () => fixtureMembers('imsva-ja-basic');
const withMember = (path: string, content: string | Uint8Array) => zipMembers({ ...members(), [path]: content });
const without = (path: string) => {
  const m: Record<string, string | Uint8Array> = { ...members() };
  delete m[path];
  return zipMembers(m);
};

/** The export with the deflated bytes of policy/rules.xml overwritten in its middle. */
function damagedMember(): Uint8Array {
  const zip = zipMembers({ ...members(), [RULES]: `<policyList>${'<rule id="r" name="x"/>'.repeat(400)}</policyList>` }, { level: 9 });
  const name = new TextEncoder().encode(RULES);
  // The first occurrence of the name is the local header's (APPNOTE 4.3.7); data follows it.
  const at = Buffer.from(zip).indexOf(Buffer.from(name));
  const view = new DataView(zip.buffer, zip.byteOffset);
  const headerStart = at - 30;
  const compressed = view.getUint32(headerStart + 18, true);
  const dataStart = at + name.length + view.getUint16(headerStart + 28, true);
  const out = zip.slice();
  for (let i = Math.floor(compressed / 3); i < Math.floor(compressed / 3) + 16; i++) out[dataStart + i] = 0xff;
  return out;
}

const CASES: [string, () => Uint8Array, string][] = [
  ['not a ZIP', () => new TextEncoder().encode('this is not a zip file at all'), 'BUNDLE_INVALID'],
  ['a truncated ZIP', () => fixtureExport('imsva-ja-basic').slice(0, 900), 'BUNDLE_TRUNCATED'],
  ['damaged compressed data', damagedMember, 'BUNDLE_TRUNCATED'],
  ['no manifest.xml', () => without('manifest.xml'), 'BUNDLE_INVALID'],
  ['no imss.ini', () => without('imss.ini'), 'BUNDLE_INVALID'],
  ['a control character in imss.ini', () => withMember('imss.ini', '[imp_exp]\nenable_ems_migrate=1\nnote=a\u0001b\n'), 'BUNDLE_INVALID'],
  [
    'an unclosed element',
    () => withMember(RULES, '<?xml version="1.0"?>\n<policyList>\n<rule id="r1">\n</policyList>'),
    'BUNDLE_XML_MALFORMED',
  ],
  ['text outside the root', () => withMember(RULES, '<policyList/>\ntrailing'), 'BUNDLE_XML_MALFORMED'],
  ['an attribute without a value', () => withMember(RULES, '<policyList>\n<rule name></rule>\n</policyList>'), 'BUNDLE_XML_MALFORMED'],
  ['an undeclared entity', () => withMember(RULES, '<policyList>\n<rule name="a&nbsp;b"/>\n</policyList>'), 'BUNDLE_XML_MALFORMED'],
  ['a control character in XML', () => withMember(RULES, '<policyList>\n<rule name="a\u0002b"/>\n</policyList>'), 'BUNDLE_XML_MALFORMED'],
  [
    'a manifest naming no product',
    () => withMember('manifest.xml', '<?xml version="1.0"?><export product="" version="9.1" build="2011" language="ja"/>'),
    'SOURCE_VERSION_UNSUPPORTED',
  ],
];

describeEachDatabase('refusals in the reader language', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it.each(CASES.map(([label, make, code]) => ({ label, make, code })))(
    '$label: $code without English in Japanese',
    async ({ make, code }) => {
      const bytes = make();
      const ja = await upload(t, bytes, 'x.dat', undefined, JA);
      const [error] = ja.payload.userErrors;
      expect(error.code).toBe(code);
      expect(latinWords(error.message), error.message).toEqual([]);
      // The failed run keeps the same reason, read in Japanese too.
      expect(ja.payload.run).toMatchObject({ state: 'FAILED', failure: { code, message: error.message } });

      const en = await upload(t, bytes, 'x.dat');
      expect(en.payload.userErrors[0].code).toBe(code);
      expect(en.payload.userErrors[0].message).not.toBe(error.message);
      expect(en.payload.userErrors[0].message).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    },
  );

  it('an analysis whose run was failed meanwhile is refused as superseded, in both languages', async () => {
    const pool = t.app.migration.analysis;
    const analyze = pool.analyze;
    const db = t.app.database.client;
    // What recovery in another instance does to a run it believes dead, while this one analyses.
    const failAnalyzing = async () => {
      await db.migrationRun.updateMany({
        where: { state: 'ANALYZING' },
        data: { state: 'FAILED', failureCode: 'MIGRATION_INTERRUPTED', finishedAt: new Date() },
      });
    };
    pool.analyze = (async (...args: Parameters<AnalysisPool['analyze']>) => {
      await failAnalyzing();
      return analyze(...args);
    }) as AnalysisPool['analyze'];
    try {
      const ja = await upload(t, fixtureExport('imsva-ja-basic'), 'x.dat', undefined, JA);
      const en = await upload(t, fixtureExport('imsva-ja-basic'), 'x.dat');
      expect(ja.payload.userErrors).toMatchObject([{ code: 'MIGRATION_ANALYSIS_SUPERSEDED' }]);
      expect(ja.payload.userErrors[0].message).toContain('解析中に停止');
      expect(latinWords(ja.payload.userErrors[0].message)).toEqual([]);
      expect(en.payload.userErrors[0].message).toContain('was stopped while it was being analysed (it is now FAILED)');
      expect(en.payload.userErrors[0].message).not.toContain('only an analysed run');
      // The run stays as the other side left it, and nothing of the analysis was stored.
      expect(ja.payload.run).toMatchObject({ state: 'FAILED', failure: { code: 'MIGRATION_INTERRUPTED' } });
      const overtaken = await db.migrationRun.findMany({ where: { failureCode: 'MIGRATION_INTERRUPTED' }, select: { id: true } });
      expect(overtaken).toHaveLength(2);
      expect(await db.migrationItem.count({ where: { runId: { in: overtaken.map((r) => r.id) } } })).toBe(0);
    } finally {
      pool.analyze = analyze;
    }
  });
});
