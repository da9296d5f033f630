import type { DbOrTx } from '../db/client.js';
import { domainErrors } from './errors.js';

/** A domain of this tenant, or DOMAIN_NOT_FOUND (another tenant's domain is "not found" too). */
export async function findTenantDomain(db: DbOrTx, tenantId: string, id: string, field = 'id') {
  const domain = await db.domain.findFirst({
    where: { id, tenantId },
    include: { inboundServers: { orderBy: { position: 'asc' } }, outboundServers: { orderBy: { position: 'asc' } }, tenant: true },
  });
  if (!domain) throw domainErrors.error('DOMAIN_NOT_FOUND', { id }, field);
  return domain;
}
