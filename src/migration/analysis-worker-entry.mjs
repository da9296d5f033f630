// Entry module of the analysis worker threads (analysis-pool.ts). The worker code is
// TypeScript, and Node 20 does not apply the `--import tsx` of a Worker's execArgv to the
// worker's module loader (the .ts file fails with ERR_UNKNOWN_FILE_EXTENSION; verified on
// Node 20.20), so this plain module registers tsx's loader in the worker itself
// (tsx/esm/api, https://tsx.is/dev-api/register-esm) before importing the worker code. It
// works the same under `npm start` (node --import tsx), `npm run migrate` and vitest.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./analysis-worker.ts');

export const analyzeExport = worker.analyzeExport;
