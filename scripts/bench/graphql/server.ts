// The GraphQL benchmark's servers: src/main.ts started as `npm start` starts it (its Node
// flags, read from package.json), or with flags added or left out (to measure what
// --optimize-for-size would cost), through bench-server.ts's startServer. The DATA_DIR is the
// caller's: a second server serves the database the first was seeded with, and the
// benchmark can write rows the API cannot make (DLP templates come only from a migration
// import).
import { join } from 'node:path';
import { serverNodeArgs, startServer, type BenchServer, type Children } from '../bench-server.js';

export interface GraphqlServer extends BenchServer {
  /** The SQLite file the server uses, for rows the API cannot write. */
  databaseUrl: string;
  nodeArgs: string[];
}

export interface GraphqlServerOptions {
  dataDir: string;
  /** `npm start` flags to leave out. */
  without?: string[];
  /** Flags to add, e.g. ['--optimize-for-size'] or ['--cpu-prof', '--cpu-prof-dir=…']. */
  extra?: string[];
  /** Settings beside DATABASE_URL, e.g. POLICY_SNAPSHOT_MAX_RULES=0 (the database path). */
  env?: Record<string, string>;
}

export async function startGraphqlServer(children: Children, opts: GraphqlServerOptions): Promise<GraphqlServer> {
  const databaseUrl = `file:${join(opts.dataDir, 'bench.db')}`;
  const nodeArgs = [...serverNodeArgs().filter((a) => !(opts.without ?? []).includes(a)), ...(opts.extra ?? [])];
  const server = await startServer(children, {
    entry: 'src/main.ts',
    env: { DATABASE_URL: databaseUrl, ...opts.env },
    dataDir: opts.dataDir,
    nodeArgs,
  });
  return {
    ...server,
    commandLine: [...Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`), 'node', ...nodeArgs, 'src/main.ts'].join(' '),
    databaseUrl,
    nodeArgs,
  };
}
