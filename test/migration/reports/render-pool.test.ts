// The render thread: a TypeScript worker loaded under vitest as under `npm start`, one
// thread, a bounded queue (the download answers 503 beyond it), closed on demand.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createRenderPool, MAX_QUEUED_RENDERS, RenderQueueFull } from '../../../src/migration/reports/render-pool.js';
import type { MigrationReport } from '../../../src/migration/reports/report.js';

const dir = mkdtempSync(join(tmpdir(), 'render-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report: MigrationReport = {
  kind: 'ANALYSIS',
  locale: 'en',
  basicInformation: {
    generatedAt: '2024-05-22T06:50:39.000Z',
    account: 'Pool (pool)',
    mode: 'MERGE',
    fileName: 'pool.dat',
    product: 'IMSVA',
    version: '9.1',
    build: '2011',
    language: 'en',
  },
  summary: [
    { category: 'NOT_SUPPORTED', count: 0 },
    { category: 'ERROR', count: 0 },
    { category: 'WARNING', count: 0 },
    { category: 'SUCCESS', count: 1 },
  ],
  items: [
    {
      code: 'POLICY_RULE_MIGRATED',
      category: 'SUCCESS',
      sourcePath: 'policy/rules.xml#rule[r1]',
      destination: 'Inbound Protection',
      message: 'Migrated as is.',
      fix: '',
    },
  ],
  nextSteps: ['Review.'],
};

it('renders on its thread into the given file, and refuses work beyond its queue', async () => {
  const pool = createRenderPool();
  expect(pool.renders()).toBe(0);
  // Submitted in one go: the thread is still starting, so they all wait in the queue.
  const submitted = Array.from({ length: MAX_QUEUED_RENDERS + 2 }, (_, i) => pool.render({ report, path: join(dir, `r${i}.pdf`) }));
  const outcomes = await Promise.allSettled(submitted);
  const rejected = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
  expect(rejected.length).toBeGreaterThan(0);
  for (const r of rejected) expect(r).toBeInstanceOf(RenderQueueFull);
  const done = outcomes.filter((o) => o.status === 'fulfilled');
  expect(done.length).toBeGreaterThanOrEqual(MAX_QUEUED_RENDERS);
  const first = (done[0] as PromiseFulfilledResult<{ pages: number; sizeBytes: number }>).value;
  expect(first.pages).toBeGreaterThanOrEqual(1);
  expect(readFileSync(join(dir, 'r0.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(readFileSync(join(dir, 'r0.pdf')).length).toBe(first.sizeBytes);
  expect(pool.rendering()).toBe(0);
  await pool.close();
  await expect(pool.render({ report, path: join(dir, 'after.pdf') })).rejects.toThrow(/closed/);
  expect(existsSync(join(dir, 'after.pdf'))).toBe(false);
}, 120_000);
