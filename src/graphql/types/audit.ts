import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  AUDIT_EVENT_TYPES,
  AUDIT_TARGET_TYPES,
  type AuditChange,
  type AuditEventType,
  type AuditTargetType,
} from '../../audit/audit-event.js';
import { builder } from '../builder.js';

const AuditEventTypeEnum = builder.enumType('AuditEventType', {
  description: 'What happened. New values may be added; none is ever renamed.',
  values: AUDIT_EVENT_TYPES,
});

/** GraphQL names enum values in upper snake case: PolicyRule → POLICY_RULE, ADDRESS_GROUP stays. */
const upperSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

const AuditTargetTypeEnum = builder.enumType('AuditTargetType', {
  description: 'What an audit entry is about. New values may be added; none is ever renamed.',
  values: Object.fromEntries(
    (Object.entries(AUDIT_TARGET_TYPES) as [AuditTargetType, string][]).map(([stored, description]) => [
      upperSnake(stored),
      { value: stored, description },
    ]),
  ) as Record<string, { value: AuditTargetType; description: string }>,
});

/**
 * The node type whose global ID targetId is, by target type (null: the target is no node).
 * List kinds: the entry (a ListEntry node, deleted by then).
 */
const TARGET_NODE: Record<AuditTargetType, string | null> = {
  Tenant: 'Tenant',
  Domain: 'Domain',
  DnsRecord: 'DnsRecord',
  MigrationRun: 'MigrationRun',
  Directory: null,
  PolicyRule: 'PolicyRule',
  ADDRESS_GROUP: 'AddressGroup',
  KEYWORD_LIST: 'KeywordList',
  NOTIFICATION: 'PolicyNotification',
  STAMP: 'Stamp',
  DLP_TEMPLATE: 'DlpTemplate',
  APPROVED_IP: 'ListEntry',
  BLOCKED_IP: 'ListEntry',
  WEB_REPUTATION_APPROVED: 'ListEntry',
  URL_KEYWORD_EXCEPTION: 'ListEntry',
  DKIM_IGNORED_PEER: 'ListEntry',
  // Gone once released or deleted: node(id:) answers null, the ID still names it.
  QuarantinedMessage: 'QuarantinedMessage',
};

const AuditChangeRef = builder.objectRef<AuditChange>('AuditChange').implement({
  fields: (t) => ({
    field: t.exposeString('field'),
    newValue: t.exposeString('newValue', { nullable: true }),
    previousValue: t.exposeString('previousValue', { nullable: true }),
  }),
});

builder.prismaNode('AuditEntry', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  description: 'One change made in this tenant, by whom and when.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.exposeString('actor', { description: '"local-admin" without authentication; "system" for scheduled tasks.' }),
    eventType: t.field({ type: AuditEventTypeEnum, resolve: (e) => e.eventType as AuditEventType }),
    targetType: t.field({ type: AuditTargetTypeEnum, resolve: (e) => e.targetType as AuditTargetType }),
    targetId: t.id({
      nullable: true,
      description:
        'The global ID of the target, for `node(id:)` (null once the target was deleted): a Tenant, Domain, DnsRecord, MigrationRun, PolicyRule, AddressGroup, KeywordList, PolicyNotification, Stamp, DlpTemplate or QuarantinedMessage; for a list kind, the deleted ListEntry (null when entries were added); null for DIRECTORY.',
      resolve: (e) => {
        const typename = TARGET_NODE[e.targetType as AuditTargetType];
        return e.targetId && typename ? encodeGlobalID(typename, e.targetId) : null;
      },
    }),
    targetName: t.exposeString('targetName'),
    changes: t.field({ type: [AuditChangeRef], resolve: (e) => e.changes as unknown as AuditChange[] }),
  }),
});

const AuditFilter = builder.inputType('AuditFilter', {
  fields: (t) => ({
    eventType: t.field({ type: AuditEventTypeEnum }),
    targetType: t.field({ type: AuditTargetTypeEnum }),
    since: t.field({ type: 'DateTime' }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.prismaConnection(
    {
      type: 'AuditEntry',
      cursor: 'id',
      description: "This tenant's audit log, newest first.",
      args: { filter: t.arg({ type: AuditFilter }) },
      totalCount: (_, args, ctx) => ctx.db.auditEntry.count({ where: auditWhere(ctx.tenant.id, args.filter) }),
      resolve: (query, _, args, ctx) =>
        ctx.db.auditEntry.findMany({ ...query, where: auditWhere(ctx.tenant.id, args.filter), orderBy: [{ at: 'desc' }, { id: 'desc' }] }),
    },
    { name: 'AuditEntryConnection' },
    { name: 'AuditEntryEdge' },
  ),
);

function auditWhere(tenantId: string, f?: { eventType?: string | null; targetType?: string | null; since?: Date | null } | null) {
  return {
    tenantId,
    ...(f?.eventType ? { eventType: f.eventType } : {}),
    ...(f?.targetType ? { targetType: f.targetType } : {}),
    ...(f?.since ? { at: { gte: f.since } } : {}),
  };
}
