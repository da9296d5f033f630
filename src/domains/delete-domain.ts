// deleteDomain: removes the domain with its servers and verification history.
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { DomainsContext } from './domains-context.js';
import { findTenantDomain } from './find-domain.js';

export async function deleteDomain(ctx: DomainsContext, id: string): Promise<{ id: string; name: string }> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const domain = await findTenantDomain(tx, ctx.tenantId, id);
    await tx.domain.delete({ where: { id: domain.id } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'DOMAIN_DELETED',
        targetType: 'Domain',
        targetId: domain.id,
        targetName: domain.name,
        changes: [{ field: 'name', newValue: null, previousValue: domain.name }],
      },
    );
    return { id: domain.id, name: domain.name };
  });
  ctx.events.emit('domain.changed', { tenantId: ctx.tenantId });
  return result;
}
