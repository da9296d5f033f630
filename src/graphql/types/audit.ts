import { AUDIT_EVENT_TYPES, type AuditChange, type AuditEventType } from '../../audit/audit-event.js';
import { builder } from '../builder.js';

const AuditEventTypeEnum = builder.enumType('AuditEventType', { values: AUDIT_EVENT_TYPES });

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
    targetType: t.exposeString('targetType'),
    targetId: t.exposeString('targetId', { nullable: true }),
    targetName: t.exposeString('targetName'),
    changes: t.field({ type: [AuditChangeRef], resolve: (e) => e.changes as unknown as AuditChange[] }),
  }),
});

const AuditFilter = builder.inputType('AuditFilter', {
  fields: (t) => ({
    eventType: t.field({ type: AuditEventTypeEnum }),
    targetType: t.string(),
    since: t.field({ type: 'DateTime' }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.prismaConnection({
    type: 'AuditEntry',
    cursor: 'id',
    description: 'This tenant\'s audit log, newest first.',
    args: { filter: t.arg({ type: AuditFilter }) },
    totalCount: (_, args, ctx) => ctx.db.auditEntry.count({ where: auditWhere(ctx.tenant.id, args.filter) }),
    resolve: (query, _, args, ctx) => ctx.db.auditEntry.findMany({ ...query, where: auditWhere(ctx.tenant.id, args.filter), orderBy: [{ at: 'desc' }, { id: 'desc' }] }),
  }, { name: 'AuditEntryConnection' }, { name: 'AuditEntryEdge' }),
);

function auditWhere(tenantId: string, f?: { eventType?: string | null; targetType?: string | null; since?: Date | null } | null) {
  return {
    tenantId,
    ...(f?.eventType ? { eventType: f.eventType } : {}),
    ...(f?.targetType ? { targetType: f.targetType } : {}),
    ...(f?.since ? { at: { gte: f.since } } : {}),
  };
}
