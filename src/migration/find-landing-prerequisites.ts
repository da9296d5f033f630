// Reads what the landing page's prerequisites depend on (the tenant's domains and directory
// sync) and states them (prerequisites.ts).
import type { DbOrTx } from '../db/client.js';
import type { Locale } from '../platform/errors.js';
import type { MigrationSettings } from './migration-context.js';
import { landingPrerequisites, type LandingPrerequisite } from './prerequisites.js';

export async function findLandingPrerequisites(
  db: DbOrTx,
  tenantId: string,
  settings: Pick<MigrationSettings, 'imssMinBuild' | 'imsvaMinBuild'>,
  locale: Locale,
): Promise<LandingPrerequisite[]> {
  const [domains, tenant, directoryGroupCount] = await Promise.all([
    db.domain.findMany({ where: { tenantId }, select: { name: true, status: true } }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { directorySyncedAt: true } }),
    db.directoryGroup.count({ where: { tenantId } }),
  ]);
  return landingPrerequisites(
    {
      imssMinBuild: settings.imssMinBuild,
      imsvaMinBuild: settings.imsvaMinBuild,
      domains: domains.map((d) => ({ name: d.name, verified: d.status === 'COMPLETED' })),
      directorySyncedAt: tenant.directorySyncedAt,
      directoryGroupCount,
    },
    locale,
  );
}
