// The default tenant, so simple use needs no tenant at all. Its company identifier and
// region follow COMPANY_ID / TENANT_REGION when they are set.
import type { Db } from '../db/client.js';
import type { Region } from '../db/enums.js';
import type { Tenant } from '../generated/prisma/sqlite/client.js';

export const DEFAULT_TENANT_NAME = 'Default tenant';

export interface DefaultTenantSettings {
  companyId: string;
  region: Region;
  /** When false, an existing default tenant keeps the identifier it has. */
  enforce: boolean;
}

export class DefaultTenantConflict extends Error {}

export async function ensureDefaultTenant(db: Db, s: DefaultTenantSettings): Promise<Tenant> {
  const existing = await db.tenant.findFirst({ where: { isDefault: true } });
  const clash = await db.tenant.findUnique({ where: { companyId: s.companyId } });
  if (clash && clash.id !== existing?.id && (s.enforce || !existing)) {
    throw new DefaultTenantConflict(`COMPANY_ID ${s.companyId} is already used by tenant "${clash.name}"; choose another COMPANY_ID`);
  }
  if (!existing) {
    return db.tenant.create({ data: { name: DEFAULT_TENANT_NAME, companyId: s.companyId, region: s.region, isDefault: true } });
  }
  if (s.enforce && (existing.companyId !== s.companyId || existing.region !== s.region)) {
    return db.tenant.update({ where: { id: existing.id }, data: { companyId: s.companyId, region: s.region } });
  }
  return existing;
}
