// The report PDF of a large analysis, rendered as a download renders it: on the render
// thread (src/migration/reports/render-pool.ts), streamed to a file. Prints wall time, pages,
// size and the main thread's event-loop delay (what /healthz would feel); measure the
// process's peak memory around it, e.g. `/usr/bin/time -v node --import tsx
// scripts/bench/report-pdf.ts --items 10000`.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRenderPool } from '../../src/migration/reports/render-pool.js';
import type { ItemCategory, MigrationReport } from '../../src/migration/reports/report.js';

const arg = process.argv.indexOf('--items');
const n = arg >= 0 ? Number(process.argv[arg + 1]) : 10_000;
if (!Number.isInteger(n) || n < 0) {
  process.stderr.write('--items needs a non-negative integer\n');
  process.exit(2);
}
const categories: ItemCategory[] = ['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'];
const items = Array.from({ length: n }, (_, i) => ({
  code: `POLICY_RULE_${String(i + 1).padStart(5, '0')}`,
  category: categories[i % 4]!,
  sourcePath: `policy/rules.xml#rule[r${i + 1}]/conditions/keyword`,
  destination: `Inbound Protection > Content Filtering > ルール ${i + 1}`,
  message:
    i % 2 === 0
      ? `ルール ${i + 1} のキーワード式を CEGP の形式に変換しました。`
      : `Rule ${i + 1} keyword expression converted to the CEGP dialect.`,
  fix: i % 3 === 0 ? '変換後の式を確認してください。' : '',
}));
const report: MigrationReport = {
  kind: 'ANALYSIS',
  locale: 'ja',
  basicInformation: {
    generatedAt: '2024-05-22T06:50:39.000Z',
    account: 'Bench (bench)',
    mode: 'MERGE',
    fileName: 'bench.dat',
    product: 'IMSVA',
    version: '9.1',
    build: '2011',
    language: 'ja',
  },
  summary: categories.map((category) => ({ category, count: items.filter((i) => i.category === category).length })),
  items,
  nextSteps: ['Review the items.'],
};

const dir = mkdtempSync(join(tmpdir(), 'report-bench-'));
const pool = createRenderPool();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const started = performance.now();
try {
  const r = await pool.render({ report, path: join(dir, 'report.pdf') });
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  console.log(`${n} items: ${r.pages} pages, ${(statSync(join(dir, 'report.pdf')).size / 1e6).toFixed(1)} MB PDF, ${seconds.toFixed(2)} s`);
  console.log(`main thread: event-loop delay max ${(delay.max / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms`);
  console.log(
    `main thread heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB; process max RSS ${(process.resourceUsage().maxRSS / 1e3).toFixed(0)} MB`,
  );
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}
