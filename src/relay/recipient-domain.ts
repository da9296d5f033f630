// The managed domain a recipient belongs to, and its inbound servers: the recipient's own
// domain or the nearest parent that is managed (the rule of managedDomainOf in
// src/domains/addresses.ts: mail to user@sub.example.com is example.com's), across tenants
// (a domain name is unique in CEGP, prisma/schema.prisma Domain.name).
import type { DbOrTx } from '../db/client.js';
import { domainOf } from '../domains/addresses.js';
import type { InboundRoute } from './delivery-targets.js';

export interface RecipientDomain {
  id: string;
  tenantId: string;
  name: string;
  inboundServers: InboundRoute[];
}

/** example.co.jp for a@mx.example.co.jp: mx.example.co.jp, example.co.jp, co.jp (names with a dot). */
export function domainCandidates(address: string): string[] {
  const labels = domainOf(address).split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out;
}

export async function findRecipientDomain(db: DbOrTx, address: string): Promise<RecipientDomain | null> {
  const names = domainCandidates(address);
  if (names.length === 0) return null;
  const found = await db.domain.findMany({
    where: { name: { in: names } },
    select: {
      id: true,
      tenantId: true,
      name: true,
      inboundServers: { select: { recipient: true, host: true, port: true, preference: true } },
    },
  });
  if (found.length === 0) return null;
  return found.reduce((best, d) => (d.name.length > best.name.length ? d : best));
}
