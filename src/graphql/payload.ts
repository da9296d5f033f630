// Mutation payloads: `{ <model field>, userErrors }`, with the model loaded through Prisma
// so that the client's selection is planned (no N+1).
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { DomainsContext } from '../domains/domains-context.js';
import { builder } from './builder.js';
import { idOf, UserError, withUserErrors, type UserErrorShape } from './user-errors.js';
import type { GraphQLContext } from './context.js';

export interface ModelPayloadShape {
  id?: string;
  userErrors: UserErrorShape[];
}

/** Models a payload can return; each name is also the GraphQL type (and global ID typename). */
type Loadable = 'Domain' | 'DnsRecord' | 'PolicyRule' | 'AddressGroup' | 'KeywordList' | 'PolicyNotification' | 'Stamp';

const delegates: Record<Loadable, (ctx: GraphQLContext) => { findUnique(args: object): Promise<unknown> }> = {
  Domain: (ctx) => ctx.db.domain as never,
  DnsRecord: (ctx) => ctx.db.dnsRecord as never,
  PolicyRule: (ctx) => ctx.db.policyRule as never,
  AddressGroup: (ctx) => ctx.db.addressGroup as never,
  KeywordList: (ctx) => ctx.db.keywordList as never,
  PolicyNotification: (ctx) => ctx.db.policyNotification as never,
  Stamp: (ctx) => ctx.db.stamp as never,
};

export interface ModelPayloadOptions {
  description?: string;
  /** Also answer the saved object's global ID as this deprecated field (a field the payload had before it returned the object). */
  deprecatedIdField?: string;
}

/** `id` in the shape is the raw id the use-case returned (the payload loads the row itself). */
export function modelPayload(name: string, field: string, model: Loadable, opts: ModelPayloadOptions = {}) {
  return builder.objectRef<ModelPayloadShape>(name).implement({
    description: opts.description,
    fields: (t) => ({
      [field]: t.prismaField({
        type: model,
        nullable: true,
        resolve: (query: object, p: ModelPayloadShape, _: unknown, ctx: GraphQLContext) =>
          p.id ? (delegates[model](ctx).findUnique({ ...query, where: { id: p.id } }) as never) : null,
      } as never),
      ...(opts.deprecatedIdField
        ? {
            [opts.deprecatedIdField]: t.id({
              nullable: true,
              deprecationReason: `Use ${field} { id }.`,
              resolve: (p) => (p.id ? encodeGlobalID(model, p.id) : null),
            }),
          }
        : {}),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });
}

export function deletePayload(name: string) {
  return builder.objectRef<ModelPayloadShape>(name).implement({
    fields: (t) => ({
      deletedId: t.id({ nullable: true, description: 'The global ID of what was deleted.', resolve: (p) => p.id ?? null }),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });
}

/** The resolver of a `deleteX(id: ID!)` mutation: decode, call the use-case, answer the global ID. */
export function resolveDelete(typename: string, remove: (ctx: DomainsContext, id: string) => Promise<{ id: string }>) {
  return (_: unknown, args: { id: string | number }, ctx: GraphQLContext) =>
    withUserErrors(ctx.locale, async () => {
      const deleted = await remove(ctx.useCase(), idOf(String(args.id), typename, 'id'));
      return { id: encodeGlobalID(typename, deleted.id) };
    });
}
