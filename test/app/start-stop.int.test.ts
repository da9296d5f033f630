// `npm start` stopped the way people and service managers stop it: a signal to the npm
// process only (not to its process group), SIGTERM as `kill <pid>` / systemd send it, and
// SIGINT as a supervisor forwarding Ctrl-C to the one process it started. The server must
// close its listeners and exit: afterwards both ports can be bound again. (Ctrl-C on a
// terminal signals the whole foreground group, which reaches node even without npm's help.)
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Failure deadlines only, never measured: npm, tsx and the migrations on a loaded CI machine. */
const START_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 30_000;
const CASE_TIMEOUT_MS = START_DEADLINE_MS + 2 * STOP_DEADLINE_MS;
const POLL_MS = 100;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with whether a TCP listener (and a UDP socket, for DNS) could bind the port. */
async function canBind(port: number, udpToo: boolean): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  if (!tcp || !udpToo) return tcp;
  return new Promise<boolean>((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A port free for TCP and UDP right now (the DNS server takes both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    if (await canBind(port, true)) return port;
  }
}

/** Every live descendant of a process, from /proc (Linux): the shell and node under npm. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | null | false> | T | null | false): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${deadlineMs / 1000} s`);
    await sleep(POLL_MS);
  }
}

interface Started {
  npm: ChildProcess;
  httpPort: number;
  dnsPort: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The processes npm started (shell, node), found once the server answered. */
  server: number[];
}

/** `npm start` exactly as a user types it, in its own temporary DATA_DIR, on free ports. */
async function npmStart(): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cegp-start-stop-'));
  dirs.push(dataDir);
  const httpPort = await freePort();
  const dnsPort = await freePort();
  const smtpPort = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      HTTP_PORT: String(httpPort),
      DNS_PORT: String(dnsPort),
      SMTP_PORT: String(smtpPort),
      CAPTURE_SMTP_PORT: '0',
      DATA_DIR: dataDir,
      LOG_FORMAT: 'json',
      VERIFY_INTERVAL_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout!.on('data', (b) => (output += b));
  npm.stderr!.on('data', (b) => (output += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await until('GET /healthz answers 200', START_DEADLINE_MS, async () => {
    if (npm.exitCode !== null) throw new Error(`npm start exited: ${output}`);
    try {
      return (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status === 200;
    } catch {
      return false;
    }
  });
  return { npm, httpPort, dnsPort, output: () => output, exited, server: descendants(npm.pid!) };
}

async function stopsOn(signal: 'SIGTERM' | 'SIGINT') {
  const s = await npmStart();
  try {
    expect(s.server.length).toBeGreaterThan(0);
    // To npm's pid only: no process group, no signal to the node process itself.
    process.kill(s.npm.pid!, signal);
    const exit = await Promise.race([s.exited, sleep(STOP_DEADLINE_MS).then(() => null)]);
    expect(exit, `npm start did not exit after ${signal}: ${s.output()}`).not.toBeNull();
    // The server stopped itself (its last log line), so npm ends without an error.
    expect(exit).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain('"msg":"stopped"');
    await until('every process npm started has exited', STOP_DEADLINE_MS, () => s.server.every((p) => !alive(p)));
    expect(await until(`HTTP_PORT ${s.httpPort} free again`, STOP_DEADLINE_MS, () => canBind(s.httpPort, false))).toBe(true);
    expect(await until(`DNS_PORT ${s.dnsPort} free again (UDP and TCP)`, STOP_DEADLINE_MS, () => canBind(s.dnsPort, true))).toBe(true);
  } finally {
    // A failed stop must not leave a server behind for the next tests.
    for (const pid of [s.npm.pid!, ...s.server]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

describe('stopping npm start', () => {
  it('SIGTERM to the npm process stops the server: npm exits 0 and both ports are free', () => stopsOn('SIGTERM'), CASE_TIMEOUT_MS);
  it('SIGINT to the npm process only (not its group) does the same', () => stopsOn('SIGINT'), CASE_TIMEOUT_MS);
});
