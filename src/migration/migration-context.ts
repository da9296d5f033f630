import type { UseCaseContext } from '../platform/context.js';
import type { SourceExport } from './source.js';

/**
 * The parsed export of the runs waiting for import, so the import re-analyses it against
 * the current state without unzipping and parsing again. Bounded; a miss (another process,
 * a restart) reads the stored file instead.
 */
export class ParsedExportCache {
  private readonly entries = new Map<string, SourceExport>();
  constructor(private readonly max = 2) {}
  set(runId: string, source: SourceExport): void {
    this.entries.delete(runId);
    this.entries.set(runId, source);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
  take(runId: string): SourceExport | undefined {
    const s = this.entries.get(runId);
    this.entries.delete(runId);
    return s;
  }
}

export interface MigrationSettings {
  /** Where uploads wait between analysis and import (DATA_DIR/migrations). */
  uploadDir: string;
  maxUploadBytes: number;
  imssMinBuild: number;
  imsvaMinBuild: number;
  cache?: ParsedExportCache;
}

export interface MigrationContext extends UseCaseContext {
  migration: MigrationSettings;
}

/** A report can be downloaded for 90 days after the run (shared/domain §2). */
export const REPORT_RETENTION_DAYS = 90;
