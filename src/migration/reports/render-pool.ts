// The report render thread: one piscina worker (render-worker.ts), started at the first
// render and closed with the app, so a 900-page PDF never runs on the thread that answers
// HTTP, DNS and /healthz. Adapter: the only importer of piscina.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { RenderResult, RenderTask } from './render-worker.js';

/**
 * One thread: rendering is CPU-bound and the rehearsal machine has two cores, one of which
 * stays with the listeners. Renders of different reports wait in the queue.
 */
export const RENDER_THREADS = 1;

/**
 * Renders waiting for the thread. Each holds its report's content (≈1 KB per item, so
 * ≈10 MB for 10,000 items) until it runs; distinct reports only (one download per report and
 * language renders, the others wait for it). Beyond this, a download answers 503.
 */
export const MAX_QUEUED_RENDERS = 8;

/**
 * Heap of the render thread. A 10,000-item report renders within 96 MB of heap (fonts,
 * word layouts, one page, the report itself; measured with --max-old-space-size), so this
 * leaves room for larger ones while keeping V8 from growing lazily towards its default;
 * a runaway render (a bug, or items far beyond the analyser's limits) fails with an error
 * instead of taking the process down.
 */
export const RENDER_THREAD_HEAP_MB = 256;

/**
 * Young generation of the render thread, in MB (V8's default grows to 48 MB on a 64-bit host
 * without --optimize-for-size). Layout makes short-lived objects by the million, and a
 * full young generation is RSS the process holds on top of the analysis worker's.
 */
export const RENDER_THREAD_YOUNG_MB = 8;

/**
 * An idle thread exits after this long, giving back its heap and the parsed fonts. Short: a
 * thread that has rendered the largest report holds ~130 MB (~75 MB of it for any report:
 * the thread, its modules, the fonts), which a minute's idling kept alive on top of the
 * import that usually follows the download (part c of bench:hostile: the import step
 * then set the peak). Starting a thread again costs about half a second, against the
 * seconds a large report takes to render; queued renders run without a gap.
 */
export const RENDER_THREAD_IDLE_MS = 1_000;

export class RenderQueueFull extends Error {
  constructor() {
    super(`more than ${MAX_QUEUED_RENDERS} reports are waiting to be rendered`);
    this.name = 'RenderQueueFull';
  }
}

export interface RenderPool {
  render(task: RenderTask): Promise<RenderResult>;
  /** Renders started since the pool was made (tests and logs). */
  renders(): number;
  /** Renders submitted and not finished yet (queued or running). */
  rendering(): number;
  /** Whether a render submitted now would be refused (RenderQueueFull). */
  full(): boolean;
  close(): Promise<void>;
}

export function createRenderPool(): RenderPool {
  let pool: Piscina<RenderTask, RenderResult> | null = null;
  let renders = 0;
  let pending = 0;
  let closed = false;
  const open = () => {
    pool ??= new Piscina<RenderTask, RenderResult>({
      filename: new URL(`./render-worker${COMPILED ? '.js' : '.ts'}`, import.meta.url).href,
      name: 'renderReportFile',
      minThreads: 0,
      maxThreads: RENDER_THREADS,
      idleTimeout: RENDER_THREAD_IDLE_MS,
      maxQueue: MAX_QUEUED_RENDERS,
      resourceLimits: { maxOldGenerationSizeMb: RENDER_THREAD_HEAP_MB, maxYoungGenerationSizeMb: RENDER_THREAD_YOUNG_MB },
      // The worker file is TypeScript, under `npm start` (node --import tsx) and under
      // vitest alike: the thread loads tsx itself. Resolved from here, not from the cwd.
      execArgv: COMPILED ? [] : ['--import', TSX_LOADER],
    });
    return pool;
  };
  return {
    async render(task) {
      if (closed) throw new Error('the report render pool is closed');
      const p = open();
      if (p.queueSize >= MAX_QUEUED_RENDERS) throw new RenderQueueFull();
      renders += 1;
      pending += 1;
      try {
        return await p.run(task);
      } finally {
        pending -= 1;
      }
    },
    renders: () => renders,
    rendering: () => pending,
    full: () => (pool?.queueSize ?? 0) >= MAX_QUEUED_RENDERS,
    async close() {
      closed = true;
      await pool?.destroy();
      pool = null;
    },
  };
}

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Loaded from the compiled build (`npm run build`, dist/): the worker is plain JavaScript. */
const COMPILED = import.meta.url.endsWith('.js');
