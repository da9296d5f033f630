// cancelMigration: the wizard's "Cancel" after the analysis. Ends an ANALYZED run as
// CANCELLED and removes its upload; nothing is imported. Compare-and-set against a confirm
// racing it (run-state.ts): whichever claims the run first wins, the other is refused.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { MigrationRun } from '../generated/prisma/sqlite/client.js';
import { MIGRATION_ACTIONS, migrationErrors } from './errors.js';
import type { MigrationContext } from './migration-context.js';
import { findRun } from './migration-runs.js';
import { compareAndSet, stateInvalid } from './run-state.js';
import { removeUpload } from './upload-store.js';

export async function cancelMigration(ctx: MigrationContext, id: string): Promise<MigrationRun> {
  const run = await findRun(ctx, id);
  if (run.state !== 'ANALYZED')
    throw migrationErrors.error('MIGRATION_STATE_INVALID', { id, state: run.state, action: MIGRATION_ACTIONS.cancelled }, 'id');
  // Compare-and-set: a confirm that claimed the run first wins, and this cancel is refused.
  const cancelled = await inTransaction(ctx.db, async (tx) => {
    if (!(await compareAndSet(tx, run.id, 'ANALYZED', { state: 'CANCELLED', finishedAt: ctx.clock.now() })))
      throw await stateInvalid(tx, run.id, MIGRATION_ACTIONS.cancelled);
    await recordAudit(
      { ...ctx, db: tx },
      { eventType: 'MIGRATION_CANCELLED', targetType: 'MigrationRun', targetId: run.id, targetName: run.fileName, changes: [] },
    );
    return tx.migrationRun.findUniqueOrThrow({ where: { id: run.id } });
  });
  await removeUpload(ctx.migration.uploadDir, run.id);
  ctx.events.emit('migration.progress', {
    tenantId: ctx.tenantId,
    runId: run.id,
    state: 'CANCELLED',
    percent: 100,
    step: 'cancelled',
    at: ctx.clock.now(),
  });
  return cancelled;
}
