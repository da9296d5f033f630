// Finds the zone that answers a question: a stored zone (deepest apex wins) or the
// synthetic zone of a CEGP regional host. Reads the database; builds no packets.
import type { Db } from '../db/client.js';
import { candidateApexes, type ZoneRecord, type ZoneView } from './answer.js';
import { companyIdOfName, regionOfName, regionalZoneView, type RelayAddresses } from './regional-zone.js';

export async function zoneForQuestion(db: Db, qname: string, relay: RelayAddresses): Promise<ZoneView | null> {
  const regional = regionOfName(qname);
  if (regional) {
    const cid = companyIdOfName(qname, regional.apex);
    const tenants = cid ? await db.tenant.findMany({ where: { companyId: cid, region: regional.region }, select: { companyId: true } }) : [];
    return regionalZoneView(regional.region, tenants.map((t) => t.companyId), relay);
  }
  const zones = await db.dnsZone.findMany({ where: { name: { in: candidateApexes(qname) } }, select: { id: true, name: true, serial: true } });
  const zone = zones.sort((a, b) => b.name.length - a.name.length)[0];
  if (!zone) return null;
  const records = await db.dnsRecord.findMany({
    where: { zoneId: zone.id },
    select: { name: true, type: true, ttlSeconds: true, value: true, priority: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return { apex: zone.name, serial: zone.serial, records: records as ZoneRecord[] };
}
