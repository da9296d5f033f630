// A throw-away PostgreSQL database per benchmark run: created empty, dropped at the end
// (WITH (FORCE), PostgreSQL 13+, so a worker that died with open connections cannot block it).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A missing server should be reported quickly, not after the driver's default wait. */
const CONNECT_TIMEOUT_MS = 2000;
const NAME_RANDOM_BYTES = 6;

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Why PostgreSQL cannot be used, or null when it answers. */
export async function postgresProblem(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return `${redact(adminUrl)} did not answer (${[e.code, e.message].filter(Boolean).join(': ')})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `cegp_bench_${randomBytes(NAME_RANDOM_BYTES).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

async function withAdmin(adminUrl: string, fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}
