// setPolicyRuleEnabled: the list screen's enable/disable switch. A rule that Needs fix
// cannot be enabled until it is marked fixed.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { announcePolicyChange } from './policy-changed.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { policyErrors } from './errors.js';
import { findRule } from './rule-rows.js';

export async function setPolicyRuleEnabled(ctx: UseCaseContext, id: string, enabled: boolean): Promise<PolicyRule> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const rule = await findRule(tx, ctx.tenantId, id);
    if (enabled && rule.migrationStatus === 'NEEDS_FIX') throw policyErrors.error('POLICY_RULE_NEEDS_FIX', { name: rule.name }, 'enabled');
    if (rule.enabled === enabled) return rule;
    const updated = await tx.policyRule.update({ where: { id }, data: { enabled } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_RULE_UPDATED',
        targetType: 'PolicyRule',
        targetId: id,
        targetName: rule.name,
        changes: [{ field: 'enabled', newValue: String(enabled), previousValue: String(rule.enabled) }],
      },
    );
    return updated;
  });
  announcePolicyChange(ctx);
  return result;
}
