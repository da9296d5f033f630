// Adapter: the policy snapshots of the tenants being read (policy-snapshot.ts), kept current
// by the tenant's policy revision. Database triggers bump Tenant.policyRevision in the
// transaction of every write to policy rules and objects, whoever writes (this process, the
// CLI, another instance), and every request reads the revision with its tenant; so a
// request is served from a snapshot only when the snapshot is exactly what the database
// holds, and never waits for one:
// - current(tenant, revision) returns the snapshot read at that revision, or null; on null
//   the caller reads the database, and a build at the tenant's current revision starts in
//   the background (one per tenant at a time).
// - A build reads the revision, the rows, then the revision again; rows read while a write
//   landed are thrown away (the next request starts another build).
import { readPolicyRevision } from '../accounts/find-request-tenant.js';
import type { Db } from '../db/client.js';
import type { Log } from '../platform/logger.js';
import { modelColumns } from '../db/model-columns.js';
import {
  buildPolicySnapshot,
  POLICY_OBJECT_KINDS,
  POLICY_OBJECT_MODEL,
  SNAPSHOT_OMITTED_COLUMNS,
  type PolicyObjectKind,
  type PolicySnapshot,
  type SnapshotObject,
} from './policy-snapshot.js';
import type { PolicyRule } from '../generated/prisma/sqlite/client.js';

/** A rule row of a snapshot: Prisma's row without its migration notes. */
export type SnapshotRule = Omit<PolicyRule, 'migrationNotes'>;
export type TenantPolicySnapshot = PolicySnapshot<SnapshotRule>;

/**
 * Rules per tenant above which no snapshot is made (its pages come from the database, ~10 ms
 * of CPU each instead of ~1): bounds one snapshot to ~25 MB. Real CEGP tenants hold tens to a
 * few thousand rules; the migration benchmark's largest export has 10,000.
 */
export const MAX_SNAPSHOT_RULES = 5_000;
/** Rules in all snapshots together (3 × the largest): the least recently read tenant's goes first. */
export const SNAPSHOTS_PER_LARGEST = 3;
/** After a failed build, the same tenant's next one waits this long (a database that fails is not asked at every request). */
export const SNAPSHOT_RETRY_MS = 1_000;

export interface PolicySnapshots {
  /** The tenant's snapshot when it was read at `revision`; else null, and a build starts. */
  current(tenantId: string, revision: number): TenantPolicySnapshot | null;
  /** Settles when no build is under way (tests and benchmarks wait for it; requests never do). */
  idle(): Promise<void>;
  /** Forget every snapshot (the database is closing). */
  clear(): void;
}

export interface PolicySnapshotsOptions {
  db: Db;
  log: Log;
  /** POLICY_SNAPSHOT_MAX_RULES (default MAX_SNAPSHOT_RULES); 0: no snapshots. */
  maxRules?: number;
  now?: () => number;
}

/** The columns a snapshot reads per kind: the model's scalars and enums, less the lists (SNAPSHOT_OMITTED_COLUMNS). */
const OBJECT_COLUMNS = Object.fromEntries(
  POLICY_OBJECT_KINDS.map((kind) => {
    const omitted = new Set(SNAPSHOT_OMITTED_COLUMNS[kind]);
    return [kind, new Set([...(modelColumns(POLICY_OBJECT_MODEL[kind]) ?? [])].filter((c) => !omitted.has(c)))];
  }),
) as unknown as Record<PolicyObjectKind, ReadonlySet<string>>;

type FindMany = { findMany(args: object): Promise<SnapshotObject[]> };

export function createPolicySnapshots(opts: PolicySnapshotsOptions): PolicySnapshots {
  const maxRules = opts.maxRules ?? MAX_SNAPSHOT_RULES;
  const maxTotal = maxRules * SNAPSHOTS_PER_LARGEST;
  const now = opts.now ?? Date.now;
  /** Insertion order is recency: a read moves its tenant to the end. */
  const snapshots = new Map<string, TenantPolicySnapshot>();
  const building = new Map<string, Promise<void>>();
  /** Tenants too large for a snapshot, at the revision that was counted. */
  const tooLarge = new Map<string, number>();
  const failedAt = new Map<string, number>();
  let total = 0;

  const store = (s: TenantPolicySnapshot) => {
    const old = snapshots.get(s.tenantId);
    if (old) {
      total -= old.ruleCount;
      snapshots.delete(s.tenantId);
    }
    snapshots.set(s.tenantId, s);
    total += s.ruleCount;
    for (const [tenantId, victim] of snapshots) {
      if (total <= maxTotal || tenantId === s.tenantId) break;
      snapshots.delete(tenantId);
      total -= victim.ruleCount;
    }
  };

  const build = async (tenantId: string): Promise<void> => {
    const before = await readPolicyRevision(opts.db, tenantId);
    if (before === null) return;
    const count = await opts.db.policyRule.count({ where: { tenantId } });
    if (count > maxRules) {
      tooLarge.set(tenantId, before);
      return;
    }
    const [rules, ...objects] = await Promise.all([
      opts.db.policyRule.findMany({ where: { tenantId }, omit: { migrationNotes: true } }) as Promise<SnapshotRule[]>,
      ...POLICY_OBJECT_KINDS.map((kind) =>
        (opts.db[kind] as unknown as FindMany).findMany({
          where: { tenantId },
          select: Object.fromEntries([...OBJECT_COLUMNS[kind]].map((c) => [c, true])),
        }),
      ),
    ]);
    const after = await readPolicyRevision(opts.db, tenantId);
    // A write landed while the rows were read (or they are more than were counted): not a snapshot of one revision.
    if (after !== before || rules.length > maxRules) return;
    store(
      buildPolicySnapshot({
        tenantId,
        revision: before,
        rules,
        objects: Object.fromEntries(POLICY_OBJECT_KINDS.map((k, i) => [k, objects[i]!])) as Record<PolicyObjectKind, SnapshotObject[]>,
        objectColumns: OBJECT_COLUMNS,
      }),
    );
  };

  const startBuild = (tenantId: string) => {
    if (building.has(tenantId)) return;
    const last = failedAt.get(tenantId);
    if (last !== undefined && now() - last < SNAPSHOT_RETRY_MS) return;
    const run = build(tenantId)
      .then(() => {
        failedAt.delete(tenantId);
      })
      .catch((err: unknown) => {
        failedAt.set(tenantId, now());
        opts.log.warn({ err, tenantId }, 'policy snapshot could not be read; policy lists are read from the database');
      })
      .finally(() => building.delete(tenantId));
    building.set(tenantId, run);
  };

  return {
    current(tenantId, revision) {
      if (maxRules === 0) return null;
      const s = snapshots.get(tenantId);
      if (s && s.revision === revision) {
        // Most recently read last.
        snapshots.delete(tenantId);
        snapshots.set(tenantId, s);
        return s;
      }
      if (tooLarge.get(tenantId) === revision) return null;
      if (!s || s.revision < revision) startBuild(tenantId);
      return null;
    },
    async idle() {
      while (building.size) await Promise.all([...building.values()]);
    },
    clear() {
      snapshots.clear();
      tooLarge.clear();
      total = 0;
    },
  };
}
