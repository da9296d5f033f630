// Every code the capabilities can produce is a value of its GraphQL enum (a value outside the
// enum would fail the whole response at run time), and each enum is built from its catalog.
import { readdirSync, readFileSync } from 'node:fs';
import { GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateExport } from '../../scripts/export-generator/generate.js';
import { AUDIT_EVENT_TYPES, AUDIT_TARGET_TYPES } from '../../src/audit/audit-event.js';
import { VERIFICATION_REASON_CODES, verificationReasonsOf } from '../../src/domains/verification-reasons.js';
import { judgeMx, judgeTxt } from '../../src/domains/domain.js';
import { schema } from '../../src/graphql/schema.js';
import { analyzeUpload } from '../../src/migration/analyze-upload.js';
import type { AnalyzerContext } from '../../src/migration/analyzer.js';
import { bundleErrors } from '../../src/migration/bundle.js';
import { migrationErrors } from '../../src/migration/errors.js';
import { MIGRATION_FAILURE_CODES } from '../../src/migration/failure-codes.js';
import { ITEM_TEXT_KEYS, itemText, MIGRATION_ITEM_CODES } from '../../src/migration/item-messages.js';
import { landingPrerequisites, MIGRATION_PREREQUISITE_CODES } from '../../src/migration/prerequisites.js';
import { MIGRATION_STEPS, migrationStepLabel, migrationStepOf } from '../../src/migration/progress-steps.js';

