// The policy objects rules name by id (address groups, keyword lists, stamps, notifications,
// DLP templates), read once per request and kind: a page of 100 rules with every nested
// object costs one query per kind of object, not one per route, criterion or action.
// - A list (policyRules) reads ahead: once it has its page, one query per kind selected
//   anywhere under it, with the union of the columns asked for; the nested fields then
//   answer synchronously, which spares graphql a promise per field and per rule.
// - Anything else (a rule in a mutation payload, node(id:)) is batched by DataLoader.
// Only the columns the request selects are read, so an address group's addresses (up to
// thousands of entries) only when `addresses` is asked for. Every read is scoped to the
// request's tenant: objects of another tenant are never returned.
import DataLoader from 'dataloader';
import {
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { modelColumns } from '../db/model-columns.js';
import { POLICY_OBJECT_MODEL, type PolicyObjectKind, type PolicySnapshot } from '../policies/policy-snapshot.js';
import type { GraphQLContext } from './context.js';

export type PolicyObjectDelegate = PolicyObjectKind;

/** The GraphQL type (= Prisma model) of each kind. */
const MODEL = POLICY_OBJECT_MODEL;
const KIND_OF_TYPE = new Map(Object.entries(MODEL).map(([kind, model]) => [model, kind as PolicyObjectDelegate]));

/**
 * Ids per query. A page of 100 rules names a few hundred objects of a kind at most; the
 * bound keeps a query well below SQLite's 32,766 bound parameters whatever the rules hold.
 */
const MAX_IDS_PER_QUERY = 1_000;

type Row = { id: string };
type FindMany = { findMany(args: object): Promise<Row[]> };
/** Columns to read; null: the whole row (a selected field is not a column). */
type Columns = ReadonlySet<string> | null;

interface RequestState {
  loaders: Map<string, DataLoader<string, Row | null>>;
  /** Read ahead by a list: per kind, the columns read and id → row (null: not in the tenant). */
  ahead: Map<PolicyObjectDelegate, { columns: Columns; rows: Map<string, Row | null> }>;
}

// One state per request (the context object lives as long as the request), so nothing outlives it.
const perRequest = new WeakMap<GraphQLContext, RequestState>();
const stateOf = (ctx: GraphQLContext): RequestState => {
  let s = perRequest.get(ctx);
  if (!s) {
    s = { loaders: new Map(), ahead: new Map() };
    perRequest.set(ctx, s);
  }
  return s;
};

/**
 * The objects with these ids, in the order of `ids`, leaving out those not in the tenant.
 * `info` is the field's: its selection decides the columns read. Synchronous when a list
 * read them ahead.
 */
export function loadPolicyObjects(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  delegate: PolicyObjectDelegate,
  ids: readonly string[],
): Row[] | Promise<Row[]> {
  if (!ids.length) return [];
  const columns = columnsOfField(MODEL[delegate], info.fieldNodes, info);
  const state = stateOf(ctx);
  const ahead = state.ahead.get(delegate);
  if (ahead && covers(ahead.columns, columns) && ids.every((id) => ahead.rows.has(id))) {
    return ids.flatMap((id) => {
      const row = ahead.rows.get(id);
      return row ? [row] : [];
    });
  }
  const key = `${delegate}:${columns ? [...columns].sort().join(',') : '*'}`;
  let loader = state.loaders.get(key);
  if (!loader) {
    const tenantId = ctx.tenant.id;
    const table = ctx.db[delegate] as unknown as FindMany;
    loader = new DataLoader<string, Row | null>(
      async (batch) => {
        const byId = await read(table, tenantId, [...new Set(batch)], columns);
        return batch.map((id) => byId.get(id) ?? null);
      },
      // No cache: a later mutation in the same request must not see objects read before it.
      { cache: false, maxBatchSize: MAX_IDS_PER_QUERY },
    );
    state.loaders.set(key, loader);
  }
  return Promise.all(ids.map((id) => loader.load(id))).then((rows) => rows.filter((r): r is Row => r !== null));
}

/** The first object, or null: for fields that name one object (a stamp, a notification). */
export function firstOf(rows: Row[] | Promise<Row[]>): Row | null | Promise<Row | null> {
  return Array.isArray(rows) ? (rows[0] ?? null) : rows.then((r) => r[0] ?? null);
}

/**
 * Reads ahead, for a list, the objects its rows name (`ids` per kind), for the kinds the
 * list's selection (`info`, the list field's) asks for somewhere below it.
 */
export async function readAheadPolicyObjects(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  ids: Record<PolicyObjectDelegate, ReadonlySet<string>>,
  snapshot?: PolicySnapshot | null,
): Promise<void> {
  const wanted = kindsSelectedBelow(info);
  const state = stateOf(ctx);
  await Promise.all(
    [...wanted].map(async ([kind, columns]) => {
      const list = [...ids[kind]];
      if (!list.length) return;
      const rows = new Map<string, Row | null>(list.map((id) => [id, null]));
      // The snapshot holds every object of the tenant, less the list columns (policy-snapshot.ts).
      const held = snapshot?.objectColumns(kind);
      if (snapshot && held && columns && covers(held, columns)) {
        for (const id of list) rows.set(id, snapshot.object(kind, id) ?? null);
        state.ahead.set(kind, { columns: held, rows });
        return;
      }
      const table = ctx.db[kind] as unknown as FindMany;
      for (let i = 0; i < list.length; i += MAX_IDS_PER_QUERY) {
        for (const [id, row] of await read(table, ctx.tenant.id, list.slice(i, i + MAX_IDS_PER_QUERY), columns)) rows.set(id, row);
      }
      state.ahead.set(kind, { columns, rows });
    }),
  );
}

async function read(table: FindMany, tenantId: string, ids: string[], columns: Columns): Promise<Map<string, Row>> {
  const select = columns ? Object.fromEntries([...columns].map((c) => [c, true])) : undefined;
  const rows = await table.findMany({ where: { id: { in: ids }, tenantId }, ...(select ? { select } : {}) });
  return new Map(rows.map((r) => [r.id, r]));
}

const covers = (have: Columns, need: Columns) => have === null || (need !== null && [...need].every((c) => have.has(c)));

/** Union of two column sets; null (the whole row) absorbs. */
const union = (a: Columns | undefined, b: Columns): Columns =>
  a === undefined ? b : a === null || b === null ? null : new Set([...a, ...b]);

// Per field node list (the same array for every row at one path of one operation): the columns it asks for.
const columnsCache = new WeakMap<readonly FieldNode[], Columns>();

/**
 * The columns the fields selected on an object of `model` need (id always), or null (the
 * whole row) when one of them is not a column of the model: a field computed from others.
 */
function columnsOfField(model: string, fieldNodes: readonly FieldNode[], info: Pick<GraphQLResolveInfo, 'fragments'>): Columns {
  const cached = columnsCache.get(fieldNodes);
  if (cached !== undefined) return cached;
  const columns = modelColumns(model);
  let result: Set<string> | null = new Set(['id']);
  if (!columns) result = null;
  else {
    for (const node of fieldNodes) {
      for (const name of fieldNamesIn(node.selectionSet, info)) {
        if (name === '__typename' || name === 'id') continue;
        if (!columns.has(name)) {
          result = null;
          break;
        }
        result.add(name);
      }
      if (result === null) break;
    }
  }
  columnsCache.set(fieldNodes, result);
  return result;
}

/** Names of the fields selected directly under the resolved field (through fragments). */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  for (const node of info.fieldNodes) for (const n of fieldNamesIn(node.selectionSet, info)) names.add(n);
  return names;
}

