// Entry module of the analysis worker threads (analysis-pool.ts). The worker code is
// TypeScript, and Node 20 does not apply the `--import tsx` of a Worker's execArgv to the
// worker's module loader (the .ts file fails with ERR_UNKNOWN_FILE_EXTENSION; verified on
// Node 20.20), so this plain module registers tsx's loader in the worker itself
// (tsx/esm/api, https://tsx.is/dev-api/register-esm) before importing the worker code. It
// works the same under `npm start` (node --import tsx), `npm run migrate` and vitest.
// In the compiled build (`npm run build`, dist/) tsc has emitted analysis-worker.js next to
// this file (scripts/build.mjs copies this one): that loads as it is, without tsx.
import { existsSync } from 'node:fs';

const compiled = existsSync(new URL('./analysis-worker.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const worker = await import(compiled ? './analysis-worker.js' : './analysis-worker.ts');

export const analyzeExport = worker.analyzeExport;
