// The closed list of audit event types. Values are part of the public contract (the
// GraphQL enum AuditEventType): add, never rename.
export const AUDIT_EVENT_TYPES = [
  'TENANT_CREATED',
  'TENANT_UPDATED',
  'DOMAIN_ADDED',
  'DOMAIN_UPDATED',
  'DOMAIN_DELETED',
  'DOMAIN_VERIFICATION_CHECKED',
  'DOMAIN_STATUS_CHANGED',
  'DNS_RECORD_SET',
  'DNS_RECORD_DELETED',
  'MIGRATION_ANALYSIS_STARTED',
  'MIGRATION_IMPORT_STARTED',
  'MIGRATION_IMPORT_COMPLETED',
  'MIGRATION_CANCELLED',
  'MIGRATION_FAILED',
  'DIRECTORY_SYNCHRONIZED',
  'POLICY_RULE_ADDED',
  'POLICY_RULE_UPDATED',
  'POLICY_RULE_DELETED',
  'POLICY_RULE_REORDERED',
  'POLICY_OBJECT_ADDED',
  'POLICY_OBJECT_UPDATED',
  'POLICY_OBJECT_DELETED',
  'SETTING_CHANGED',
  'QUARANTINE_RELEASED',
  'QUARANTINE_DELETED',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * What an entry is about, as the targetType column stores it (the keys), and what its
 * targetId then is. The closed list of the producers' values (recordAudit accepts no other):
 * part of the public contract (the GraphQL enum AuditTargetType, in upper snake case): add,
 * never rename. Policy object kinds and list kinds are stored as their own names.
 */
export const AUDIT_TARGET_TYPES = {
  Tenant: 'A tenant (created, or a tenant setting changed); targetId is the tenant.',
  Domain: 'A mail domain; targetId is the domain.',
  DnsRecord: 'A record of the mock DNS; targetId is the record.',
  MigrationRun: 'A run of the IMSS/IMSVA migration tool; targetId is the run.',
  Directory: 'The synchronised directory groups as a whole; no targetId.',
  PolicyRule: 'A policy rule; targetId is the rule.',
  ADDRESS_GROUP: 'An address group; targetId is the group.',
  KEYWORD_LIST: 'A keyword list; targetId is the list.',
  NOTIFICATION: 'A policy notification; targetId is the notification.',
  STAMP: 'A stamp; targetId is the stamp.',
  DLP_TEMPLATE: 'A DLP template; targetId is the template.',
  APPROVED_IP: 'The approved IP list; targetId is the entry when one was deleted, none when entries were added.',
  BLOCKED_IP: 'The blocked IP list; targetId is the entry when one was deleted, none when entries were added.',
  WEB_REPUTATION_APPROVED: 'The web reputation approved list; targetId is the entry when one was deleted, none when entries were added.',
  URL_KEYWORD_EXCEPTION: 'The URL keyword exception list; targetId is the entry when one was deleted, none when entries were added.',
  DKIM_IGNORED_PEER: 'The DKIM ignored peers; targetId is the entry when one was deleted, none when entries were added.',
  QuarantinedMessage: 'A quarantined message (released or deleted); targetId is the quarantined message.',
} as const;

export type AuditTargetType = keyof typeof AUDIT_TARGET_TYPES;

export interface AuditChange {
  field: string;
  newValue: string | null;
  previousValue: string | null;
}

/** Field-by-field differences between two flat snapshots (values printed as strings). */
export function diffFields(previous: Record<string, unknown> | null, next: Record<string, unknown> | null): AuditChange[] {
  const keys = new Set([...Object.keys(previous ?? {}), ...Object.keys(next ?? {})]);
  const changes: AuditChange[] = [];
  for (const field of keys) {
    const before = printValue(previous?.[field]);
    const after = printValue(next?.[field]);
    if (before !== after) changes.push({ field, newValue: after, previousValue: before });
  }
  return changes;
}

function printValue(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
