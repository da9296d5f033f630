// Adapter: each tenant's policy as the processing threads need it (a PolicySpec as JSON),
// read once per policy revision. A write in this process announces itself ('policy.changed',
// 'domain.changed'); another instance's write is found by reading Tenant.policyRevision
// (which the database triggers bump) at most every POLICY_RECHECK_MS. Domains are not
// policy rows and bump no revision: their state ("My organization" = verified domains) is
// re-read on a domain event, and at the latest after DOMAIN_STATE_MAX_AGE_MS.
import type { Db } from '../db/client.js';
import { loadPolicySpec } from '../policies/engine/load-policy-spec.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';

/** How stale another instance's policy write may be seen here; one indexed SELECT per tenant per period. */
export const POLICY_RECHECK_MS = 500;
/** Another instance's domain verification is seen here after at most this. */
export const DOMAIN_STATE_MAX_AGE_MS = 30_000;

export interface PolicyForTasks {
  /** tenantId:revision:generation — the processing threads compile once per key. */
  key: string;
  json: string;
}

export interface PolicySpecs {
  get(tenantId: string): Promise<PolicyForTasks | null>;
  close(): void;
}

interface Entry {
  revision: number;
  loadedAt: number;
  checkedAt: number;
  stale: boolean;
  value: PolicyForTasks;
}

export function createPolicySpecs(opts: { db: Db; clock: Clock; events: Events }): PolicySpecs {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<PolicyForTasks | null>>();
  let generation = 0;
  const now = () => opts.clock.now().getTime();
  const markStale = (tenantId: string) => {
    const e = entries.get(tenantId);
    if (e) e.stale = true;
  };
  const unsubscribe = [
    opts.events.on('policy.changed', (e) => markStale(e.tenantId)),
    opts.events.on('domain.changed', (e) => markStale(e.tenantId)),
    opts.events.on('domain.statusChanged', (e) => markStale(e.tenantId)),
  ];
  const load = async (tenantId: string): Promise<PolicyForTasks | null> => {
    const spec = await loadPolicySpec(opts.db, tenantId);
    if (!spec) {
      entries.delete(tenantId);
      return null;
    }
    const value = { key: `${tenantId}:${spec.revision}:${++generation}`, json: JSON.stringify(spec) };
    const t = now();
    entries.set(tenantId, { revision: spec.revision, loadedAt: t, checkedAt: t, stale: false, value });
    return value;
  };
  const refresh = async (tenantId: string): Promise<PolicyForTasks | null> => {
    const e = entries.get(tenantId);
    if (e && !e.stale && now() - e.loadedAt < DOMAIN_STATE_MAX_AGE_MS) {
      const row = await opts.db.tenant.findUnique({ where: { id: tenantId }, select: { policyRevision: true } });
      if (row && row.policyRevision === e.revision) {
        e.checkedAt = now();
        return e.value;
      }
    }
    return load(tenantId);
  };
  return {
    get(tenantId) {
      const e = entries.get(tenantId);
      if (e && !e.stale && now() - e.checkedAt < POLICY_RECHECK_MS) return Promise.resolve(e.value);
      let p = loading.get(tenantId);
      if (!p) {
        p = refresh(tenantId).finally(() => loading.delete(tenantId));
        loading.set(tenantId, p);
      }
      return p;
    },
    close() {
      for (const u of unsubscribe) u();
      entries.clear();
    },
  };
}
