import { createTenant } from '../../accounts/create-tenant.js';
import { inboundHost, relayHost, REGION_SITES } from '../../accounts/regions.js';
import { TIER_MAX_MESSAGE_MB } from '../../accounts/tenant.js';
import { ensureDefaultRules } from '../../policies/ensure-default-rules.js';
import { builder } from '../builder.js';
import { UserError, withUserErrors } from '../user-errors.js';
import { ProtectionTierEnum, RegionEnum } from './enums.js';

builder.prismaNode('Tenant', {
  id: { field: 'id' },
  description:
    'An isolated rehearsal space: its own domains, DNS zones and audit log. Pick one per request with the X-Tenant-Id header (a subscription over EventSource, which cannot send headers: the tenant query parameter).',
  fields: (t) => ({
    name: t.exposeString('name'),
    companyId: t.exposeString('companyId', { description: 'The <cid> in CEGP host names.' }),
    region: t.expose('region', { type: RegionEnum }),
    tier: t.expose('tier', { type: ProtectionTierEnum }),
    trial: t.exposeBoolean('trial'),
    isDefault: t.exposeBoolean('isDefault'),
    maxMessageSizeMb: t.int({ resolve: (t) => TIER_MAX_MESSAGE_MB[t.tier] }),
    inboundHost: t.string({
      description: 'The MX host of the cutover: <cid>.in.<regional host>.',
      resolve: (t) => inboundHost(t.companyId, t.region),
    }),
    relayHost: t.string({
      description: 'Where outbound MTAs relay: <cid>.relay.<regional host>.',
      resolve: (t) => relayHost(t.companyId, t.region),
    }),
    spfInclude: t.string({ resolve: (t) => REGION_SITES[t.region].spfInclude }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  tenant: t.prismaField({
    type: 'Tenant',
    description: 'The tenant of this request (X-Tenant-Id, or the default tenant).',
    resolve: (query, _, __, ctx) => ctx.db.tenant.findUniqueOrThrow({ ...query, where: { id: ctx.tenant.id } }),
  }),
  tenants: t.prismaConnection(
    {
      type: 'Tenant',
      cursor: 'id',
      description: 'Every tenant on this server (no authentication in the rehearsal).',
      totalCount: (_, __, ctx) => ctx.db.tenant.count(),
      resolve: (query, _, __, ctx) => ctx.db.tenant.findMany({ ...query, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    },
    { name: 'TenantConnection' },
    { name: 'TenantEdge' },
  ),
}));

const CreateTenantInput = builder.inputType('CreateTenantInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    companyId: t.string({ description: 'Defaults to one derived from the name.' }),
    region: t.field({ type: RegionEnum, defaultValue: 'JP' }),
    tier: t.field({ type: ProtectionTierEnum, defaultValue: 'STANDARD' }),
    trial: t.boolean({ defaultValue: false }),
  }),
});

const CreateTenantPayload = builder
  .objectRef<{ tenantId?: string; userErrors: (typeof UserError)['$inferType'][] }>('CreateTenantPayload')
  .implement({
    fields: (t) => ({
      tenant: t.prismaField({
        type: 'Tenant',
        nullable: true,
        resolve: (query, p, _, ctx) => (p.tenantId ? ctx.db.tenant.findUnique({ ...query, where: { id: p.tenantId } }) : null),
      }),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });

builder.mutationField('createTenant', (t) =>
  t.field({
    type: CreateTenantPayload,
    args: { input: t.arg({ type: CreateTenantInput, required: true }) },
    resolve: (_, { input }, ctx) =>
      withUserErrors(ctx.locale, async () => ({ tenantId: (await createTenant(ctx.useCase(), input, ensureDefaultRules)).id })),
  }),
);
