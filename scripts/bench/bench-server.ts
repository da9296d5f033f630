// The real server for the DNS and hostile-input benchmarks, started as users start it
// (`npm start`'s Node flags, src/main.ts or a wrapper of it) in its own process, on free
// loopback ports and a fresh DATA_DIR, plus the bookkeeping that kills every child the
// benchmark started when it ends: normally, on an error or on Ctrl-C.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Benchmark traffic stays on this machine: every address used is in 127.0.0.0/8. */
export const LOOPBACK = '127.0.0.1';
/** The server needs a few seconds to migrate its database and listen; a loaded CI machine more. */
const START_TIMEOUT_MS = 60_000;
const START_POLL_MS = 100;
/** SIGTERM closes the listeners and the database (src/main.ts forces exit after 10 s). */
const STOP_TIMEOUT_MS = 15_000;
/** Variables passed on from the benchmark's environment to the server. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
/** Attempts at finding a port free for TCP and UDP at once (DNS listens on both). */
const PORT_ATTEMPTS = 20;

/** Every process the benchmark started; `killAll` on exit, error and SIGINT. */
export class Children {
  private readonly live = new Set<ChildProcess>();
  private readonly cleanups = new Set<() => void>();

  /** A synchronous clean-up (removing a temp folder) run at exit, however the run ends; returns its undo. */
  atExit(fn: () => void): () => void {
    this.cleanups.add(fn);
    return () => this.cleanups.delete(fn);
  }

  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { cwd: ROOT, ...options });
    this.live.add(child);
    child.on('exit', () => this.live.delete(child));
    child.on('error', () => this.live.delete(child));
    return child;
  }

  /** Synchronous, so it also works in an 'exit' handler. */
  killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
    for (const child of this.live) child.kill(signal);
  }

  /**
   * Kills the children when this process ends in any way; Ctrl-C exits 130 after that.
   * Returns nothing to undo: a benchmark installs it once.
   */
  installCleanup(): void {
    process.on('exit', () => {
      this.killAll();
      for (const fn of this.cleanups) fn();
    });
    process.on('SIGINT', () => {
      process.stderr.write('Interrupted: stopping every child process…\n');
      this.killAll();
      process.exit(130);
    });
    process.on('SIGTERM', () => {
      this.killAll();
      process.exit(143);
    });
  }
}

/** Resolves with the exit code (or signal) of a child; rejects if it cannot be started. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Runs a command to its end and returns its stdout and stderr. */
export async function run(
  children: Children,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = children.spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const { code } = await exited(child);
  return { code, stdout, stderr };
}

async function tcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, LOOPBACK, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function udpFree(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(port, LOOPBACK, () => socket.close(() => resolve(true)));
  });
}

/** A port the kernel just gave out (bound to port 0), free for TCP and UDP, not in `taken`. */
export async function freePort(taken: number[] = []): Promise<number> {
  for (let i = 0; i < PORT_ATTEMPTS; i++) {
    const port = await tcpPort();
    if (!taken.includes(port) && (await udpFree(port))) return port;
  }
  throw new Error('no free loopback port found');
}

/** `npm start`'s Node flags (package.json), so the benchmark measures the server users run. */
export function serverNodeArgs(): string[] {
  const start: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
  // "exec node --expose-gc …": the words after `node` (exec: see src/main.ts).
  const all = start.split(/\s+/);
  const words = all.slice(all.indexOf('node') + 1);
  // Everything before the entry file: --expose-gc --import tsx.
  const entry = words.findIndex((w) => w.endsWith('.ts'));
  return entry >= 0 ? words.slice(0, entry) : words;
}

