// yoga's CSRF prevention, with a code and a sentence that names the header. A browser sends
// a multipart form or a plain GET from any web site without a CORS preflight; requiring a
// custom header forces the preflight, which CORS_ORIGINS then decides. JSON requests are
// preflighted already and need nothing (@graphql-yoga/plugin-csrf-prevention,
// https://the-guild.dev/graphql/yoga-server/docs/features/csrf-prevention).
//
// One exception: a subscription over Server-Sent Events (GET, Accept: text/event-stream),
// which a browser's EventSource opens and cannot add headers to. A subscription only reads
// (yoga runs no mutation over GET, and a subscription selects subscription fields only), and
// a page of another origin cannot read the stream without CORS headers, which only
// CORS_ORIGINS get: such a request, sent by any page, changes nothing and tells it nothing.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, Kind, parse, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { defineErrors } from '../platform/errors.js';
import { localeFrom } from './locale.js';
import { isEventStreamGet } from './request-tenant.js';

/** The plugin's default header; GraphiQL sends it (yoga.ts, graphiql.additionalHeaders). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export const csrfErrors = defineErrors({
  REQUEST_CSRF_HEADER_MISSING: {
    en: `GET and multipart requests need the header ${CSRF_HEADER} (any value), so that another web site cannot send them from a browser; only subscriptions over EventSource (GET with Accept: text/event-stream) go without it.`,
    ja: `GET とマルチパートのリクエストには ${CSRF_HEADER} ヘッダー (値は任意) が必要です (他のサイトがブラウザーから送信できないようにするため)。ヘッダーなしで送信できるのは、EventSource でのサブスクリプション (Accept: text/event-stream の GET) のみです。`,
  },
});

export interface CsrfOptions {
  /** Bound on the query parsed to tell a subscription: the limit every operation has (QUERY_LIMITS.maxTokens). */
  maxTokens: number;
}

/** A GET asking for an event stream whose operation (by operationName, or the only one) is a subscription. */
export function isEventSourceSubscription(request: Request, opts: CsrfOptions): boolean {
  if (!isEventStreamGet(request)) return false;
  const params = new URL(request.url).searchParams;
  const query = params.get('query');
  if (!query) return false;
  let doc: DocumentNode;
  try {
    doc = parse(query, { maxTokens: opts.maxTokens, noLocation: true });
  } catch {
    return false; // yoga answers the syntax error once the header is there
  }
  const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const name = params.get('operationName');
  const operation = name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
  return operation?.operation === 'subscription';
}

export function useCsrfHeader(opts: CsrfOptions): Plugin {
  const onRequestParse = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }).onRequestParse!;
  return {
    onRequestParse(payload) {
      if (isEventSourceSubscription(payload.request, opts)) return;
      try {
        return onRequestParse(payload);
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        const e = csrfErrors.error('REQUEST_CSRF_HEADER_MISSING');
        throw new GraphQLError(e.messageIn(localeFrom(payload.request.headers.get('accept-language'))), {
          extensions: { code: e.code, http: { status: 403 } },
        });
      }
    },
  };
}
