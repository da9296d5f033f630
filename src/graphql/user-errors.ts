// The one payload shape for expected failures: `userErrors { code message field }`.
// Only ExpectedError(s) become user errors; anything else propagates and yoga masks it.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { accountErrors } from '../accounts/errors.js';
import { dnsErrors } from '../dns/errors.js';
import { domainErrors } from '../domains/errors.js';
import { bundleErrors } from '../migration/bundle.js';
import { migrationErrors } from '../migration/errors.js';
import { policyErrors } from '../policies/errors.js';
import { ExpectedError, ExpectedErrors, defineErrors, type Locale } from '../platform/errors.js';
import { textErrors } from '../platform/text.js';
import { trackingErrors } from '../relay/tracking-errors.js';
import { builder } from './builder.js';

export const graphqlErrors = defineErrors({
  INPUT_INVALID_ID: {
    en: '"{id}" is not an ID of a {type}.',
    ja: '「{id}」は {type} の ID ではありません。',
  },
});

const CATALOGS = [
  accountErrors,
  domainErrors,
  dnsErrors,
  bundleErrors,
  migrationErrors,
  policyErrors,
  graphqlErrors,
  textErrors,
  trackingErrors,
];
const CODES = CATALOGS.flatMap((c) => Object.keys(c.templates)).sort();

export interface UserErrorShape {
  code: string;
  message: string;
  field: string | null;
}

export const UserErrorCode = builder.enumType('UserErrorCode', {
  description: 'Stable codes of user errors: new codes may be added, existing ones are never renamed.',
  values: CODES,
});

export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'A problem with the input that the user can fix. `message` is in Japanese or English by Accept-Language.',
  fields: (t) => ({
    code: t.field({ type: UserErrorCode, resolve: (e) => e.code as (typeof CODES)[number] }),
    message: t.exposeString('message'),
    field: t.exposeString('field', {
      nullable: true,
      description: 'Path of the input field at fault, such as input.inboundServers.2.port.',
    }),
  }),
});

export function toUserErrors(err: unknown, locale: Locale): UserErrorShape[] | null {
  const list = err instanceof ExpectedErrors ? err.errors : err instanceof ExpectedError ? [err] : null;
  return list?.map((e) => ({ code: e.code, message: e.messageIn(locale), field: e.field ?? null })) ?? null;
}

/** Runs a mutation; expected failures become `{ userErrors }`, nothing else is caught. */
export async function withUserErrors<T extends object>(
  locale: Locale,
  fn: () => Promise<T>,
): Promise<T & { userErrors: UserErrorShape[] }> {
  try {
    return { ...(await fn()), userErrors: [] };
  } catch (err) {
    const userErrors = toUserErrors(err, locale);
    if (!userErrors) throw err;
    return { userErrors } as T & { userErrors: UserErrorShape[] };
  }
}

/** A Relay global ID of the expected type, or a ExpectedError naming the field. */
export function idOf(globalId: string, typename: string, field: string): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename && decoded.id) return decoded.id;
  } catch {
    // fall through to the user error
  }
  throw graphqlErrors.error('INPUT_INVALID_ID', { id: globalId, type: typename }, field);
}
