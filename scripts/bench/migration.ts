// `npm run bench:migration`: the IMSS/IMSVA migration tool on a large export (the issue's
// sizes by default), analysis and import timed and their peak RSS measured, SQLite and
// PostgreSQL side by side in one run. The export is generated once here; each database runs
// in a child process (`--worker`) so that one's memory does not pollute the other's.
// Exit: 0 when it ran (a missed target is printed, not an error), 1 when a run crashed or
// did not reach COMPLETED (or PostgreSQL is missing with --require-pg), 2 on bad arguments.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportFileName, generateExport } from '../export-generator/generate.js';
import { BENCH_DOMAINS, parseBenchArgs, USAGE, UsageError, type BenchDbKind, type BenchOptions } from './migration-options.js';
import {
  countsTable,
  memoryNote,
  phaseTable,
  summaryTable,
  targetMisses,
  BYTES_PER_MB,
  TARGET_RSS_MB,
  TARGET_SECONDS,
} from './migration-report.js';
import type { WorkerResult } from './migration-worker.js';
import { createBenchDatabase, postgresProblem } from './postgres-database.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Any fixed date: the upload keeps the appliance's file name pattern. */
const EXPORT_DATE = new Date(2024, 4, 22, 15, 39, 25);
const MS_PER_S = 1000;

/**
 * The Node flags of `npm start` (package.json), so the worker measures the server as users
 * start it (--expose-gc: see src/platform/memory.ts).
 */
function serverNodeFlags(): string[] {
  const start: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
  return start.split(/\s+/).filter((w) => w.startsWith('--') && !w.startsWith('--import'));
}

/** Runs one database in a fresh `node` and returns the JSON it prints. */
function runWorker(kind: BenchDbKind, exportPath: string, databaseUrl: string | null, cpuProfDir: string | null): Promise<WorkerResult> {
  // One folder per database: node writes one profile per thread (main, tsx's loader) under default names.
  const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfDir, kind)}`] : [];
  const args = [
    ...serverNodeFlags(),
    ...profile,
    '--import',
    'tsx',
    SCRIPT,
    '--worker',
    kind,
    '--export',
    exportPath,
    ...(databaseUrl ? ['--database-url', databaseUrl] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`the ${kind} worker ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as WorkerResult);
      } catch {
        reject(new Error(`the ${kind} worker printed no result`));
      }
    });
  });
}

function heading(o: BenchOptions): string {
  const s = o.sizes;
  const n = (v: number) => v.toLocaleString('en-US');
  return [
    `Migration benchmark: ${n(s.rules)} rules, ${n(s.addressGroups)} address groups × ${n(s.addressesPerGroup)} (${n(s.addressGroups * s.addressesPerGroup)} addresses), ` +
      `${n(s.keywordLists)} keyword lists, ${n(s.ipEntries)} IP entries; seed ${o.seed}`,
    `Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); target: analysis + import ≤ ${TARGET_SECONDS} s and ≤ ${TARGET_RSS_MB} MB RSS`,
  ].join('\n');
}

async function runAll(
  o: BenchOptions,
  exportPath: string,
  interrupted: AbortSignal,
): Promise<{ results: WorkerResult[]; failures: string[] }> {
  const results: WorkerResult[] = [];
  const failures: string[] = [];
  for (const kind of o.databases) {
    if (interrupted.aborted) {
      failures.push(`${kind}: not run (interrupted)`);
      continue;
    }
    let databaseUrl: string | null = null;
    let drop: () => Promise<void> = async () => {};
    if (kind === 'postgresql') {
      const problem = await postgresProblem(o.pgAdminUrl);
      if (problem) {
        if (o.requirePg) failures.push(`PostgreSQL is required (--require-pg) but ${problem}.`);
        else process.stdout.write(`PostgreSQL part skipped: ${problem}.\n`);
        continue;
      }
      const db = await createBenchDatabase(o.pgAdminUrl);
      databaseUrl = db.url;
      drop = db.drop;
    }
    process.stdout.write(`Running ${kind}…\n`);
    try {
      results.push(await runWorker(kind, exportPath, databaseUrl, o.cpuProfDir));
    } catch (err) {
      failures.push(`${kind}: ${(err as Error).message}`);
    } finally {
      await drop();
    }
  }
  return { results, failures };
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--worker') {
    const { workerMain } = await import('./migration-worker.js');
    return workerMain(argv.slice(1));
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let o: BenchOptions;
  try {
    o = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  // Ctrl-C reaches the worker too: let it die, then drop its PostgreSQL database and report.
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    process.stderr.write('Interrupted: cleaning up…\n');
    interrupt.abort();
  });
  process.stdout.write(`${heading(o)}\n`);
  const started = performance.now();
  const zip = generateExport({ seed: o.seed, ...o.sizes, cases: 'none', domains: BENCH_DOMAINS });
  const generationSeconds = (performance.now() - started) / MS_PER_S;
  const dir = mkdtempSync(join(tmpdir(), 'cegp-bench-export-'));
  const exportPath = join(dir, exportFileName(EXPORT_DATE));
  writeFileSync(exportPath, zip);
  process.stdout.write(
    `Export generated in ${generationSeconds.toFixed(2)} s (not part of the target): ${(zip.byteLength / BYTES_PER_MB).toFixed(2)} MB ZIP, shared by every database.\n`,
  );

  const { results, failures } = await runAll(o, exportPath, interrupt.signal).finally(() => rmSync(dir, { recursive: true, force: true }));
  if (results.length) {
    const setup = results.map((r) => `${r.database} ${r.setupSeconds.toFixed(2)} s`).join(', ');
    process.stdout.write(`\n${summaryTable(results)}\n\n${phaseTable(results)}\n\n${countsTable(results, o.sizes)}\n\n`);
    process.stdout.write(`Memory: ${memoryNote(results)}\nSetup before measuring (app start, domains verified): ${setup}.\n`);
    const misses = targetMisses(results);
    process.stdout.write(misses.length ? `${misses.join('\n')}\n` : 'All targets met.\n');
  } else process.stdout.write('Nothing was measured.\n');
  for (const f of failures) process.stderr.write(`FAILED ${f}\n`);
  return failures.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // A worker exits at once: its result is written (stdout to a pipe is synchronous on Linux).
    if (process.argv[2] === '--worker') process.exit(code);
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
