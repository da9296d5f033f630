// The reads and writes the rule use-cases share: a rule of the tenant, the validation
// context, and a rule's object references (for referential integrity). The rule body's
// stored form is rule-codec.ts's.
import type { DbOrTx } from '../db/client.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import { policyErrors } from './errors.js';
import { objectRefsOf, type ObjectKind, type RuleBody } from './rule.js';
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
    db.addressGroup.findMany({ where: { tenantId }, select: { id: true, internal: true } }),
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
  return {
    managedDomains: domains.map((d) => ({ name: d.name, verified: d.status === 'COMPLETED' })),
    objectIds,
    internalGroupIds: new Set(groups.filter((g) => g.internal).map((g) => g.id)),
  };
}

export async function writeRefs(db: DbOrTx, ruleId: string, body: RuleBody): Promise<void> {
  await db.policyObjectRef.deleteMany({ where: { ruleId } });
  const refs = objectRefsOf(body);
  if (refs.length) await db.policyObjectRef.createMany({ data: refs.map((r) => ({ ruleId, objectKind: r.kind, objectId: r.id })) });
}
