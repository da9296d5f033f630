// The four prerequisites of the migration, in one place: on the landing page, before any
// upload, what the administrator must have done and what CEGP already knows of it
// (landingPrerequisites; find-landing-prerequisites.ts reads the tenant's state); after an
// upload, what the analysis found (analysisPrerequisites, called by analyzer.ts), under the
// same codes. Pure: the callers pass the facts.
import { render, renderBoth, type Locale, type MessageParams, type MessageTemplate } from '../platform/errors.js';
import { itemText } from './item-messages.js';
import type { Prerequisite } from './plan.js';

/** The IMSS/IMSVA version the migration supports (the build minimums are settings). */
export const SUPPORTED_VERSION = '9.1';

/** The prerequisite codes, in the wizard's order: the public contract (GraphQL enum MigrationPrerequisiteCode). */
export const MIGRATION_PREREQUISITE_CODES = [
  'SOURCE_SUPPORTED',
  'HIDDEN_KEY',
  'DOMAINS_VERIFIED',
  'DIRECTORY_SYNCHRONIZED',
] as const satisfies readonly Prerequisite['code'][];

export type MigrationPrerequisiteCode = (typeof MIGRATION_PREREQUISITE_CODES)[number];

// The analysis' codes (plan.ts) are these and no others: a new one fails to compile here.
const ANALYSIS_CODES_LISTED: [Exclude<Prerequisite['code'], MigrationPrerequisiteCode>] extends [never] ? true : never = true;
void ANALYSIS_CODES_LISTED;

const TEXTS = {
  SOURCE_SUPPORTED: {
    en: 'An export of IMSS {version} build {imssMin} or later, or IMSVA {version} build {imsvaMin} or later.',
    ja: 'IMSS {version} ビルド {imssMin} 以降、または IMSVA {version} ビルド {imsvaMin} 以降のエクスポートファイルが必要です。',
  },
  HIDDEN_KEY: {
    en: 'Before exporting, insert the hidden key (section imp_exp, name enable_ems_migrate, value 1) into tb_global_setting on IMSS/IMSVA.',
    ja: 'エクスポート前に IMSS/IMSVA の tb_global_setting に隠しキー (section=imp_exp, name=enable_ems_migrate, value=1) を追加してください。',
  },
  DOMAINS_NONE: {
    en: 'No domain yet: add and verify every domain you protect.',
    ja: 'ドメインが登録されていません。保護するすべてのドメインを追加して確認してください。',
  },
  DOMAINS_UNVERIFIED: { en: 'Not verified yet: {domains}', ja: '未確認のドメイン: {domains}' },
  DOMAINS_ALL_VERIFIED: { en: 'All {count} domains are verified.', ja: '{count} 件のドメインがすべて確認済みです。' },
  DIRECTORY_SYNCHRONIZED: {
    en: 'Directory synchronised ({groups} groups, {syncedAt}).',
    ja: 'ディレクトリは同期済みです ({groups} グループ、{syncedAt})。',
  },
  DIRECTORY_NOT_SYNCHRONIZED: {
    en: 'If IMSS/IMSVA used LDAP, synchronise the directory first.',
    ja: 'IMSS/IMSVA で LDAP を使用していた場合は、先にディレクトリを同期してください。',
  },
} as const satisfies Record<string, MessageTemplate>;

/**
 * What the analysis of an upload says of each prerequisite it met, or of no domain at all.
 * The other unmet ones say what their item says (DOMAIN_NOT_VERIFIED, LDAP_NOT_SYNCED in
 * item-messages.ts), so the run's prerequisite and its item never disagree.
 */
const ANALYSIS_TEXTS = {
  SOURCE_SUPPORTED: {
    en: '{product} {version} build {build} can be migrated.',
    ja: '{product} {version} ビルド {build} は移行できます。',
  },
  HIDDEN_KEY: { en: 'The hidden key enable_ems_migrate=1 is present.', ja: '隠しキー enable_ems_migrate=1 が設定されています。' },
  DOMAINS_NONE: {
    en: 'No domain is registered in CEGP: add and verify every domain you protect before importing.',
    ja: 'CEGP にドメインが登録されていません。インポート前に保護するすべてのドメインを追加して確認してください。',
  },
  DOMAINS_VERIFIED: {
    en: 'Every managed domain the rules use is verified.',
    ja: 'ルールで使用される管理対象ドメインはすべて確認済みです。',
  },
  DIRECTORY_SYNCHRONIZED: { en: 'The directory has been synchronised.', ja: 'ディレクトリは同期済みです。' },
  LDAP_NOT_USED: { en: 'IMSS/IMSVA did not use LDAP.', ja: 'IMSS/IMSVA は LDAP を使用していません。' },
} as const satisfies Record<string, MessageTemplate>;

