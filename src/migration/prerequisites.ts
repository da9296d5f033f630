// The four prerequisites of the migration tool's landing page, before any upload: what the
// administrator must have done, and what CEGP already knows of it. Pure: the caller passes
// the tenant's state (find-landing-prerequisites.ts reads it). After an upload, the run's
// own prerequisites come from the analysis (analyzer.ts), under the same codes.
import { render, type Locale, type MessageTemplate } from '../platform/errors.js';
import { SUPPORTED_VERSION } from './analyzer.js';
import type { Prerequisite } from './plan.js';

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
