// Creates the default rules of a tenant that has none (new tenants, and tenants made
// before policies existed). Idempotent.
import type { DbOrTx } from '../db/client.js';
import { defaultRules } from './default-rules.js';
import { encodeRuleColumns } from './rule-codec.js';

export async function ensureDefaultRules(db: DbOrTx, tenantId: string): Promise<number> {
  if (await db.policyRule.count({ where: { tenantId, isDefault: true } })) return 0;
  const rows = defaultRules().map((r) => ({ tenantId, order: r.order, isDefault: true, locked: r.locked, ...encodeRuleColumns(r) }));
  await db.policyRule.createMany({ data: rows });
  return rows.length;
}
