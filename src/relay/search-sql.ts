// The tracking searches in SQL: one page of ids, newest first, keyed on (time, id), and the
// count. Adapter: Prisma raw queries, because Prisma's string filters cannot say what the
// search rules need (tracking-search.ts):
// - they do not escape `%` and `_` (prisma/prisma#19506), and on SQLite they add no ESCAPE
//   clause, so a literal `_` (taro_yamada@…) would match any character there;
// - they cannot match an element of a JSON array (PolicyEvent / QuarantinedMessage
//   recipients), and a LIKE over MailMessage.recipientList's lines lets an inner `%` run
//   across a line break (`name@%.example.com` would match "name@a" followed by
//   "x@b.example.com"): every recipient is matched as one element of its JSON array, after
//   recipientList's LIKE has cheaply narrowed the rows (search-specs.ts).
// Case: SQLite's LIKE folds ASCII letters only; on PostgreSQL the column's ASCII letters are
// folded with translate() and LIKE stays case-sensitive, so both fold ASCII and nothing else.
import { Prisma, type DbKind, type DbOrTx } from '../db/client.js';
import type { SearchCursor } from './tracking-search.js';

export type SearchTable = 'MailMessage' | 'PolicyEvent' | 'QuarantinedMessage' | 'CapturedMessage';

export type SearchCondition =
  /** Exact, case-sensitive (a Message-ID, an enum value). */
  | { kind: 'equals'; column: string; value: string }
  | { kind: 'in'; column: string; values: readonly string[] }
  /** time >= value */
  | { kind: 'since'; column: string; value: Date }
  /** time < value */
  | { kind: 'until'; column: string; value: Date }
  /** The text column matches any of the LIKE patterns (ASCII letters folded). */
  | { kind: 'likeAny'; column: string; patterns: readonly string[] }
  /** The text column matches every LIKE pattern. */
  | { kind: 'likeAll'; column: string; patterns: readonly string[] }
  /** Some element of the JSON string array matches any of the LIKE patterns. */
  | { kind: 'jsonLikeAny'; column: string; patterns: readonly string[] };

export interface SearchSpec {
  table: SearchTable;
  /** The column the list is sorted by, newest first. */
  timeColumn: string;
  tenantId: string;
  conditions: readonly SearchCondition[];
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** Column and table names come from code, never from a request; checked all the same before they are spliced in. */
const IDENTIFIER = /^[A-Za-z]{1,40}$/;

function ident(name: string): Prisma.Sql {
  if (!IDENTIFIER.test(name)) throw new Error(`unexpected SQL identifier ${JSON.stringify(name)}`);
  return Prisma.raw(`"${name}"`);
}

const col = (name: string) => Prisma.sql`t.${ident(name)}`;

function folded(kind: DbKind, expr: Prisma.Sql): Prisma.Sql {
  return kind === 'postgresql' ? Prisma.sql`translate(${expr}, ${UPPER}, ${LOWER})` : expr;
}

const like = (kind: DbKind, expr: Prisma.Sql, pattern: string) => Prisma.sql`${folded(kind, expr)} LIKE ${pattern} ESCAPE '\\'`;

function conditionSql(kind: DbKind, c: SearchCondition): Prisma.Sql {
  switch (c.kind) {
    case 'equals':
      // CAST: PostgreSQL compares its enum columns with text only through a cast.
      return Prisma.sql`CAST(${col(c.column)} AS TEXT) = ${c.value}`;
    case 'in':
      return c.values.length ? Prisma.sql`CAST(${col(c.column)} AS TEXT) IN (${Prisma.join([...c.values])})` : Prisma.sql`1 = 0`;
    case 'since':
      return Prisma.sql`${col(c.column)} >= ${c.value}`;
    case 'until':
      return Prisma.sql`${col(c.column)} < ${c.value}`;
    case 'likeAny':
      return Prisma.sql`(${Prisma.join(
        c.patterns.map((p) => like(kind, col(c.column), p)),
        ' OR ',
      )})`;
    case 'likeAll':
      return Prisma.join(
        c.patterns.map((p) => like(kind, col(c.column), p)),
        ' AND ',
      );
    case 'jsonLikeAny': {
      const any = Prisma.join(
        c.patterns.map((p) => like(kind, Prisma.sql`e.value`, p)),
        ' OR ',
      );
      return kind === 'postgresql'
        ? Prisma.sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${col(c.column)}) AS e(value) WHERE ${any})`
        : Prisma.sql`EXISTS (SELECT 1 FROM json_each(${col(c.column)}) AS e WHERE e.type = 'text' AND (${any}))`;
    }
  }
}

function whereSql(kind: DbKind, spec: SearchSpec, after: SearchCursor | null): Prisma.Sql {
  const parts = [Prisma.sql`t."tenantId" = ${spec.tenantId}`, ...spec.conditions.map((c) => conditionSql(kind, c))];
  if (after) {
    const time = col(spec.timeColumn);
    parts.push(Prisma.sql`(${time} < ${after.at} OR (${time} = ${after.at} AND t."id" < ${after.id}))`);
  }
  return Prisma.join(parts, ' AND ');
}

export interface SearchPage {
  /** In list order, newest first. */
  ids: string[];
  hasNextPage: boolean;
}

/** One page: `first` ids after the cursor. */
export async function searchPage(
  db: DbOrTx,
  kind: DbKind,
  spec: SearchSpec,
  first: number,
  after: SearchCursor | null,
): Promise<SearchPage> {
  const time = col(spec.timeColumn);
  const rows = await db.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT t."id" FROM ${ident(spec.table)} AS t WHERE ${whereSql(kind, spec, after)} ORDER BY ${time} DESC, t."id" DESC LIMIT ${first + 1}`,
  );
  return { ids: rows.slice(0, first).map((r) => r.id), hasNextPage: rows.length > first };
}

export async function searchCount(db: DbOrTx, kind: DbKind, spec: SearchSpec): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint | number }[]>(
    Prisma.sql`SELECT COUNT(*) AS "n" FROM ${ident(spec.table)} AS t WHERE ${whereSql(kind, spec, null)}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The newest row matching the search, or null (waitForMessage and messageProcessed). */
export async function searchFirst(db: DbOrTx, kind: DbKind, spec: SearchSpec): Promise<string | null> {
  return (await searchPage(db, kind, spec, 1, null)).ids[0] ?? null;
}
