// updatePolicyRule: replaces the given parts of a rule. A locked (global) rule accepts
// changes to its monitor actions only; direction and type never change.
import { diffFields } from '../audit/audit-event.js';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { announcePolicyChange } from './policy-changed.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { ExpectedErrors } from '../platform/errors.js';
import { policyErrors } from './errors.js';
import type { RuleBody } from './rule.js';
import { findRule, validationContext, writeRefs } from './rule-rows.js';
import { validateRule } from './validate-rule.js';
import { decodeRuleBody, encodeRuleColumns } from './rule-codec.js';

/** `changes` replaces the given parts of the rule; direction and type cannot change. */
export async function updatePolicyRule(
  ctx: UseCaseContext,
  id: string,
  changes: Partial<Omit<RuleBody, 'direction' | 'type'>>,
): Promise<PolicyRule> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const current = await findRule(tx, ctx.tenantId, id, 'input.id');
    const before = decodeRuleBody(current);
    if (current.locked && Object.keys(changes).some((k) => k !== 'monitorActions'))
      throw policyErrors.error('POLICY_RULE_LOCKED', { name: current.name }, 'input');
    const next: RuleBody = { ...before, ...changes, direction: before.direction, type: before.type };
    if (next.enabled && !before.enabled && current.migrationStatus === 'NEEDS_FIX')
      throw policyErrors.error('POLICY_RULE_NEEDS_FIX', { name: current.name }, 'input.enabled');
    const problems = validateRule(next, await validationContext(tx, ctx.tenantId));
    if (problems.length) throw new ExpectedErrors(problems);
    const rule = await tx.policyRule.update({ where: { id }, data: encodeRuleColumns(next) });
    await writeRefs(tx, id, next);
    const flat = (b: RuleBody) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v]));
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_RULE_UPDATED',
        targetType: 'PolicyRule',
        targetId: id,
        targetName: rule.name,
        changes: diffFields(flat(before), flat(next)),
      },
    );
    return rule;
  });
  announcePolicyChange(ctx);
  return result;
}
