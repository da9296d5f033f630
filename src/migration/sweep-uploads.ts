// sweepUploads: removes kept uploads nobody can use any more. An upload is kept only while
// its run can still be imported (ANALYZED) or restarted (FAILED / MIGRATION_INTERRUPTED),
// or is being worked on (ANALYZING, IMPORTING); only for the tenant's latest run (a newer
// run supersedes it); and for at most MIGRATION_UPLOAD_RETENTION_HOURS after the run's
// last change. Partial saves (.tmp) of runs not being analysed, and files of runs that no
// longer exist, go too. The use-cases remove uploads as runs end; this catches the rest
// (crashes, expiry), at start and on a timer.
import { INTERRUPTED } from './run-state.js';
import type { MaintenanceContext } from './recover-interrupted-runs.js';
import { listUploads, removePartialUpload, removeUpload } from './upload-store.js';

const HOUR_MS = 3_600_000;

/** Returns how many files it removed. */
export async function sweepUploads(ctx: MaintenanceContext): Promise<number> {
  const dir = ctx.migration.uploadDir;
  const files = await listUploads(dir);
  if (files.length === 0) return 0;
  const runs = await ctx.db.migrationRun.findMany({
    where: { id: { in: [...new Set(files.map((f) => f.runId))] } },
    select: { id: true, tenantId: true, state: true, failureCode: true, createdAt: true, analyzedAt: true, finishedAt: true },
  });
  const byId = new Map(runs.map((r) => [r.id, r]));
  const latest = new Map<string, string | undefined>();
  for (const tenantId of new Set(runs.map((r) => r.tenantId))) {
    const r = await ctx.db.migrationRun.findFirst({
      where: { tenantId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    latest.set(tenantId, r?.id);
  }
  const now = ctx.clock.now().getTime();
  const maxAgeMs = ctx.migration.uploadRetentionHours * HOUR_MS;
  let removed = 0;
  for (const f of files) {
    const run = byId.get(f.runId);
    const working = run?.state === 'ANALYZING' || run?.state === 'IMPORTING';
    let keep: boolean;
    if (f.partial) keep = run?.state === 'ANALYZING';
    else if (!run) keep = false;
    else if (working) keep = true;
    else {
      const usable = run.state === 'ANALYZED' || (run.state === 'FAILED' && run.failureCode === INTERRUPTED);
      const changedAt = Math.max(run.createdAt.getTime(), run.analyzedAt?.getTime() ?? 0, run.finishedAt?.getTime() ?? 0);
      keep = usable && latest.get(run.tenantId) === run.id && now - changedAt < maxAgeMs;
    }
    if (keep) continue;
    if (f.partial) await removePartialUpload(dir, f.runId);
    else await removeUpload(dir, f.runId);
    removed++;
  }
  if (removed) ctx.log.info({ removed }, 'migration uploads removed (ended, superseded or past MIGRATION_UPLOAD_RETENTION_HOURS)');
  return removed;
}
