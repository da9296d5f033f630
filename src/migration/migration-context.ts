import type { UseCaseContext } from '../db/use-case-context.js';
import type { AnalysisPool } from './analysis-pool.js';
import type { RunLeases } from './run-leases.js';

/** Where a test may make a migration wait for ever (REHEARSAL_TEST_PAUSE, a test-only hook). */
export type TestPause = 'analysis' | 'import';

export interface MigrationSettings {
  /** Where uploads wait between analysis and import (DATA_DIR/migrations). */
  uploadDir: string;
  maxUploadBytes: number;
  imssMinBuild: number;
  imsvaMinBuild: number;
  /** How long an upload is kept for a run that can still be imported or restarted. */
  uploadRetentionHours: number;
  /**
   * The worker threads that parse and analyse uploads. The import re-analyses the kept
   * upload there too: no parsed export is cached in the main thread, where a large one would
   * sit in the heap of the listeners.
   */
  analysis: AnalysisPool;
  /** Which runs this process is working on (recovery leaves those of live processes alone). */
  leases: RunLeases;
  testPause: TestPause | null;
}

export interface MigrationContext extends UseCaseContext {
  migration: MigrationSettings;
}
