// Outside development, GraphQL errors say what is wrong without teaching the schema or
// repeating the request: graphql-js appends "Did you mean …?" with names of fields, types,
// arguments and enum values to validation and variable errors (graphql-js
// src/jsutils/didYouMean.ts; graphql 16 has no switch for it, 17 adds `hideSuggestions`), and
// yoga puts the JSON parser's message, which quotes the body, in
// `extensions.originalError` of "POST body sent invalid JSON." (graphql-yoga
// src/plugins/request-parser/post-json.ts). Both are removed from every result; of
// originalError only its name stays, because yoga answers 400 instead of 200 when it is there
// (graphql-yoga src/plugins/result-processor/regular.ts). Streams (subscriptions) are left
// alone: their errors come from resolvers, and those are masked.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** graphql-js' suggestion sentence: " Did you mean "a", "b", or "c"?" (names hold no "?"). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function useQuietErrors(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map(quiet));
      else if (!isAsyncIterable(result)) setResult(quiet(result as ExecutionResult));
    },
  };
}

function quiet(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map(quietError) };
}

function quietError(error: GraphQLError): GraphQLError {
  const { originalError, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
  const message = error.message.replace(SUGGESTION, '');
  if (message === error.message && originalError === undefined) return error;
  if (originalError !== undefined) extensions.originalError = { name: (originalError as { name?: unknown })?.name ?? 'Error' };
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v;
}
