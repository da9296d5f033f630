// One database's run of the migration benchmark, in its own process so that its peak
// memory is its own: a fresh app on the given database, the export's domains registered
// and verified over the mock DNS (as src/app/demo.ts does), then startMigration (analysis)
// and confirmMigration (re-analysis + import) timed and sampled. Prints one JSON line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pino } from 'pino';
import { appServices } from '../../src/app/app-services.js';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { addDomain } from '../../src/domains/add-domain.js';
import { verificationRecordOf } from '../../src/domains/domain.js';
import { verifyDomain } from '../../src/domains/verify-domain.js';
import { setDnsRecord } from '../../src/dns/set-dns-record.js';
import { confirmMigration } from '../../src/migration/confirm-migration.js';
import type { MigrationContext } from '../../src/migration/migration-context.js';
import { startMigration } from '../../src/migration/start-migration.js';
import { LOCAL_ADMIN, useCaseContext } from '../../src/db/use-case-context.js';
import type { Events, MigrationProgressEvent } from '../../src/platform/events.js';
import { componentLogger, type Log } from '../../src/platform/logger.js';
import { maxRssBytes, startMemorySampler, type MemorySampler } from './memory-sampler.js';
import { BENCH_DOMAINS, isDbKind, UsageError, type BenchDbKind } from './migration-options.js';

/** Errors only, on stderr: stdout carries the result. */
const WORKER_LOG_LEVEL = 'error';
const STDERR_FD = 2;
const MS_PER_S = 1000;

export type UseCaseName = 'analysis' | 'import';

export interface PhaseTiming {
  useCase: UseCaseName;
  /** The `migration.progress` step that ends the phase (src/migration/*-migration.ts). */
  step: string;
  seconds: number;
  peakRssBytes: number;
}

export interface WorkerResult {
  database: BenchDbKind;
  setupSeconds: number;
  analysisSeconds: number;
  importSeconds: number;
  phases: PhaseTiming[];
  /** RSS just before startMigration (app started, domains verified, export read). */
  baselineRssBytes: number;
  sampledPeakRssBytes: number;
  /** Kernel high-water mark before the analysis and at the end. */
  maxRssBeforeBytes: number;
  maxRssAfterBytes: number;
  samples: number;
  state: string;
  analysisCounts: Record<string, number>;
  counts: Record<string, number>;
  importSummary: Record<string, number>;
}

/** Records phases between `migration.progress` events, with the RSS peak of each. */
class PhaseRecorder {
  readonly phases: PhaseTiming[] = [];
  private useCase: UseCaseName = 'analysis';
  private last = 0;

  constructor(private readonly sampler: MemorySampler) {}

  begin(useCase: UseCaseName): number {
    this.useCase = useCase;
    this.sampler.endSegment();
    this.last = performance.now();
    return this.last;
  }

  mark(step: string): void {
    const now = performance.now();
    this.phases.push({ useCase: this.useCase, step, seconds: (now - this.last) / MS_PER_S, peakRssBytes: this.sampler.endSegment() });
    this.last = now;
  }

  /** The tail after the last event belongs to the last phase. Returns the end time. */
  end(): number {
    const now = performance.now();
    const lastPhase = this.phases.at(-1);
    if (lastPhase?.useCase === this.useCase) {
      lastPhase.seconds += (now - this.last) / MS_PER_S;
      lastPhase.peakRssBytes = Math.max(lastPhase.peakRssBytes, this.sampler.endSegment());
    } else this.mark('(no progress event)');
    return now;
  }
}

/** The app's events, plus a synchronous timestamp at every migration progress step. */
function timedEvents(inner: Events, onStep: (step: string) => void): Events {
  return {
    emit: (name, payload) => {
      if (name === 'migration.progress') onStep((payload as MigrationProgressEvent).step);
      inner.emit(name, payload);
    },
    subscribe: (name, signal) => inner.subscribe(name, signal),
    on: (name, listener) => inner.on(name, listener),
  };
}

