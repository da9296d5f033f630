// The analysis worker pool: results cross the thread boundary intact, a refusal arrives as
// the same ExpectedError, and an export that needs more heap than a worker may use kills that
// worker alone: the caller gets MIGRATION_ANALYSIS_MEMORY and the pool analyses the next
// upload in a fresh worker.
import { afterAll, describe, expect, it } from 'vitest';
import { generateExport } from '../../scripts/export-generator/generate.js';
import { analyzeUpload } from '../../src/migration/analyze-upload.js';
import type { AnalyzerContext } from '../../src/migration/analyzer.js';
import { createAnalysisPool } from '../../src/migration/analysis-pool.js';
import { ExpectedError } from '../../src/platform/errors.js';
import { fixtureExport } from '../support/export-fixtures.js';

const CONTEXT: AnalyzerContext = {
  managedDomains: [{ name: 'example.co.jp', verified: true }],
  directoryGroupDns: [],
  directorySynchronized: false,
  imssMinBuild: 1361,
  imsvaMinBuild: 2011,
};

describe('analysis pool', () => {
  const pool = createAnalysisPool();
  /** A heap far too small for a large export, and enough for a small one. */
  const small = createAnalysisPool({ heapMb: 64 });
  afterAll(async () => {
    await pool.close();
    await small.close();
  });

  it('gives the same items and plan as an analysis in this thread', async () => {
    const bytes = fixtureExport('imsva-ja-basic');
    const here = await analyzeUpload('x.dat', bytes, CONTEXT);
    const there = await pool.analyze('x.dat', bytes, CONTEXT);
    expect(there.analysis).toEqual(here.analysis);
    expect(there.manifest).toEqual(here.source.manifest);
  });

  it('keeps the import plan in the worker when the caller needs only the items', async () => {
    const bytes = fixtureExport('imsva-ja-basic');
    const full = await pool.analyze('x.dat', bytes, CONTEXT);
    const summary = await pool.analyze('x.dat', bytes, CONTEXT, { withPlan: false });
    expect(summary.analysis).toEqual({ items: full.analysis.items, prerequisites: full.analysis.prerequisites });
    expect('plan' in summary.analysis).toBe(false);
  });

  it('release ends an idle worker and lets a running analysis finish; the next one starts a new worker', async () => {
    const bytes = fixtureExport('imsva-ja-basic');
    const running = pool.analyze('x.dat', bytes, CONTEXT, { keepAs: 'run-r' });
    await pool.release(); // an analysis is under way: nothing is ended
    expect((await running).manifest.product).toBe('IMSVA');
    await pool.release(); // idle now: the worker, and the export it kept, are gone
    const notAZip = new TextEncoder().encode('not a zip');
    const err = await pool.analyze('x.dat', notAZip, CONTEXT, { reuse: 'run-r' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BUNDLE_INVALID' });
    expect((await pool.analyze('x.dat', bytes, CONTEXT)).manifest.product).toBe('IMSVA');
  });

  it('moves the bytes only when asked to', async () => {
    const bytes = new Uint8Array(fixtureExport('imsva-ja-basic'));
    await pool.analyze('x.dat', bytes, CONTEXT);
    expect(bytes.byteLength).toBeGreaterThan(0);
    await pool.analyze('x.dat', bytes, CONTEXT, { transfer: true });
    expect(bytes.byteLength).toBe(0);
  });

  it('the import reuses the parsed export the analysis kept, once; a miss parses the bytes', async () => {
    const notAZip = new TextEncoder().encode('not a zip');
    await pool.analyze('x.dat', fixtureExport('imsva-ja-basic'), CONTEXT, { keepAs: 'run-1' });
    const reused = await pool.analyze('x.dat', notAZip, CONTEXT, { reuse: 'run-1' });
    expect(reused.manifest.product).toBe('IMSVA');
    const err = await pool.analyze('x.dat', notAZip, CONTEXT, { reuse: 'run-1' }).catch((e: unknown) => e);
    expect((err as ExpectedError).code).toBe('BUNDLE_INVALID');
  });

  it('passes a refusal on as a ExpectedError with its code and both languages', async () => {
    const err = await pool.analyze('x.dat', fixtureExport('imsva-no-hidden-key'), CONTEXT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpectedError);
    expect((err as ExpectedError).code).toBe('HIDDEN_KEY_MISSING');
    expect((err as ExpectedError).messageIn('ja')).toContain('隠しキー');
  });

  it('an export that exhausts the worker heap fails with MIGRATION_ANALYSIS_MEMORY; the next one is analysed', async () => {
    const big = generateExport({ rules: 10_000, addressGroups: 2_000, addressesPerGroup: 50, keywordLists: 500, ipEntries: 20_000 });
    const err = await small.analyze('big.dat', big, CONTEXT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpectedError);
    expect((err as ExpectedError).code).toBe('MIGRATION_ANALYSIS_MEMORY');
    const ok = await small.analyze('x.dat', fixtureExport('imsva-ja-basic'), CONTEXT);
    expect(ok.manifest.product).toBe('IMSVA');
  }, 120_000);
});
