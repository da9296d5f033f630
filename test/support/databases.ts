// The databases a suite runs on: SQLite always; PostgreSQL when a server answers at
// TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres). CI sets
// REQUIRE_POSTGRES=1 so that a missing server fails instead of skipping.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';

export type TestDbKind = 'sqlite' | 'postgresql';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const ALL_KINDS: TestDbKind[] = ['sqlite', 'postgresql'];

/** Which kinds run, decided once by global-setup (env TEST_DATABASES). */
export function enabledDatabases(): TestDbKind[] {
  return (process.env.TEST_DATABASES ?? 'sqlite').split(',').filter(Boolean) as TestDbKind[];
}

/**
 * One suite per database. A database that does not run is still listed, as skipped, so the
 * summary says what did not run.
 */
export function describeEachDatabase(title: string, fn: (kind: TestDbKind) => void): void {
  const enabled = enabledDatabases();
  for (const kind of ALL_KINDS) describe.skipIf(!enabled.includes(kind))(`${title} (${kind})`, () => fn(kind));
}

export async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  kind: TestDbKind;
  /** DATABASE_URL for the app. */
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind. */
export async function createTestDatabase(kind: TestDbKind): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cegp-test-'));
  if (kind === 'sqlite') {
    return { kind, url: `file:${join(dataDir, 'test.db')}`, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `cegp_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
