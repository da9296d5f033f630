// Policy rules by id for verdicts, trace steps, policy events and quarantined messages: one
// query per request for every rule a page names (batched until the next turn of the event
// loop), tenant-scoped; a deleted rule (or another tenant's) is null.
import type { GraphQLContext } from './context.js';

type RuleRow = NonNullable<Awaited<ReturnType<GraphQLContext['db']['policyRule']['findFirst']>>>;
interface RuleLoader {
  cache: Map<string, Promise<RuleRow | null>>;
  pending: Map<string, { resolve(r: RuleRow | null): void; reject(e: unknown): void }>;
}
const ruleLoaders = new WeakMap<GraphQLContext, RuleLoader>();
/** Ids per query: far below SQLite's bound-parameter limit. */
const RULE_BATCH = 500;

/** The tenant's rule of this id, or null (deleted, or another tenant's). */
export function ruleById(ctx: GraphQLContext, id: string): Promise<RuleRow | null> {
  let loader = ruleLoaders.get(ctx);
  if (!loader) {
    loader = { cache: new Map(), pending: new Map() };
    ruleLoaders.set(ctx, loader);
  }
  const l = loader;
  const hit = l.cache.get(id);
  if (hit) return hit;
  const p = new Promise<RuleRow | null>((resolve, reject) => {
    if (l.pending.size === 0) setImmediate(() => void dispatch(ctx, l));
    l.pending.set(id, { resolve, reject });
  });
  l.cache.set(id, p);
  return p;
}

async function dispatch(ctx: GraphQLContext, l: RuleLoader): Promise<void> {
  const batch = l.pending;
  l.pending = new Map();
  const ids = [...batch.keys()];
  try {
    const found = new Map<string, RuleRow>();
    for (let i = 0; i < ids.length; i += RULE_BATCH) {
      const rows = await ctx.db.policyRule.findMany({ where: { tenantId: ctx.tenant.id, id: { in: ids.slice(i, i + RULE_BATCH) } } });
      for (const r of rows) found.set(r.id, r);
    }
    for (const [id, w] of batch) w.resolve(found.get(id) ?? null);
  } catch (err) {
    for (const w of batch.values()) w.reject(err);
  }
}

export async function rulesById(ctx: GraphQLContext, ids: readonly string[]): Promise<RuleRow[]> {
  const rows = await Promise.all(ids.map((id) => ruleById(ctx, id)));
  return rows.filter((r): r is RuleRow => r !== null);
}
