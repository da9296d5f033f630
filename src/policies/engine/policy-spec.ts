// Pure. The policy engine's input: one tenant's rules and the policy objects they name, as
// plain data read at one policy revision (load-policy-spec.ts reads it from the database).
// Structured-clone safe (no Map, no class, no function): it is posted to worker threads,
// which compile it once (compile-policy.ts) and evaluate every message against that.
// Fields follow the Prisma models of prisma/schema.prisma (PolicyRule, KeywordList, Stamp,
// PolicyNotification, DlpTemplate, DlpIdentifier, AddressGroup, DirectoryGroup, Domain).
import type { DlpIdentifierKind, KeywordMatch, ProtectionTier, StampPosition } from '../../db/enums.js';
import type { ManagedDomain } from '../../domains/addresses.js';
import type { RuleBody } from '../rule.js';

export interface SpecRule {
  id: string;
  /** PolicyRule.order: evaluation order within (direction, type), 1-based. */
  order: number;
  /** The decoded rule (rule-codec.ts); `body.enabled` false: kept for the trace, never applied. */
  body: RuleBody;
}

/** KeywordList; `expressions` as stored ([{ expression, caseSensitive, score, description }]). */
export interface SpecKeywordList {
  id: string;
  name: string;
  match: KeywordMatch;
  threshold: number | null;
  expressions: { expression: string; caseSensitive: boolean; score: number }[];
}

/** AddressGroup: its entries (`user@d`, `*@d`, `*@*.d`, `user@*`). */
export interface SpecAddressGroup {
  id: string;
  name: string;
  addresses: string[];
}

/** DirectoryGroup (synchronised LDAP group): member addresses. */
export interface SpecDirectoryGroup {
  dn: string;
  name: string;
  members: string[];
}

export interface SpecStamp {
  id: string;
  name: string;
  position: StampPosition;
  /** The stamp text with tokens (§5 "Tokens"); the HTML part is derived from it (stamp-html.ts). */
  text: string;
}

export interface SpecNotification {
  id: string;
  name: string;
  fromAddress: string;
  /** PolicyNotification.toAddresses split at ";" and ",". */
  toAddresses: string[];
  subject: string;
  body: string;
  attachOriginal: boolean;
}

export interface SpecDlpTemplate {
  id: string;
  name: string;
  predefined: boolean;
  /** Names of the data identifiers it combines (DlpTemplate.identifiers). */
  identifiers: string[];
}

/**
 * DlpIdentifier: `definition` is the source element's attributes, its text as `text`
 * (src/migration/parse-source.ts): EXPRESSION → `text` is a keyword expression
 * (`CUST-{D}{6}`); KEYWORD_LIST → `text` holds one keyword per line; FILE_ATTRIBUTE →
 * `minSizeKB`.
 */
export interface SpecDlpIdentifier {
  name: string;
  kind: DlpIdentifierKind;
  definition: Record<string, string>;
}

export interface PolicySpec {
  tenantId: string;
  /** Tenant.policyRevision the spec was read at. */
  revision: number;
  tier: ProtectionTier;
  /** Every registered domain with its verification state (unverified ones get the hidden global AV rule). */
  domains: ManagedDomain[];
  /** Every rule of the tenant, enabled or not (`body.enabled`). */
  rules: SpecRule[];
  /** Stored rules that did not decode (POLICY_RULE_STORED_INVALID): not evaluated; the caller logs them. */
  invalidRules: { id: string; name: string; problem: string }[];
  keywordLists: SpecKeywordList[];
  addressGroups: SpecAddressGroup[];
  directoryGroups: SpecDirectoryGroup[];
  stamps: SpecStamp[];
  notifications: SpecNotification[];
  dlpTemplates: SpecDlpTemplate[];
  dlpIdentifiers: SpecDlpIdentifier[];
}

/** PolicyNotification.toAddresses as stored ("a@x;b@x") → addresses. */
export function splitAddressList(stored: string): string[] {
  return stored
    .split(/[;,]/)
    .map((a) => a.trim())
    .filter(Boolean);
}
