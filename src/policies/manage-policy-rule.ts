// The list-screen operations on one rule: enable/disable, delete, reorder, and the two
// migration-status buttons (mark fixed, confirm).
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { MigrationStatus } from '../db/enums.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { policyErrors } from './errors.js';
import { findRule } from './rule-store.js';

export async function setPolicyRuleEnabled(ctx: UseCaseContext, id: string, enabled: boolean): Promise<PolicyRule> {
  return inTransaction(ctx.db, async (tx) => {
    const rule = await findRule(tx, ctx.tenantId, id);
    if (enabled && rule.migrationStatus === 'NEEDS_FIX') throw policyErrors.error('POLICY_RULE_NEEDS_FIX', { name: rule.name }, 'enabled');
    if (rule.enabled === enabled) return rule;
    const updated = await tx.policyRule.update({ where: { id }, data: { enabled } });
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_RULE_UPDATED', targetType: 'PolicyRule', targetId: id, targetName: rule.name, changes: [{ field: 'enabled', newValue: String(enabled), previousValue: String(rule.enabled) }] });
    return updated;
  });
}

export async function deletePolicyRule(ctx: UseCaseContext, id: string): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const rule = await findRule(tx, ctx.tenantId, id);
    if (rule.locked) throw policyErrors.error('POLICY_RULE_LOCKED', { name: rule.name }, 'id');
    await tx.policyRule.delete({ where: { id } });
    // Close the gap so the list keeps orders 1..n.
    await tx.policyRule.updateMany({ where: { tenantId: ctx.tenantId, direction: rule.direction, type: rule.type, order: { gt: rule.order } }, data: { order: { decrement: 1 } } });
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_RULE_DELETED', targetType: 'PolicyRule', targetId: id, targetName: rule.name, changes: [{ field: 'name', newValue: null, previousValue: rule.name }] });
    return { id };
  });
}

/** Moves a rule to `order` (1-based, clamped to the list) and shifts the others. */
export async function reorderPolicyRule(ctx: UseCaseContext, id: string, order: number): Promise<PolicyRule> {
  return inTransaction(ctx.db, async (tx) => {
    const rule = await findRule(tx, ctx.tenantId, id);
    const list = await tx.policyRule.findMany({
      where: { tenantId: ctx.tenantId, direction: rule.direction, type: rule.type },
      orderBy: [{ order: 'asc' }, { createdAt: 'asc' }],
      select: { id: true, order: true },
    });
    const rest = list.filter((r) => r.id !== id);
    const target = Math.min(Math.max(1, Math.trunc(order)), list.length);
    rest.splice(target - 1, 0, { id, order: target });
    for (const [i, r] of rest.entries()) {
      const wanted = i + 1;
      if (list.find((x) => x.id === r.id)?.order !== wanted) await tx.policyRule.update({ where: { id: r.id }, data: { order: wanted } });
    }
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_RULE_REORDERED', targetType: 'PolicyRule', targetId: id, targetName: rule.name, changes: [{ field: 'order', newValue: String(target), previousValue: String(rule.order) }] });
    return tx.policyRule.findUniqueOrThrow({ where: { id } });
  });
}

const TRANSITIONS: Record<'FIX' | 'CONFIRM', { from: MigrationStatus; to: MigrationStatus; action: string }> = {
  FIX: { from: 'NEEDS_FIX', to: 'FIXED', action: 'marked fixed' },
  CONFIRM: { from: 'NEEDS_CONFIRMATION', to: 'CONFIRMED', action: 'confirmed' },
};

/** markPolicyFixed (修正済み) and confirmPolicy: the rule's enabled state does not change. */
export async function resolveMigrationStatus(ctx: UseCaseContext, id: string, how: 'FIX' | 'CONFIRM'): Promise<PolicyRule> {
  const t = TRANSITIONS[how];
  return inTransaction(ctx.db, async (tx) => {
    const rule = await findRule(tx, ctx.tenantId, id);
    if (rule.migrationStatus !== t.from) {
      throw policyErrors.error('POLICY_STATUS_INVALID', { name: rule.name, status: rule.migrationStatus ?? 'none', expected: t.from, action: t.action }, 'id');
    }
    const updated = await tx.policyRule.update({ where: { id }, data: { migrationStatus: t.to } });
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_RULE_UPDATED', targetType: 'PolicyRule', targetId: id, targetName: rule.name, changes: [{ field: 'migrationStatus', newValue: t.to, previousValue: t.from }] });
    return updated;
  });
}

export async function setShowMigrationStatus(ctx: UseCaseContext, show: boolean): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const tenant = await tx.tenant.update({ where: { id: ctx.tenantId }, data: { showMigrationStatus: show } });
    await recordAudit({ ...ctx, db: tx }, { eventType: 'SETTING_CHANGED', targetType: 'Tenant', targetId: tenant.id, targetName: 'Show migration status', changes: [{ field: 'showMigrationStatus', newValue: String(show), previousValue: String(!show) }] });
  });
}
