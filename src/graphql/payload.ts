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

type Loadable = 'Domain' | 'DnsRecord' | 'PolicyRule';

const delegates: Record<Loadable, (ctx: GraphQLContext) => { findUnique(args: object): Promise<unknown> }> = {
  Domain: (ctx) => ctx.db.domain as never,
  DnsRecord: (ctx) => ctx.db.dnsRecord as never,
  PolicyRule: (ctx) => ctx.db.policyRule as never,
};

export function modelPayload(name: string, field: string, model: Loadable, description?: string) {
  return builder.objectRef<ModelPayloadShape>(name).implement({
    description,
    fields: (t) => ({
      [field]: t.prismaField({
        type: model,
        nullable: true,
        resolve: (query: object, p: ModelPayloadShape, _: unknown, ctx: GraphQLContext) =>
          p.id ? (delegates[model](ctx).findUnique({ ...query, where: { id: p.id } }) as never) : null,
      } as never),
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
