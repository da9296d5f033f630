// `npm test`: runs vitest over both databases (PostgreSQL when a server answers; see
// test/support/global-setup.ts) and closes with one plain line: "N passed, N failed, N skipped".
//   npm test                  all suites
//   npm run test:pg           the PostgreSQL suite only (fails when no server answers)
//   npm test -- <filter>      passes arguments on to vitest
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
  stdio: 'inherit',
  env,
});
let summary = null;
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  // A file whose setup failed reports its tests as skipped: count it as a failure.
  const brokenFiles = j.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  summary = { passed: j.numPassedTests, failed: j.numFailedTests + brokenFiles, skipped: j.numPendingTests + j.numTodoTests };
} catch {
  // vitest did not get far enough to write a report; its own output says why.
}
rmSync(dir, { recursive: true, force: true });
if (summary) console.log(`\n${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
process.exit(r.status ?? 1);
