// The texts a migration shows, checked the way test/platform/catalog.test.ts checks the error
// catalogs: the details of refused uploads, the terms analyzers pass, the prerequisites
// (landing page and analysis, one source), and every item of a real analysis in Japanese.
import { describe, expect, it } from 'vitest';
import { generateExport } from '../../scripts/export-generator/generate.js';
import { analyzeUpload } from '../../src/migration/analyze-upload.js';
import type { AnalyzerContext } from '../../src/migration/analyzer.js';
import { BUNDLE_DETAILS, bundleErrors } from '../../src/migration/bundle.js';
import { readBundle } from '../../src/migration/bundle-reader.js';
import { ITEM_TERMS } from '../../src/migration/item-messages.js';
import { analysisPrerequisites, PREREQUISITE_TEXTS, type AnalysisFacts } from '../../src/migration/prerequisites.js';
import { ExpectedError, type LocalizedText, type MessageTemplate } from '../../src/platform/errors.js';
import { TRUE_FILE_TYPES } from '../../src/policies/true-file-types.js';
import { latinWords } from '../support/latin-words.js';
import { zipMembers } from '../support/zip.js';

const ENTRIES: [string, MessageTemplate][] = [
  ...Object.entries(BUNDLE_DETAILS).map(([k, t]): [string, MessageTemplate] => [`bundle detail ${k}`, t]),
  ...Object.entries(ITEM_TERMS).map(([k, t]): [string, MessageTemplate] => [`item term ${k}`, t]),
  ...Object.entries(PREREQUISITE_TEXTS).map(([k, t]): [string, MessageTemplate] => [`prerequisite ${k}`, t]),
];

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe('migration texts', () => {
  it.each(ENTRIES)('%s is in both languages, with the same parameters and no English in Japanese', (key, t) => {
    expect(t.en.trim()).not.toBe('');
    expect(t.ja.trim()).not.toBe('');
    // XML_SYNTAX's English is never shown (saxes's own words are), so only its Japanese counts.
    if (key !== 'bundle detail XML_SYNTAX') expect(placeholders(t.ja)).toEqual(placeholders(t.en));
    expect(latinWords(t.ja)).toEqual([]);
  });
});

const MANIFEST = '<?xml version="1.0" encoding="UTF-8"?>\n<export product="IMSVA" version="9.1" build="2011" iniCharset="UTF-8"/>';
const BASE = { 'manifest.xml': MANIFEST, 'imss.ini': '[imp_exp]\nenable_ems_migrate=1\n' };

