// A stored report's content, in one language: the run, its items and the account label,
// assembled by build-report. Shared by GraphQL (JSON) and the PDF download.
import { REGION_SITES } from '../../accounts/regions.js';
import type { DbOrTx } from '../../db/client.js';
import { buildReport } from './build-report.js';
import type { ItemCategory, MigrationReport, ReportKind, ReportLocale } from './report.js';

export interface StoredReport {
  runId: string;
  kind: ReportKind;
  generatedAt: Date;
}

export async function loadReport(db: DbOrTx, report: StoredReport, locale: ReportLocale): Promise<MigrationReport & { fileName: string }> {
  const run = await db.migrationRun.findUniqueOrThrow({
    where: { id: report.runId },
    include: { tenant: { select: { name: true, companyId: true, region: true } } },
  });
  const items = await db.migrationItem.findMany({ where: { runId: report.runId }, orderBy: { seq: 'asc' } });
  const counts = run.counts as Partial<Record<ItemCategory, number>>;
  return {
    ...buildReport(
      report.kind,
      locale,
      { ...run, counts },
      items,
      report.generatedAt,
      `${run.tenant.name} (${run.tenant.companyId})`,
      REGION_SITES[run.tenant.region].timeZone,
    ),
    fileName: run.fileName,
  };
}
