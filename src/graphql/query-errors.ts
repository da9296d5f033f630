// Expected failures of a query's arguments (a bad search pattern, a timeout out of bounds):
// a query has no userErrors, so they are GraphQL errors with the code and the field, in the
// request's language — as policyRules answers a bad cursor. Anything else propagates.
import { GraphQLError } from 'graphql';
import { ExpectedError, ExpectedErrors, type Locale } from '../platform/errors.js';

export function queryError(err: unknown, locale: Locale): unknown {
  const list = err instanceof ExpectedErrors ? err.errors : err instanceof ExpectedError ? [err] : null;
  if (!list?.length) return err;
  const first = list[0]!;
  const all = list.map((e) => ({ code: e.code, message: e.messageIn(locale), field: e.field ?? null }));
  return new GraphQLError(all[0]!.message, {
    extensions: { code: first.code, field: first.field ?? null, ...(list.length > 1 ? { errors: all } : {}) },
  });
}

/** Runs a resolver step; an ExpectedError(s) it throws becomes a coded GraphQL error. */
export function withQueryErrors<T>(locale: Locale, fn: () => T): T {
  try {
    const r = fn();
    if (r instanceof Promise)
      return r.catch((err: unknown) => {
        throw queryError(err, locale);
      }) as T;
    return r;
  } catch (err) {
    throw queryError(err, locale);
  }
}
