// kill -9 in the middle of a migration, on each database. The server runs as users start
// it (`node --expose-gc --import tsx src/main.ts`, ports 0, read from its
// "listening" log line). The test-only hook REHEARSAL_TEST_PAUSE makes the analysis or the
// import wait for ever inside its transaction, after part of its data is written, and log
// "test pause"; the test waits for that line, kills the process, and starts a new one on the
// same database. Nothing here depends on timing: every wait is for a log line, a process
// exit or a database state, each with a generous bound.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateExport } from '../../scripts/export-generator/generate.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { RUN_FIELDS } from '../support/migration.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Generous: a loaded CI machine compiles the app with tsx before it listens. */
const WAIT_MS = 90_000;
/** Each test starts the server several times (each start compiles the app with tsx). */
const TEST_TIMEOUT_MS = 5 * WAIT_MS;
const EXPORT = generateExport({ rules: 1000, addressGroups: 100, addressesPerGroup: 20, keywordLists: 50, ipEntries: 1000 });

interface Server {
  url: string;
  child: ChildProcess;
  waitForLog(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<any>;
  upload(bytes: Uint8Array): Promise<any>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

async function startServer(db: TestDatabase, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HTTP_PORT: '0',
      DNS_PORT: '0',
      SMTP_PORT: '0',
      CAPTURE_SMTP_PORT: '0',
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.url,
      VERIFY_INTERVAL_SECONDS: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text);
    } catch {
      return;
    }
    lines.push(line);
    for (const w of [...waiters]) {
      if (!w.match(line)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitForLog = (match: (l: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = lines.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no such log line within ${WAIT_MS} ms; stderr: ${stderr}`)), WAIT_MS);
      void exited.then(() => reject(new Error(`the server exited; stderr: ${stderr}`)));
      waiters.push({
        match,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  const listening = await waitForLog((l) => l.msg === 'listening').catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  const url = String(listening.graphql).replace(/\/graphql$/, '');
  const headers = { 'x-graphql-yoga-csrf': '1' };
  return {
    url,
    child,
    waitForLog,
    async gql(query, variables = {}, extra = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, ...extra },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    async upload(bytes) {
      const form = new FormData();
      form.set(
        'operations',
        JSON.stringify({
          query: `mutation($file: Upload!) { startMigration(file: $file) { run { ${RUN_FIELDS} } userErrors { code message field } } }`,
          variables: { file: null },
        }),
      );
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set('0', new Blob([new Uint8Array(bytes)]), 'Config_Files_20240522_153925.dat');
      const res = await fetch(`${url}/graphql`, { method: 'POST', body: form, headers });
      return res.json();
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** PostgreSQL ends a killed client's session (and its advisory locks) once it sees the socket close. */
async function sessionsGone(db: TestDatabase): Promise<void> {
  if (db.kind !== 'postgresql') return;
  const name = new URL(db.url).pathname.slice(1);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    for (const until = Date.now() + WAIT_MS; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      const r = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      if (r.rows[0].n === 0) return;
    }
    throw new Error('the killed server’s database sessions did not end');
  } finally {
    await c.end();
  }
}

/** Waits for the pause's log line; a request that answers instead never reached the pause. */
async function pausedAt(server: Server, phase: string, request: Promise<unknown>): Promise<void> {
  const answered = request.then((r) => {
    throw new Error(`the request answered instead of pausing: ${JSON.stringify(r).slice(0, 500)}`);
  });
  // After the kill the request fails too; that later rejection is expected and ignored.
  answered.catch(() => undefined);
  await Promise.race([server.waitForLog((l) => l.phase === phase && String(l.msg).startsWith('test pause')), answered]);
}

const RUNS = `{ migrationRuns(first: 50) { edges { node { id state failure { code message } } } } }`;
const RESTART = `mutation($id: ID!) { restartMigration(id: $id) { run { id state } userErrors { code message field } } }`;
const CONFIRM = `mutation($id: ID!) { confirmMigration(id: $id) { run { id state } userErrors { code message field } } }`;

describeEachDatabase('kill -9 during a migration', (kind) => {
  let db: TestDatabase;
  let database: Database;
  let server: Server | null = null;
  /** Every server a test started: a failed test must not leave one running. */
  const started: Server[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const s = await startServer(db, env);
    started.push(s);
    return s;
  };
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) await s.kill9();
    await database?.close();
    await db?.drop();
  });

  /** What the administrator sees in the policy screens: counts of every imported kind. */
  const settings = async () => {
    const c = database.client;
    return {
      rules: await c.policyRule.count(),
      groups: await c.addressGroup.count(),
      lists: await c.keywordList.count(),
      entries: await c.listEntry.count(),
      notifications: await c.policyNotification.count(),
    };
  };
  const runs = async (s: Server) =>
    (
      (await s.gql(RUNS)).data.migrationRuns.edges as {
        node: { id: string; state: string; failure: { code: string; message: string } | null };
      }[]
    ).map((e) => e.node);

  it(
    'during analysis: after a restart the run is FAILED / MIGRATION_INTERRUPTED, and it can be started again',
    async () => {
      server = await start({ REHEARSAL_TEST_PAUSE: 'analysis' });
      database = openDatabase(db.url);
      const before = await settings();
      const pending = server.upload(EXPORT).catch(() => 'connection lost');
      await pausedAt(server, 'analysis', pending);
      await server.kill9();
      expect(await pending).toBe('connection lost');
      await sessionsGone(db);

      server = await start();
      const [run] = await runs(server);
      expect(run).toMatchObject({ state: 'FAILED', failure: { code: 'MIGRATION_INTERRUPTED' } });
      expect((await runs(server)).filter((r) => r.state === 'ANALYZING' || r.state === 'IMPORTING')).toEqual([]);
      const ja = await server.gql(RUNS, {}, { 'accept-language': 'ja' });
      expect(ja.data.migrationRuns.edges[0].node.failure.message).toContain('サーバーが停止');
      const audit = await database.client.auditEntry.findMany({ where: { eventType: 'MIGRATION_FAILED' } });
      expect(audit.map((a) => [a.actor, JSON.stringify(a.changes)])).toEqual([
        ['system', expect.stringContaining('MIGRATION_INTERRUPTED')],
      ]);
      expect(await database.client.migrationItem.count()).toBe(0);
      expect(await settings()).toEqual(before);

      const again = (await server.gql(RESTART, { id: run!.id })).data.restartMigration;
      expect(again.userErrors).toEqual([]);
      expect(again.run.state).toBe('ANALYZED');
      expect(again.run.id).not.toBe(run!.id);
      // Only an interrupted run can be restarted.
      expect((await server.gql(RESTART, { id: again.run.id })).data.restartMigration.userErrors[0].code).toBe('MIGRATION_NOT_RESTARTABLE');
      await server.stop();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'during import: nothing is half-imported, the run is FAILED / MIGRATION_INTERRUPTED, and a new confirm works',
    async () => {
      server = await start({ REHEARSAL_TEST_PAUSE: 'import' });
      const [analysed] = (await runs(server)).filter((r) => r.state === 'ANALYZED');
      expect(analysed).toBeDefined();
      const before = await settings();
      const pending = server.gql(CONFIRM, { id: analysed!.id }).catch(() => 'connection lost');
      await pausedAt(server, 'import', pending);
      await server.kill9();
      expect(await pending).toBe('connection lost');
      await sessionsGone(db);
      // The dead process's import lock is still there until recovery releases it.
      expect(await database.client.migrationImportLock.count()).toBe(1);

      server = await start();
      const interrupted = (await runs(server)).find((r) => r.id === analysed!.id);
      expect(interrupted).toMatchObject({ state: 'FAILED', failure: { code: 'MIGRATION_INTERRUPTED' } });
      expect((await runs(server)).filter((r) => r.state === 'ANALYZING' || r.state === 'IMPORTING')).toEqual([]);
      expect(await settings()).toEqual(before);
      expect(await database.client.migrationImportLock.count()).toBe(0);

      const restarted = (await server.gql(RESTART, { id: analysed!.id })).data.restartMigration;
      expect(restarted.run.state).toBe('ANALYZED');
      const done = (await server.gql(CONFIRM, { id: restarted.run.id })).data.confirmMigration;
      expect(done.userErrors).toEqual([]);
      expect(done.run.state).toBe('COMPLETED');
      expect((await settings()).rules).toBeGreaterThan(before.rules);
      await server.stop();
    },
    TEST_TIMEOUT_MS,
  );
});
