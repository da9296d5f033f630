// An upload, unzipped and parsed into the typed export (docs/export-format.md). Runs inside
// the analysis worker (analysis-worker.ts) and in tests.
import { collectGarbage } from '../platform/memory.js';
import { readBundle, type BundleInput } from './bundle-reader.js';
import { parseSource } from './parse-source.js';
import type { SourceExport } from './source.js';

/** The typed source of an upload; the XML trees are garbage once it exists. */
export async function readSource(input: BundleInput): Promise<SourceExport> {
  const source = parseSource(await readBundle(input));
  collectGarbage(); // the XML trees are garbage now
  return source;
}
