// The periodic re-check of unverified domains (Vision One rechecks every 15 minutes and
// verifies without a click; we assume CEGP domains behave the same: inferred).
import { SYSTEM_ACTOR, useCaseContext } from '../db/use-case-context.js';
import type { DomainsContext } from './domains-context.js';
import { verifyDomain } from './verify-domain.js';

/** Bounded work per tick, so one tick cannot grow without limit. */
export const MAX_DOMAINS_PER_TICK = 500;

export async function verifyPendingDomains(
  ctx: Omit<DomainsContext, 'tenantId' | 'actor'>,
): Promise<{ checked: number; completed: number }> {
  const pending = await ctx.db.domain.findMany({
    where: { status: 'CONFIGURATION_REQUIRED' },
    orderBy: [{ lastCheckedAt: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }],
    take: MAX_DOMAINS_PER_TICK,
    select: { id: true, tenantId: true, name: true },
  });
  let completed = 0;
  for (const d of pending) {
    try {
      const r = await verifyDomain(useCaseContext(ctx, { tenantId: d.tenantId, actor: SYSTEM_ACTOR }), d.id, 'SCHEDULED');
      if (r.statusChanged) completed++;
    } catch (err) {
      ctx.log.warn({ err, domain: d.name }, 'scheduled verification failed');
    }
  }
  return { checked: pending.length, completed };
}
