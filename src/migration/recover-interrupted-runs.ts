// recoverInterruptedRuns: after a crash (kill -9, power loss), runs the dead process was
// analysing or importing stay ANALYZING / IMPORTING, and its import lock stays taken. This
// fails each such run as FAILED / MIGRATION_INTERRUPTED (with an audit entry by the
// system), keeps its upload so it can be restarted, and releases its import lock. A run
// whose lease a live process holds (run-leases.ts) is left alone, so an instance starting
// next to another on one PostgreSQL database never fails the other's work.
import type { Db, DbKind } from '../db/client.js';
import type { MigrationState } from '../db/enums.js';
import { SYSTEM_ACTOR, useCaseContext } from '../db/use-case-context.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';
import { migrationErrors } from './errors.js';
import type { MigrationSettings } from './migration-context.js';
import { failRun, INTERRUPTED, releaseImportLock } from './run-state.js';

export interface MaintenanceContext {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  events: Events;
  migration: MigrationSettings;
}

/** Returns the ids of the runs it failed. */
export async function recoverInterruptedRuns(ctx: MaintenanceContext): Promise<string[]> {
  const stuck = await ctx.db.migrationRun.findMany({
    where: { state: { in: ['ANALYZING', 'IMPORTING'] } },
    select: { id: true, tenantId: true, state: true },
  });
  const locks = await ctx.db.migrationImportLock.findMany({ select: { runId: true } });
  const runs = new Map<string, { tenantId: string; state: MigrationState } | null>(stuck.map((r) => [r.id, r]));
  for (const l of locks) if (!runs.has(l.runId)) runs.set(l.runId, null);
  const failed: string[] = [];
  const t = migrationErrors.error('MIGRATION_INTERRUPTED');
  for (const [runId, run] of runs) {
    const lease = await ctx.migration.leases.acquire(runId);
    if (!lease) continue; // a live process is working on it
    try {
      if (run) {
        const useCase = useCaseContext(ctx, { tenantId: run.tenantId, actor: SYSTEM_ACTOR });
        const after = await failRun(useCase, runId, run.state, {
          code: INTERRUPTED,
          message: t.messageIn('en'),
          messageJa: t.messageIn('ja'),
          keepUpload: true,
        });
        if (after.failureCode === INTERRUPTED) failed.push(runId);
      }
      await releaseImportLock(ctx.db, runId);
    } finally {
      await lease.release();
    }
  }
  if (failed.length)
    ctx.log.warn({ runIds: failed }, 'migration runs interrupted by a stop were failed (MIGRATION_INTERRUPTED); their uploads are kept');
  return failed;
}
