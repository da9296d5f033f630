// deleteDnsRecord: withdraws one record (the zone stays, its serial grows).
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { dnsErrors } from './errors.js';

export async function deleteDnsRecord(ctx: UseCaseContext, id: string): Promise<{ id: string }> {
  const deleted = await inTransaction(ctx.db, async (tx) => {
    const record = await tx.dnsRecord.findFirst({ where: { id, zone: { tenantId: ctx.tenantId } } });
    if (!record) throw dnsErrors.error('DNS_RECORD_NOT_FOUND', { id }, 'id');
    await tx.dnsRecord.delete({ where: { id } });
    await tx.dnsZone.update({ where: { id: record.zoneId }, data: { serial: { increment: 1 } } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'DNS_RECORD_DELETED',
        targetType: 'DnsRecord',
        targetId: record.id,
        targetName: `${record.name} ${record.type}`,
        changes: [
          { field: 'value', newValue: null, previousValue: record.priority !== null ? `${record.priority} ${record.value}` : record.value },
        ],
      },
    );
    return { id };
  });
  ctx.events.emit('dns.changed', { tenantId: ctx.tenantId });
  return deleted;
}