/** Every text of this file, for the catalog checks (both languages, no English in Japanese). */
export const PREREQUISITE_TEXTS: Readonly<Record<string, MessageTemplate>> = Object.fromEntries([
  ...Object.entries(TEXTS).map(([k, t]) => [`landing ${k}`, t]),
  ...Object.entries(ANALYSIS_TEXTS).map(([k, t]) => [`analysis ${k}`, t]),
]);

export interface LandingState {
  imssMinBuild: number;
  imsvaMinBuild: number;
  domains: { name: string; verified: boolean }[];
  directorySyncedAt: Date | null;
  directoryGroupCount: number;
}

export interface LandingPrerequisite {
  code: MigrationPrerequisiteCode;
  /** null: only the upload can tell (the source build, the hidden key). */
  met: boolean | null;
  message: string;
}

export function landingPrerequisites(s: LandingState, locale: Locale): LandingPrerequisite[] {
  const text = (key: keyof typeof TEXTS, params: Record<string, string | number> = {}) => render(TEXTS[key], params, locale);
  const unverified = s.domains.filter((d) => !d.verified).map((d) => d.name);
  return [
    {
      code: 'SOURCE_SUPPORTED',
      met: null,
      message: text('SOURCE_SUPPORTED', { version: SUPPORTED_VERSION, imssMin: s.imssMinBuild, imsvaMin: s.imsvaMinBuild }),
    },
    { code: 'HIDDEN_KEY', met: null, message: text('HIDDEN_KEY') },
    {
      code: 'DOMAINS_VERIFIED',
      met: s.domains.length > 0 && unverified.length === 0,
      message:
        s.domains.length === 0
          ? text('DOMAINS_NONE')
          : unverified.length
            ? text('DOMAINS_UNVERIFIED', { domains: unverified.join(', ') })
            : text('DOMAINS_ALL_VERIFIED', { count: s.domains.length }),
    },
    {
      code: 'DIRECTORY_SYNCHRONIZED',
      met: s.directorySyncedAt !== null,
      message: s.directorySyncedAt
        ? text('DIRECTORY_SYNCHRONIZED', { groups: s.directoryGroupCount, syncedAt: s.directorySyncedAt.toISOString() })
        : text('DIRECTORY_NOT_SYNCHRONIZED'),
    },
  ];
}

/** What the analysis of an upload found; the export itself was accepted (checkSource passed). */
export interface AnalysisFacts {
  source: { product: string; version: string; build: string };
  /** Domains registered in CEGP, verified or not. */
  managedDomainCount: number;
  /** Registered domains the rules use that are not verified yet, in the order found. */
  unverifiedDomainsUsed: string[];
  ldapEnabled: boolean;
  directorySynchronized: boolean;
}

/** The run's prerequisites, in the wizard's order (MIGRATION_PREREQUISITE_CODES). */
export function analysisPrerequisites(f: AnalysisFacts): Prerequisite[] {
  const met = (code: Prerequisite['code'], key: keyof typeof ANALYSIS_TEXTS, params: MessageParams = {}): Prerequisite => {
    const t = renderBoth(ANALYSIS_TEXTS[key], params);
    return { code, met: true, problemCode: null, message: t.en, messageJa: t.ja };
  };
  const unmet = (code: Prerequisite['code'], problemCode: string, text: { message: string; messageJa: string }): Prerequisite => ({
    code,
    met: false,
    problemCode,
    message: text.message,
    messageJa: text.messageJa,
  });
  const domains =
    f.managedDomainCount === 0
      ? unmet('DOMAINS_VERIFIED', 'DOMAIN_NOT_VERIFIED', {
          message: ANALYSIS_TEXTS.DOMAINS_NONE.en,
          messageJa: ANALYSIS_TEXTS.DOMAINS_NONE.ja,
        })
      : f.unverifiedDomainsUsed.length
        ? unmet('DOMAINS_VERIFIED', 'DOMAIN_NOT_VERIFIED', itemText('DOMAIN_NOT_VERIFIED', { domains: f.unverifiedDomainsUsed.join(', ') }))
        : met('DOMAINS_VERIFIED', 'DOMAINS_VERIFIED');
  const directory =
    f.ldapEnabled && !f.directorySynchronized
      ? unmet('DIRECTORY_SYNCHRONIZED', 'LDAP_NOT_SYNCED', itemText('LDAP_NOT_SYNCED', {}))
      : met('DIRECTORY_SYNCHRONIZED', f.ldapEnabled ? 'DIRECTORY_SYNCHRONIZED' : 'LDAP_NOT_USED');
  return [met('SOURCE_SUPPORTED', 'SOURCE_SUPPORTED', f.source), met('HIDDEN_KEY', 'HIDDEN_KEY'), domains, directory];
}
