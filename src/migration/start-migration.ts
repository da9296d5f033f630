// startMigration: step 1 of the wizard. Creates a run, analyses the export and stores the
// items; changes no policy setting. An export that cannot be migrated at all ends the run
// as FAILED with its reason (and the caller shows the reason as a user error).
import type { AuditChange } from '../audit/audit-event.js';
import { createHash, randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import { bulkInsert } from '../db/bulk-insert.js';
import type { MigrationMode } from '../db/enums.js';
import { DomainError } from '../platform/errors.js';
import { collectGarbage } from '../platform/memory.js';
import type { MigrationRun } from '../generated/prisma/sqlite/client.js';
import { analyzerContextFor, analyzeUpload } from './analyze-upload.js';
import { bundleErrors } from './bundle.js';
import { REPORT_RETENTION_DAYS, type MigrationContext } from './migration-context.js';
import { countByCategory, type AnalysisItem } from './plan.js';
import { removeUpload, saveUpload } from './upload-store.js';

export interface StartMigrationInput {
  fileName: string;
  bytes: Uint8Array;
  mode?: MigrationMode | null;
}

export interface StartMigrationResult {
  run: MigrationRun;
  /** Why the export was refused, when it was. */
  rejection: DomainError | null;
}

const DAY_MS = 86_400_000;

export const MODE_LABEL = { MERGE: { en: 'Merge', ja: '統合' }, OVERWRITE: { en: 'Overwrite', ja: '上書き' } } as const;

/** The fields of the migration audit events (the JP guide: ファイル名, 処理, 作成日時). */
export function runAuditFields(run: { fileName: string; mode: MigrationMode; createdAt: Date }): AuditChange[] {
  return [
    { field: 'File name', newValue: run.fileName, previousValue: null },
    { field: 'Operation', newValue: `${MODE_LABEL[run.mode].en} (${MODE_LABEL[run.mode].ja})`, previousValue: null },
    { field: 'Created', newValue: run.createdAt.toISOString(), previousValue: null },
  ];
}

export async function startMigration(ctx: MigrationContext, input: StartMigrationInput): Promise<StartMigrationResult> {
  const mode = input.mode ?? 'MERGE';
  const fileName = (input.fileName || 'export.dat').slice(0, 255);
  const now = ctx.clock.now();
  const run = await ctx.db.migrationRun.create({
    data: { tenantId: ctx.tenantId, fileName, sizeBytes: input.bytes.byteLength, mode, state: 'ANALYZING', prerequisites: [], counts: {}, createdAt: now },
  });
  await recordAudit(ctx, {
    eventType: 'MIGRATION_ANALYSIS_STARTED',
    targetType: 'MigrationRun',
    targetId: run.id,
    targetName: fileName,
    changes: runAuditFields(run),
  });
  const progress = (percent: number, step: string, state = 'ANALYZING') =>
    ctx.events.emit('migration.progress', { tenantId: ctx.tenantId, runId: run.id, state, percent, step, at: ctx.clock.now() });
  progress(0, 'upload received');
  try {
    if (input.bytes.byteLength > ctx.migration.maxUploadBytes) {
      throw bundleErrors.error('BUNDLE_TOO_LARGE', { maxMb: Math.round(ctx.migration.maxUploadBytes / 1024 / 1024) });
    }
    const analyzerCtx = await analyzerContextFor(ctx.db, ctx.tenantId, ctx.migration);
    const { source, analysis } = await analyzeUpload(fileName, input.bytes, analyzerCtx);
    progress(60, 'analysed');
    await saveUpload(ctx.migration.uploadDir, run.id, input.bytes);
    ctx.migration.cache?.set(run.id, source);
    const itemsDigest = await storeItems(ctx, run.id, analysis.items, null);
    collectGarbage();
    progress(90, 'items stored');
    const analyzedAt = ctx.clock.now();
    const updated = await ctx.db.migrationRun.update({
      where: { id: run.id },
      data: {
        state: 'ANALYZED',
        product: source.manifest.product,
        version: source.manifest.version,
        build: source.manifest.build,
        language: source.manifest.language,
        sourceHost: source.manifest.host,
        exportedAt: source.manifest.exportedAt,
        prerequisites: analysis.prerequisites as object,
        counts: countByCategory(analysis.items),
        itemsDigest,
        analyzedAt,
      },
    });
    await keepOnlyLatestReports(ctx, run.id);
    await ctx.db.migrationReportFile.create({ data: { runId: run.id, kind: 'ANALYSIS', generatedAt: analyzedAt, expiresAt: new Date(analyzedAt.getTime() + REPORT_RETENTION_DAYS * DAY_MS) } });
    progress(100, 'analysis report ready', 'ANALYZED');
    return { run: updated, rejection: null };
  } catch (err) {
    if (!(err instanceof DomainError)) {
      await failRun(ctx, run.id, 'MIGRATION_INTERNAL_ERROR', 'The analysis stopped unexpectedly.', '解析が予期せず停止しました。');
      throw err;
    }
    const failed = await failRun(ctx, run.id, err.code, err.messageIn('en'), err.messageIn('ja'));
    return { run: failed, rejection: err };
  }
}

const ITEM_COLUMNS = { id: 'text', runId: 'text', seq: 'int', code: 'text', category: 'text', sourcePath: 'text', destination: 'text', message: 'text', messageJa: 'text', fix: 'text', fixJa: 'text' } as const;

/**
 * Stores the run's items unless they equal the stored ones (same digest): an import that
 * re-analyses to the same items does not rewrite thousands of rows. Returns the digest.
 */
export async function storeItems(ctx: MigrationContext, runId: string, items: AnalysisItem[], storedDigest: string | null): Promise<string> {
  const digest = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  if (digest === storedDigest) return digest;
  await ctx.db.migrationItem.deleteMany({ where: { runId } });
  await bulkInsert(ctx.db, ctx.dbKind, 'MigrationItem', ITEM_COLUMNS, items.map((it, i) => ({ id: randomUUID(), runId, seq: i + 1, ...it })));
  return digest;
}

/** Only the latest run's reports are kept (CEGP keeps no history). */
export async function keepOnlyLatestReports(ctx: MigrationContext, runId: string): Promise<void> {
  await ctx.db.migrationReportFile.deleteMany({ where: { run: { tenantId: ctx.tenantId }, runId: { not: runId } } });
}

export async function failRun(ctx: MigrationContext, runId: string, code: string, message: string, messageJa: string): Promise<MigrationRun> {
  await removeUpload(ctx.migration.uploadDir, runId);
  const run = await ctx.db.migrationRun.update({
    where: { id: runId },
    data: { state: 'FAILED', failureCode: code, failureMessage: message, failureMessageJa: messageJa, finishedAt: ctx.clock.now() },
  });
  await recordAudit(ctx, {
    eventType: 'MIGRATION_FAILED',
    targetType: 'MigrationRun',
    targetId: runId,
    targetName: run.fileName,
    changes: [{ field: 'Reason', newValue: `${code}: ${message}`, previousValue: null }],
  });
  ctx.events.emit('migration.progress', { tenantId: ctx.tenantId, runId, state: 'FAILED', percent: 100, step: code, at: ctx.clock.now() });
  return run;
}
