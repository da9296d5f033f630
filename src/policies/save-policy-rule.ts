// addPolicyRule / updatePolicyRule / copyPolicyRule: write a validated rule. New rules go to
// the end of their list (direction, type). A locked (global) rule accepts changes to its
// monitor actions only.
import { diffFields } from '../audit/audit-event.js';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { DomainErrors } from '../platform/errors.js';
import { policyErrors } from './errors.js';
import type { RuleBody } from './rule.js';
import { bodyOf, columnsOf, findRule, validationContext, writeRefs } from './rule-store.js';
import { validateRule } from './validate-rule.js';

export async function addPolicyRule(ctx: UseCaseContext, body: RuleBody): Promise<PolicyRule> {
  return inTransaction(ctx.db, async (tx) => {
    const problems = validateRule(body, await validationContext(tx, ctx.tenantId));
    if (problems.length) throw new DomainErrors(problems);
    const last = await tx.policyRule.aggregate({ where: { tenantId: ctx.tenantId, direction: body.direction, type: body.type }, _max: { order: true } });
    const rule = await tx.policyRule.create({
      data: { tenantId: ctx.tenantId, order: (last._max.order ?? 0) + 1, ...columnsOf(body) },
    });
    await writeRefs(tx, rule.id, body);
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_RULE_ADDED', targetType: 'PolicyRule', targetId: rule.id, targetName: rule.name, changes: [{ field: 'name', newValue: rule.name, previousValue: null }] });
    return rule;
  });
}

/** `changes` replaces the given parts of the rule; direction and type cannot change. */
export async function updatePolicyRule(ctx: UseCaseContext, id: string, changes: Partial<Omit<RuleBody, 'direction' | 'type'>>): Promise<PolicyRule> {
  return inTransaction(ctx.db, async (tx) => {
    const current = await findRule(tx, ctx.tenantId, id, 'input.id');
    const before = bodyOf(current);
    if (current.locked && Object.keys(changes).some((k) => k !== 'monitorActions')) throw policyErrors.error('POLICY_RULE_LOCKED', { name: current.name }, 'input');
    const next: RuleBody = { ...before, ...changes, direction: before.direction, type: before.type };
    if (next.enabled && !before.enabled && current.migrationStatus === 'NEEDS_FIX') throw policyErrors.error('POLICY_RULE_NEEDS_FIX', { name: current.name }, 'input.enabled');
    const problems = validateRule(next, await validationContext(tx, ctx.tenantId));
    if (problems.length) throw new DomainErrors(problems);
    const rule = await tx.policyRule.update({ where: { id }, data: columnsOf(next) });
    await writeRefs(tx, id, next);
    const flat = (b: RuleBody) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v]));
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_RULE_UPDATED', targetType: 'PolicyRule', targetId: id, targetName: rule.name, changes: diffFields(flat(before), flat(next)) });
    return rule;
  });
}

export async function copyPolicyRule(ctx: UseCaseContext, id: string): Promise<PolicyRule> {
  const source = await findRule(ctx.db, ctx.tenantId, id);
  const body = bodyOf(source);
  return addPolicyRule(ctx, { ...body, name: `${body.name} (copy)`.slice(0, 100), enabled: false });
}
