// What the migration capability runs for the life of an app: the analysis worker pool, the
// run leases, and the upkeep of runs and uploads (recovery of interrupted runs, removal of
// uploads nobody can use), at start and on a timer. createApp makes one and calls start()
// when it listens and stop() when it stops; the operator command (`npm run migrate`) never
// starts it, so it never recovers or sweeps another process's runs.
import type { Db } from '../db/client.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';
import { createAnalysisPool } from './analysis-pool.js';
import type { MigrationSettings, TestPause } from './migration-context.js';
import { recoverInterruptedRuns, type MaintenanceContext } from './recover-interrupted-runs.js';
import { createRunLeases } from './run-leases.js';
import { sweepUploads } from './sweep-uploads.js';

/**
 * How often uploads are swept (and, on PostgreSQL, runs of dead instances recovered). An
 * hour is fine-grained enough for a retention counted in hours.
 */
export const MIGRATION_UPKEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface MigrationRuntimeOptions {
  db: Db;
  database: { kind: 'sqlite' } | { kind: 'postgresql'; url: string };
  clock: Clock;
  log: Log;
  events: Events;
  uploadDir: string;
  maxUploadBytes: number;
  imssMinBuild: number;
  imsvaMinBuild: number;
  uploadRetentionHours: number;
  testPause: TestPause | null;
}

export interface MigrationRuntime {
  settings: MigrationSettings;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createMigrationRuntime(opts: MigrationRuntimeOptions): MigrationRuntime {
  const settings: MigrationSettings = {
    uploadDir: opts.uploadDir,
    maxUploadBytes: opts.maxUploadBytes,
    imssMinBuild: opts.imssMinBuild,
    imsvaMinBuild: opts.imsvaMinBuild,
    uploadRetentionHours: opts.uploadRetentionHours,
    testPause: opts.testPause,
    analysis: createAnalysisPool(),
    leases: createRunLeases(opts.database, opts.log),
  };
  const ctx: MaintenanceContext = {
    db: opts.db,
    dbKind: opts.database.kind,
    clock: opts.clock,
    log: opts.log,
    events: opts.events,
    migration: settings,
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const upkeep = (recover: boolean) =>
    (running ??= (async () => {
      try {
        if (recover) await recoverInterruptedRuns(ctx);
        await sweepUploads(ctx);
      } catch (err) {
        opts.log.error({ err }, 'migration upkeep failed; it is tried again at the next interval');
      } finally {
        running = null;
      }
    })());
  return {
    settings,
    async start() {
      // At start every stuck run of a dead process is failed. Later, only PostgreSQL's leases
      // tell a dead instance from a live one in another process (a SQLite file has one server).
      await upkeep(true);
      timer = setInterval(() => void upkeep(opts.database.kind === 'postgresql'), MIGRATION_UPKEEP_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      await settings.analysis.close();
      await settings.leases.close();
    },
  };
}
