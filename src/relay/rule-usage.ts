// Adapter: the policy list's "Last Used" (最終使用日時) column, kept current without a write
// per message. Rules that acted are remembered in memory and written every
// RULE_USAGE_FLUSH_MS (and at stop) by one UPDATE per rule that moves lastUsedAt forward
// only. The revision triggers ignore that column (migration *_relay), so a flush neither
// rebuilds the compiled policy nor invalidates the list snapshots.
import type { Db, DbKind } from '../db/client.js';
import type { Log } from '../platform/logger.js';

/** How far behind the list may show "Last Used": a rehearsal looks at it by hand, seconds are enough. */
export const RULE_USAGE_FLUSH_MS = 5_000;

export interface RuleUsage {
  record(ruleIds: readonly string[], at: Date): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createRuleUsage(opts: { db: Db; dbKind: DbKind; log: Log }): RuleUsage {
  let pending = new Map<string, Date>();
  let flushing: Promise<void> | null = null;
  const flush = async () => {
    if (flushing) await flushing;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    flushing = (async () => {
      try {
        for (const [id, at] of batch) {
          // Raw SQL: Prisma's update would also set updatedAt ("Modified"), which a rule that only fired did not.
          const value = opts.dbKind === 'sqlite' ? at.toISOString().replace('Z', '+00:00') : at;
          if (opts.dbKind === 'sqlite')
            await opts.db.$executeRawUnsafe(
              'UPDATE "PolicyRule" SET "lastUsedAt" = ? WHERE "id" = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ?)',
              value,
              id,
              value,
            );
          else
            await opts.db.$executeRawUnsafe(
              'UPDATE "PolicyRule" SET "lastUsedAt" = $1 WHERE "id" = $2 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $1)',
              value,
              id,
            );
        }
      } catch (err) {
        opts.log.warn({ err }, "rules' last used time could not be written");
      } finally {
        flushing = null;
      }
    })();
    await flushing;
  };
  const timer = setInterval(() => void flush(), RULE_USAGE_FLUSH_MS);
  timer.unref();
  return {
    record(ruleIds, at) {
      for (const id of ruleIds) {
        const seen = pending.get(id);
        if (!seen || seen < at) pending.set(id, at);
      }
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
