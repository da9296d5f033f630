// What the analysis produces: items for the administrator and an import plan. Object
// references inside planned rules are plan keys; the importer maps them to database ids.
import type { DlpIdentifierKind, KeywordMatch, ListKind, MigrationStatus, SenderAuthKind, StampPosition } from '../db/enums.js';
import type { RuleBody } from '../policies/rule.js';
import type { ItemCategory } from './reports/report.js';

export interface AnalysisItem {
  code: string;
  category: ItemCategory;
  sourcePath: string;
  destination: string;
  message: string;
  messageJa: string;
  fix: string;
  fixJa: string;
}

export type ObjectPlanKind = 'ADDRESS_GROUP' | 'KEYWORD_LIST' | 'NOTIFICATION' | 'STAMP' | 'DLP_TEMPLATE' | 'DLP_IDENTIFIER';

export interface PlannedAddressGroup {
  key: string;
  name: string;
  description: string;
  internal: boolean;
  addresses: string[];
}
export interface PlannedKeywordList {
  key: string;
  name: string;
  description: string;
  match: KeywordMatch;
  threshold: number | null;
  expressions: { expression: string; caseSensitive: boolean; score: number; description: string }[];
}
export interface PlannedNotification {
  key: string;
  name: string;
  fromAddress: string;
  toAddresses: string;
  subject: string;
  body: string;
}
export interface PlannedStamp {
  key: string;
  name: string;
  position: StampPosition;
  text: string;
}
export interface PlannedDlpIdentifier {
  key: string;
  name: string;
  kind: DlpIdentifierKind;
  definition: Record<string, string>;
}
export interface PlannedDlpTemplate {
  key: string;
  name: string;
  identifiers: string[];
}
export interface PlannedListEntry {
  list: ListKind;
  value: string;
  description: string;
}
export interface PlannedSenderAuth {
  kind: SenderAuthKind;
  key: string;
  enabled: boolean;
  settings: Record<string, unknown>;
}

export interface PlannedRule {
  body: RuleBody;
  sourceKey: string;
  status: MigrationStatus;
  /** Rule-level items, kept on the rule so the list can show what to fix. */
  notes: { code: string; category: ItemCategory; message: string; messageJa: string }[];
}

/** The kinds of settings the export carries: OVERWRITE replaces exactly these. */
export type SettingKind = ObjectPlanKind | ListKind | SenderAuthKind;

export interface ImportPlan {
  addressGroups: PlannedAddressGroup[];
  keywordLists: PlannedKeywordList[];
  notifications: PlannedNotification[];
  stamps: PlannedStamp[];
  dlpIdentifiers: PlannedDlpIdentifier[];
  dlpTemplates: PlannedDlpTemplate[];
  listEntries: PlannedListEntry[];
  senderAuth: PlannedSenderAuth[];
  rules: PlannedRule[];
  kindsPresent: SettingKind[];
}

export interface Prerequisite {
  code: 'SOURCE_SUPPORTED' | 'HIDDEN_KEY' | 'DOMAINS_VERIFIED' | 'DIRECTORY_SYNCHRONIZED';
  met: boolean;
  /** The item code when not met (DOMAIN_NOT_VERIFIED, LDAP_NOT_SYNCED). */
  problemCode: string | null;
  message: string;
  messageJa: string;
}

export interface Analysis {
  items: AnalysisItem[];
  plan: ImportPlan;
  prerequisites: Prerequisite[];
}

const RANK: Record<ItemCategory, number> = { SUCCESS: 0, WARNING: 1, ERROR: 2, NOT_SUPPORTED: -1 };

/** ERROR → Needs fix (imported disabled); WARNING → Needs confirmation; else Success. */
export function statusOf(categories: ItemCategory[]): MigrationStatus {
  const worst = Math.max(0, ...categories.map((c) => RANK[c]));
  return worst === 2 ? 'NEEDS_FIX' : worst === 1 ? 'NEEDS_CONFIRMATION' : 'SUCCESS';
}

export function countByCategory(items: { category: ItemCategory }[]): Record<ItemCategory, number> {
  const counts: Record<ItemCategory, number> = { NOT_SUPPORTED: 0, ERROR: 0, WARNING: 0, SUCCESS: 0 };
  for (const i of items) counts[i.category]++;
  return counts;
}
