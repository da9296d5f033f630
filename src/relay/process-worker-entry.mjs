// Entry module of the relay's processing threads (process-pool.ts). As for the analysis
// worker (src/migration/analysis-worker-entry.mjs): Node 20 does not apply `--import tsx`
// to a Worker's module loader, so this plain module registers tsx's loader in the thread
// before importing the TypeScript worker; the compiled build (dist/) loads the .js as it is.
import { existsSync } from 'node:fs';

const compiled = existsSync(new URL('./process-worker.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const worker = await import(compiled ? './process-worker.js' : './process-worker.ts');

export const processMessage = worker.processMessage;
export const summarizeCaptured = worker.summarizeCaptured;
