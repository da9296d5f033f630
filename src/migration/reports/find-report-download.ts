// The report row a PDF download needs: the report, its run, the run's tenant. A read
// (Prisma only); who may download it is report-download-rules.ts.
import type { DbOrTx } from '../../db/client.js';
import type { ReportKind } from './report.js';

export interface ReportForDownload {
  id: string;
  runId: string;
  kind: ReportKind;
  generatedAt: Date;
  expiresAt: Date;
  run: {
    tenantId: string;
    language: string | null;
    fileName: string;
    itemsDigest: string | null;
    counts: unknown;
    mode: string;
    product: string | null;
    version: string | null;
    build: string | null;
    tenant: { name: string; companyId: string };
  };
}

/** The report of any tenant, or null: the caller checks the proof before showing anything. */
export function findReportDownload(db: DbOrTx, reportId: string): Promise<ReportForDownload | null> {
  return db.migrationReportFile.findUnique({
    where: { id: reportId },
    include: {
      run: {
        select: {
          tenantId: true,
          language: true,
          fileName: true,
          itemsDigest: true,
          counts: true,
          mode: true,
          product: true,
          version: true,
          build: true,
          tenant: { select: { name: true, companyId: true } },
        },
      },
    },
  });
}
