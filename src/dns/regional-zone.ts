// CEGP's own host names, answered by the mock so that an MX switch to
// <cid>.in.<regional host> really leads mail to this process's relay. Pure: the caller
// passes the tenants that match the question and the relay's addresses.
import { REGION_SITES, spfRecordOf } from '../accounts/regions.js';
import type { Region } from '../db/enums.js';
import type { ZoneRecord, ZoneView } from './answer.js';

export interface RelayAddresses {
  ipv4: string | null;
  ipv6: string | null;
}

/** TTL of synthetic records: short, a rehearsal may restart on another address. */
const SYNTHETIC_TTL_SECONDS = 60;

export function regionOfName(qname: string): { region: Region; apex: string } | null {
  for (const [region, site] of Object.entries(REGION_SITES) as [Region, (typeof REGION_SITES)[Region]][]) {
    if (qname === site.zone || qname.endsWith(`.${site.zone}`)) return { region, apex: site.zone };
  }
  return null;
}

export function regionalZoneView(region: Region, companyIds: string[], relay: RelayAddresses): ZoneView {
  const apex = REGION_SITES[region].zone;
  const records: ZoneRecord[] = [];
  const host = (name: string) => {
    if (relay.ipv4) records.push({ name, type: 'A', ttlSeconds: SYNTHETIC_TTL_SECONDS, value: relay.ipv4, priority: null });
    if (relay.ipv6) records.push({ name, type: 'AAAA', ttlSeconds: SYNTHETIC_TTL_SECONDS, value: relay.ipv6, priority: null });
  };
  for (const cid of companyIds) {
    host(`${cid}.in.${apex}`);
    host(`${cid}.relay.${apex}`);
  }
  records.push({ name: REGION_SITES[region].spfInclude, type: 'TXT', ttlSeconds: 3600, value: spfRecordOf(region), priority: null });
  return { apex, serial: 1, records, emptyNonTerminals: [`in.${apex}`, `relay.${apex}`] };
}
