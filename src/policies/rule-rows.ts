// Shared by the rule use-cases: loading a rule of the tenant, the validation context, and
// rewriting a rule's object references (for referential integrity).
import type { DbOrTx } from '../db/client.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import { policyErrors } from './errors.js';
import { levelOf, objectRefsOf, type ObjectKind, type RuleBody } from './rule.js';
import type { RuleValidationContext } from './validate-rule.js';

export async function findRule(db: DbOrTx, tenantId: string, id: string, field = 'id'): Promise<PolicyRule> {
  const rule = await db.policyRule.findFirst({ where: { id, tenantId } });
  if (!rule) throw policyErrors.error('POLICY_RULE_NOT_FOUND', { id }, field);
  return rule;
}

export async function validationContext(db: DbOrTx, tenantId: string): Promise<RuleValidationContext> {
  const ids = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
  const where = { where: { tenantId }, select: { id: true } } as const;
  const [domains, groups, lists, notifications, stamps, templates] = await Promise.all([
    db.domain.findMany({ where: { tenantId }, select: { name: true, status: true } }),
    db.addressGroup.findMany(where),
    db.keywordList.findMany(where),
    db.policyNotification.findMany(where),
    db.stamp.findMany(where),
    db.dlpTemplate.findMany(where),
  ]);
  const objectIds: Record<ObjectKind, Set<string>> = {
    ADDRESS_GROUP: ids(groups),
    KEYWORD_LIST: ids(lists),
    NOTIFICATION: ids(notifications),
    STAMP: ids(stamps),
    DLP_TEMPLATE: ids(templates),
  };
  return { managedDomains: domains.map((d) => ({ name: d.name, verified: d.status === 'COMPLETED' })), objectIds };
}

export async function writeRefs(db: DbOrTx, ruleId: string, body: RuleBody): Promise<void> {
  await db.policyObjectRef.deleteMany({ where: { ruleId } });
  const refs = objectRefsOf(body);
  if (refs.length) await db.policyObjectRef.createMany({ data: refs.map((r) => ({ ruleId, objectKind: r.kind, objectId: r.id })) });
}

/** The body of a stored rule, as the pure model sees it. */
export function bodyOf(r: PolicyRule): RuleBody {
  return {
    direction: r.direction,
    type: r.type,
    name: r.name,
    notes: r.notes,
    enabled: r.enabled,
    recipients: r.recipients as unknown as RuleBody['recipients'],
    senders: r.senders as unknown as RuleBody['senders'],
    exceptions: r.exceptions as unknown as RuleBody['exceptions'],
    criteriaMode: r.criteriaMode,
    criteria: r.criteria as unknown as RuleBody['criteria'],
    intercept: r.intercept,
    interceptOptions: r.interceptOptions as unknown as RuleBody['interceptOptions'],
    modifyActions: r.modifyActions as unknown as RuleBody['modifyActions'],
    monitorActions: r.monitorActions as unknown as RuleBody['monitorActions'],
  };
}

/** The stored columns of a rule body (direction, type and the derived level included). */
export function columnsOf(body: RuleBody) {
  return {
    direction: body.direction,
    type: body.type,
    level: levelOf(body.direction, body.recipients, body.senders),
    name: body.name.trim(),
    notes: body.notes,
    enabled: body.enabled,
    recipients: body.recipients as object,
    senders: body.senders as object,
    exceptions: body.exceptions as object,
    criteriaMode: body.criteriaMode,
    criteria: body.criteria as object,
    intercept: body.intercept,
    interceptOptions: body.interceptOptions as object,
    modifyActions: body.modifyActions as object,
    monitorActions: body.monitorActions as object,
  };
}
