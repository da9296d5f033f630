// Start-up migrations: applied once, recorded in Prisma's own table, a changed migration
// is refused, and the schema never drifts from the migrations.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, migrateSqlite, MigrationError, readMigrations } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/client.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

describeEachDatabase('migrations', (kind) => {
  let db: TestDatabase;
  const dir = kind === 'sqlite' ? 'prisma/migrations' : 'prisma/postgresql/migrations';
  const migrate = (migrations = readMigrations(dir)) =>
    kind === 'sqlite'
      ? Promise.resolve().then(() => migrateSqlite(db.url.replace('file:', ''), migrations))
      : migratePostgres(db.url, migrations);
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => db?.drop());

  it('applies every migration once, then nothing', async () => {
    const all = readMigrations(dir);
    const first = await migrate();
    expect(first.applied).toEqual(all.map((m) => m.name));
    const second = await migrate();
    expect(second).toEqual({ applied: [], alreadyApplied: all.length });
    const client = openDatabase(db.url);
    try {
      const rows = await client.client.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations');
      expect(rows.map((r) => r.migration_name)).toEqual(all.map((m) => m.name));
      expect(await client.client.tenant.count()).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('refuses a migration that was changed after it was applied', async () => {
    const tampered = readMigrations(dir).map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
    await expect(migrate(tampered)).rejects.toThrow(MigrationError);
    await expect(migrate(tampered)).rejects.toThrow(/was changed after it was applied/);
  });

  it('refuses a database made by a newer version', async () => {
    await expect(migrate(readMigrations(dir).slice(0, 0))).rejects.toThrow(/newer version/);
  });
});

describe('schema and migrations', () => {
  it('has a migration for every change of prisma/schema.prisma (npm run db:migration -- <name>)', async () => {
    const r = await promisify(execFile)(
      process.execPath,
      [
        'node_modules/prisma/build/index.js',
        'migrate',
        'diff',
        '--from-schema-datamodel',
        'prisma/schema.snapshot.prisma',
        '--to-schema-datamodel',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      { env: { ...process.env, SQLITE_URL: 'file::memory:' } },
    ).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    expect(r).toBe(0);
  });

  it('keeps the generated PostgreSQL schema in step with the source', async () => {
    const { toPg } = await import('../../scripts/schema-tools.mjs');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('prisma/postgresql/schema.prisma', 'utf8')).toBe(toPg(readFileSync('prisma/schema.prisma', 'utf8')));
  });
});

describe('SQLite migrations that redefine a table', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterAll(async () => db?.drop());

  it('keep the rows that reference it (Prisma redefines PolicyRule: its object references survive the upgrade)', async () => {
    const all = readMigrations('prisma/migrations');
    const redefining = all.findIndex((m) => /DROP TABLE "PolicyRule"/.test(m.sql));
    expect(redefining).toBeGreaterThan(0);
    const file = db.url.replace('file:', '');
    migrateSqlite(file, all.slice(0, redefining));
    const raw = new Sqlite(file);
    try {
      raw.exec(`INSERT INTO "Tenant" ("id", "name", "companyId") VALUES ('t1', 'T', 'cid-1');
        INSERT INTO "PolicyRule" ("id", "tenantId", "direction", "type", "name", "order", "level", "recipients", "senders", "exceptions",
          "criteriaMode", "criteria", "interceptOptions", "modifyActions", "monitorActions", "updatedAt")
          VALUES ('r1', 't1', 'INBOUND', 'CONTENT_FILTERING', 'R', 1, 'ORGANIZATION', '{}', '{}', '[]', 'ANY', '[]', '{}', '[]', '[]', 0);
        INSERT INTO "PolicyObjectRef" ("id", "ruleId", "objectKind", "objectId") VALUES ('ref1', 'r1', 'STAMP', 's1');`);
    } finally {
      raw.close();
    }
    migrateSqlite(file, all);
    const after = new Sqlite(file, { readonly: true });
    try {
      expect(after.prepare('SELECT count(*) AS n FROM "PolicyObjectRef"').get()).toEqual({ n: 1 });
      expect(after.prepare('SELECT count(*) AS n FROM "PolicyRule"').get()).toEqual({ n: 1 });
    } finally {
      after.close();
    }
  });

  it('refuses a migration that would leave rows without their parent, and changes nothing', async () => {
    const file = db.url.replace('file:', '');
    const orphaning = { name: '99999999999999_orphan', sql: `DELETE FROM "PolicyRule";`, checksum: 'x' };
    expect(() => migrateSqlite(file, [...readMigrations('prisma/migrations'), orphaning])).toThrow(
      /without their PolicyRule; nothing was changed/,
    );
    const after = new Sqlite(file, { readonly: true });
    try {
      expect(after.prepare('SELECT count(*) AS n FROM "PolicyRule"').get()).toEqual({ n: 1 });
    } finally {
      after.close();
    }
  });
});