export interface BenchServer {
  pid: number;
  url: string;
  dnsPort: number;
  smtpPort: number;
  /** The server's DATA_DIR (its SQLite file and spool are there unless DATABASE_URL says otherwise). */
  dataDir: string;
  child: ChildProcess;
  /** The command line, as printed in the benchmark's heading. */
  commandLine: string;
  /** Everything the server wrote to stderr so far (LOG_LEVEL=warn keeps it short). */
  stderr(): string;
  /** Calls `listener` with each stderr line from now on; returns a function that stops it. */
  onStderrLine(listener: (line: string) => void): () => void;
  /** SIGTERM, then SIGKILL if it has not stopped; removes its DATA_DIR. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Entry file relative to the repository (src/main.ts, or a wrapper that imports it). */
  entry: string;
  env: Record<string, string>;
  /** A DATA_DIR the caller owns and keeps (a second server on the same database); default: a fresh one, removed at stop. */
  dataDir?: string;
  /** The Node flags instead of `npm start`'s (bench:graphql adds --optimize-for-size to one server). */
  nodeArgs?: string[];
}

export async function startServer(children: Children, opts: StartOptions): Promise<BenchServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cegp-bench-server-'));
  const removeDataDir = () => {
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const forget = children.atExit(removeDataDir);
  const httpPort = await freePort();
  const dnsPort = await freePort([httpPort]);
  const smtpPort = await freePort([httpPort, dnsPort]);
  // Only what a process needs from the shell: the server's settings are the defaults plus
  // those below, whatever the shell exports (src/config.ts reads nothing else).
  const inherited = Object.fromEntries(INHERITED_ENV.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
  const env: Record<string, string> = {
    ...inherited,
    HTTP_PORT: String(httpPort),
    DNS_PORT: String(dnsPort),
    SMTP_PORT: String(smtpPort),
    CAPTURE_SMTP_PORT: '0',
    HOST: LOOPBACK,
    DATA_DIR: dataDir,
    VERIFY_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...opts.env,
  };
  const args = [...(opts.nodeArgs ?? serverNodeArgs()), opts.entry];
  const shown = Object.entries(opts.env).map(([k, v]) => `${k}=${v}`);
  const commandLine = [...shown, 'node', ...args].join(' ');
  const child = children.spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const listeners = new Set<(line: string) => void>();
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const l of listeners) l(line);
  });
  const url = `http://${LOOPBACK}:${httpPort}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
    }
    removeDataDir();
    forget();
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`the server exited during start-up (${child.exitCode ?? child.signalCode}):\n${stderr.trim()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(START_POLL_MS * 10) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /healthz within ${START_TIMEOUT_MS / 1000} s:\n${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, START_POLL_MS));
  }
  return {
    pid: child.pid!,
    url,
    dnsPort,
    smtpPort,
    dataDir,
    child,
    commandLine,
    stderr: () => stderr,
    onStderrLine: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
  };
}

/** One GraphQL request as a frontend sends it (JSON); throws on an HTTP or GraphQL error. */
export async function gql<T = any>(server: BenchServer, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!res.ok || body.errors?.length || !body.data)
    throw new Error(`GraphQL request failed (HTTP ${res.status}): ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** Peak resident memory of a process (the kernel's high-water mark, /proc/<pid>/status VmHWM), in bytes. */
export function peakRssOf(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resident memory of a process now (/proc/<pid>/status VmRSS), in bytes. */
export function rssOf(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Resets the kernel's high-water mark of a process's RSS (VmHWM) to its RSS now, so the next
 * peakRssOf is the peak of what follows (proc(5), /proc/<pid>/clear_refs, value 5; Linux
 * ≥ 4.0). false when the kernel refused (another user's process, no procfs).
 */
export function resetPeakRssOf(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** An error as one readable sentence, with its cause (fetch's "fetch failed" hides the reason there). */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

/** Other work on the machine changes every figure: the load average says how much there was. */
export function loadText(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1, 5, 15 min)`;
}

/**
 * Runs a benchmark's main with its children cleaned up on exit, error and Ctrl-C: the exit
 * code main returns, or 1 with one sentence when it throws.
 */
export function runBenchmark(name: string, main: (argv: string[], children: Children) => Promise<number>): void {
  const children = new Children();
  children.installCleanup();
  main(process.argv.slice(2), children).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${name}: ${describeError(err)}\n`);
      children.killAll();
      process.exit(1);
    },
  );
}
