// Every case of the spec table (docs/export-format.md §10) produces its code and
// category, and the planned rules get the documented states: ERROR → disabled, Needs fix;
// WARNING → Needs confirmation. Exports come from the generator (cases: 'all').
import { describe, expect, it } from 'vitest';
import { generateExport, generatedCasesFor, OPTION_CASES } from '../../scripts/export-generator/generate.js';
import { analyzeUpload } from '../../src/migration/analyze-upload.js';
import type { AnalyzerContext } from '../../src/migration/analyzer.js';
import type { AnalysisItem } from '../../src/migration/plan.js';

const DOMAINS = ['example.co.jp', 'example.jp'];
const CONTEXT: AnalyzerContext = {
  managedDomains: DOMAINS.map((name) => ({ name, verified: true })),
  directoryGroupDns: [],
  directorySynchronized: true,
  imssMinBuild: 1361,
  imsvaMinBuild: 2011,
};

/** The category each code must carry (a code whose category depends on the case lists both). */
const EXPECTED: Record<string, string[]> = {
  RULE_POP3: ['NOT_SUPPORTED'],
  RULE_SPLIT_DIRECTION: ['WARNING'],
  RULE_SPLIT_TYPE: ['WARNING'],
  MATCH_ALL_UNSUPPORTED: ['ERROR'],
  CONDITION_UNSUPPORTED: ['NOT_SUPPORTED'],
  CRITERION_ANY_ONLY: ['ERROR'],
  TRUE_FILE_TYPE_UNSUPPORTED: ['WARNING', 'ERROR'],
  LDAP_USER_STATIC: ['WARNING'],
  LDAP_GROUP_UNSYNCED: ['ERROR'],
  GROUP_INTERNAL_COPY: ['WARNING'],
  GROUP_WILDCARD_INTERNAL: ['WARNING'],
  ACTION_TARGET_UNMANAGED: ['ERROR'],
  BCC_WITH_TERMINAL: ['ERROR'],
  ACTION_UNSUPPORTED: ['NOT_SUPPORTED'],
  ENCRYPT_INBOUND: ['ERROR'],
  XHEADER_RESERVED: ['ERROR'],
  EXPRESSION_INVALID: ['ERROR'],
  NOTIFICATION_VARIABLE_UNSUPPORTED: ['WARNING'],
  REFERENCE_MISSING: ['ERROR'],
  DLP_PREDEFINED: ['NOT_SUPPORTED'],
  DLP_CUSTOM: ['SUCCESS'],
  IP_LIST_NOT_APPLIED: ['NOT_SUPPORTED'],
  IP_PRIVATE: ['NOT_SUPPORTED'],
  IP_FROM_DOMAIN: ['NOT_SUPPORTED'],
  IP_LIST_DISABLED: ['NOT_SUPPORTED'],
  IP_BLOCK_TEMPORARY: ['NOT_SUPPORTED'],
  SENDER_MATCHING_CHANGED: ['WARNING'],
  DKIM_EXEMPT_UNSUPPORTED: ['WARNING'],
  DMARC_IMSS: ['NOT_SUPPORTED'],
  AREA_NOT_MIGRATED: ['NOT_SUPPORTED'],
  OK: ['SUCCESS'],
};

async function analyse(product: 'IMSVA' | 'IMSS', extra: Record<string, unknown> = {}, ctx: Partial<AnalyzerContext> = {}) {
  const bytes = generateExport({ seed: 7, product, cases: 'all', domains: DOMAINS, rules: 10, ...extra });
  return (await analyzeUpload('Config_Files_20240522_153925.dat', bytes, { ...CONTEXT, ...ctx })).analysis;
}

describe.each(['IMSVA', 'IMSS'] as const)('spec table cases in an %s export', (product) => {
  it.each(generatedCasesFor(product).map((code) => ({ code })))('$code has its code and category', async ({ code }) => {
    const { items } = await analyse(product);
    const found = items.filter((i) => i.code === code);
    expect(found.length, `no item with code ${code}`).toBeGreaterThan(0);
    expect(
      found.some((i) => EXPECTED[code]!.includes(i.category)),
      `${code}: ${found.map((i) => i.category).join(',')}`,
    ).toBe(true);
    for (const i of found) {
      expect(i.message.length).toBeGreaterThan(10);
      expect(i.messageJa.length).toBeGreaterThan(5);
    }
  });

  it('plans every rule with the state its items call for', async () => {
    const { plan } = await analyse(product);
    for (const r of plan.rules) {
      const categories = r.notes.map((n) => n.category);
      if (categories.includes('ERROR')) expect(r, r.body.name).toMatchObject({ status: 'NEEDS_FIX', body: { enabled: false } });
      else if (categories.includes('WARNING')) expect(r.status, r.body.name).toBe('NEEDS_CONFIRMATION');
      else expect(r.status, r.body.name).toBe('SUCCESS');
    }
    const pop3 = plan.rules.filter((r) => r.body.name.startsWith('[RULE_POP3]'));
    expect(pop3).toEqual([]);
    const both = plan.rules.filter((r) => r.body.name.startsWith('[RULE_SPLIT_DIRECTION]'));
    expect(both.map((r) => r.body.direction).sort()).toEqual(['INBOUND', 'OUTBOUND']);
  });
});

