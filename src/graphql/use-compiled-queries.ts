// Queries and mutations run as compiled functions (graphql-jit): a page of 100 rules with
// nested objects is ~5,000 field resolutions, which graphql-js's interpreter walks one by
// one into result objects with a null prototype (slow for JSON.stringify); compiled, the
// same page costs about a third of that (bench:graphql).
//
// One compilation per document and operation, kept beside the document in a WeakMap: yoga's
// parse cache keeps documents (an LRU of 1,024, an hour each), so a compiled query goes when
// its document does. The token, depth, alias and cost limits have bounded a document before
// it gets here.
//
// graphql-js runs what the compiler should not:
// - Subscriptions: a few long-lived streams, where graphql-jit would leave a stream with bad
//   variables open instead of ending it.
// - Requests whose variables do not coerce: graphql-js answers them as a request error
//   (HTTP 400 and its standard messages); the check is graphql's own getVariableValues.
// - A document graphql-jit cannot compile (logged once per document).
import { getOperationAST, getVariableValues, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import type { Log } from '../platform/logger.js';

/** Per document: operation name ('' for the only one) → its compiled query, or null when it could not be compiled. */
type Compiled = Map<string, CompiledQuery | null>;

export function useCompiledQueries(log: Log): Plugin {
  const byDocument = new WeakMap<DocumentNode, Compiled>();

  const compiledFor = (args: ExecutionArgs): CompiledQuery | null => {
    let perOperation = byDocument.get(args.document);
    if (!perOperation) {
      perOperation = new Map();
      byDocument.set(args.document, perOperation);
    }
    const name = args.operationName ?? '';
    if (!perOperation.has(name)) {
      const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
      if (isCompiledQuery(result)) perOperation.set(name, result);
      else {
        log.warn({ errors: result.errors?.map((e) => e.message) }, 'graphql-jit could not compile a document; graphql-js runs it');
        perOperation.set(name, null);
      }
    }
    return perOperation.get(name) ?? null;
  };

  return {
    onExecute({ args, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation || operation.operation === 'subscription') return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 1 });
      if (coerced.errors) return;
      const compiled = compiledFor(args);
      if (!compiled) return;
      setExecuteFn(
        (a: ExecutionArgs) => compiled.query(a.rootValue, a.contextValue, a.variableValues) as ExecutionResult | Promise<ExecutionResult>,
      );
    },
  };
}
