// Adapter: runs the analysis of uploads (unzip, XML parse, analysis, import planning) in a
// worker thread, so the listeners of the main thread (HTTP, DNS, later SMTP) keep answering
// while a large export is analysed. Sole importer of piscina. One pool per app, created on
// the first analysis and closed by app.stop().
//
// A worker has its own heap limit (resourceLimits): an export that needs more memory than
// that kills its worker alone (ERR_WORKER_OUT_OF_MEMORY), the run fails with
// MIGRATION_ANALYSIS_MEMORY, and piscina starts a fresh worker for the next task.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ExpectedError } from '../platform/errors.js';
import type { AnalyzerContext } from './analyzer.js';
import type { AnalysisOutcome, AnalysisTask } from './analysis-worker.js';
import { migrationErrors } from './errors.js';
import type { Analysis } from './plan.js';
import type { SourceManifest } from './source.js';

/**
 * Analysis threads per app. The rehearsal machine has 2 cores shared by the listeners and
 * the database: one analysis at a time leaves the other core to them, and further uploads
 * wait in the pool's queue instead of multiplying the memory a large export takes.
 */
export const ANALYSIS_THREADS = 1;
/**
 * Old-generation heap of one analysis worker, in MB. The benchmark's export (10,000 rules)
 * peaks near 250 MB in the worker; an export at every bound (24 MiB inflated, 330,000
 * elements) stays under this. Past it, the worker dies instead of the server.
 */
export const ANALYSIS_WORKER_HEAP_MB = 512;
/**
 * Young generation of one analysis worker, in MB. V8 sizes it by the machine's memory (up to
 * 48 MB on a 64-bit host without --optimize-for-size), and the analysis allocates fast enough
 * to keep it full: 8 MB took ~30 MB off the largest export's peak (scratch-prof/worker-peak.ts)
 * at no measurable cost in time, the objects that survive being few per member. 4 MB gained
 * nothing more. Unlike a process flag it costs the thread that serves requests nothing.
 */
export const ANALYSIS_WORKER_YOUNG_MB = 8;
/** Analyses waiting for the thread; more uploads at once are refused as busy (MIGRATION_BUSY). */
export const ANALYSIS_QUEUE_SIZE = 16;

/**
 * An idle worker is ended after this, so an app at rest holds no analysis heap. Long enough
 * that the import, a few minutes after the analysis it follows, finds the worker loaded
 * (starting one compiles the analyzer with tsx) and the parsed export it kept.
 */
export const ANALYSIS_WORKER_IDLE_MS = 10 * 60 * 1000;

const ENTRY = fileURLToPath(new URL('./analysis-worker-entry.mjs', import.meta.url));

export interface AnalysisResult {
  manifest: SourceManifest;
  analysis: Analysis;
}

/** The analysis without its import plan: what step 1 of the wizard stores and shows. */
export interface AnalysisSummaryResult {
  manifest: SourceManifest;
  analysis: Omit<Analysis, 'plan'>;
}

/**
 * The upload's bytes, or the file it is kept in. From the file the worker loads only the
 * members it parses, so neither thread holds the whole upload (the server's memory then
 * does not grow with files the export carries but the analysis never reads).
 */
export type Upload = Uint8Array | { path: string };

export interface AnalysisPool {
  /**
   * Analyses one upload in a worker. With `transfer`, the bytes are moved to the worker, not
   * copied, and are unusable by the caller afterwards. With `withPlan: false` the import
   * plan stays in the worker: it is the largest part of the result (every rule, group and
   * address), and copying it into the main thread is work the listeners would wait for.
   */
  analyze(
    fileName: string,
    upload: Upload,
    context: AnalyzerContext,
    opts: AnalyzeOptions & { withPlan: false },
  ): Promise<AnalysisSummaryResult>;
  analyze(fileName: string, upload: Upload, context: AnalyzerContext, opts?: AnalyzeOptions & { withPlan?: true }): Promise<AnalysisResult>;
  /**
   * Ends the worker thread when no analysis is running or waiting, giving its whole heap
   * back (the next analysis starts a new one). The import calls it once it has its plan: the
   * worker's heap and the main thread's import writes then never add up.
   */
  release(): Promise<void>;
  close(): Promise<void>;
}

