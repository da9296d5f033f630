// Races on the run lifecycle, on each database, over real HTTP: a cancel and a confirm sent
// together on one run (exactly one wins, the other gets MIGRATION_STATE_INVALID, the audit
// log holds only the winner); many confirms at once (one import, user errors for the rest,
// never a duplicate key or a masked error); and the upload kept for a run: removed when the
// run ends, when a newer run supersedes it, and after MIGRATION_UPLOAD_RETENTION_HOURS.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureExport } from '../support/export-fixtures.js';
import { confirm, objectState, ruleState, upload, verifiedDomain } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CANCEL = `mutation($id: ID!) { cancelMigration(id: $id) { run { id state } userErrors { code message field } } }`;

/** A clock the test moves; the app reads it through its context. */
function movableClock() {
  let offsetMs = 0;
  const clock: Clock & { advanceHours(h: number): void } = {
    now: () => new Date(Date.now() + offsetMs),
    advanceHours: (h) => {
      offsetMs += h * 3_600_000;
    },
  };
  return clock;
}

describeEachDatabase('migration races and uploads', (kind) => {
  let t: TestApp;
  const clock = movableClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { MIGRATION_UPLOAD_RETENTION_HOURS: '24' }, { clock });
    await verifiedDomain(t, 'example.co.jp');
    await verifiedDomain(t, 'example.jp');
  });
  afterAll(async () => t?.close());

  const analysed = async () => {
    const r = await upload(t, fixtureExport('imsva-ja-basic'));
    expect(r.payload.run.state).toBe('ANALYZED');
    return r.payload.run.id as string;
  };
  const uploadFile = (globalId: string) =>
    join(t.db.dataDir, 'migrations', `${Buffer.from(globalId, 'base64').toString().split(':').pop()}.dat`);
  const auditFor = async (globalId: string) => {
    const runId = Buffer.from(globalId, 'base64').toString().split(':').pop()!;
    const rows = await t.app.database.client.auditEntry.findMany({ where: { targetId: runId }, orderBy: { at: 'asc' } });
    return rows.map((r) => r.eventType);
  };

  it('a cancel and a confirm sent together: exactly one wins, the other is refused', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await analysed();
      const [c, cancel] = await Promise.all([confirm(t, id), t.gql(CANCEL, { id })]);
      const cancelled = cancel.data.cancelMigration;
      const confirmWon = c.userErrors.length === 0;
      const cancelWon = cancelled.userErrors.length === 0;
      expect(confirmWon !== cancelWon).toBe(true);
      const events = await auditFor(id);
      const state = (await t.gql(`query($id: ID!) { node(id: $id) { ... on MigrationRun { state } } }`, { id })).data.node.state;
      if (confirmWon) {
        expect(state).toBe('COMPLETED');
        expect(cancelled.userErrors[0].code).toBe('MIGRATION_STATE_INVALID');
        expect(events).toContain('MIGRATION_IMPORT_COMPLETED');
        expect(events).not.toContain('MIGRATION_CANCELLED');
      } else {
        expect(state).toBe('CANCELLED');
        expect(c.userErrors[0].code).toBe('MIGRATION_STATE_INVALID');
        expect(events).toContain('MIGRATION_CANCELLED');
        expect(events).not.toContain('MIGRATION_IMPORT_STARTED');
      }
      expect(existsSync(uploadFile(id))).toBe(false);
    }
  });

  it('ten confirms of one run at once: one import, user errors for the others', async () => {
    const id = await analysed();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.gql(`mutation($id: ID!) { confirmMigration(id: $id) { run { state } userErrors { code } } }`, { id }),
      ),
    );
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    const payloads = results.map((r) => r.data.confirmMigration);
    expect(payloads.filter((p) => p.userErrors.length === 0 && p.run.state === 'COMPLETED')).toHaveLength(1);
    for (const p of payloads.filter((x) => x.userErrors.length))
      expect(['MIGRATION_STATE_INVALID', 'MIGRATION_BUSY']).toContain(p.userErrors[0].code);
    expect((await auditFor(id)).filter((e) => e === 'MIGRATION_IMPORT_COMPLETED')).toHaveLength(1);
  });

  it('ten confirms of ten runs of one tenant at once: at most one imports, no duplicate key', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await analysed());
    const results = await Promise.all(
      ids.map((id) => t.gql(`mutation($id: ID!) { confirmMigration(id: $id) { run { state } userErrors { code } } }`, { id })),
    );
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    const payloads = results.map((r) => r.data.confirmMigration);
    // Only the latest run keeps its upload (a newer run supersedes the older ones).
    expect(payloads.at(-1)).toMatchObject({ run: { state: 'COMPLETED' }, userErrors: [] });
    for (const p of payloads.slice(0, -1)) expect(['MIGRATION_FILE_MISSING', 'MIGRATION_BUSY']).toContain(p.userErrors[0]?.code);
    expect(await t.app.database.client.migrationImportLock.count()).toBe(0);
  });

  it("a confirm while another import holds the tenant's lock gets MIGRATION_BUSY, and works once it is released", async () => {
    const rules = await ruleState(t);
    const id = await analysed();
    const db = t.app.database.client;
    const tenantId = await t.app.defaultTenantId();
    // The row another instance's running import holds (MigrationImportLock: one per tenant).
    await db.migrationImportLock.create({ data: { tenantId, runId: 'another-instance-run', acquiredAt: new Date() } });
    const busy = await confirm(t, id);
    expect(busy.userErrors[0]).toMatchObject({ code: 'MIGRATION_BUSY', field: 'id' });
    expect(busy.run).toBeNull();
    expect(await ruleState(t)).toEqual(rules);
    await db.migrationImportLock.delete({ where: { tenantId } });
    expect((await confirm(t, id)).run.state).toBe('COMPLETED');
  });

  // Two instances on one PostgreSQL: a start must not fail the run a live instance works on.
  it.skipIf(kind !== 'postgresql')(
    'recovery at start leaves alone a run another live instance holds, and fails it once it is free',
    async () => {
      const db = t.app.database.client;
      const tenantId = await t.app.defaultTenantId();
      const run = await db.migrationRun.create({
        data: {
          tenantId,
          fileName: 'x.dat',
          sizeBytes: 1,
          mode: 'MERGE',
          state: 'ANALYZING',
          prerequisites: [],
          counts: {},
          createdAt: clock.now(),
        },
      });
      // The running test app plays the instance that is analysing this run.
      const lease = await t.app.migration.leases.acquire(run.id);
      expect(lease).not.toBeNull();
      const another = async () => {
        const config = loadConfig({
          HTTP_PORT: '0',
          DNS_PORT: '0',
          SMTP_PORT: '0',
          CAPTURE_SMTP_PORT: '0',
          DATA_DIR: t.db.dataDir,
          DATABASE_URL: t.db.url,
          VERIFY_INTERVAL_SECONDS: '0',
          LOG_LEVEL: 'silent',
        });
        const app = await createApp(config, { log: createLogger({ level: 'silent', format: 'json' }) });
        await app.start();
        await app.stop();
      };
      await another();
      expect(await db.migrationRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ state: 'ANALYZING' });
      await lease!.release();
      await another();
      expect(await db.migrationRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
        state: 'FAILED',
        failureCode: 'MIGRATION_INTERRUPTED',
      });
    },
  );

  it('an upload goes when its run is cancelled, and when a newer run supersedes it', async () => {
    const first = await analysed();
    expect(existsSync(uploadFile(first))).toBe(true);
    const second = await analysed();
    expect(existsSync(uploadFile(first))).toBe(false);
    expect((await confirm(t, first)).userErrors[0].code).toBe('MIGRATION_FILE_MISSING');
    expect(existsSync(uploadFile(second))).toBe(true);
    await t.gql(CANCEL, { id: second });
    expect(existsSync(uploadFile(second))).toBe(false);
  });

  it(`an analysed run's upload is kept ${24} hours, then swept (the run can no longer be imported)`, async () => {
    const rules = await ruleState(t);
    const objects = await objectState(t);
    const id = await analysed();
    await t.stop();
    clock.advanceHours(23);
    await t.restart();
    expect(existsSync(uploadFile(id))).toBe(true);
    await t.stop();
    clock.advanceHours(2);
    await t.restart();
    expect(existsSync(uploadFile(id))).toBe(false);
    const c = await confirm(t, id);
    expect(c.userErrors[0].code).toBe('MIGRATION_FILE_MISSING');
    expect(await ruleState(t)).toEqual(rules);
    expect(await objectState(t)).toEqual(objects);
  });
});
