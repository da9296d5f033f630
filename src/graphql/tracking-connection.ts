// The Relay connections of the tracking lists (mail tracking, policy events, quarantine,
// captured messages): newest first, forward paging on a (time, id) keyset. The search runs
// in SQL (relay/search-sql.ts: the page's ids), then the page's rows are loaded with the
// query Pothos plans from the selection, so nested fields cost no query per row.
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { searchCount, searchPage, type SearchSpec } from '../relay/search-sql.js';
import { decodeSearchCursor, encodeSearchCursor } from '../relay/tracking-search.js';
import { trackingErrors } from '../relay/tracking-errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './builder.js';
import type { GraphQLContext } from './context.js';
import { selectedFieldNames } from './policy-object-loader.js';
import { queryError } from './query-errors.js';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface TrackingPage<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

/**
 * One page of a tracking list. `spec` is built inside (its ExpectedErrors become coded
 * GraphQL errors); `load` reads the rows of the ids with the planned query; `timeOf` is the
 * row's sort time (the cursor).
 */
export async function trackingPage<Row extends { id: string }>(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  args: PageArgs,
  spec: () => SearchSpec,
  load: (query: object, ids: string[]) => Promise<Row[]>,
  timeOf: (row: Row) => Date,
): Promise<TrackingPage<Row>> {
  try {
    if (args.last != null || args.before != null) throw trackingErrors.error('TRACKING_BACKWARD_PAGING_UNSUPPORTED');
    const search = spec();
    const after = args.after != null ? decodeSearchCursor(args.after) : null;
    if (args.after != null && !after) throw trackingErrors.error('TRACKING_CURSOR_INVALID', {}, 'after');
    const first = Math.min(Math.max(args.first ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
    const kind = ctx.services.dbKind;
    const page = await searchPage(ctx.db, kind, search, first, after);
    const query = await queryFromInfo({ context: ctx, info, paths: [['edges', 'node']], awaitSelections: true });
    const rows = page.ids.length ? await load(query, page.ids) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    // A row deleted between the two reads is left out of the page.
    const edges = page.ids.flatMap((id) => {
      const node = byId.get(id);
      return node ? [{ cursor: encodeSearchCursor({ at: timeOf(node), id }), node }] : [];
    });
    const totalCount = selectedFieldNames(info).has('totalCount') ? await searchCount(ctx.db, kind, search) : null;
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount,
    };
  } catch (err) {
    throw queryError(err, ctx.locale);
  }
}

/** The `totalCount` field of a tracking connection. */
export const totalCountField = {
  description: 'Messages matching the filter (read only when selected).',
  resolve: (p: unknown) => (p as TrackingPage<never>).totalCount ?? 0,
};
