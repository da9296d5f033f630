// restartMigration: a run the server stopped in the middle of, analysed again from its
// kept upload (the administrator does not upload the export a second time).
import { migrationErrors } from './errors.js';
import type { MigrationContext } from './migration-context.js';
import { findRun } from './migration-runs.js';
import { INTERRUPTED } from './run-state.js';
import { startMigration, type StartMigrationResult } from './start-migration.js';
import { readUpload } from './upload-store.js';

/**
 * Analyses the kept upload of a run the server stopped in the middle of (MIGRATION_INTERRUPTED)
 * as a new run, with the same file name and mode: what an administrator expects after a
 * restart, without uploading the export again. The old run stays FAILED; its upload is
 * superseded by the new run's.
 */
export async function restartMigration(ctx: MigrationContext, id: string): Promise<StartMigrationResult> {
  const run = await findRun(ctx, id);
  if (run.state !== 'FAILED' || run.failureCode !== INTERRUPTED) {
    throw migrationErrors.error(
      'MIGRATION_NOT_RESTARTABLE',
      { id, state: run.state === 'FAILED' ? `FAILED (${run.failureCode ?? ''})` : run.state },
      'id',
    );
  }
  const bytes = await readUpload(ctx.migration.uploadDir, run.id);
  if (!bytes) throw migrationErrors.error('MIGRATION_FILE_MISSING', { id }, 'id');
  return startMigration(ctx, { fileName: run.fileName, bytes, mode: run.mode, restartOf: run.id });
}
