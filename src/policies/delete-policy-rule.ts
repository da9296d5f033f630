// deletePolicyRule: removes a rule (never a locked global one) and closes the gap in its
// list's order.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { announcePolicyChange } from './policy-changed.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { policyErrors } from './errors.js';
import { findRule } from './rule-rows.js';

export async function deletePolicyRule(ctx: UseCaseContext, id: string): Promise<{ id: string }> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const rule = await findRule(tx, ctx.tenantId, id);
    if (rule.locked) throw policyErrors.error('POLICY_RULE_LOCKED', { name: rule.name }, 'id');
    await tx.policyRule.delete({ where: { id } });
    // Close the gap so the list keeps orders 1..n.
    await tx.policyRule.updateMany({
      where: { tenantId: ctx.tenantId, direction: rule.direction, type: rule.type, order: { gt: rule.order } },
      data: { order: { decrement: 1 } },
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_RULE_DELETED',
        targetType: 'PolicyRule',
        targetId: id,
        targetName: rule.name,
        changes: [{ field: 'name', newValue: null, previousValue: rule.name }],
      },
    );
    return { id };
  });
  announcePolicyChange(ctx);
  return result;
}
