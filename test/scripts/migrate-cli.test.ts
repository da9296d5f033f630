// The operator command as users run it (`npm run migrate -- <file.dat> …` is
// `node --import tsx scripts/migrate.ts …`), on SQLite in a temporary DATA_DIR.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createTestDatabase, enabledDatabases } from '../support/databases.js';
import { fixtureExport } from '../support/export-fixtures.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Each case spawns Node, tsx and a fresh database: well under this on a slow machine. */
const CASE_TIMEOUT_MS = 60_000;
const STACK_FRAME = /\bat .*\.(ts|js):\d+/;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cegp-migrate-cli-'));
  dirs.push(d);
  return d;
}

function exportFile(dir: string, fixture: string): string {
  const file = join(dir, `${fixture}.dat`);
  writeFileSync(file, fixtureExport(fixture));
  return file;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command with stdin not a TTY (as in CI), and only the environment given. */
function migrate(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LANG: 'C', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), CASE_TIMEOUT_MS - 5000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function inDatabase<T>(
  dataDir: string,
  read: (db: ReturnType<typeof openDatabase>['client']) => Promise<T>,
  url = `file:${join(dataDir, 'cegp-rehearsal.db')}`,
): Promise<T> {
  const database = openDatabase(url);
  try {
    return await read(database.client);
  } finally {
    await database.close();
  }
}

describe('npm run migrate', () => {
  it(
    'with --yes analyses, imports and prints both summaries; the audit log names the CLI',
    async () => {
      const dir = workDir();
      const r = await migrate(dir, [exportFile(dir, 'imsva-ja-basic'), '--yes', '--tenant', 'rehearsal', '--lang', 'en']);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.code).toBe(0);
      for (const label of ['Not supported', 'Error', 'Warning', 'Successful', 'Prerequisites', 'HIDDEN_KEY', 'ACTION_TARGET_UNMANAGED']) {
        expect(r.stdout).toContain(label);
      }
      expect(r.stdout).toContain('Import COMPLETED');
      expect(r.stdout).toMatch(/Rules imported\s+\d+/);
      // Which database, first; report links as full URLs of the server this configuration starts.
      expect(r.stdout.split('\n')[0]).toBe(`Database: SQLite ${join(dir, 'cegp-rehearsal.db')}`);
      expect(r.stdout).toMatch(
        /^Analysis report: http:\/\/127\.0\.0\.1:4000\/migration\/reports\/[A-Za-z0-9_-]+\.pdf\?lang=(ja|en)&expires=\d+&sig=/m,
      );
      expect(r.stdout).toMatch(/^Migration report: http:\/\/127\.0\.0\.1:4000\/migration\/reports\/[A-Za-z0-9_-]+\.pdf\?/m);
      expect(r.stdout).not.toContain('Fixed before this import');
      // stderr is not a TTY here: plain progress lines instead of a bar.
      expect(r.stderr).toMatch(/^analysis: 100% /m);
      expect(r.stderr).toMatch(/^import: 100% /m);

      const runId = /Run\s+(\S+)/.exec(r.stdout)?.[1];
      await inDatabase(dir, async (db) => {
        const run = await db.migrationRun.findUniqueOrThrow({ where: { id: runId } });
        expect(run.state).toBe('COMPLETED');
        expect(await db.policyRule.count({ where: { migrationRunId: { not: null } } })).toBeGreaterThan(0);
        const report = await db.migrationReportFile.findUniqueOrThrow({ where: { runId_kind: { runId: run.id, kind: 'MIGRATION' } } });
        expect(r.stdout).toContain(`/migration/reports/${report.id}.pdf`);
        const actors = await db.auditEntry.findMany({ where: { targetId: run.id }, select: { actor: true } });
        expect(actors.length).toBeGreaterThan(0);
        expect(new Set(actors.map((a) => a.actor))).toEqual(new Set(['cli']));
      });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'without --yes and without a terminal cancels with exit 5 and says why: nothing imported (Japanese under LANG=ja_JP)',
    async () => {
      const dir = workDir();
      const r = await migrate(dir, [exportFile(dir, 'imsva-ja-basic')], { LANG: 'ja_JP.UTF-8' });
      expect(r.code).toBe(5);
      for (const label of ['データベース: SQLite', 'サポート対象外', 'エラー', '警告', '成功', '前提条件'])
        expect(r.stdout).toContain(label);
      expect(r.stderr).toContain('標準入力が端末ではないため確認できず、--yes も指定されていません。');
      expect(r.stdout).not.toContain('COMPLETED');
      expect(r.stderr).not.toMatch(STACK_FRAME);
      await inDatabase(dir, async (db) => {
        expect(await db.policyRule.count({ where: { migrationRunId: { not: null } } })).toBe(0);
        expect((await db.migrationRun.findMany({ select: { state: true } })).map((x) => x.state)).toEqual(['CANCELLED']);
      });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'refuses an export without the hidden key with its code, exit 3',
    async () => {
      const dir = workDir();
      const r = await migrate(dir, [exportFile(dir, 'imsva-no-hidden-key'), '--yes', '--lang', 'en']);
      expect(r.code).toBe(3);
      expect(r.stdout + r.stderr).toContain('HIDDEN_KEY_MISSING');
      expect(r.stderr).toContain('enable_ems_migrate=1');
      expect(r.stderr).not.toMatch(STACK_FRAME);
      await inDatabase(dir, async (db) => {
        expect(await db.policyRule.count({ where: { migrationRunId: { not: null } } })).toBe(0);
      });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'a missing file is one sentence on stderr, exit 2',
    async () => {
      const dir = workDir();
      const r = await migrate(dir, [join(dir, 'Config_Files_missing.dat'), '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`Cannot read "${join(dir, 'Config_Files_missing.dat')}": no such file.`]);
      expect(r.stdout).toBe('');
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'bad arguments print the usage, exit 2: a bad --mode, an unknown flag, no file, an unknown tenant',
    async () => {
      const dir = workDir();
      const file = exportFile(dir, 'imsva-ja-basic');
      const cases: [string[], RegExp][] = [
        [[file, '--mode', 'replace'], /--mode must be merge or overwrite, not "replace"\./],
        [[file, '--force'], /Unknown option "--force"\./],
        [['--yes'], /Name the IMSS\/IMSVA export/],
        [[file, '--tenant', 'nobody', '--lang', 'en'], /Tenant nobody was not found/],
      ];
      const results = await Promise.all(cases.map(([args]) => migrate(dir, args)));
      results.forEach((r, i) => {
        expect(r.code, cases[i]![0].join(' ')).toBe(2);
        expect(r.stderr).toMatch(cases[i]![1]);
        expect(r.stderr).not.toMatch(STACK_FRAME);
      });
      expect(results.slice(0, 3).every((r) => r.stderr.includes('Usage: npm run migrate -- <file.dat>'))).toBe(true);
    },
    CASE_TIMEOUT_MS,
  );
  it(
    '--help lists the options and every exit code, exit 0',
    async () => {
      const r = await migrate(workDir(), ['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: npm run migrate -- <file.dat>');
      expect(r.stdout).toContain('--report-dir <dir>');
      expect(r.stdout).toContain('Exit codes:');
      for (const code of [0, 1, 2, 3, 4, 5]) expect(r.stdout).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
    },
    CASE_TIMEOUT_MS,
  );

  it(
    '--report-dir writes both reports as PDF files and names them',
    async () => {
      const dir = workDir();
      const reports = join(dir, 'reports', 'nested');
      const r = await migrate(dir, [exportFile(dir, 'imsva-ja-basic'), '--yes', '--lang', 'en', '--report-dir', reports]);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.code).toBe(0);
      const files = readdirSync(reports).sort();
      expect(files).toEqual([
        expect.stringMatching(/^imsva-ja-basic-analysis-report\.(ja|en)\.pdf$/),
        expect.stringMatching(/^imsva-ja-basic-migration-report\.(ja|en)\.pdf$/),
      ]);
      for (const f of files) {
        expect(readFileSync(join(reports, f)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(r.stdout).toContain(`written to: ${join(reports, f)}`);
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'an unusable --report-dir is one sentence, exit 2, before anything is analysed',
    async () => {
      const dir = workDir();
      const notAFolder = join(dir, 'file.txt');
      writeFileSync(notAFolder, 'x');
      const r = await migrate(dir, [exportFile(dir, 'imsva-ja-basic'), '--yes', '--report-dir', join(notAFolder, 'reports')]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`Cannot write reports to "${join(notAFolder, 'reports')}": it is not a folder.`);
      expect(r.stdout).toBe('');
    },
    CASE_TIMEOUT_MS,
  );

  for (const mode of ['merge', 'overwrite'] as const) {
    it(
      `a re-import (${mode}) that puts rules marked Fixed back to Needs fix says how many and which`,
      async () => {
        const dir = workDir();
        const file = exportFile(dir, 'imsva-ja-basic');
        const first = await migrate(dir, [file, '--yes', '--lang', 'en']);
        expect(first.code).toBe(0);
        // The administrator fixes two rules (markPolicyFixed's effect on the row).
        const fixed = await inDatabase(dir, async (db) => {
          const rules = await db.policyRule.findMany({
            where: { migrationStatus: 'NEEDS_FIX' },
            orderBy: { order: 'asc' },
            take: 2,
            select: { id: true, name: true },
          });
          await db.policyRule.updateMany({ where: { id: { in: rules.map((x) => x.id) } }, data: { migrationStatus: 'FIXED' } });
          return rules.map((x) => x.name);
        });
        expect(fixed).toHaveLength(2);
        const again = await migrate(dir, [file, '--yes', '--lang', 'en', '--mode', mode]);
        expect(again.code).toBe(0);
        const line = again.stdout.split('\n').find((l) => l.startsWith('Warning: '));
        expect(line).toMatch(/^Warning: 2 rules marked Fixed before this import are back to Needs fix \(disabled\): /);
        for (const name of fixed) expect(line).toContain(name);
      },
      CASE_TIMEOUT_MS,
    );
  }

  it.skipIf(!enabledDatabases().includes('postgresql'))(
    'on PostgreSQL names the server and database, never the password',
    async () => {
      const database = await createTestDatabase('postgresql');
      try {
        const url = new URL(database.url);
        url.password = 'not-printed-secret';
        const r = await migrate(database.dataDir, [exportFile(database.dataDir, 'imsva-ja-basic'), '--yes', '--lang', 'en'], {
          DATABASE_URL: url.href,
        });
        expect(r.stderr).not.toMatch(STACK_FRAME);
        expect(r.code).toBe(0);
        expect(r.stdout.split('\n')[0]).toBe(
          `Database: PostgreSQL ${url.hostname}:${url.port || 5432}, database ${url.pathname.slice(1)}, user ${url.username}`,
        );
        expect(r.stdout + r.stderr).not.toContain('not-printed-secret');
        await inDatabase(
          database.dataDir,
          async (db) => expect(await db.migrationRun.count({ where: { state: 'COMPLETED' } })).toBe(1),
          database.url,
        );
      } finally {
        await database.drop();
      }
    },
    CASE_TIMEOUT_MS,
  );
});
