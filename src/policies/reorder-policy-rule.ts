// reorderPolicyRule: moves a rule within its list (direction, type); the others shift.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { announcePolicyChange } from './policy-changed.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { findRule } from './rule-rows.js';

/** Moves a rule to `order` (1-based, clamped to the list) and shifts the others. */
export async function reorderPolicyRule(ctx: UseCaseContext, id: string, order: number): Promise<PolicyRule> {
  const result = await inTransaction(ctx.db, async (tx) => {
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
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_RULE_REORDERED',
        targetType: 'PolicyRule',
        targetId: id,
        targetName: rule.name,
        changes: [{ field: 'order', newValue: String(target), previousValue: String(rule.order) }],
      },
    );
    return tx.policyRule.findUniqueOrThrow({ where: { id } });
  });
  announcePolicyChange(ctx);
  return result;
}
