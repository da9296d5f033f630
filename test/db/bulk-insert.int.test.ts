// Rows written by bulkInsert read back through Prisma exactly as createMany's would, on both
// databases (dates, booleans, enums, Json, nulls), and roll back with their transaction.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bulkInsert } from '../../src/db/bulk-insert.js';
import { inTransaction, openDatabase, type Database } from '../../src/db/client.js';
import { migratePostgres, migrateSqlite, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

describeEachDatabase('bulkInsert', (kind) => {
  let tdb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    if (kind === 'sqlite') migrateSqlite(tdb.url.replace('file:', ''), readMigrations('prisma/migrations'));
    else await migratePostgres(tdb.url, readMigrations('prisma/postgresql/migrations'));
    database = openDatabase(tdb.url);
    await database.client.tenant.create({ data: { id: 't1', name: 'T', companyId: 'bulk' } });
  });
  afterAll(async () => {
    await database?.close();
    await tdb?.drop();
  });

  it('writes rows that Prisma reads back unchanged', async () => {
    const at = new Date('2024-05-22T06:50:38.123Z');
    const cols = {
      id: 'text',
      tenantId: 'text',
      name: 'text',
      description: 'text',
      internal: 'bool',
      addresses: 'json',
      createdByMigration: 'bool',
      createdAt: 'datetime',
      updatedAt: 'datetime',
    } as const;
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      id: `g${i}`,
      tenantId: 't1',
      name: `グループ ${i}`,
      description: i % 2 ? 'd' : '',
      internal: i % 2 === 0,
      addresses: [`u${i}@example.co.jp`, '*@*.example.jp'],
      createdByMigration: true,
      createdAt: at,
      updatedAt: at,
    }));
    expect(await bulkInsert(database.client, kind, 'AddressGroup', cols, rows)).toBe(2500);
    const g = await database.client.addressGroup.findUniqueOrThrow({ where: { id: 'g7' } });
    expect(g).toEqual({
      id: 'g7',
      tenantId: 't1',
      name: 'グループ 7',
      description: 'd',
      internal: false,
      addresses: ['u7@example.co.jp', '*@*.example.jp'],
      createdByMigration: true,
      createdAt: at,
      updatedAt: at,
    });
    expect(await database.client.addressGroup.count({ where: { internal: true } })).toBe(1250);
  });

  it('writes enums and nullable columns', async () => {
    await bulkInsert(
      database.client,
      kind,
      'ListEntry',
      { id: 'text', tenantId: 'text', list: 'text', value: 'text', description: 'text', createdByMigration: 'bool', createdAt: 'datetime' },
      [
        {
          id: 'e1',
          tenantId: 't1',
          list: 'BLOCKED_IP',
          value: '198.51.100.7',
          description: '',
          createdByMigration: false,
          createdAt: new Date(),
        },
      ],
    );
    expect(await database.client.listEntry.findMany({ where: { list: 'BLOCKED_IP' }, select: { value: true } })).toEqual([
      { value: '198.51.100.7' },
    ]);
  });

  it('is undone with its transaction', async () => {
    await expect(
      inTransaction(database.client, async (tx) => {
        await bulkInsert(
          tx,
          kind,
          'ListEntry',
          {
            id: 'text',
            tenantId: 'text',
            list: 'text',
            value: 'text',
            description: 'text',
            createdByMigration: 'bool',
            createdAt: 'datetime',
          },
          [
            {
              id: 'e2',
              tenantId: 't1',
              list: 'APPROVED_IP',
              value: '203.0.113.9',
              description: '',
              createdByMigration: true,
              createdAt: new Date(),
            },
          ],
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await database.client.listEntry.count({ where: { id: 'e2' } })).toBe(0);
  });
});
