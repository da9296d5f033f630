// setShowMigrationStatus: shows or hides the Migration Status column and filter.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';

export async function setShowMigrationStatus(ctx: UseCaseContext, show: boolean): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const tenant = await tx.tenant.update({ where: { id: ctx.tenantId }, data: { showMigrationStatus: show } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'SETTING_CHANGED',
        targetType: 'Tenant',
        targetId: tenant.id,
        targetName: 'Show migration status',
        changes: [{ field: 'showMigrationStatus', newValue: String(show), previousValue: String(!show) }],
      },
    );
  });
}
