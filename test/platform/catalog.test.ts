// Every user-facing text lives in a catalog with English and Japanese: both present, the same
// parameters in both, and Japanese without English words (product names, codes, protocol
// names and identifiers excepted). A new entry is checked the moment it is added.
import { describe, expect, it } from 'vitest';
import { accountErrors } from '../../src/accounts/errors.js';
import { httpErrors } from '../../src/app/http-errors.js';
import { dnsErrors } from '../../src/dns/errors.js';
import { domainErrors } from '../../src/domains/errors.js';
import { csrfErrors } from '../../src/graphql/use-csrf-header.js';
import { graphqlErrors } from '../../src/graphql/user-errors.js';
import { bundleErrors } from '../../src/migration/bundle.js';
import { MIGRATION_ACTIONS, migrationErrors } from '../../src/migration/errors.js';
import { reportErrors } from '../../src/migration/reports/errors.js';
import { DESTINATION_NAMES, REPORT_TEXT } from '../../src/migration/reports/report-text.js';
import type { MessageTemplate } from '../../src/platform/errors.js';
import { textErrors } from '../../src/platform/text.js';
import {
  EXPRESSION_PROBLEM_AT,
  EXPRESSION_PROBLEM_TEXTS,
  LIST_KINDS,
  POLICY_OBJECT_KINDS,
  POLICY_TERMS,
  policyErrors,
} from '../../src/policies/errors.js';
import { latinWords } from '../support/latin-words.js';

const CATALOGS: Record<string, Readonly<Record<string, MessageTemplate>>> = {
  accounts: accountErrors.templates,
  dns: dnsErrors.templates,
  domains: domainErrors.templates,
  bundle: bundleErrors.templates,
  migration: migrationErrors.templates,
  migrationActions: MIGRATION_ACTIONS,
  reports: reportErrors.templates,
  policies: policyErrors.templates,
  policyTerms: POLICY_TERMS,
  policyObjectKinds: POLICY_OBJECT_KINDS,
  listKinds: LIST_KINDS,
  expressionProblems: { ...EXPRESSION_PROBLEM_TEXTS, EXPRESSION_PROBLEM_AT },
  http: httpErrors.templates,
  graphql: graphqlErrors.templates,
  csrf: csrfErrors.templates,
  text: textErrors.templates,
};

/** The report's wording, flattened into en/ja pairs by path ("categories.ERROR.meaning"). */
function reportPairs(): Record<string, MessageTemplate> {
  const pairs: Record<string, MessageTemplate> = {};
  const walk = (en: unknown, ja: unknown, path: string) => {
    if (typeof en === 'string') pairs[path] = { en, ja: String(ja) };
    else
      for (const key of Object.keys(en as object))
        walk((en as Record<string, unknown>)[key], (ja as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
  };
  walk(REPORT_TEXT.en, REPORT_TEXT.ja, '');
  for (const [en, ja] of Object.entries(DESTINATION_NAMES)) pairs[`destination ${en}`] = { en: en.split(' > ').at(-1)!, ja };
  return pairs;
}

const ENTRIES: [string, MessageTemplate][] = [
  ...Object.entries(CATALOGS).flatMap(([catalog, templates]) =>
    Object.entries(templates).map(([code, t]): [string, MessageTemplate] => [`${catalog} ${code}`, t]),
  ),
  ...Object.entries(reportPairs()).map(([path, t]): [string, MessageTemplate] => [`report ${path}`, t]),
];

function placeholders(text: string): string[] {
  const names = [...text.replace(/\{\{|\}\}/g, '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

describe('message catalogs', () => {
  it('cover the codes they are meant to', () => {
    expect(ENTRIES.length).toBeGreaterThan(150);
  });

  it.each(ENTRIES)('%s has English and Japanese', (_, t) => {
    expect(t.en.trim()).not.toBe('');
    expect(t.ja.trim()).not.toBe('');
  });

  it.each(ENTRIES)('%s uses the same parameters in both languages', (_, t) => {
    expect(placeholders(t.ja)).toEqual(placeholders(t.en));
  });

  it.each(ENTRIES)('%s has no English words in its Japanese', (_, t) => {
    expect(latinWords(t.ja)).toEqual([]);
  });

  it('the checker finds English words and lets codes and product names through', () => {
    expect(latinWords('ルール {name} の policy を bundle に追加します')).toEqual(['policy', 'bundle']);
    expect(
      latinWords('X-Tenant-Id ヘッダー、MIGRATION_MAX_UPLOAD_MB、downloadUrl、mailhost.{host}、Cloud Email Gateway Protection'),
    ).toEqual([]);
  });
});
