// One page of a policy list (direction × type) with the filters and sort of the CEGP list
// screen, paged in the database: the filters that are columns and the sort become WHERE and
// ORDER BY (tiebreakers: order, then id), a page is a keyset on (sort key, order, id), and
// the total is a COUNT. A page costs what the page costs, however long the list.
//
// What SQL cannot say alike on SQLite and PostgreSQL is matched in code on a narrow select
// of the candidates (id, order, the sort column and only the columns the match needs);
// only the page's rows are then read whole:
// - Sender / Recipient: route matching (rule-list.ts → route-match.ts), with the tenant's
//   route directory (domains, address groups, directory groups).
// - Criteria type: a JSON array; Prisma has no JSON filter that both databases run.
// - A name needle with LIKE wildcards (% _ \: Prisma's `contains` does not escape them, and
//   SQLite's LIKE has no escape character) or with non-ASCII letters that have case
//   (SQLite's LIKE folds ASCII only; PostgreSQL's ILIKE folds by the database's locale).
// - Sort by name (the screen's Japanese collation, which neither database has alike) and
//   by migration status (its rank is neither the enum's order on PostgreSQL nor the
//   alphabetical one on SQLite).
// Both paths list the rules filterRules + sortRules list over every row (the test compares).
import type { DbKind, DbOrTx } from '../db/client.js';
import type { MigrationStatus, PolicyDirection, PolicyLevel, PolicyType } from '../db/enums.js';
import type { Prisma, PolicyRule } from '../generated/prisma/sqlite/client.js';
import { policyErrors } from './errors.js';
import type { SnapshotRule } from './policy-snapshots.js';
import { loadRouteDirectory } from './load-route-directory.js';
import { EMPTY_DIRECTORY } from './route-match.js';
import { filterRules, type ListedRule, type MigrationStatusFilter, type RuleFilter, type RuleSortField } from './rule-list.js';

/** The API's connection maximum (frontend contract); it also bounds the rows one request reads whole. */
export const MAX_RULES_PAGE = 100;
export const DEFAULT_RULES_PAGE = 20;
/**
 * Bound on the length of a cursor a client sends back before it is parsed. A NAME cursor
 * holds the name: 100 Japanese characters (the editing limit) are 300 UTF-8 bytes, about 500
 * characters of cursor; a migrated name may be longer, and this leaves room for ~1,800
 * Japanese characters while stopping a megabyte-long "cursor" from being decoded and parsed.
 */
export const MAX_CURSOR_LENGTH = 8_000;

const SORT_FIELDS: readonly RuleSortField[] = ['ORDER', 'NAME', 'MODIFIED', 'LAST_USED', 'ENABLED', 'MIGRATION_STATUS', 'CREATED'];

/** Where a row stands in the list: the sort it was listed with, its sort key, order and id. */
export interface RuleCursor {
  field: RuleSortField;
  descending: boolean;
  /** The sort column's value: a name, an ISO date, a boolean, a migration status or the order; null for "never used" / no status. */
  key: string | number | boolean | null;
  order: number;
  id: string;
}

export interface ListPolicyRulesArgs {
  direction: PolicyDirection;
  type: PolicyType;
  filter?: RuleFilter | null;
  sort?: { field?: RuleSortField | null; descending?: boolean | null } | null;
  first?: number | null;
  last?: number | null;
  after?: RuleCursor | null;
  before?: RuleCursor | null;
  /** False: the caller does not show the total, so the SQL path skips its COUNT (totalCount is then null). */
  withTotalCount?: boolean;
  /**
   * False: the caller shows no migration notes, so the page's rows are read without them
   * (a migrated rule's notes, in two languages, are its largest JSON; `migrationNotes` is then absent).
   */
  withMigrationNotes?: boolean;
}

