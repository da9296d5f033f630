// addPolicyRule: writes a validated new rule at the end of its list (direction, type).
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { announcePolicyChange } from './policy-changed.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { ExpectedErrors } from '../platform/errors.js';
import type { RuleBody } from './rule.js';
import { validationContext, writeRefs } from './rule-rows.js';
import { validateRule } from './validate-rule.js';
import { encodeRuleColumns } from './rule-codec.js';

export async function addPolicyRule(ctx: UseCaseContext, body: RuleBody): Promise<PolicyRule> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const problems = validateRule(body, await validationContext(tx, ctx.tenantId));
    if (problems.length) throw new ExpectedErrors(problems);
    const last = await tx.policyRule.aggregate({
      where: { tenantId: ctx.tenantId, direction: body.direction, type: body.type },
      _max: { order: true },
    });
    const rule = await tx.policyRule.create({
      data: { tenantId: ctx.tenantId, order: (last._max.order ?? 0) + 1, ...encodeRuleColumns(body) },
    });
    await writeRefs(tx, rule.id, body);
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_RULE_ADDED',
        targetType: 'PolicyRule',
        targetId: rule.id,
        targetName: rule.name,
        changes: [{ field: 'name', newValue: rule.name, previousValue: null }],
      },
    );
    return rule;
  });
  announcePolicyChange(ctx);
  return result;
}
