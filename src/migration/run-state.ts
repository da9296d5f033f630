// The life of a migration run: ANALYZING → ANALYZED → IMPORTING → COMPLETED, or CANCELLED
// / FAILED. Every change of state is a compare-and-set on the state it expects
// (`updateMany where { id, state }`, then the count): of two requests racing on one run
// (a cancel and a confirm), exactly one changes it and the other is refused with
// MIGRATION_STATE_INVALID. Imports in one tenant are serialised by the MigrationImportLock
// row (its primary key is the tenant): a second import meanwhile gets MIGRATION_BUSY.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, isUniqueViolation, type DbOrTx } from '../db/client.js';
import type { MigrationState } from '../db/enums.js';
import type { MigrationRun } from '../generated/prisma/sqlite/client.js';
import type { LocalizedText } from '../platform/errors.js';
import { migrationErrors } from './errors.js';
import type { MigrationContext, TestPause } from './migration-context.js';
import { removeUpload } from './upload-store.js';

/** The failure code of a run whose process stopped while working on it; its upload is kept. */
export const INTERRUPTED = 'MIGRATION_INTERRUPTED';

type RunUpdate = Parameters<DbOrTx['migrationRun']['updateMany']>[0]['data'];

/** Sets `data` on the run if it is still `from`; false when another request changed it first. */
export async function compareAndSet(db: DbOrTx, runId: string, from: MigrationState, data: RunUpdate): Promise<boolean> {
  const r = await db.migrationRun.updateMany({ where: { id: runId, state: from }, data });
  return r.count === 1;
}

/**
 * The refusal for a run that is no longer in the state an action needs (`action`:
 * MIGRATION_ACTIONS[…]); MIGRATION_NOT_FOUND when the run itself is gone.
 */
export async function stateInvalid(db: DbOrTx, id: string, action: LocalizedText): Promise<Error> {
  const state = await stateNow(db, id);
  if (state === null) return migrationErrors.error('MIGRATION_NOT_FOUND', { id }, 'id');
  return migrationErrors.error('MIGRATION_STATE_INVALID', { id, state, action }, 'id');
}

/** The refusal for an analysis whose run changed state (cancelled, failed) while it ran. */
export async function analysisSuperseded(db: DbOrTx, id: string): Promise<Error> {
  const state = await stateNow(db, id);
  if (state === null) return migrationErrors.error('MIGRATION_NOT_FOUND', { id });
  return migrationErrors.error('MIGRATION_ANALYSIS_SUPERSEDED', { id, state });
}

async function stateNow(db: DbOrTx, id: string): Promise<MigrationState | null> {
  const now = await db.migrationRun.findUnique({ where: { id }, select: { state: true } });
  return (now?.state as MigrationState | undefined) ?? null;
}

/**
 * Ends a run as FAILED, if it is still `from`, with the audit entry in the same transaction.
 * The upload is removed unless the failure lets the run be restarted (`keepUpload`).
 */
export async function failRun(
  ctx: MigrationContext,
  runId: string,
  from: MigrationState,
  failure: { code: string; message: string; messageJa: string; keepUpload?: boolean },
): Promise<MigrationRun> {
  const changed = await inTransaction(ctx.db, async (tx) => {
    const ok = await compareAndSet(tx, runId, from, {
      state: 'FAILED',
      failureCode: failure.code,
      failureMessage: failure.message,
      failureMessageJa: failure.messageJa,
      finishedAt: ctx.clock.now(),
    });
    if (!ok) return false;
    const run = await tx.migrationRun.findUniqueOrThrow({ where: { id: runId }, select: { fileName: true } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'MIGRATION_FAILED',
        targetType: 'MigrationRun',
        targetId: runId,
        targetName: run.fileName,
        changes: [{ field: 'Reason', newValue: `${failure.code}: ${failure.message}`, previousValue: null }],
      },
    );
    return true;
  });
  if (changed) {
    if (!failure.keepUpload) await removeUpload(ctx.migration.uploadDir, runId);
    ctx.events.emit('migration.progress', {
      tenantId: ctx.tenantId,
      runId,
      state: 'FAILED',
      percent: 100,
      step: failure.code,
      at: ctx.clock.now(),
    });
  }
  return ctx.db.migrationRun.findUniqueOrThrow({ where: { id: runId } });
}

/** Takes the tenant's import lock for `runId`, or refuses with MIGRATION_BUSY. */
export async function acquireImportLock(ctx: MigrationContext, runId: string): Promise<void> {
  try {
    await ctx.db.migrationImportLock.create({ data: { tenantId: ctx.tenantId, runId, acquiredAt: ctx.clock.now() } });
  } catch (err) {
    if (isUniqueViolation(err)) throw migrationErrors.error('MIGRATION_BUSY', {}, 'id');
    throw err;
  }
}

export async function releaseImportLock(db: DbOrTx, runId: string): Promise<void> {
  await db.migrationImportLock.deleteMany({ where: { runId } });
}

/**
 * Test-only fault hook (REHEARSAL_TEST_PAUSE): waits for ever at the named point, after the
 * phase has written part of its data inside its transaction, and logs a line a test waits
 * for before it kills the process. Never set outside tests.
 */
export async function testPause(ctx: MigrationContext, phase: TestPause, runId: string): Promise<void> {
  if (ctx.migration.testPause !== phase) return;
  ctx.log.warn({ runId, phase }, `test pause: ${phase} waits for ever (REHEARSAL_TEST_PAUSE)`);
  await new Promise<never>(() => undefined);
}
