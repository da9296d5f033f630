// Worker-thread side of the analysis pool (analysis-pool.ts): unzips, parses and analyses
// one upload, away from the thread that serves HTTP and DNS. Everything it returns crosses
// the thread boundary by structured clone, so it returns plain data only: the manifest,
// the analysis (items, plan, prerequisites), or a refusal as { code, template, params }.
// Loaded through analysis-worker-entry.mjs, which registers tsx in the worker.
//
// The worker keeps the parsed export (the typed source, not the XML trees) of the last run
// it analysed, so the import, which re-analyses the same upload against the current state,
// skips unzipping and parsing when it reaches the same worker: the parsed export stays out
// of the main thread, whose heap serves the listeners. A miss (another worker, a worker
// ended while idle or by its heap limit, a restart) parses the kept upload again.
import { collectGarbage } from '../platform/memory.js';
import { readSource } from './read-source.js';
import { analyze, type AnalyzerContext } from './analyzer.js';
import type { Analysis } from './plan.js';
import type { SourceExport, SourceManifest } from './source.js';
import { ExpectedError, type MessageParams, type MessageTemplate } from '../platform/errors.js';

export interface AnalysisTask {
  fileName: string;
  /** The upload itself, or the file it is kept in (then only the members read are loaded). */
  bytes?: Uint8Array;
  path?: string;
  context: AnalyzerContext;
  /** Keep the parsed export under this key (the run id) for a later task. */
  keepAs?: string;
  /** Use the parsed export kept under this key, when this worker has it. */
  reuse?: string;
  /** Send the import plan back (false: items and prerequisites only). */
  withPlan?: boolean;
}

/**
 * One parsed export per worker thread. Module state on purpose: a worker thread is the
 * unit that owns it, and the main thread never sees it.
 */
const kept: { key: string | null; source: SourceExport | null } = { key: null, source: null };

export type AnalysisOutcome =
  | { ok: true; manifest: SourceManifest; analysis: Analysis | Omit<Analysis, 'plan'> }
  | { ok: false; refusal: { code: string; template: MessageTemplate; params: MessageParams; field?: string } };

export async function analyzeExport(task: AnalysisTask): Promise<AnalysisOutcome> {
  // This worker's heap holds the previous task's garbage (its tree, its analysis) until V8
  // decides to collect: collect it now, and again once this result has been posted (the
  // immediate runs after piscina's postMessage), so an idle worker holds only live data.
  collectGarbage();
  setImmediate(collectGarbage);
  try {
    const reused = task.reuse !== undefined && kept.key === task.reuse ? kept.source : null;
    kept.key = null;
    kept.source = null;
    const input =
      task.path !== undefined
        ? { fileName: task.fileName, path: task.path }
        : { fileName: task.fileName, bytes: task.bytes ?? new Uint8Array() };
    const source = reused ?? (await readSource(input));
    const analysis = analyze(source, task.context);
    if (task.keepAs !== undefined) {
      kept.key = task.keepAs;
      kept.source = source;
    }
    if (task.withPlan === false)
      return { ok: true, manifest: source.manifest, analysis: { items: analysis.items, prerequisites: analysis.prerequisites } };
    return { ok: true, manifest: source.manifest, analysis };
  } catch (err) {
    // A ExpectedError's class does not survive structured clone; its parts do.
    if (err instanceof ExpectedError)
      return { ok: false, refusal: { code: err.code, template: err.template, params: err.params, field: err.field } };
    throw err;
  }
}