/** MX, domain, TXT `tmes=<token>`, verification: the tenant owns the export's domains. */
async function registerVerifiedDomains(app: App, log: Log, tenantId: string): Promise<void> {
  const ctx = useCaseContext(appServices(app, log), { tenantId, actor: LOCAL_ADMIN });
  for (const zone of BENCH_DOMAINS) {
    await setDnsRecord(ctx, { zone, name: zone, type: 'MX', priority: 10, value: `mail.${zone}` });
    const domain = await addDomain(ctx, {
      name: zone,
      inboundServers: [{ recipient: '*', host: `mail.${zone}`, port: 25, preference: 10 }],
    });
    const txt = verificationRecordOf(domain.name, domain.verificationToken);
    await setDnsRecord(ctx, { zone, name: txt.name, type: 'TXT', value: txt.value });
    const verified = await verifyDomain(ctx, domain.id);
    if (verified.domain.status !== 'COMPLETED') throw new Error(`${zone} could not be verified (status ${verified.domain.status}).`);
  }
}

export async function runWorker(database: BenchDbKind, exportPath: string, databaseUrl: string | null): Promise<WorkerResult> {
  const setupStart = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'cegp-bench-'));
  const log = pino({ level: WORKER_LOG_LEVEL, base: undefined }, pino.destination({ fd: STDERR_FD, sync: true }));
  const config = loadConfig({
    HTTP_PORT: '0',
    DNS_PORT: '0',
    SMTP_PORT: '0',
    CAPTURE_SMTP_PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? `file:${join(dataDir, 'bench.db')}`,
    VERIFY_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
  });
  if (config.database.kind !== database) throw new Error(`--worker ${database} was given a ${config.database.kind} database.`);
  const app = await createApp(config, { log });
  try {
    await app.start();
    const tenantId = await app.defaultTenantId();
    await registerVerifiedDomains(app, componentLogger(log, 'app'), tenantId);
    const bytes = new Uint8Array(readFileSync(exportPath));
    const setupSeconds = (performance.now() - setupStart) / MS_PER_S;

    const sampler = startMemorySampler();
    const recorder = new PhaseRecorder(sampler);
    const ctx: MigrationContext = useCaseContext(
      { ...appServices(app, componentLogger(log, 'migration')), events: timedEvents(app.events, (step) => recorder.mark(step)) },
      { tenantId, actor: LOCAL_ADMIN },
    );
    const baselineRssBytes = process.memoryUsage.rss();
    const maxRssBeforeBytes = maxRssBytes();

    const analysisStart = recorder.begin('analysis');
    const started = await startMigration(ctx, { fileName: basename(exportPath), bytes, mode: 'MERGE' });
    const analysisEnd = recorder.end();
    if (started.run.state !== 'ANALYZED')
      throw new Error(`analysis ended ${started.run.state}: ${started.run.failureCode} ${started.run.failureMessage}`);

    const importStart = recorder.begin('import');
    const done = await confirmMigration(ctx, started.run.id);
    const importEnd = recorder.end();
    sampler.stop();
    if (done.state !== 'COMPLETED') throw new Error(`import ended ${done.state}: ${done.failureCode} ${done.failureMessage}`);

    return {
      database,
      setupSeconds,
      analysisSeconds: (analysisEnd - analysisStart) / MS_PER_S,
      importSeconds: (importEnd - importStart) / MS_PER_S,
      phases: recorder.phases,
      baselineRssBytes,
      sampledPeakRssBytes: sampler.peakBytes(),
      maxRssBeforeBytes,
      maxRssAfterBytes: maxRssBytes(),
      samples: sampler.samples(),
      state: done.state,
      analysisCounts: started.run.counts as Record<string, number>,
      counts: done.counts as Record<string, number>,
      importSummary: done.importSummary as Record<string, number>,
    };
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `--worker sqlite|postgresql --export FILE [--database-url URL]` → JSON on stdout. */
export async function workerMain(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  const flag = (name: string): string | null => {
    const i = rest.indexOf(name);
    return i >= 0 ? (rest[i + 1] ?? null) : null;
  };
  const exportPath = flag('--export');
  if (!isDbKind(kind) || !exportPath) throw new UsageError('--worker needs sqlite|postgresql and --export FILE.');
  const result = await runWorker(kind, exportPath, flag('--database-url'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}
