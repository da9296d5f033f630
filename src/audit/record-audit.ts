// Writes one audit entry inside the caller's transaction, so an entry exists exactly when
// the change it describes was committed.
import type { UseCaseContext } from '../db/use-case-context.js';
import type { AuditChange, AuditEventType, AuditTargetType } from './audit-event.js';

export interface AuditInput {
  eventType: AuditEventType;
  targetType: AuditTargetType;
  targetId: string | null;
  targetName: string;
  changes: AuditChange[];
}

export async function recordAudit(ctx: UseCaseContext, input: AuditInput): Promise<void> {
  await ctx.db.auditEntry.create({
    data: {
      tenantId: ctx.tenantId,
      at: ctx.clock.now(),
      actor: ctx.actor.id,
      eventType: input.eventType,
      targetType: input.targetType,
      targetId: input.targetId,
      targetName: input.targetName,
      changes: input.changes as unknown as object,
    },
  });
}
