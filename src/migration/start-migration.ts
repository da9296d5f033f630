// startMigration: step 1 of the wizard. Creates a run, analyses the export and stores the
// items; changes no policy setting. An export that cannot be migrated at all ends the run
// as FAILED with its reason (and the caller shows the reason as a user error).
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { MigrationMode } from '../db/enums.js';
import { ExpectedError } from '../platform/errors.js';
import { collectGarbage } from '../platform/memory.js';
import type { MigrationRun } from '../generated/prisma/sqlite/client.js';
import { analyzerContextFor } from './analyze-upload.js';
import { bundleErrors } from './bundle.js';
import type { MigrationContext } from './migration-context.js';
import { keepOnlyLatestReports, runAuditFields, storeItems } from './migration-runs.js';
import { countByCategory } from './plan.js';
import { reportExpiresAt } from './reports/report-expiry.js';
import { removeUpload, saveUpload, uploadPath } from './upload-store.js';
import { analysisSuperseded, compareAndSet, failRun, INTERRUPTED, testPause } from './run-state.js';
import { migrationErrors } from './errors.js';
import { inTransaction } from '../db/client.js';

export interface StartMigrationInput {
  fileName: string;
  /**
   * The export: its bytes, or the uploaded file itself, which is streamed to disk and never
   * copied whole into this thread's memory (a copy of a 26 MB upload stayed alive through the
   * whole analysis, and as garbage well after it).
   */
  bytes: Uint8Array | Blob;
  mode?: MigrationMode | null;
  /** The interrupted run this one restarts (restartMigration), named in the audit entry. */
  restartOf?: string;
}

export interface StartMigrationResult {
  run: MigrationRun;
  /** Why the export was refused, when it was. */
  rejection: ExpectedError | null;
}

/** The analysis's write transaction (items of the largest export) gets the import's budget. */
const ANALYSIS_WRITE_TIMEOUT_MS = 120_000;

export async function startMigration(ctx: MigrationContext, input: StartMigrationInput): Promise<StartMigrationResult> {
  const mode = input.mode ?? 'MERGE';
  const fileName = (input.fileName || 'export.dat').slice(0, 255);
  // The id is chosen here so that the run's lease is held before its row exists: recovery in
  // another instance never sees an ANALYZING run nobody holds.
  const runId = randomUUID();
  const lease = await ctx.migration.leases.acquire(runId);
  if (!lease) throw migrationErrors.error('MIGRATION_BUSY');
  try {
    return await analyseAsRun(ctx, runId, fileName, mode, input);
  } finally {
    await lease.release();
  }
}

