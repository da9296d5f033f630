// Assembles the data analysis / data migration report of a run, in one language (wording:
// report-text.ts). Pure.
import type { AnalysisItem } from '../plan.js';
import type { ItemCategory, MigrationReport, ReportKind, ReportLocale } from './report.js';
import { destinationIn, REPORT_TEXT } from './report-text.js';

export interface RunForReport {
  fileName: string;
  mode: 'MERGE' | 'OVERWRITE';
  product: string | null;
  version: string | null;
  build: string | null;
  language: string | null;
  counts: Partial<Record<ItemCategory, number>>;
}

export type ItemForReport = AnalysisItem;

const ORDER: ItemCategory[] = ['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'];

/** `timeZone`: the tenant region's (accounts/regions.ts), where times are shown besides UTC. */
export function buildReport(
  kind: ReportKind,
  locale: ReportLocale,
  run: RunForReport,
  items: ItemForReport[],
  generatedAt: Date,
  account: string,
  timeZone: string,
): MigrationReport {
  return {
    kind,
    locale,
    basicInformation: {
      generatedAt: generatedAt.toISOString(),
      timeZone,
      account,
      mode: run.mode,
      fileName: run.fileName,
      product: run.product ?? '',
      version: run.version ?? '',
      build: run.build ?? '',
      language: run.language ?? '',
    },
    summary: ORDER.map((category) => ({ category, count: run.counts[category] ?? 0 })),
    items: items.map((i) => ({
      code: i.code,
      category: i.category,
      sourcePath: i.sourcePath,
      destination: destinationIn(i.destination, locale),
      message: locale === 'ja' ? i.messageJa : i.message,
      fix: locale === 'ja' ? i.fixJa : i.fix,
    })),
    nextSteps: REPORT_TEXT[locale].nextSteps[kind],
  };
}
