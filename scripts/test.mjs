// `npm test`: runs vitest over both databases (PostgreSQL when a server answers; see
// test/support/global-setup.ts) and closes with two lines: the databases the tests ran on
// (and why one did not), then the plain count "N passed, N failed, N skipped", kept last and
// alone on its line so that log readers looking for it find it.
//   npm test                  all suites
//   npm run test:pg           the PostgreSQL suite only (fails when no server answers)
//   npm test -- <filter>      passes arguments on to vitest
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const args = process.argv.slice(2);
const env = { ...process.env };
const pgOnly = args.includes('--pg-only');
if (pgOnly) {
  env.TEST_DATABASES = 'postgresql';
  env.REQUIRE_POSTGRES = '1';
  // The per-database suites: the files that run on both databases (describeEachDatabase).
  const perDatabase = readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join('test', f))
    .filter((f) => /describeEachDatabase|'sqlite', 'postgresql'/.test(readFileSync(f, 'utf8')));
  args.splice(args.indexOf('--pg-only'), 1, ...perDatabase);
}
const dir = mkdtempSync(join(tmpdir(), 'cegp-vitest-'));
const report = join(dir, 'report.json');
const r = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  {
    stdio: 'inherit',
    env,
  },
);
let summary = null;
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  // A file whose setup failed reports its tests as skipped: count it as a failure.
  const brokenFiles = j.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  summary = {
    passed: j.numPassedTests,
    failed: j.numFailedTests + brokenFiles,
    skipped: j.numPendingTests + j.numTodoTests,
    ran: databasesRan(j),
  };
} catch {
  // vitest did not get far enough to write a report; its own output says why.
}
rmSync(dir, { recursive: true, force: true });
if (summary) {
  console.log(`\n${await databasesLine(summary.ran)}`);
  console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
}
process.exit(r.status ?? 1);

/**
 * The databases at least one test ran on (passed or failed, not skipped). Suites that run
 * per database are titled "… (sqlite)" / "… (postgresql)" (describeEachDatabase in
 * test/support/databases.ts); the other tests use SQLite, unless TEST_DATABASES leaves it out.
 */
function databasesRan(report) {
  const wanted = env.TEST_DATABASES?.split(',');
  const ran = new Set();
  for (const file of report.testResults) {
    for (const a of file.assertionResults) {
      if (a.status !== 'passed' && a.status !== 'failed') continue;
      const kind = a.ancestorTitles.map((t) => /\((sqlite|postgresql)\)$/.exec(t)?.[1]).find(Boolean);
      if (kind) ran.add(kind);
      else if (!wanted || wanted.includes('sqlite')) ran.add('sqlite');
    }
  }
  return ran;
}

/** "Databases: SQLite and PostgreSQL", or which one did not run and why. */
async function databasesLine(ran) {
  const names = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };
  const on = ['sqlite', 'postgresql'].filter((k) => ran.has(k));
  const missing = ['sqlite', 'postgresql'].filter((k) => !ran.has(k));
  const reasons = await Promise.all(missing.map(async (k) => `${names[k]} skipped: ${await whyNot(k)}`));
  return `Databases: ${[on.map((k) => names[k]).join(' and ') || 'none', ...reasons].join('; ')}`;
}

async function whyNot(kind) {
  const wanted = env.TEST_DATABASES;
  if (wanted && !wanted.split(',').includes(kind)) return `TEST_DATABASES=${wanted}`;
  if (kind === 'sqlite') return 'no test of the selection uses it';
  // Same address and default as test/support/databases.ts; the password never printed.
  const url = new URL(process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const where = `${url.hostname}:${url.port || 5432}`;
  const client = new pg.Client({ connectionString: url.href, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return `no per-database suite among the selected tests (a server answers at ${where})`;
  } catch {
    return `not reachable at ${where}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
