// `npm run bench:start-time`: how long the server takes to answer /healthz when started the
// two ways the README gives, side by side in one run: `npm start` (TypeScript compiled at
// start by tsx) and `npm run start:dist` (the output of `npm run build`), each also without
// npm in front (`node …` directly) to show npm's own share. And how long a stop takes: SIGTERM
// to the process started (npm, or node) until it has exited and both ports can be bound.
// Timings are printed, never asserted: exit 0 when it ran, 1 when it could not, 2 on bad arguments.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort, LOOPBACK, loadText, ROOT, run, runBenchmark, type Children } from './bench-server.js';
import { formatTable } from './migration-report.js';

const FULL_RUNS = 7;
const QUICK_RUNS = 2;
/** Polling /healthz this often bounds the figure's resolution. */
const POLL_MS = 10;
/** Failure deadlines, not measurements: a loaded CI machine is slow. */
const START_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 30_000;

const USAGE = `Usage: npm run bench:start-time [-- --quick] [--no-build]
  --quick     ${QUICK_RUNS} runs per way instead of ${FULL_RUNS}
  --no-build  measure the dist/ there is instead of running npm run build first`;

interface Way {
  label: string;
  command: string;
  args: string[];
}

/** The words of a package.json script after `exec`, e.g. ["node", "--expose-gc", …, "src/main.ts"]. */
function scriptWords(name: string): string[] {
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts[name];
  return script.split(/\s+/).filter((w) => w !== 'exec');
}

function ways(): Way[] {
  const [, ...tsxArgs] = scriptWords('start');
  const [, ...distArgs] = scriptWords('start:dist');
  return [
    { label: 'npm start (tsx)', command: 'npm', args: ['start'] },
    { label: 'npm run start:dist (compiled)', command: 'npm', args: ['run', 'start:dist'] },
    { label: `node ${tsxArgs.join(' ')}`, command: process.execPath, args: tsxArgs },
    { label: `node ${distArgs.join(' ')}`, command: process.execPath, args: distArgs },
  ];
}

interface Sample {
  startMs: number;
  exitMs: number;
  portsFreeMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bindable(port: number): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, LOOPBACK, () => s.close(() => resolve(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, LOOPBACK, () => s.close(() => resolve(true)));
  });
}

/** One start to /healthz and one stop, on a DATA_DIR whose database already exists. */
async function once(children: Children, way: Way, dataDir: string): Promise<Sample> {
  const httpPort = await freePort();
  const dnsPort = await freePort([httpPort]);
  const smtpPort = await freePort([httpPort, dnsPort]);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    HTTP_PORT: String(httpPort),
    DNS_PORT: String(dnsPort),
    SMTP_PORT: String(smtpPort),
    CAPTURE_SMTP_PORT: '0',
    HOST: LOOPBACK,
    DATA_DIR: dataDir,
    VERIFY_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  };
  const t0 = performance.now();
  const child = children.spawn(way.command, way.args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = exited(child);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${way.label} exited during start-up: ${stderr.trim()}`);
    if (performance.now() - t0 > START_DEADLINE_MS)
      throw new Error(`${way.label} did not answer /healthz within ${START_DEADLINE_MS / 1000} s`);
    try {
      const res = await fetch(`http://${LOOPBACK}:${httpPort}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(POLL_MS);
  }
  const startMs = performance.now() - t0;
  const t1 = performance.now();
  child.kill('SIGTERM');
  const exit = await Promise.race([done, sleep(STOP_DEADLINE_MS).then(() => null)]);
  if (!exit) throw new Error(`${way.label} did not exit within ${STOP_DEADLINE_MS / 1000} s of SIGTERM`);
  const exitMs = performance.now() - t1;
  while (!(await bindable(httpPort)) || !(await bindable(dnsPort))) {
    if (performance.now() - t1 > STOP_DEADLINE_MS)
      throw new Error(`${way.label}: the ports were still taken ${STOP_DEADLINE_MS / 1000} s after SIGTERM (a server left running?)`);
    await sleep(POLL_MS);
  }
  return { startMs, exitMs, portsFreeMs: performance.now() - t1 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (xs: number[]) => `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;

async function main(argv: string[], children: Children): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--quick' && a !== '--no-build');
  if (unknown.length) {
    process.stderr.write(`Unknown argument ${unknown[0]}.\n${USAGE}\n`);
    return 2;
  }
  const runs = argv.includes('--quick') ? QUICK_RUNS : FULL_RUNS;
  console.log(`bench:start-time — ${runs} runs per way, interleaved, after one warm-up each; ${loadText()}`);
  if (!argv.includes('--no-build')) {
    const t = performance.now();
    const b = await run(children, process.execPath, ['scripts/build.mjs']);
    if (b.code !== 0) throw new Error(`npm run build failed:\n${b.stdout}${b.stderr}`);
    console.log(`npm run build: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const all = ways();
  const dirs = all.map(() => mkdtempSync(join(tmpdir(), 'cegp-bench-start-')));
  children.atExit(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  // Warm-up: creates each database (migrations) and fills the file cache and tsx's cache.
  for (const [i, way] of all.entries()) await once(children, way, dirs[i]!);
  const samples = all.map(() => [] as Sample[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, way] of all.entries()) samples[i]!.push(await once(children, way, dirs[i]!));
  }
  console.log(
    '\nMilliseconds, median (min–max); start = spawn until /healthz answers 200; stop = SIGTERM to the process started until it exited / until both ports bind again.\n',
  );
  console.log(
    formatTable(
      ['Way', 'start ms', 'stop: exited ms', 'stop: ports free ms'],
      all.map((w, i) => [
        w.label,
        fmt(samples[i]!.map((s) => s.startMs)),
        fmt(samples[i]!.map((s) => s.exitMs)),
        fmt(samples[i]!.map((s) => s.portsFreeMs)),
      ]),
    ),
  );
  const ratio = median(samples[0]!.map((s) => s.startMs)) / median(samples[1]!.map((s) => s.startMs));
  console.log(`\nnpm start / npm run start:dist (start, medians): ${ratio.toFixed(2)}×`);
  return 0;
}

runBenchmark('bench:start-time', main);
