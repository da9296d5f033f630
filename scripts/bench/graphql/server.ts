// The GraphQL benchmark's servers: src/main.ts started as `npm start` starts it (its Node
// flags, read from package.json), or with some of those flags left out (to measure what
// --optimize-for-size costs), on free loopback ports. Unlike bench-server.ts's startServer,
// the DATA_DIR is the caller's: a second server serves the database the first was seeded
// with, and the benchmark can write rows the API cannot make (DLP templates come only from a
// migration import).
import { join } from 'node:path';
import { exited, freePort, LOOPBACK, serverNodeArgs, type BenchServer, type Children } from '../bench-server.js';

/** The server migrates its database and listens within a few seconds; a loaded machine gets longer. */
const START_TIMEOUT_MS = 60_000;
const START_POLL_MS = 100;
/** SIGTERM closes listeners and the database (src/main.ts forces an exit after 10 s). */
const STOP_TIMEOUT_MS = 15_000;
/** Variables passed on from the benchmark's environment (as bench-server.ts passes them). */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];

export interface GraphqlServer extends BenchServer {
  /** The SQLite file the server uses, for rows the API cannot write. */
  databaseUrl: string;
  nodeArgs: string[];
}

export interface GraphqlServerOptions {
  dataDir: string;
  /** `npm start` flags to leave out, e.g. ['--optimize-for-size']. */
  without?: string[];
  /** Flags to add, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] (bench:graphql --cpu-prof-dir). */
  extra?: string[];
}

export async function startGraphqlServer(children: Children, opts: GraphqlServerOptions): Promise<GraphqlServer> {
  const httpPort = await freePort();
  const dnsPort = await freePort([httpPort]);
  const smtpPort = await freePort([httpPort, dnsPort]);
  const databaseUrl = `file:${join(opts.dataDir, 'bench.db')}`;
  const inherited = Object.fromEntries(INHERITED_ENV.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
  const env: Record<string, string> = {
    ...inherited,
    HTTP_PORT: String(httpPort),
    DNS_PORT: String(dnsPort),
    SMTP_PORT: String(smtpPort),
    HOST: LOOPBACK,
    DATA_DIR: opts.dataDir,
    DATABASE_URL: databaseUrl,
    VERIFY_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  };
  const nodeArgs = [...serverNodeArgs().filter((a) => !(opts.without ?? []).includes(a)), ...(opts.extra ?? [])];
  const args = [...nodeArgs, 'src/main.ts'];
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
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await done;
    clearTimeout(timer);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited during start-up (${child.exitCode ?? child.signalCode}):\n${stderr.trim()}`);
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
    child,
    commandLine: ['node', ...args].join(' '),
    databaseUrl,
    nodeArgs,
    stderr: () => stderr,
    onStderrLine: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
  };
}