export interface AnalyzeOptions {
  transfer?: boolean;
  /** Let the worker keep the parsed export under this key (the run id), for the import. */
  keepAs?: string;
  /** Reuse the parsed export kept under this key if the worker still has it; else parse `bytes`. */
  reuse?: string;
  /** Return the import plan too (default); false keeps it in the worker. */
  withPlan?: boolean;
}

export interface AnalysisPoolOptions {
  threads?: number;
  heapMb?: number;
}

export function createAnalysisPool(opts: AnalysisPoolOptions = {}): AnalysisPool {
  let pool: Piscina | null = null;
  let closed = false;
  /** Analyses running or queued in the pool now (release() waits for none of them). */
  let inFlight = 0;
  const heapMb = opts.heapMb ?? ANALYSIS_WORKER_HEAP_MB;
  const get = () =>
    (pool ??= new Piscina({
      filename: ENTRY,
      minThreads: 0,
      maxThreads: opts.threads ?? ANALYSIS_THREADS,
      maxQueue: ANALYSIS_QUEUE_SIZE,
      idleTimeout: ANALYSIS_WORKER_IDLE_MS,
      // Explicit: a worker must not inherit the test runner's or the parent's flags.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: ANALYSIS_WORKER_YOUNG_MB },
    }));
  return {
    analyze: (async (
      fileName: string,
      upload: Upload,
      context: AnalyzerContext,
      { transfer = false, keepAs, reuse, withPlan = true }: AnalyzeOptions = {},
    ) => {
      if (closed) throw migrationErrors.error('MIGRATION_INTERRUPTED');
      const bytes = upload instanceof Uint8Array ? upload : null;
      // Only a buffer the view covers whole can be moved (a pooled Buffer shares its memory).
      const movable =
        bytes !== null &&
        transfer &&
        bytes.byteOffset === 0 &&
        bytes.byteLength === bytes.buffer.byteLength &&
        bytes.buffer instanceof ArrayBuffer;
      const task: AnalysisTask = {
        fileName,
        ...(bytes ? { bytes } : { path: (upload as { path: string }).path }),
        context,
        keepAs,
        reuse,
        withPlan,
      };
      let outcome: AnalysisOutcome;
      try {
        inFlight++;
        try {
          outcome = (await get().run(task, {
            name: 'analyzeExport',
            transferList: movable ? [bytes!.buffer as ArrayBuffer] : [],
          })) as AnalysisOutcome;
        } finally {
          inFlight--;
        }
      } catch (err) {
        // The app is stopping: the run is interrupted, as by a crash, and can be restarted.
        if (closed) throw migrationErrors.error('MIGRATION_INTERRUPTED');
        const code = (err as NodeJS.ErrnoException)?.code;
        if (code === 'ERR_WORKER_OUT_OF_MEMORY') throw migrationErrors.error('MIGRATION_ANALYSIS_MEMORY', { maxMb: heapMb });
        if (err instanceof Error && /queue is at limit/i.test(err.message)) throw migrationErrors.error('MIGRATION_BUSY');
        throw err;
      }
      if (!outcome.ok) {
        const r = outcome.refusal;
        throw new ExpectedError(r.code, r.template, r.params, r.field);
      }
      return { manifest: outcome.manifest, analysis: outcome.analysis };
    }) as AnalysisPool['analyze'],
    async release() {
      if (inFlight > 0 || !pool) return;
      const p = pool;
      pool = null;
      await p.destroy();
    },
    async close() {
      closed = true;
      const p = pool;
      pool = null;
      // destroy, not close: a stopping app does not wait for an analysis to finish (its run
      // is failed as INTERRUPTED at the next start).
      await p?.destroy();
    },
  };
}
