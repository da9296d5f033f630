import type { UseCaseContext } from '../platform/context.js';

export interface MigrationSettings {
  /** Where uploads wait between analysis and import (DATA_DIR/migrations). */
  uploadDir: string;
  maxUploadBytes: number;
  imssMinBuild: number;
  imsvaMinBuild: number;
}

export interface MigrationContext extends UseCaseContext {
  migration: MigrationSettings;
}

/** A report can be downloaded for 90 days after the run (shared/domain §2). */
export const REPORT_RETENTION_DAYS = 90;