const enumNames = (name: string) => {
  const t = schema.getType(name);
  if (!(t instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum`);
  return t
    .getValues()
    .map((v) => v.name)
    .sort();
};
const enumValues = (name: string) =>
  (schema.getType(name) as GraphQLEnumType)
    .getValues()
    .map((v) => v.value as string)
    .sort();

const CONTEXT: AnalyzerContext = {
  managedDomains: [
    { name: 'example.co.jp', verified: true },
    { name: 'example.jp', verified: false },
  ],
  directoryGroupDns: [],
  directorySynchronized: false,
  imssMinBuild: 1361,
  imsvaMinBuild: 2011,
};

describe('MigrationItemCode', () => {
  it('is the catalog: every text of item-messages.ts gives a code of the enum, and each code has a text', () => {
    expect(enumNames('MigrationItemCode')).toEqual([...MIGRATION_ITEM_CODES].sort());
    const produced = new Set(ITEM_TEXT_KEYS.map((k) => itemText(k, {}).code));
    expect([...produced].sort()).toEqual([...MIGRATION_ITEM_CODES].sort());
  });

  it('holds every code, note and problem code the analysis gives for exports with every case (IMSVA and IMSS, LDAP, unverified domain)', async () => {
    const codes = new Set(MIGRATION_ITEM_CODES);
    const seen = new Set<string>();
    for (const product of ['IMSVA', 'IMSS'] as const) {
      for (const ctx of [CONTEXT, { ...CONTEXT, managedDomains: [] }]) {
        const bytes = generateExport({ product, cases: 'all', ldap: true, rules: 30, seed: 5 });
        const { analysis } = await analyzeUpload('export.dat', bytes, ctx);
        for (const i of analysis.items) seen.add(i.code);
        for (const r of analysis.plan.rules) for (const n of r.notes) seen.add(n.code);
        for (const p of analysis.prerequisites) {
          expect(MIGRATION_PREREQUISITE_CODES).toContain(p.code);
          if (p.problemCode !== null) seen.add(p.problemCode);
        }
        expect(analysis.prerequisites.some((p) => p.problemCode === 'LDAP_NOT_SYNCED')).toBe(true);
        expect(analysis.prerequisites.some((p) => p.problemCode === 'DOMAIN_NOT_VERIFIED')).toBe(true);
      }
    }
    expect([...seen].filter((c) => !codes.has(c))).toEqual([]);
    // The generated cases reach most of the catalog: the check above is not vacuous.
    expect(seen.size).toBeGreaterThan(30);
  });
});

describe('MigrationFailureCode', () => {
  it('holds every code of the export refusals and of the migration errors', () => {
    const all = [...Object.keys(bundleErrors.templates), ...Object.keys(migrationErrors.templates)].sort();
    expect(enumNames('MigrationFailureCode')).toEqual(all);
    expect([...MIGRATION_FAILURE_CODES].sort()).toEqual(all);
  });
});

describe('MigrationPrerequisiteCode', () => {
  it('is the list of prerequisites, and the landing page states each in English and Japanese', () => {
    expect(enumNames('MigrationPrerequisiteCode')).toEqual([...MIGRATION_PREREQUISITE_CODES].sort());
    const state = {
      imssMinBuild: 1361,
      imsvaMinBuild: 2011,
      domains: [
        { name: 'a.example', verified: true },
        { name: 'b.example', verified: false },
      ],
      directorySyncedAt: null,
      directoryGroupCount: 0,
    };
    for (const locale of ['en', 'ja'] as const) {
      const list = landingPrerequisites(state, locale);
      expect(list.map((p) => [p.code, p.met])).toEqual([
        ['SOURCE_SUPPORTED', null],
        ['HIDDEN_KEY', null],
        ['DOMAINS_VERIFIED', false],
        ['DIRECTORY_SYNCHRONIZED', false],
      ]);
      expect(list[0]!.message).toContain('2011');
      expect(list[2]!.message).toContain('b.example');
      for (const p of list) expect(p.message).not.toMatch(/\{\w+\}/);
    }
    expect(landingPrerequisites(state, 'ja')[2]!.message).toBe('未確認のドメイン: b.example');
    const none = landingPrerequisites(
      { ...state, domains: [], directorySyncedAt: new Date('2026-11-21T09:00:00Z'), directoryGroupCount: 3 },
      'en',
    );
    expect(none[2]).toMatchObject({ met: false, message: 'No domain yet: add and verify every domain you protect.' });
    expect(none[3]).toMatchObject({ met: true, message: 'Directory synchronised (3 groups, 2026-11-21T09:00:00.000Z).' });
  });
});

describe('MigrationStep', () => {
  it('is the list of steps, each labelled in English and Japanese', () => {
    expect(enumNames('MigrationStep')).toEqual([...MIGRATION_STEPS].sort());
    for (const s of MIGRATION_STEPS) for (const l of ['en', 'ja'] as const) expect(migrationStepLabel(s, l).length).toBeGreaterThan(0);
  });

  it('names every step string the use-cases emit (grep of src/migration), and FAILED for any failure code', () => {
    const dir = new URL('../../src/migration/', import.meta.url);
    const emitted = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      for (const m of text.matchAll(/progress\(\d+, '([^']+)'/g)) emitted.add(m[1]!);
      for (const m of text.matchAll(/'migration\.progress', \{[^}]*step: '([^']+)'/g)) emitted.add(m[1]!);
    }
    expect(emitted.size).toBeGreaterThanOrEqual(9);
    for (const step of emitted) expect(MIGRATION_STEPS, step).toContain(migrationStepOf({ state: 'ANALYZING', step }));
    expect(migrationStepOf({ state: 'FAILED', step: 'BUNDLE_INVALID' })).toBe('FAILED');
    expect(() => migrationStepOf({ state: 'ANALYZING', step: 'no such step' })).toThrow(/no entry/);
  });
});

describe('AuditTargetType and AuditEventType', () => {
  it('are the audit catalog: upper snake case names, the stored values behind them', () => {
    expect(enumValues('AuditTargetType')).toEqual(Object.keys(AUDIT_TARGET_TYPES).sort());
    expect(enumNames('AuditTargetType')).toEqual(
      expect.arrayContaining(['POLICY_RULE', 'DNS_RECORD', 'MIGRATION_RUN', 'ADDRESS_GROUP', 'APPROVED_IP', 'DIRECTORY']),
    );
    for (const name of enumNames('AuditTargetType')) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(enumNames('AuditEventType')).toEqual([...AUDIT_EVENT_TYPES].sort());
  });
});

describe('DomainVerificationReasonCode', () => {
  it('gives a code of the enum, and a message in each language, for every result of either look-up', () => {
    expect(enumNames('DomainVerificationReasonCode')).toEqual([...VERIFICATION_REASON_CODES].sort());
    const txt = [
      judgeTxt({ kind: 'nxdomain' }, 'abc'),
      judgeTxt({ kind: 'answer', records: [['v=spf1 -all']] }, 'abc'),
      judgeTxt({ kind: 'answer', records: [['tmes=other']] }, 'abc'),
      judgeTxt({ kind: 'error', code: 'ETIMEOUT' }, 'abc'),
    ];
    const mx = [
      judgeMx({ kind: 'nodata' }, 'cid.in.example'),
      judgeMx({ kind: 'answer', records: [{ exchange: 'mail.a.example', priority: 10 }] }, 'cid.in.example'),
      judgeMx({ kind: 'error', code: 'ESERVFAIL' }, 'cid.in.example'),
    ];
    const codes = new Set<string>();
    for (const t of txt) {
      for (const m of mx) {
        const reasons = verificationReasonsOf('a.example', '127.0.0.1:5353', [t, m]);
        expect(reasons.map((r) => r.method)).toEqual(['TXT', 'MX']);
        for (const r of reasons) {
          codes.add(r.code);
          expect(VERIFICATION_REASON_CODES).toContain(r.code);
          expect(r.message).toContain('a.example');
          expect(r.messageJa).toContain('a.example');
          expect(`${r.message}${r.messageJa}`).not.toMatch(/\{\w+\}/);
        }
      }
    }
    expect([...codes].sort()).toEqual([...VERIFICATION_REASON_CODES].sort());
    expect(verificationReasonsOf('a.example', 'r', [judgeTxt({ kind: 'answer', records: [['tmes=abc']] }, 'abc')])).toEqual([]);
    const [mismatch] = verificationReasonsOf('a.example', 'r', [judgeTxt({ kind: 'answer', records: [['tmes=other']] }, 'abc')]);
    expect(mismatch).toMatchObject({ code: 'VERIFICATION_TXT_MISMATCH', expected: 'tmes=abc', found: ['tmes=other'] });
    expect(mismatch!.message).toContain('expected "tmes=abc", found "tmes=other"');
  });
});
