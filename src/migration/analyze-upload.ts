// Reads and analyses an uploaded export against the tenant's current CEGP state.
import type { DbOrTx } from '../db/client.js';
import { analyze, type AnalyzerContext } from './analyzer.js';
import type { MigrationSettings } from './migration-context.js';
import { readSource } from './read-source.js';
import type { Analysis } from './plan.js';
import type { SourceExport } from './source.js';

export async function analyzerContextFor(db: DbOrTx, tenantId: string, settings: MigrationSettings): Promise<AnalyzerContext> {
  const [domains, groups, tenant] = await Promise.all([
    db.domain.findMany({ where: { tenantId }, select: { name: true, status: true } }),
    db.directoryGroup.findMany({ where: { tenantId }, select: { dn: true } }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { directorySyncedAt: true } }),
  ]);
  return {
    managedDomains: domains.map((d) => ({ name: d.name, verified: d.status === 'COMPLETED' })),
    directoryGroupDns: groups.map((g) => g.dn),
    directorySynchronized: tenant.directorySyncedAt !== null,
    imssMinBuild: settings.imssMinBuild,
    imsvaMinBuild: settings.imsvaMinBuild,
  };
}

export interface AnalysedUpload {
  source: SourceExport;
  analysis: Analysis;
}

/** The parsed XML trees are dropped once the typed source exists (they are the bulk of it). */
export async function analyzeUpload(fileName: string, bytes: Uint8Array, ctx: AnalyzerContext): Promise<AnalysedUpload> {
  const source = await readSource({ fileName, bytes });
  return { source, analysis: analyze(source, ctx) };
}