export interface PolicyRulePage {
  rules: { rule: PolicyRule; cursor: RuleCursor }[];
  /** Null when not asked for (withTotalCount: false) on the SQL path. */
  totalCount: number | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

// ---- cursors: opaque to clients, base64url of [field, descending, key, order, id] ----

export function encodeRuleCursor(c: RuleCursor): string {
  return Buffer.from(JSON.stringify([c.field, c.descending, c.key, c.order, c.id]), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this file wrote. */
export function decodeRuleCursor(text: string): RuleCursor | null {
  if (text.length > MAX_CURSOR_LENGTH) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return null;
  const [field, descending, key, order, id] = parsed as unknown[];
  if (
    !SORT_FIELDS.includes(field as RuleSortField) ||
    typeof descending !== 'boolean' ||
    !Number.isInteger(order) ||
    typeof id !== 'string'
  )
    return null;
  const cursor: RuleCursor = { field: field as RuleSortField, descending, key: key as RuleCursor['key'], order: order as number, id };
  return keyIsValid(cursor) ? cursor : null;
}

function keyIsValid(c: RuleCursor): boolean {
  switch (c.field) {
    case 'ORDER':
      return c.key === c.order;
    case 'NAME':
      return typeof c.key === 'string';
    case 'ENABLED':
      return typeof c.key === 'boolean';
    case 'MIGRATION_STATUS':
      return c.key === null || (typeof c.key === 'string' && c.key in STATUS_RANK);
    case 'LAST_USED':
      return c.key === null || isIsoDate(c.key);
    default:
      return isIsoDate(c.key);
  }
}

const isIsoDate = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;

// ---- sort keys (the same as sortRules in rule-list.ts) ----

/** sortRules' rank of a migration status; null (rules made by hand) last. */
const STATUS_RANK: Record<MigrationStatus, number> = { NEEDS_FIX: 0, NEEDS_CONFIRMATION: 1, FIXED: 2, CONFIRMED: 3, SUCCESS: 4 };
const NO_STATUS_RANK = 9;
const STATUS_GROUPS: Record<MigrationStatusFilter, MigrationStatus[]> = {
  ERROR: ['NEEDS_FIX'],
  WARNING: ['NEEDS_CONFIRMATION'],
  RESOLVED: ['FIXED', 'CONFIRMED', 'SUCCESS'],
};
const USER_GROUP_LEVELS: PolicyLevel[] = ['GROUP', 'USER'];

/** Columns a sort compares in SQL; NAME and MIGRATION_STATUS sort in code. */
type SqlSortColumn = 'order' | 'updatedAt' | 'createdAt' | 'lastUsedAt' | 'enabled';
const SQL_SORT_COLUMN: Partial<Record<RuleSortField, SqlSortColumn>> = {
  ORDER: 'order',
  MODIFIED: 'updatedAt',
  CREATED: 'createdAt',
  LAST_USED: 'lastUsedAt',
  ENABLED: 'enabled',
};

type KeyedRow = Pick<PolicyRule, 'id' | 'name' | 'order' | 'enabled' | 'migrationStatus' | 'updatedAt' | 'createdAt' | 'lastUsedAt'>;
/**
 * A row of the in-code path's narrow select: id, order, the sort column and the columns the
 * in-code filter reads; the rest absent (ListedRule's placeholders, see matchInCode).
 */
type CandidateRow = Pick<PolicyRule, 'id' | 'order'> & Partial<KeyedRow & Pick<PolicyRule, 'senders' | 'recipients' | 'criteria'>>;

function keyOf(field: RuleSortField, r: KeyedRow): RuleCursor['key'] {
  switch (field) {
    case 'NAME':
      return r.name;
    case 'MODIFIED':
      return r.updatedAt.toISOString();
    case 'CREATED':
      return r.createdAt.toISOString();
    case 'LAST_USED':
      return r.lastUsedAt?.toISOString() ?? null;
    case 'ENABLED':
      return r.enabled;
    case 'MIGRATION_STATUS':
      return r.migrationStatus;
    default:
      return r.order;
  }
}

const cursorOf = (field: RuleSortField, descending: boolean, r: KeyedRow): RuleCursor => ({
  field,
  descending,
  key: keyOf(field, r),
  order: r.order,
  id: r.id,
});

// sortRules compares names with localeCompare(…, 'ja'); a Collator is the same comparison, built once.
const JA = new Intl.Collator('ja');

/** sortRules' order for two cursors of one sort, then id for rows of equal order (ascending). */
function compareAscending(field: RuleSortField, a: RuleCursor, b: RuleCursor): number {
  let c: number;
  switch (field) {
    case 'NAME':
      c = JA.compare(String(a.key).toLowerCase(), String(b.key).toLowerCase());
      break;
    case 'MIGRATION_STATUS':
      c = rank(a.key) - rank(b.key);
      break;
    case 'ENABLED':
      c = Number(a.key) - Number(b.key);
      break;
    case 'MODIFIED':
    case 'CREATED':
    case 'LAST_USED':
      c = time(a.key) - time(b.key);
      break;
    default:
      c = 0;
  }
  if (c !== 0) return c;
  if (a.order !== b.order) return a.order - b.order;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const rank = (k: RuleCursor['key']) => (k === null ? NO_STATUS_RANK : STATUS_RANK[k as MigrationStatus]);
// sortRules: "never used" is -1, before every date.
const time = (k: RuleCursor['key']) => (k === null ? -1 : Date.parse(String(k)));

// ---- SQL: filters that are columns, the keyset ----

const hasNonAsciiCase = (s: string) => [...s].some((ch) => ch > '\x7f' && ch.toLowerCase() !== ch.toUpperCase());
const LIKE_SPECIAL = /[%_\\]/;

interface Plan {
  where: Prisma.PolicyRuleWhereInput;
  /** The part of the filter matched in code (empty: none). */
  inCode: RuleFilter;
  field: RuleSortField;
  descending: boolean;
}

function plan(tenantId: string, args: ListPolicyRulesArgs, dbKind: DbKind): Plan {
  const f = args.filter ?? {};
  const where: Prisma.PolicyRuleWhereInput = { tenantId, direction: args.direction, type: args.type };
  const inCode: RuleFilter = {};
  // filterRules trims the needle; one of spaces only filters nothing.
  const needle = f.name?.trim() ?? '';
  if (needle) {
    if (LIKE_SPECIAL.test(needle) || hasNonAsciiCase(needle)) inCode.name = needle;
    // SQLite's LIKE is case-insensitive for ASCII already (and refuses `mode`); PostgreSQL's
    // LIKE is not. The app's client type is SQLite's, which has no `mode`: spread as `object`.
    else where.name = { contains: needle, ...((dbKind === 'postgresql' ? { mode: 'insensitive' } : {}) as object) };
  }
  if (f.enabled !== null && f.enabled !== undefined) where.enabled = f.enabled;
  if (f.level === 'ORGANIZATION') where.level = 'ORGANIZATION';
  if (f.level === 'USER_GROUP') where.level = { in: USER_GROUP_LEVELS };
  if (f.migrationStatus) where.migrationStatus = { in: STATUS_GROUPS[f.migrationStatus] };
  if (f.criteriaType) inCode.criteriaType = f.criteriaType;
  if (f.sender) inCode.sender = f.sender;
  if (f.recipient) inCode.recipient = f.recipient;
  return { where, inCode, field: args.sort?.field ?? 'ORDER', descending: args.sort?.descending ?? false };
}

type Dir = 'asc' | 'desc';

/**
 * Rows strictly beyond the cursor in the list's direction, as a WHERE. Nulls (lastUsedAt
 * only) sort first ascending, as sortRules' -1 does, so last descending.
 */
function beyond(column: SqlSortColumn, cursor: RuleCursor, dir: Dir): Prisma.PolicyRuleWhereInput {
  const cmp = dir === 'asc' ? 'gt' : 'lt';
  const idBeyond: Prisma.PolicyRuleWhereInput = { id: { [cmp]: cursor.id } };
  const orderBeyond: Prisma.PolicyRuleWhereInput = { order: { [cmp]: cursor.order } };
  if (column === 'order') return { OR: [orderBeyond, { AND: [{ order: cursor.order }, idBeyond] }] };
  const k = column === 'enabled' || cursor.key === null ? cursor.key : new Date(String(cursor.key));
  let keyBeyond: Prisma.PolicyRuleWhereInput | null;
  // Prisma compares booleans for equality only: past `false` ascending is `true`, and past `true` nothing.
  if (column === 'enabled') keyBeyond = k === (dir !== 'asc') ? { enabled: dir === 'asc' } : null;
  else if (k === null) keyBeyond = dir === 'asc' ? { [column]: { not: null } } : null;
  else
    keyBeyond =
      dir === 'desc' && column === 'lastUsedAt' ? { OR: [{ [column]: { [cmp]: k } }, { [column]: null }] } : { [column]: { [cmp]: k } };
  const keyEqual: Prisma.PolicyRuleWhereInput = { [column]: k };
  return {
    OR: [...(keyBeyond ? [keyBeyond] : []), { AND: [keyEqual, orderBeyond] }, { AND: [keyEqual, { order: cursor.order }, idBeyond] }],
  };
}

function orderBy(column: SqlSortColumn, dir: Dir): Prisma.PolicyRuleOrderByWithRelationInput[] {
  const key = column === 'lastUsedAt' ? { lastUsedAt: { sort: dir, nulls: dir === 'asc' ? 'first' : 'last' } } : { [column]: dir };
  return [...(column === 'order' ? [] : [key as Prisma.PolicyRuleOrderByWithRelationInput]), { order: dir }, { id: dir }];
}

function checkCursor(c: RuleCursor | null | undefined, p: Plan): void {
  if (c && (c.field !== p.field || c.descending !== p.descending)) throw policyErrors.error('POLICY_RULE_CURSOR_INVALID');
}

const clampSize = (n: number | null | undefined) => Math.max(0, Math.min(MAX_RULES_PAGE, n ?? DEFAULT_RULES_PAGE));

/**
 * Which rows of the window (after … before) a page takes. Relay's rules: `first` from the
 * start, then `last` from the end; `before` or `last` alone page backwards. pageInfo as the
 * Prisma connections of this API compute it (@pothos/plugin-prisma's wrapConnectionResult).
 */
interface Slice {
  backward: boolean;
  /** Rows read from the window's start (forward) or end (backward). */
  take: number;
  /** `last` applied to a forward read, when both are given. */
  thenLast: number | null;
}

function sliceOf(args: ListPolicyRulesArgs): Slice {
  if (args.first != null)
    return { backward: false, take: clampSize(args.first), thenLast: args.last != null ? clampSize(args.last) : null };
  if (args.last != null || args.before != null) return { backward: true, take: clampSize(args.last), thenLast: null };
  return { backward: false, take: DEFAULT_RULES_PAGE, thenLast: null };
}

/** Applies a slice to the rows read (one past it, in reading order); returns the page in list order and pageInfo's flags. */
function finish<T>(read: T[], s: Slice, args: ListPolicyRulesArgs): { page: T[]; hasNextPage: boolean; hasPreviousPage: boolean } {
  const full = read.length > s.take;
  let page = full ? read.slice(0, s.take) : read;
  if (s.backward) page = page.reverse();
  const cut = s.thenLast !== null && page.length > s.thenLast;
  if (cut) page = page.slice(page.length - s.thenLast!);
  return {
    page,
    hasNextPage: args.before != null ? true : s.backward ? false : full,
    hasPreviousPage: args.after != null ? true : s.backward ? full : cut,
  };
}

// ---- the read ----

/** The column each sort compares, for the in-code path's narrow select. */
const SORT_COLUMN: Record<RuleSortField, keyof KeyedRow> = {
  ORDER: 'order',
  NAME: 'name',
  MODIFIED: 'updatedAt',
  CREATED: 'createdAt',
  LAST_USED: 'lastUsedAt',
  ENABLED: 'enabled',
  MIGRATION_STATUS: 'migrationStatus',
};

/**
 * `dbKind`: the name filter is case-insensitive in SQL differently on each database.
 * `snapshot`: the list's rows from a current policy snapshot (policy-snapshots.ts), without
 * migration notes; given, and the caller asks for no notes, the page is cut from it in
 * memory, with the same filters, sort and cursors, and the database is read only for the
 * route directory of a Sender/Recipient filter.
 */
export async function listPolicyRules(
  db: DbOrTx,
  tenantId: string,
  args: ListPolicyRulesArgs,
  dbKind: DbKind,
  snapshot?: readonly SnapshotRule[] | null,
): Promise<PolicyRulePage> {
  const p = plan(tenantId, args, dbKind);
  checkCursor(args.after, p);
  checkCursor(args.before, p);
  const s = sliceOf(args);
  if (snapshot && args.withMigrationNotes === false) return snapshotPage(db, tenantId, snapshot, p, s, args);
  const column = SQL_SORT_COLUMN[p.field];
  const inCode = Object.keys(p.inCode).length > 0;
  if (column && !inCode) return sqlPage(db, p, column, s, args);
  return codePage(db, tenantId, p, s, args);
}

/**
 * The page from a snapshot's rows (in list order: order, then id). Unfiltered and by order,
 * the window is found by binary search, so the page costs the page; otherwise every row of
 * the list is matched (filterRules, as the database paths' in-code part) and sorted, which on
 * decoded rows in memory is a few microseconds a rule.
 */
async function snapshotPage(
  db: DbOrTx,
  tenantId: string,
  rows: readonly SnapshotRule[],
  p: Plan,
  s: Slice,
  args: ListPolicyRulesArgs,
): Promise<PolicyRulePage> {
  const filter = args.filter ?? {};
  const filtered = Object.values(filter).some((v) => v !== null && v !== undefined && !(typeof v === 'string' && !v.trim()));
  let keyed: { row: SnapshotRule; cursor: RuleCursor }[];
  let total: number;
  if (!filtered && p.field === 'ORDER') {
    // rows ascend by (order, id): the window's ends by binary search, then only the page's rows.
    const at = (i: number) => rows[p.descending ? rows.length - 1 - i : i]!;
    const dir = p.descending ? -1 : 1;
    const cmp = (i: number, c: RuleCursor) => dir * compareAscending('ORDER', cursorOf('ORDER', p.descending, at(i)), c);
    const start = args.after ? firstIndex(rows.length, (i) => cmp(i, args.after!) > 0) : 0;
    const end = args.before ? firstIndex(rows.length, (i) => cmp(i, args.before!) >= 0) : rows.length;
    const from = s.backward ? Math.max(start, end - s.take - 1) : start;
    const to = s.backward ? end : Math.min(end, start + s.take + 1);
    keyed = [];
    for (let i = from; i < to; i++) keyed.push({ row: at(i), cursor: cursorOf('ORDER', p.descending, at(i)) });
    total = rows.length;
  } else {
    const directory = filter.sender || filter.recipient ? await loadRouteDirectory(db, tenantId) : EMPTY_DIRECTORY;
    const matched = filterRules(
      rows.map((row) => ({ ...row, row })),
      filter,
      directory,
    ).map((l) => l.row);
    keyed = matched.map((row) => ({ row, cursor: cursorOf(p.field, p.descending, row) }));
    total = matched.length;
  }
  // The fast path's rows are the window already; the cursors still bound it (a no-op there).
  const { page, hasNextPage, hasPreviousPage } = cutPage(keyed, p, s, args);
  return { rules: page.map((r) => ({ rule: r.row as PolicyRule, cursor: r.cursor })), totalCount: total, hasNextPage, hasPreviousPage };
}

/** The first index in [0, n) where `beyond` holds, for a `beyond` that is false, then true. */
function firstIndex(n: number, beyond: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beyond(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The page of rows keyed by their cursors: sorted in list order, cut between `after` and
 * `before` (a cursor's own row may be gone or filtered out since), then Relay's slice.
 */
function cutPage<T extends { cursor: RuleCursor }>(
  keyed: T[],
  p: Plan,
  s: Slice,
  args: ListPolicyRulesArgs,
): { page: T[]; hasNextPage: boolean; hasPreviousPage: boolean } {
  const dir = p.descending ? -1 : 1;
  keyed.sort((a, b) => dir * compareAscending(p.field, a.cursor, b.cursor));
  let window = keyed;
  const after = args.after;
  const before = args.before;
  if (after) window = window.filter((r) => dir * compareAscending(p.field, r.cursor, after) > 0);
  if (before) window = window.filter((r) => dir * compareAscending(p.field, r.cursor, before) < 0);
  const read = s.backward ? window.slice(Math.max(0, window.length - s.take - 1)).reverse() : window.slice(0, s.take + 1);
  return finish(read, s, args);
}

const omitted = (args: ListPolicyRulesArgs) => (args.withMigrationNotes === false ? { migrationNotes: true } : undefined);

async function sqlPage(db: DbOrTx, p: Plan, column: SqlSortColumn, s: Slice, args: ListPolicyRulesArgs): Promise<PolicyRulePage> {
  const forward: Dir = p.descending ? 'desc' : 'asc';
  const back: Dir = p.descending ? 'asc' : 'desc';
  const window: Prisma.PolicyRuleWhereInput[] = [p.where];
  if (args.after) window.push(beyond(column, args.after, forward));
  if (args.before) window.push(beyond(column, args.before, back));
  const [totalCount, read] = await Promise.all([
    args.withTotalCount === false ? Promise.resolve(null) : db.policyRule.count({ where: p.where }),
    db.policyRule.findMany({
      where: { AND: window },
      orderBy: orderBy(column, s.backward ? back : forward),
      take: s.take + 1,
      omit: omitted(args),
    }),
  ]);
  const { page, hasNextPage, hasPreviousPage } = finish(read, s, args);
  return { rules: page.map((rule) => ({ rule, cursor: cursorOf(p.field, p.descending, rule) })), totalCount, hasNextPage, hasPreviousPage };
}

async function codePage(db: DbOrTx, tenantId: string, p: Plan, s: Slice, args: ListPolicyRulesArgs): Promise<PolicyRulePage> {
  const f = p.inCode;
  // Every candidate row is read (3,000 in a large list): only the columns the sort and the filter need.
  const select: Prisma.PolicyRuleSelect = {
    id: true,
    order: true,
    [SORT_COLUMN[p.field]]: true,
    ...(f.name ? { name: true } : {}),
    senders: Boolean(f.sender),
    recipients: Boolean(f.recipient),
    criteria: Boolean(f.criteriaType),
  };
  const candidates = (await db.policyRule.findMany({ where: p.where, select })) as CandidateRow[];
  const matched = await matchInCode(db, tenantId, candidates, f);
  const keyed = matched.map((r) => ({ id: r.id, cursor: cursorOf(p.field, p.descending, r as KeyedRow) }));
  const { page, hasNextPage, hasPreviousPage } = cutPage(keyed, p, s, args);
  const rows = page.length
    ? await db.policyRule.findMany({ where: { id: { in: page.map((r) => r.id) }, tenantId }, omit: omitted(args) })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A row deleted between the two reads is left out of the page.
  const rules = page.flatMap((r) => (byId.has(r.id) ? [{ rule: byId.get(r.id)!, cursor: r.cursor }] : []));
  return { rules, totalCount: matched.length, hasNextPage, hasPreviousPage };
}

/**
 * What stands in for the columns a candidate row was not read with. filterRules is given
 * only the in-code part of the filter (name, criteria type, routes; the column filters ran
 * in SQL), and reads only the columns of the filters it is given, so these are never compared.
 */
const NOT_READ: ListedRule = {
  name: '',
  enabled: true,
  order: 0,
  level: 'ORGANIZATION',
  recipients: null,
  senders: null,
  criteria: null,
  migrationStatus: null,
  updatedAt: new Date(0),
  createdAt: new Date(0),
  lastUsedAt: null,
};

/**
 * The one place the list matches rules in code (routes, criteria type, names SQL cannot
 * compare): rule-list.ts's filterRules, with the tenant's route directory when a route is
 * matched.
 */
async function matchInCode<R extends CandidateRow>(db: DbOrTx, tenantId: string, rows: R[], f: RuleFilter): Promise<R[]> {
  const directory = f.sender || f.recipient ? await loadRouteDirectory(db, tenantId) : EMPTY_DIRECTORY;
  const listed = rows.map((r) => ({ ...NOT_READ, ...r, row: r }));
  return filterRules(listed, f, directory).map((l) => l.row);
}