async function analyseAsRun(
  ctx: MigrationContext,
  runId: string,
  fileName: string,
  mode: MigrationMode,
  input: StartMigrationInput,
): Promise<StartMigrationResult> {
  const now = ctx.clock.now();
  const sizeBytes = input.bytes instanceof Uint8Array ? input.bytes.byteLength : input.bytes.size;
  const run = await inTransaction(ctx.db, async (tx) => {
    const created = await tx.migrationRun.create({
      data: {
        id: runId,
        tenantId: ctx.tenantId,
        fileName,
        sizeBytes,
        mode,
        state: 'ANALYZING',
        prerequisites: [],
        counts: {},
        createdAt: now,
      },
    });
    const restarted = input.restartOf ? [{ field: 'Restart of', newValue: input.restartOf, previousValue: null }] : [];
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'MIGRATION_ANALYSIS_STARTED',
        targetType: 'MigrationRun',
        targetId: created.id,
        targetName: fileName,
        changes: [...runAuditFields(created), ...restarted],
      },
    );
    return created;
  });
  const progress = (percent: number, step: string, state = 'ANALYZING') =>
    ctx.events.emit('migration.progress', { tenantId: ctx.tenantId, runId: run.id, state, percent, step, at: ctx.clock.now() });
  progress(0, 'upload received');
  try {
    if (sizeBytes > ctx.migration.maxUploadBytes) {
      throw bundleErrors.error('BUNDLE_TOO_LARGE', { maxMb: Math.round(ctx.migration.maxUploadBytes / 1024 / 1024) });
    }
    // Kept before the analysis, so a run interrupted by a crash can be restarted from it;
    // the tenant's older uploads are superseded (only the latest run can be imported).
    await saveUpload(ctx.migration.uploadDir, run.id, input.bytes);
    await removeSupersededUploads(ctx, run.id);
    const analyzerCtx = await analyzerContextFor(ctx.db, ctx.tenantId, ctx.migration);
    // The worker reads the kept file: only the members it parses are loaded there.
    const upload = { path: uploadPath(ctx.migration.uploadDir, run.id) };
    const { manifest, analysis } = await ctx.migration.analysis.analyze(fileName, upload, analyzerCtx, { keepAs: run.id, withPlan: false });
    progress(60, 'analysed');
    const analyzedAt = ctx.clock.now();
    // Items, state and report row together: a crash leaves an ANALYZING run without items.
    const updated = await inTransaction(
      ctx.db,
      async (tx) => {
        const t = { ...ctx, db: tx };
        const itemsDigest = await storeItems(t, run.id, analysis.items, null);
        await testPause(ctx, 'analysis', run.id);
        const ok = await compareAndSet(tx, run.id, 'ANALYZING', {
          state: 'ANALYZED',
          product: manifest.product,
          version: manifest.version,
          build: manifest.build,
          language: manifest.language,
          sourceHost: manifest.host,
          exportedAt: manifest.exportedAt,
          prerequisites: analysis.prerequisites as object,
          counts: countByCategory(analysis.items),
          itemsDigest,
          analyzedAt,
        });
        if (!ok) throw await analysisSuperseded(tx, run.id);
        await keepOnlyLatestReports(t, run.id);
        await tx.migrationReportFile.create({
          data: { runId: run.id, kind: 'ANALYSIS', generatedAt: analyzedAt, expiresAt: reportExpiresAt(analyzedAt) },
        });
        return tx.migrationRun.findUniqueOrThrow({ where: { id: run.id } });
      },
      { timeoutMs: ANALYSIS_WRITE_TIMEOUT_MS },
    );
    // The items' writes left garbage on this thread (up to bulkInsert's budget) that V8
    // would keep while the report, which usually comes next, renders on top of it.
    collectGarbage();
    progress(90, 'items stored');
    progress(100, 'analysis report ready', 'ANALYZED');
    return { run: updated, rejection: null };
  } catch (err) {
    if (!(err instanceof ExpectedError)) {
      const t = migrationErrors.error('MIGRATION_INTERNAL_ERROR');
      await failRun(ctx, run.id, 'ANALYZING', {
        code: 'MIGRATION_INTERNAL_ERROR',
        message: t.messageIn('en'),
        messageJa: t.messageIn('ja'),
      });
      throw err;
    }
    // An interrupted run (the app is stopping) keeps its upload, to be restarted.
    const keepUpload = err.code === INTERRUPTED;
    const failed = await failRun(ctx, run.id, 'ANALYZING', {
      code: err.code,
      message: err.messageIn('en'),
      messageJa: err.messageIn('ja'),
      keepUpload,
    });
    return { run: failed, rejection: err };
  }
}

/** Removes the uploads of the tenant's other runs: a newer run supersedes them. */
async function removeSupersededUploads(ctx: MigrationContext, runId: string): Promise<void> {
  const older = await ctx.db.migrationRun.findMany({
    where: { tenantId: ctx.tenantId, id: { not: runId }, state: { in: ['ANALYZING', 'ANALYZED', 'IMPORTING', 'FAILED'] } },
    select: { id: true },
  });
  for (const r of older) await removeUpload(ctx.migration.uploadDir, r.id);
}
