// Creates the default rules of a tenant that has none (new tenants, and tenants made
// before policies existed). Idempotent.
import type { DbOrTx } from '../db/client.js';
import { defaultRules } from './default-rules.js';
import { levelOf } from './rule.js';

export async function ensureDefaultRules(db: DbOrTx, tenantId: string): Promise<number> {
  if (await db.policyRule.count({ where: { tenantId, isDefault: true } })) return 0;
  const rows = defaultRules().map((r) => ({
    tenantId,
    direction: r.direction,
    type: r.type,
    name: r.name,
    notes: r.notes,
    enabled: r.enabled,
    order: r.order,
    isDefault: true,
    locked: r.locked,
    level: levelOf(r.direction, r.recipients, r.senders),
    recipients: r.recipients as object,
    senders: r.senders as object,
    exceptions: r.exceptions as object,
    criteriaMode: r.criteriaMode,
    criteria: r.criteria as object,
    intercept: r.intercept,
    interceptOptions: r.interceptOptions as object,
    modifyActions: r.modifyActions as object,
    monitorActions: r.monitorActions as object,
  }));
  await db.policyRule.createMany({ data: rows });
  return rows.length;
}
