// An upload, unzipped and parsed into the typed export (docs/export-format.md). Runs inside
// the analysis worker (analysis-worker.ts) and in tests.
import { collectGarbage } from '../platform/memory.js';
import { readBundle, type BundleInput } from './bundle-reader.js';
import { parseSource } from './parse-source.js';
import type { SourceExport } from './source.js';

/** The typed source of an upload; the XML trees are garbage once it exists. */
export async function readSource(input: BundleInput): Promise<SourceExport> {
  const source = await parseBundle(input);
  collectGarbage(); // the XML trees are garbage now
  return source;
}

/**
 * A function of its own so that the trees die with its frame: an async function keeps the
 * values it awaited alive until it returns, so a collection here, after parseSource, would
 * still find the whole bundle (~100 MB for the largest export) reachable.
 */
async function parseBundle(input: BundleInput): Promise<SourceExport> {
  return parseSource(await readBundle(input));
}
