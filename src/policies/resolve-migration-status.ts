// resolveMigrationStatus: the two migration-status buttons of the list screen, mark fixed
// (修正済み) and confirm.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { announcePolicyChange } from './policy-changed.js';
import type { MigrationStatus } from '../db/enums.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { policyErrors } from './errors.js';
import { findRule } from './rule-rows.js';

const TRANSITIONS: Record<'FIX' | 'CONFIRM', { from: MigrationStatus; to: MigrationStatus; action: string }> = {
  FIX: { from: 'NEEDS_FIX', to: 'FIXED', action: 'marked fixed' },
  CONFIRM: { from: 'NEEDS_CONFIRMATION', to: 'CONFIRMED', action: 'confirmed' },
};

/** markPolicyFixed (修正済み) and confirmPolicy: the rule's enabled state does not change. */
export async function resolveMigrationStatus(ctx: UseCaseContext, id: string, how: 'FIX' | 'CONFIRM'): Promise<PolicyRule> {
  const t = TRANSITIONS[how];
  const result = await inTransaction(ctx.db, async (tx) => {
    const rule = await findRule(tx, ctx.tenantId, id);
    if (rule.migrationStatus !== t.from) {
      throw policyErrors.error(
        'POLICY_STATUS_INVALID',
        { name: rule.name, status: rule.migrationStatus ?? 'none', expected: t.from, action: t.action },
        'id',
      );
    }
    const updated = await tx.policyRule.update({ where: { id }, data: { migrationStatus: t.to } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_RULE_UPDATED',
        targetType: 'PolicyRule',
        targetId: id,
        targetName: rule.name,
        changes: [{ field: 'migrationStatus', newValue: t.to, previousValue: t.from }],
      },
    );
    return updated;
  });
  announcePolicyChange(ctx);
  return result;
}
