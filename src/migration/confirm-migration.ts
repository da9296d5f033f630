// confirmMigration: steps 2→3 of the wizard. Re-analyses the same export against the
// current CEGP state and imports it in one transaction: all of it, or nothing. State
// changes are compare-and-set (run-state.ts); a cancel racing it is cancel-migration.ts.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { announcePolicyChange } from '../policies/policy-changed.js';
import { ExpectedError } from '../platform/errors.js';
import { collectGarbage } from '../platform/memory.js';
import type { MigrationRun } from '../generated/prisma/sqlite/client.js';
import { analyzerContextFor } from './analyze-upload.js';
import { applyPlan } from './apply-plan.js';
import { MIGRATION_ACTIONS, migrationErrors } from './errors.js';
import type { MigrationContext } from './migration-context.js';
import { findRun, keepOnlyLatestReports, runAuditFields, storeItems } from './migration-runs.js';
import { countByCategory } from './plan.js';
import { reportExpiresAt } from './reports/report-expiry.js';
import { acquireImportLock, compareAndSet, failRun, INTERRUPTED, releaseImportLock, stateInvalid, testPause } from './run-state.js';
import { hasUpload, removeUpload, uploadPath } from './upload-store.js';

/**
 * The import transaction's budget. An export at the benchmark size (10,000 rules, 100,000
 * addresses) imports in a few seconds; this leaves room for a slow disk without letting a
 * stuck import hold the database for ever.
 */
export const IMPORT_TIMEOUT_MS = 120_000;

export async function confirmMigration(ctx: MigrationContext, id: string): Promise<MigrationRun> {
  const run = await findRun(ctx, id);
  if (run.state !== 'ANALYZED')
    throw migrationErrors.error('MIGRATION_STATE_INVALID', { id, state: run.state, action: MIGRATION_ACTIONS.imported }, 'id');
  // Another process holding the run is importing or cancelling it right now.
  const lease = await ctx.migration.leases.acquire(run.id);
  if (!lease) throw migrationErrors.error('MIGRATION_BUSY', {}, 'id');
  try {
    if (!(await hasUpload(ctx.migration.uploadDir, run.id))) {
      // A cancel that won the race removes the upload: say what happened to the run.
      const now = await ctx.db.migrationRun.findUnique({ where: { id: run.id }, select: { state: true } });
      if (now?.state !== 'ANALYZED') throw await stateInvalid(ctx.db, run.id, MIGRATION_ACTIONS.imported);
      throw migrationErrors.error('MIGRATION_FILE_MISSING', { id }, 'id');
    }
    await acquireImportLock(ctx, run.id);
    try {
      return await importRun(ctx, run);
    } finally {
      await releaseImportLock(ctx.db, run.id);
    }
  } finally {
    await lease.release();
  }
}

