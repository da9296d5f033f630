// Adapter: reads every zone, record and tenant the mock answers for into a snapshot, and a
// cheap version of that data so a change made by another instance on the same database is
// noticed by polling. The DNS listener never queries the database itself.
import type { Db } from '../db/client.js';
import type { ZoneRecord } from './answer.js';
import type { RelayAddresses } from './regional-zone.js';
import { buildZoneSnapshot, type ZoneSnapshot } from './zone-snapshot.js';

export async function loadZoneSnapshot(db: Db, relay: RelayAddresses): Promise<ZoneSnapshot> {
  const [zones, records, tenants] = await Promise.all([
    db.dnsZone.findMany({ select: { id: true, name: true, serial: true } }),
    db.dnsRecord.findMany({
      select: { zoneId: true, name: true, type: true, ttlSeconds: true, value: true, priority: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    }),
    db.tenant.findMany({ select: { companyId: true, region: true } }),
  ]);
  return buildZoneSnapshot({ zones, records: records as (ZoneRecord & { zoneId: string })[], tenants }, relay);
}

/**
 * Changes whenever an answer could: every record write bumps its zone's serial and
 * updatedAt, and zones or tenants come and go with their counts and timestamps.
 */
export async function zoneDataVersion(db: Db): Promise<string> {
  const [z, t] = await Promise.all([
    db.dnsZone.aggregate({ _count: { _all: true }, _sum: { serial: true }, _max: { updatedAt: true } }),
    db.tenant.aggregate({ _count: { _all: true }, _max: { createdAt: true } }),
  ]);
  return [z._count._all, z._sum.serial ?? 0, z._max.updatedAt?.getTime() ?? 0, t._count._all, t._max.createdAt?.getTime() ?? 0].join(':');
}
