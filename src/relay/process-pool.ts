// Adapter: the relay's processing threads (piscina). Sole importer of piscina in relay/.
// A message's parsing, inspection, evaluation and rewriting run here, never on the thread
// that serves SMTP, DNS and GraphQL ("heavy work never blocks the listeners").
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Log } from '../platform/logger.js';
import type { CapturedSummary } from './captured-summary.js';
import type { ProcessOutcome, ProcessTask } from './process-task.js';

/**
 * Old-generation heap of one processing thread, in MB. Text bodies are cut at the parse
 * budget and attachments stream to files, so a message's heap is its facts and the
 * compiled policy; a thread that still runs out dies alone (the message is retried, then
 * failed) instead of the server.
 */
export const PROCESS_WORKER_HEAP_MB = 256;
/** Young generation per thread (as for the analysis thread: small, so its peak stays low). */
export const PROCESS_WORKER_YOUNG_MB = 16;
/**
 * Tasks in flight per thread. Parsing waits on file reads and writes; two per thread keep a
 * core busy while one waits, without holding many messages' facts at once.
 */
export const TASKS_PER_THREAD = 2;

const ENTRY = fileURLToPath(new URL('./process-worker-entry.mjs', import.meta.url));

export interface ProcessPool {
  run(task: ProcessTask): Promise<ProcessOutcome>;
  /** A captured message's summary for GraphQL, or null when it could not be read. */
  summarize(task: { path: string; tempDir: string }): Promise<CapturedSummary | null>;
  /** How many tasks may be in flight at once (the processor's concurrency). */
  capacity: number;
  close(): Promise<void>;
}

export function createProcessPool(opts: { threads: number; log: Log }): ProcessPool {
  const pool = new Piscina({
    filename: ENTRY,
    minThreads: opts.threads,
    maxThreads: opts.threads,
    concurrentTasksPerWorker: TASKS_PER_THREAD,
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: PROCESS_WORKER_HEAP_MB, maxYoungGenerationSizeMb: PROCESS_WORKER_YOUNG_MB },
  });
  // A thread that fails to start (or dies) is reported here; without a listener it would
  // end the process.
  pool.on('error', (err: Error) => opts.log.error({ err }, 'processing thread failed'));
  let closed = false;
  return {
    capacity: opts.threads * TASKS_PER_THREAD,
    async run(task) {
      if (closed) return { ok: false, error: 'the relay is stopping' };
      try {
        return (await pool.run(task, { name: 'processMessage' })) as ProcessOutcome;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException)?.code;
        return {
          ok: false,
          error: code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the message needed more memory than a processing thread has' : String(err),
        };
      }
    },
    async summarize(task) {
      if (closed) return null;
      try {
        return (await pool.run(task, { name: 'summarizeCaptured' })) as CapturedSummary;
      } catch (err) {
        opts.log.warn({ err }, 'captured message could not be summarized');
        return null;
      }
    },
    async close() {
      closed = true;
      await pool.destroy();
    },
  };
}
