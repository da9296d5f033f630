// A GET whose `variables` or `extensions` parameter is not JSON is the client's mistake, but
// yoga's GET parser lets JSON.parse's SyntaxError escape, which is masked as a 500
// "Unexpected error." (graphql-yoga src/plugins/request-parser/utils.ts
// handleURLSearchParams). Answer 400 with a sentence instead; the parser's message, which
// quotes the parameter, is not repeated.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export function useJsonParams(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (request.method !== 'GET' || !requestParser) return;
      const parse = requestParser;
      setRequestParser(async (req) => {
        try {
          return await parse(req);
        } catch (err) {
          if (!(err instanceof SyntaxError)) throw err;
          throw createGraphQLError('The "variables" or "extensions" parameter is not valid JSON.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
  };
}