async function importRun(ctx: MigrationContext, run: MigrationRun): Promise<MigrationRun> {
  const started = ctx.clock.now();
  // Claim the run: a racing confirm or cancel finds it IMPORTING and is refused.
  await inTransaction(ctx.db, async (tx) => {
    if (!(await compareAndSet(tx, run.id, 'ANALYZED', { state: 'IMPORTING', importStartedAt: started })))
      throw await stateInvalid(tx, run.id, MIGRATION_ACTIONS.imported);
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'MIGRATION_IMPORT_STARTED',
        targetType: 'MigrationRun',
        targetId: run.id,
        targetName: run.fileName,
        changes: runAuditFields(run),
      },
    );
  });
  const progress = (percent: number, step: string, state = 'IMPORTING') =>
    ctx.events.emit('migration.progress', { tenantId: ctx.tenantId, runId: run.id, state, percent, step, at: ctx.clock.now() });
  progress(0, 'import started');
  try {
    const analyzerCtx = await analyzerContextFor(ctx.db, ctx.tenantId, ctx.migration);
    // The worker's heap grows next: give back what this thread holds as garbage first.
    collectGarbage();
    // Re-analysed in the worker against the current state: from the parsed export the worker
    // kept after the analysis, or else from the kept upload, which the worker reads from its
    // file (the run is IMPORTING now, so no cancel can remove it meanwhile).
    const { analysis } = await ctx.migration.analysis.analyze(
      run.fileName,
      { path: uploadPath(ctx.migration.uploadDir, run.id) },
      analyzerCtx,
      { reuse: run.id },
    );
    // The plan is about to be written: end the idle worker (its heap holds the parsed export)
    // and collect what earlier requests left (an upload's multipart buffers), so the import
    // reuses that memory instead of growing past it.
    await ctx.migration.analysis.release();
    collectGarbage();
    progress(30, 're-analysed');
    // Settings, items, state, report row and audit in one transaction: all of it, or nothing.
    const { done, summary } = await inTransaction(
      ctx.db,
      async (tx) => {
        const t = { ...ctx, db: tx };
        const summary = await applyPlan(tx, ctx.dbKind, ctx.tenantId, run.id, analysis.plan, run.mode, started);
        await testPause(ctx, 'import', run.id);
        const itemsDigest = await storeItems(t, run.id, analysis.items, run.itemsDigest);
        const finishedAt = ctx.clock.now();
        const ok = await compareAndSet(tx, run.id, 'IMPORTING', {
          state: 'COMPLETED',
          importSummary: summary as object,
          itemsDigest,
          counts: countByCategory(analysis.items),
          prerequisites: analysis.prerequisites as object,
          finishedAt,
        });
        if (!ok) throw await stateInvalid(tx, run.id, MIGRATION_ACTIONS.imported);
        await keepOnlyLatestReports(t, run.id);
        await tx.migrationReportFile.upsert({
          where: { runId_kind: { runId: run.id, kind: 'MIGRATION' } },
          create: { runId: run.id, kind: 'MIGRATION', generatedAt: finishedAt, expiresAt: reportExpiresAt(finishedAt) },
          update: { generatedAt: finishedAt, expiresAt: reportExpiresAt(finishedAt) },
        });
        await recordAudit(t, {
          eventType: 'MIGRATION_IMPORT_COMPLETED',
          targetType: 'MigrationRun',
          targetId: run.id,
          targetName: run.fileName,
          changes: [...runAuditFields(run), { field: 'Rules', newValue: String(summary.rules), previousValue: null }],
        });
        return { done: await tx.migrationRun.findUniqueOrThrow({ where: { id: run.id } }), summary };
      },
      { timeoutMs: IMPORT_TIMEOUT_MS },
    );
    announcePolicyChange(ctx);
    progress(80, 'settings imported');
    collectGarbage();
    await removeUpload(ctx.migration.uploadDir, run.id);
    ctx.log.info({ runId: run.id, rules: summary.rules }, 'migration imported');
    progress(100, 'migration report ready', 'COMPLETED');
    return done;
  } catch (err) {
    const detail = err instanceof ExpectedError ? err.messageIn('en') : 'the database refused the change';
    const detailJa = err instanceof ExpectedError ? err.messageIn('ja') : 'データベースが変更を受け付けませんでした';
    if (err instanceof ExpectedError && err.code === INTERRUPTED) {
      // The app is stopping: nothing was imported, and the run can be restarted from its upload.
      return failRun(ctx, run.id, 'IMPORTING', {
        code: INTERRUPTED,
        message: err.messageIn('en'),
        messageJa: err.messageIn('ja'),
        keepUpload: true,
      });
    }
    ctx.log.error({ err, runId: run.id }, 'migration import failed');
    return failRun(ctx, run.id, 'IMPORTING', {
      code: err instanceof ExpectedError ? err.code : 'MIGRATION_IMPORT_FAILED',
      message: migrationErrors.error('MIGRATION_IMPORT_FAILED', { detail }).messageIn('en'),
      messageJa: migrationErrors.error('MIGRATION_IMPORT_FAILED', { detail: detailJa }).messageIn('ja'),
    });
  }
}
