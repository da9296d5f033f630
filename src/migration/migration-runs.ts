// The rows of a migration run, read and written by the use-cases (start, confirm, cancel,
// restart): the tenant's run by id, its items, its report rows, and the audit fields that
// name it. No use-case here: callers own the transaction and pass it as `ctx.db`.
import { createHash, randomUUID } from 'node:crypto';
import type { AuditChange } from '../audit/audit-event.js';
import { bulkInsert } from '../db/bulk-insert.js';
import type { MigrationMode } from '../db/enums.js';
import type { MigrationRun } from '../generated/prisma/sqlite/client.js';
import { migrationErrors } from './errors.js';
import type { MigrationContext } from './migration-context.js';
import type { AnalysisItem } from './plan.js';

export const MODE_LABEL = { MERGE: { en: 'Merge', ja: '統合' }, OVERWRITE: { en: 'Overwrite', ja: '上書き' } } as const;

/** The fields of the migration audit events (the JP guide: ファイル名, 処理, 作成日時). */
export function runAuditFields(run: { fileName: string; mode: MigrationMode; createdAt: Date }): AuditChange[] {
  return [
    { field: 'File name', newValue: run.fileName, previousValue: null },
    { field: 'Operation', newValue: `${MODE_LABEL[run.mode].en} (${MODE_LABEL[run.mode].ja})`, previousValue: null },
    { field: 'Created', newValue: run.createdAt.toISOString(), previousValue: null },
  ];
}

/** The tenant's run; another tenant's run is MIGRATION_NOT_FOUND, as if it did not exist. */
export async function findRun(ctx: MigrationContext, id: string): Promise<MigrationRun> {
  const run = await ctx.db.migrationRun.findFirst({ where: { id, tenantId: ctx.tenantId } });
  if (!run) throw migrationErrors.error('MIGRATION_NOT_FOUND', { id }, 'id');
  return run;
}

const ITEM_COLUMNS = {
  id: 'text',
  runId: 'text',
  seq: 'int',
  code: 'text',
  category: 'text',
  sourcePath: 'text',
  destination: 'text',
  message: 'text',
  messageJa: 'text',
  fix: 'text',
  fixJa: 'text',
} as const;

/**
 * Stores the run's items unless they equal the stored ones (same digest): an import that
 * re-analyses to the same items does not rewrite thousands of rows. Returns the digest.
 */
export async function storeItems(
  ctx: MigrationContext,
  runId: string,
  items: AnalysisItem[],
  storedDigest: string | null,
): Promise<string> {
  const digest = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  if (digest === storedDigest) return digest;
  await ctx.db.migrationItem.deleteMany({ where: { runId } });
  await bulkInsert(
    ctx.db,
    ctx.dbKind,
    'MigrationItem',
    ITEM_COLUMNS,
    items.map((it, i) => ({ id: randomUUID(), runId, seq: i + 1, ...it })),
  );
  return digest;
}

/** Only the latest run's reports are kept (CEGP keeps no history). */
export async function keepOnlyLatestReports(ctx: MigrationContext, runId: string): Promise<void> {
  await ctx.db.migrationReportFile.deleteMany({ where: { run: { tenantId: ctx.tenantId }, runId: { not: runId } } });
}
