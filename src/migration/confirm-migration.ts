// confirmMigration: steps 2→3 of the wizard. Re-analyses the same export against the
// current CEGP state and imports it in one transaction: all of it, or nothing.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { DomainError } from '../platform/errors.js';
import { collectGarbage } from '../platform/memory.js';
import type { MigrationRun } from '../generated/prisma/sqlite/client.js';
import { analyzerContextFor, analyzeUpload } from './analyze-upload.js';
import { analyze } from './analyzer.js';
import { applyPlan } from './apply-plan.js';
import { migrationErrors } from './errors.js';
import { REPORT_RETENTION_DAYS, type MigrationContext } from './migration-context.js';
import { countByCategory } from './plan.js';
import { failRun, keepOnlyLatestReports, runAuditFields, storeItems } from './start-migration.js';
import { readUpload, removeUpload } from './upload-store.js';

const DAY_MS = 86_400_000;
/**
 * The import transaction's budget. An export at the benchmark size (10,000 rules, 100,000
 * addresses) imports in a few seconds; this leaves room for a slow disk without letting a
 * stuck import hold the database for ever.
 */
export const IMPORT_TIMEOUT_MS = 120_000;

export async function findRun(ctx: MigrationContext, id: string): Promise<MigrationRun> {
  const run = await ctx.db.migrationRun.findFirst({ where: { id, tenantId: ctx.tenantId } });
  if (!run) throw migrationErrors.error('MIGRATION_NOT_FOUND', { id }, 'id');
  return run;
}

export async function confirmMigration(ctx: MigrationContext, id: string): Promise<MigrationRun> {
  const run = await findRun(ctx, id);
  if (run.state !== 'ANALYZED') throw migrationErrors.error('MIGRATION_STATE_INVALID', { id, state: run.state, action: 'imported' }, 'id');
  const cached = ctx.migration.cache?.take(run.id);
  const bytes = cached ? null : await readUpload(ctx.migration.uploadDir, run.id);
  if (!cached && !bytes) throw migrationErrors.error('MIGRATION_FILE_MISSING', { id }, 'id');
  const started = ctx.clock.now();
  // Claim the run: a second confirm racing this one finds it IMPORTING and is refused.
  const claimed = await ctx.db.migrationRun.updateMany({ where: { id: run.id, state: 'ANALYZED' }, data: { state: 'IMPORTING', importStartedAt: started } });
  if (claimed.count === 0) throw migrationErrors.error('MIGRATION_STATE_INVALID', { id, state: 'IMPORTING', action: 'imported' }, 'id');
  await recordAudit(ctx, {
    eventType: 'MIGRATION_IMPORT_STARTED',
    targetType: 'MigrationRun',
    targetId: run.id,
    targetName: run.fileName,
    changes: runAuditFields(run),
  });
  const progress = (percent: number, step: string, state = 'IMPORTING') =>
    ctx.events.emit('migration.progress', { tenantId: ctx.tenantId, runId: run.id, state, percent, step, at: ctx.clock.now() });
  progress(0, 'import started');
  try {
    const analyzerCtx = await analyzerContextFor(ctx.db, ctx.tenantId, ctx.migration);
    const analysis = cached ? analyze(cached, analyzerCtx) : (await analyzeUpload(run.fileName, bytes!, analyzerCtx)).analysis;
    progress(30, 're-analysed');
    collectGarbage();
    const summary = await inTransaction(ctx.db, (tx) => applyPlan(tx, ctx.dbKind, ctx.tenantId, run.id, analysis.plan, run.mode, started), { timeoutMs: IMPORT_TIMEOUT_MS });
    progress(80, 'settings imported');
    collectGarbage();
    const itemsDigest = await storeItems(ctx, run.id, analysis.items, run.itemsDigest);
    const finishedAt = ctx.clock.now();
    const done = await ctx.db.migrationRun.update({
      where: { id: run.id },
      data: { state: 'COMPLETED', importSummary: summary as object, itemsDigest, counts: countByCategory(analysis.items), prerequisites: analysis.prerequisites as object, finishedAt },
    });
    await keepOnlyLatestReports(ctx, run.id);
    await ctx.db.migrationReportFile.upsert({
      where: { runId_kind: { runId: run.id, kind: 'MIGRATION' } },
      create: { runId: run.id, kind: 'MIGRATION', generatedAt: finishedAt, expiresAt: new Date(finishedAt.getTime() + REPORT_RETENTION_DAYS * DAY_MS) },
      update: { generatedAt: finishedAt, expiresAt: new Date(finishedAt.getTime() + REPORT_RETENTION_DAYS * DAY_MS) },
    });
    await removeUpload(ctx.migration.uploadDir, run.id);
    await recordAudit(ctx, {
      eventType: 'MIGRATION_IMPORT_COMPLETED',
      targetType: 'MigrationRun',
      targetId: run.id,
      targetName: run.fileName,
      changes: [...runAuditFields(run), { field: 'Rules', newValue: String(summary.rules), previousValue: null }],
    });
    progress(100, 'migration report ready', 'COMPLETED');
    return done;
  } catch (err) {
    const detail = err instanceof DomainError ? err.messageIn('en') : 'the database refused the change';
    const detailJa = err instanceof DomainError ? err.messageIn('ja') : 'データベースが変更を受け付けませんでした';
    ctx.log.error({ err, runId: run.id }, 'migration import failed');
    const e = migrationErrors.error('MIGRATION_IMPORT_FAILED', { detail });
    return failRun(ctx, run.id, err instanceof DomainError ? err.code : 'MIGRATION_IMPORT_FAILED', e.messageIn('en'), migrationErrors.error('MIGRATION_IMPORT_FAILED', { detail: detailJa }).messageIn('ja'));
  }
}

export async function cancelMigration(ctx: MigrationContext, id: string): Promise<MigrationRun> {
  const run = await findRun(ctx, id);
  if (run.state !== 'ANALYZED') throw migrationErrors.error('MIGRATION_STATE_INVALID', { id, state: run.state, action: 'cancelled' }, 'id');
  await removeUpload(ctx.migration.uploadDir, run.id);
  const cancelled = await ctx.db.migrationRun.update({ where: { id: run.id }, data: { state: 'CANCELLED', finishedAt: ctx.clock.now() } });
  await recordAudit(ctx, { eventType: 'MIGRATION_CANCELLED', targetType: 'MigrationRun', targetId: run.id, targetName: run.fileName, changes: [] });
  ctx.events.emit('migration.progress', { tenantId: ctx.tenantId, runId: run.id, state: 'CANCELLED', percent: 100, step: 'cancelled', at: ctx.clock.now() });
  return cancelled;
}
