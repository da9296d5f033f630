// yoga's CSRF prevention, with a code and a sentence that names the header. A browser sends
// a multipart form or a plain GET from any web site without a CORS preflight; requiring a
// custom header forces the preflight, which CORS_ORIGINS then decides. JSON requests are
// preflighted already and need nothing (@graphql-yoga/plugin-csrf-prevention,
// https://the-guild.dev/graphql/yoga-server/docs/features/csrf-prevention).
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { defineErrors } from '../platform/errors.js';
import { localeFrom } from './locale.js';

/** The plugin's default header; GraphiQL sends it (yoga.ts, graphiql.additionalHeaders). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export const csrfErrors = defineErrors({
  REQUEST_CSRF_HEADER_MISSING: {
    en: `GET and multipart requests need the header ${CSRF_HEADER} (any value), so that another web site cannot send them from a browser.`,
    ja: `GET とマルチパートのリクエストには ${CSRF_HEADER} ヘッダー (値は任意) が必要です (他のサイトがブラウザーから送信できないようにするため)。`,
  },
});

export function useCsrfHeader(): Plugin {
  const onRequestParse = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }).onRequestParse!;
  return {
    onRequestParse(payload) {
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
