// Applies prisma/migrations (SQLite) or prisma/postgresql/migrations at start, so
// `npm start` needs no separate step. It keeps Prisma's own `_prisma_migrations` table, so
// `prisma migrate status` agrees with it. It runs each file through the driver directly
// (better-sqlite3 `exec`, pg simple query) because the Prisma CLI's deploy lingers 10 s on
// PostgreSQL and its adapter path cannot run multi-statement files (stack notes P3, §1).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {}

/** The advisory lock key Prisma itself uses, so two starts never migrate at once. */
const PG_ADVISORY_LOCK_KEY = 72707369;

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder ${dir} is missing`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

function checkHistory(applied: Map<string, string>, migrations: Migration[]): void {
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new MigrationError(`migration ${m.name} was changed after it was applied; restore it or use a fresh database`);
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!known.has(name))
      throw new MigrationError(`the database has migration ${name}, which this version does not know: it was made by a newer version`);
  }
}

export function migrateSqlite(file: string, migrations: Migration[]): MigrateResult {
  const db = new Sqlite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SQLITE_TABLE);
    const rows = db
      .prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { migration_name: string; checksum: string }[];
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkHistory(applied, migrations);
    const done: string[] = [];
    // Prisma's SQLite migrations redefine a table (CREATE new_T, copy, DROP T, RENAME) under
    // `PRAGMA foreign_keys=OFF`, which SQLite ignores inside a transaction: with the keys on
    // (better-sqlite3's default), DROP TABLE would delete every row that references T through
    // ON DELETE CASCADE. So the keys are off around the transaction, and it commits only if
    // foreign_key_check finds nothing dangling.
    db.pragma('foreign_keys = OFF');
    for (const m of migrations.filter((x) => !applied.has(x.name))) {
      db.transaction(() => {
        db.exec(m.sql);
        const dangling = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (dangling.length) {
          const first = dangling[0]!;
          throw new MigrationError(
            `migration ${m.name} would leave ${dangling.length} row(s) of ${first.table} without their ${first.parent}; nothing was changed`,
          );
        }
        db.prepare(
          'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
        ).run(randomUUID(), m.checksum, m.name, Date.now(), Date.now());
      })();
      done.push(m.name);
    }
    return { applied: done, alreadyApplied: applied.size };
  } finally {
    db.close();
  }
}

export async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_ADVISORY_LOCK_KEY]);
    await client.query(PG_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkHistory(applied, migrations);
    const done: string[] = [];
    for (const m of migrations.filter((x) => !applied.has(x.name))) {
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query(
          'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)',
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      done.push(m.name);
    }
    return { applied: done, alreadyApplied: applied.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PG_ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
