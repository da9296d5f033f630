// Adapter: which tenant's domain an envelope recipient is in (a registered domain or a
// subdomain of one, the managed-domain rule of src/domains/addresses.ts), read from the
// database and cached briefly: RCPT TO is on the SMTP hot path (20 sessions × hundreds of
// messages a second), the domain table changes rarely. Writes in this process invalidate
// the cache at once (events 'domain.changed', 'domain.statusChanged'); another instance's
// writes are seen after the TTL.
import type { DbOrTx } from '../db/client.js';
import type { ProtectionTier } from '../db/enums.js';
import { domainOf } from '../domains/addresses.js';
import type { Clock } from '../platform/clock.js';

/** CEGP's message size limit per tier (docs/cegp/policies-and-content-filtering.md §8): 50 MB core/standard, 150 MB advanced protection. */
export const TIER_MAX_MESSAGE_BYTES: Record<ProtectionTier, number> = {
  STANDARD: 50 * 1024 * 1024,
  ADVANCED: 150 * 1024 * 1024,
};
/** The largest limit of any tier: what the listener advertises in SIZE. */
export const MAX_MESSAGE_BYTES = Math.max(...Object.values(TIER_MAX_MESSAGE_BYTES));

/** A found domain stays cached this long (another instance's change is seen after it). */
export const DOMAIN_CACHE_TTL_MS = 5_000;
/** An unknown domain is remembered for less, so a domain just added elsewhere is served soon. */
export const UNKNOWN_DOMAIN_TTL_MS = 1_000;
/** Bounds the cache against a client that names a new random domain in every RCPT TO. */
export const DOMAIN_CACHE_MAX_ENTRIES = 10_000;
/** A domain name has at most 127 labels; a recipient's parents are looked up up to this many. */
const MAX_PARENT_LABELS = 127;

export interface RecipientDomain {
  tenantId: string;
  domainId: string;
  domainName: string;
  verified: boolean;
  tier: ProtectionTier;
  maxMessageBytes: number;
}

export interface RecipientDirectory {
  /** The tenant domain the address is in, or null (not served here). */
  lookup(address: string): Promise<RecipientDomain | null>;
  invalidate(): void;
}

export function createRecipientDirectory(opts: { db: DbOrTx; clock: Clock }): RecipientDirectory {
  const cache = new Map<string, { value: RecipientDomain | null; expires: number }>();
  const now = () => opts.clock.now().getTime();
  const read = async (domain: string): Promise<RecipientDomain | null> => {
    const labels = domain.split('.');
    const candidates: string[] = [];
    for (let i = 0; i < labels.length - 1 && i < MAX_PARENT_LABELS; i++) candidates.push(labels.slice(i).join('.'));
    if (candidates.length === 0) return null;
    const rows = await opts.db.domain.findMany({
      where: { name: { in: candidates } },
      select: { id: true, name: true, tenantId: true, status: true, tenant: { select: { tier: true } } },
    });
    const best = rows.sort((a, b) => b.name.length - a.name.length)[0];
    if (!best) return null;
    return {
      tenantId: best.tenantId,
      domainId: best.id,
      domainName: best.name,
      verified: best.status === 'COMPLETED',
      tier: best.tenant.tier,
      maxMessageBytes: TIER_MAX_MESSAGE_BYTES[best.tenant.tier],
    };
  };
  return {
    async lookup(address) {
      const domain = domainOf(address);
      if (!domain?.includes('.')) return null;
      const hit = cache.get(domain);
      if (hit && hit.expires > now()) return hit.value;
      const value = await read(domain);
      if (cache.size >= DOMAIN_CACHE_MAX_ENTRIES) cache.clear();
      cache.set(domain, { value, expires: now() + (value ? DOMAIN_CACHE_TTL_MS : UNKNOWN_DOMAIN_TTL_MS) });
      return value;
    },
    invalidate() {
      cache.clear();
    },
  };
}