/** Whether a field of this name is selected anywhere below the resolved field (through fragments): an over-approximation, which is safe for "read it or not". */
export function selectsBelow(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const visit = (s: SelectionSetNode | undefined, depth: number): boolean => {
    if (!s || depth > MAX_WALK_DEPTH) return false;
    return s.selections.some((sel) => {
      if (sel.kind === Kind.FIELD) return sel.name.value === name || visit(sel.selectionSet, depth + 1);
      if (sel.kind === Kind.INLINE_FRAGMENT) return visit(sel.selectionSet, depth);
      if (seen.has(sel.name.value)) return false;
      seen.add(sel.name.value);
      return visit(info.fragments[sel.name.value]?.selectionSet, depth);
    });
  };
  return info.fieldNodes.some((n) => visit(n.selectionSet, 0));
}

/** Names of the fields in a selection set, through fragments (a superset under @skip/@include, which is safe). */
function fieldNamesIn(set: SelectionSetNode | undefined, info: Pick<GraphQLResolveInfo, 'fragments'>): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (s: SelectionSetNode | undefined) => {
    for (const sel of s?.selections ?? []) {
      if (sel.kind === Kind.FIELD) names.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        visit(info.fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  visit(set);
  return names;
}

/** Per kind, the union of the columns asked for by every field of that kind's type below the list field. */
function kindsSelectedBelow(info: GraphQLResolveInfo): Map<PolicyObjectDelegate, Columns> {
  const found = new Map<PolicyObjectDelegate, Columns>();
  const seenFragments = new Set<string>();
  const walk = (type: GraphQLObjectType, set: SelectionSetNode | undefined, depth: number) => {
    // Query depth is bounded by the depth limit (yoga.ts QUERY_LIMITS); this bounds the walk alike.
    if (!set || depth > MAX_WALK_DEPTH) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? info.schema.getType(sel.typeCondition.name.value) : type;
        if (on && isObjectType(on)) walk(on, sel.selectionSet, depth);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[sel.name.value];
        const on = fragment && info.schema.getType(fragment.typeCondition.name.value);
        if (fragment && on && isObjectType(on) && !seenFragments.has(sel.name.value)) {
          seenFragments.add(sel.name.value);
          walk(on, fragment.selectionSet, depth);
        }
        continue;
      }
      const field = type.getFields()[sel.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (!isObjectType(named)) continue;
      const kind = KIND_OF_TYPE.get(named.name);
      if (kind) found.set(kind, union(found.get(kind), columnsOfField(named.name, [sel], info)));
      else walk(named, sel.selectionSet, depth + 1);
    }
  };
  const parent = info.parentType.getFields()[info.fieldName];
  const listType = parent && getNamedType(parent.type);
  if (listType && isObjectType(listType)) for (const node of info.fieldNodes) walk(listType, node.selectionSet, 0);
  return found;
}

/** Bound on the selection walk; deeper than any query the depth limit (12) lets through. */
const MAX_WALK_DEPTH = 16;
