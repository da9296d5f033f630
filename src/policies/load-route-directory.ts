// The tenant's data route matching reads (route-match.ts): its domains with their
// verification state, the entries of its address groups and the members of its
// synchronised directory groups. One read per kind, whatever the number of rules.
import type { DbOrTx } from '../db/client.js';
import type { RouteDirectory } from './route-match.js';

export async function loadRouteDirectory(db: DbOrTx, tenantId: string): Promise<RouteDirectory> {
  const [domains, groups, directory] = await Promise.all([
    db.domain.findMany({ where: { tenantId }, select: { name: true, status: true } }),
    db.addressGroup.findMany({ where: { tenantId }, select: { id: true, addresses: true } }),
    db.directoryGroup.findMany({ where: { tenantId }, select: { dn: true, members: true } }),
  ]);
  return {
    domains: domains.map((d) => ({ name: d.name, verified: d.status === 'COMPLETED' })),
    addressGroups: new Map(groups.map((g) => [g.id, stringsOf(g.addresses)])),
    directoryGroups: new Map(directory.map((g) => [g.dn.trim().toLowerCase(), stringsOf(g.members)])),
  };
}

/** A JSON column holding a list of addresses; anything else reads as no addresses. */
function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