async function refusal(members: Record<string, string | Uint8Array>): Promise<ExpectedError> {
  const err = await readBundle({ fileName: 'x.dat', bytes: zipMembers({ ...BASE, ...members }) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ExpectedError);
  return err as ExpectedError;
}

describe('XML syntax errors', () => {
  it.each([
    ['<policyList>\n<rule id="r1">\n</policyList>', '3 行目: 終了タグが対応する開始タグと一致しません'],
    ['<policyList>\n<rule>', '2 行目: 要素 <rule> が閉じられていません'],
    ['<policyList/>\n<policyList/>', '2 行目: ルート要素が 2 つ以上あります'],
    ['<policyList>\n<rule id="a" id="b"/>\n</policyList>', '2 行目: 属性 id が重複しています'],
    ['<policyList>\n<rule id=a/>\n</policyList>', '2 行目: 属性値が引用符で囲まれていません'],
    ['<policyList>\n\n<rule name></rule></policyList>', '3 行目: 値のない属性があります'],
  ])('%j is told in Japanese', async (xml, ja) => {
    const err = await refusal({ 'policy/rules.xml': xml });
    expect(err.code).toBe('BUNDLE_XML_MALFORMED');
    expect(err.messageIn('ja')).toContain(ja);
  });

  it('keeps the words of a complaint it has no sentence for in the English only', async () => {
    const err = await refusal({ 'policy/rules.xml': '<policyList>\n<rule/ >\n</policyList>' });
    const detail = err.params.detail as LocalizedText;
    expect(detail.en).toMatch(/^line 2: .*forward-slash/);
    expect(detail.ja).toBe('2 行目: XML の構文に誤りがあります');
  });

  it('refusal details are LocalizedText, so every BUNDLE_* Japanese message is free of English', async () => {
    const err = await refusal({ 'policy/rules.xml': '<policyList>\n<rule name="a&bogus;"/>\n</policyList>' });
    expect(latinWords(err.messageIn('ja'))).toEqual([]);
    expect(Object.keys(bundleErrors.templates)).toContain(err.code);
  });
});

const DOMAINS = ['example.co.jp', 'example.jp'];
const CONTEXT: AnalyzerContext = {
  managedDomains: DOMAINS.map((name) => ({ name, verified: true })),
  directoryGroupDns: [],
  directorySynchronized: false,
  imssMinBuild: 1361,
  imsvaMinBuild: 2011,
};

/**
 * English left in a Japanese item text once the values it quotes are taken out: names in
 * 「」 and the true file types (msi, exe), which are the source's own words.
 */
function englishIn(ja: string): string[] {
  return latinWords(
    ja.replace(/「[^」]*」/g, ' '),
    [...TRUE_FILE_TYPES].sort((a, b) => b.length - a.length),
  );
}

describe.each(['IMSVA', 'IMSS'] as const)('items of an %s export with every spec case', (product) => {
  it('say everything in Japanese but the values they quote', async () => {
    const bytes = generateExport({ seed: 7, product, cases: 'all', domains: DOMAINS, rules: 30 });
    const { analysis } = await analyzeUpload('x.dat', bytes, CONTEXT);
    const english = analysis.items
      .flatMap((i) => [i.messageJa, i.fixJa])
      .filter((text) => englishIn(text).length)
      .map((text) => `${text} → ${englishIn(text).join(', ')}`);
    expect([...new Set(english)]).toEqual([]);
    const routeEmpty = analysis.items.find((i) => i.code === 'ROUTE_EMPTY');
    expect(routeEmpty?.messageJa).toMatch(/(送信者|受信者)が残っていないため/);
    if (product === 'IMSVA') expect(analysis.items.find((i) => i.code === 'BCC_WITH_TERMINAL')?.messageJa).toContain('「隔離」');
  });
});

describe('analysis prerequisites', () => {
  const facts = (f: Partial<AnalysisFacts> = {}): AnalysisFacts => ({
    source: { product: 'IMSVA', version: '9.1', build: '2011' },
    managedDomainCount: 2,
    unverifiedDomainsUsed: [],
    ldapEnabled: false,
    directorySynchronized: false,
    ...f,
  });

  it('are the four codes in the wizard order, met with their own sentences', () => {
    const p = analysisPrerequisites(facts());
    expect(p.map((x) => [x.code, x.met, x.problemCode])).toEqual([
      ['SOURCE_SUPPORTED', true, null],
      ['HIDDEN_KEY', true, null],
      ['DOMAINS_VERIFIED', true, null],
      ['DIRECTORY_SYNCHRONIZED', true, null],
    ]);
    expect(p[0]).toMatchObject({ message: 'IMSVA 9.1 build 2011 can be migrated.', messageJa: 'IMSVA 9.1 ビルド 2011 は移行できます。' });
    expect(p[3]!.messageJa).toBe('IMSS/IMSVA は LDAP を使用していません。');
  });

  it('say what the items say when a domain or the directory is missing', () => {
    const unverified = analysisPrerequisites(facts({ unverifiedDomainsUsed: ['example.jp'], ldapEnabled: true }));
    expect(unverified[2]).toMatchObject({ met: false, problemCode: 'DOMAIN_NOT_VERIFIED' });
    expect(unverified[2]!.messageJa).toContain('example.jp');
    expect(unverified[3]).toMatchObject({ met: false, problemCode: 'LDAP_NOT_SYNCED' });
    const none = analysisPrerequisites(facts({ managedDomainCount: 0 }));
    expect(none[2]).toMatchObject({
      met: false,
      problemCode: 'DOMAIN_NOT_VERIFIED',
      messageJa: expect.stringContaining('登録されていません'),
    });
    const synced = analysisPrerequisites(facts({ ldapEnabled: true, directorySynchronized: true }));
    expect(synced[3]).toMatchObject({ met: true, messageJa: 'ディレクトリは同期済みです。' });
  });
});
