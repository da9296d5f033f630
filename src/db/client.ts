// One code path for both databases: the application compiles against the SQLite client
// type; the PostgreSQL client is the same shape for everything the app uses (stack notes
// §1, "Type compatibility"). Dialect-specific bits go through `kind`.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient, Prisma } from '../generated/prisma/sqlite/client.js';
import { PrismaClient as PgClient } from '../generated/prisma/postgresql/client.js';

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
/** A use-case accepts either the client or a transaction it is nested in. */
export type DbOrTx = Db | Tx;
export type DbKind = 'sqlite' | 'postgresql';
export { Prisma };

export interface Database {
  kind: DbKind;
  client: Db;
  /** A redacted description for logs and errors (no password). */
  describe: string;
  close(): Promise<void>;
}

/**
 * Test hook: clients opened while an observer is set report each query to it (Prisma's
 * `query` event; the tests count what one request costs). Unset in the server: the event
 * costs time on every query.
 */
let queryObserver: ((e: Prisma.QueryEvent) => void) | null = null;
export function observeQueries(observer: ((e: Prisma.QueryEvent) => void) | null): void {
  queryObserver = observer;
}

function withObserver<C>(client: C, observer: ((e: Prisma.QueryEvent) => void) | null): C {
  if (observer) (client as unknown as { $on(event: 'query', cb: (e: Prisma.QueryEvent) => void): void }).$on('query', observer);
  return client;
}

export function openDatabase(url: string): Database {
  const observer = queryObserver;
  const log = observer ? [{ emit: 'event' as const, level: 'query' as const }] : undefined;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = withObserver(new PgClient({ adapter: new PrismaPg({ connectionString: url }), log }), observer) as unknown as Db;
    const u = new URL(url);
    return {
      kind: 'postgresql',
      client,
      describe: `postgresql://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`,
      close: () => client.$disconnect(),
    };
  }
  const file = url.replace(/^file:/, '');
  mkdirSync(dirname(file), { recursive: true });
  const client = withObserver(new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }), log }), observer);
  return { kind: 'sqlite', client, describe: `sqlite:${file}`, close: () => client.$disconnect() };
}

/** True when the database answers a trivial query (used by /healthz). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** Prisma's unique-constraint violation, raised when two writers race for one name. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

/**
 * Runs `fn` in a transaction: a new one on a client, or the caller's when `db` already is
 * one (a use-case called by another use-case joins its transaction).
 */
export async function inTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
  if ('$transaction' in db && typeof db.$transaction === 'function')
    return (db as Db).$transaction(fn, { timeout: opts.timeoutMs ?? 15_000, maxWait: 10_000 });
  return fn(db as Tx);
}
