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
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

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
