// The compiled server as a deployment runs it: `npm run build` (here into a temporary folder
// beside dist/, so a developer's dist/ is left alone), then `node <the start:dist flags>
// <out>/main.js` without tsx. It must answer /healthz and GraphQL, and its two worker
// threads, written as TypeScript and loaded by tsx under `npm start`, must load from the
// compiled folder: an upload is analysed (analysis worker) and its report PDF downloaded
// (render worker).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureExport } from '../support/export-fixtures.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Failure deadlines only: tsc over src/ takes seconds, more on a loaded CI machine. */
const BUILD_TIMEOUT_MS = 240_000;
const START_DEADLINE_MS = 60_000;
const CASE_TIMEOUT_MS = 120_000;

let outDir = '';
let build: ReturnType<typeof spawnSync>;
const dataDirs: string[] = [];

beforeAll(() => {
  // Directly inside the repository, as scripts/build.mjs requires (prisma/ and node_modules/ resolve from there).
  outDir = mkdtempSync(join(REPO_ROOT, '.dist-test-'));
  build = spawnSync(process.execPath, ['scripts/build.mjs', '--out-dir', basename(outDir)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
  });
}, BUILD_TIMEOUT_MS + 10_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});

/** The Node flags of `npm run start:dist` (package.json), so the test runs what it runs. */
function startDistFlags(): string[] {
  const script: string = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts['start:dist'];
  const words = script.split(/\s+/);
  return words.slice(
    words.indexOf('node') + 1,
    words.findIndex((w) => w.endsWith('main.js')),
  );
}

describe('npm run build, then the compiled server', () => {
  it('builds into the folder: JavaScript only, the worker entry copied', () => {
    expect(build.error, String(build.error)).toBeUndefined();
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
    expect(build.stdout).toMatch(/^build: \.dist-test-\w+\/ in [\d.]+ s/m);
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' });
    expect(files).toContain('main.js');
    expect(files).toContain(join('migration', 'analysis-worker-entry.mjs'));
    expect(files).toContain(join('migration', 'reports', 'render-worker.js'));
    expect(files).toContain(join('generated', 'prisma', 'sqlite', 'client.js'));
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it(
    'starts without tsx, answers /healthz and GraphQL, analyses an upload and serves its PDF, stops on SIGTERM',
    async () => {
      expect(existsSync(join(outDir, 'main.js')), 'the build did not produce main.js').toBe(true);
      const dataDir = mkdtempSync(join(tmpdir(), 'cegp-compiled-'));
      dataDirs.push(dataDir);
      const flags = startDistFlags();
      expect(flags).not.toContain('tsx');
      const child = spawn(process.execPath, [...flags, join(outDir, 'main.js')], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HTTP_PORT: '0',
          DNS_PORT: '0',
          SMTP_PORT: '0',
          CAPTURE_SMTP_PORT: '0',
          DATA_DIR: dataDir,
          LOG_FORMAT: 'json',
          VERIFY_INTERVAL_SECONDS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b) => (stdout += b));
      child.stderr.on('data', (b) => (stderr += b));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        let listening: { graphql: string } | null = null;
        for (const end = Date.now() + START_DEADLINE_MS; !listening; ) {
          if (child.exitCode !== null) throw new Error(`the compiled server exited: ${stderr}`);
          if (Date.now() > end) throw new Error(`the compiled server never listened: ${stdout} ${stderr}`);
          const line = stdout.split('\n').find((l) => l.includes('"msg":"listening"'));
          if (line) listening = JSON.parse(line);
          else await new Promise((r) => setTimeout(r, 100));
        }
        const graphql = listening.graphql;
        const base = graphql.replace(/\/graphql$/, '');
        const health = await fetch(`${base}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ ok: true, http: true, dns: true, database: true });

        const res = await fetch(graphql, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ domains(first: 5) { totalCount } }' }),
        });
        expect(await res.json()).toEqual({ data: { domains: { totalCount: 0 } } });

        const form = new FormData();
        const query =
          'mutation($f: Upload!) { startMigration(file: $f) { run { state counts { error success } analysisReport { downloadUrl } } userErrors { code message } } }';
        form.set('operations', JSON.stringify({ query, variables: { f: null } }));
        form.set('map', JSON.stringify({ 0: ['variables.f'] }));
        form.set('0', new Blob([new Uint8Array(fixtureExport('imsva-ja-basic'))]), 'imsva-ja-basic.dat');
        const upload = (await (
          await fetch(graphql, { method: 'POST', headers: { 'x-graphql-yoga-csrf': '1' }, body: form })
        ).json()) as any;
        expect(upload.errors).toBeUndefined();
        expect(upload.data.startMigration.userErrors).toEqual([]);
        const run = upload.data.startMigration.run;
        expect(run.state).toBe('ANALYZED');
        expect(run.counts.error + run.counts.success).toBeGreaterThan(0);

        const pdf = await fetch(`${base}${run.analysisReport.downloadUrl}`);
        expect(pdf.status).toBe(200);
        expect(pdf.headers.get('content-type')).toContain('application/pdf');
        expect(
          Buffer.from(await pdf.arrayBuffer())
            .subarray(0, 5)
            .toString('latin1'),
        ).toBe('%PDF-');

        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(stdout).toContain('"msg":"stopped"');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
    CASE_TIMEOUT_MS,
  );
});