describe('options and prerequisites', () => {
  it('refuses an export without the hidden key', async () => {
    await expect(analyse('IMSVA', OPTION_CASES.HIDDEN_KEY_MISSING)).rejects.toMatchObject({ code: 'HIDDEN_KEY_MISSING' });
  });

  it('refuses a build below the minimum, and honours a configured IMSS minimum', async () => {
    await expect(analyse('IMSVA', OPTION_CASES.SOURCE_VERSION_UNSUPPORTED)).rejects.toMatchObject({ code: 'SOURCE_VERSION_UNSUPPORTED' });
    await expect(analyse('IMSS', { build: '1357' })).rejects.toMatchObject({ code: 'SOURCE_VERSION_UNSUPPORTED' });
    const ok = await analyse('IMSS', { build: '1357' }, { imssMinBuild: 1357 });
    expect(ok.prerequisites.find((p) => p.code === 'SOURCE_SUPPORTED')?.met).toBe(true);
  });

  it('flags LDAP without a synchronised directory as an ERROR prerequisite, import still allowed', async () => {
    const a = await analyse('IMSVA', OPTION_CASES.LDAP_NOT_SYNCED, { directorySynchronized: false });
    expect(a.prerequisites.find((p) => p.code === 'DIRECTORY_SYNCHRONIZED')).toMatchObject({ met: false, problemCode: 'LDAP_NOT_SYNCED' });
    expect(a.items.find((i) => i.code === 'LDAP_NOT_SYNCED')?.category).toBe('ERROR');
    expect(a.plan.rules.length).toBeGreaterThan(0);
  });

  it('flags unverified managed domains, and the rules that protect them are ERROR', async () => {
    const a = await analyse(
      'IMSVA',
      {},
      {
        managedDomains: [
          { name: 'example.co.jp', verified: true },
          { name: 'example.jp', verified: false },
        ],
      },
    );
    expect(a.prerequisites.find((p) => p.code === 'DOMAINS_VERIFIED')).toMatchObject({ met: false, problemCode: 'DOMAIN_NOT_VERIFIED' });
    const ruleItems = a.items.filter((i: AnalysisItem) => i.code === 'DOMAIN_NOT_VERIFIED' && i.sourcePath.includes('#rule['));
    expect(ruleItems.length).toBeGreaterThan(0);
    expect(ruleItems.every((i) => i.category === 'ERROR' && i.message.includes('example.jp'))).toBe(true);
  });

  it('says plainly when no domain is registered at all', async () => {
    const a = await analyse('IMSVA', {}, { managedDomains: [] });
    expect(a.prerequisites.find((p) => p.code === 'DOMAINS_VERIFIED')).toMatchObject({ met: false, problemCode: 'DOMAIN_NOT_VERIFIED' });
    expect(a.items[0]).toMatchObject({ code: 'DOMAIN_NOT_VERIFIED', category: 'ERROR' });
  });

  it('an LDAP group that the directory sync imported is SUCCESS', async () => {
    const plain = await analyse('IMSVA');
    const unsynced = plain.items.find((i) => i.code === 'LDAP_GROUP_UNSYNCED')!;
    const dn = /LDAP group (\S+)/.exec(unsynced.message)![1]!;
    const synced = await analyse('IMSVA', {}, { directoryGroupDns: [dn] });
    expect(synced.items.filter((i) => i.code === 'LDAP_GROUP_UNSYNCED').every((i) => i.category === 'SUCCESS')).toBe(true);
  });

  it('analysis is deterministic: the same export gives the same items', async () => {
    const a = await analyse('IMSVA');
    const b = await analyse('IMSVA');
    expect(b.items).toEqual(a.items);
  });
});
