// createTenant: a new, isolated rehearsal space (its own domains, zones and audit log).
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, isUniqueViolation, type Tx } from '../db/client.js';
import type { ProtectionTier, Region } from '../db/enums.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { ExpectedErrors, type ExpectedError } from '../platform/errors.js';
import { invalidTextError } from '../platform/text.js';
import { accountErrors } from './errors.js';
import { isValidCompanyId, proposeCompanyId, TENANT_NAME_MAX_CHARS } from './tenant.js';
import type { Tenant } from '../generated/prisma/sqlite/client.js';

export interface CreateTenantInput {
  name: string;
  companyId?: string | null;
  region?: Region | null;
  tier?: ProtectionTier | null;
  trial?: boolean | null;
}

/**
 * The shape of a tenant row id: Prisma's `cuid()` default (prisma/schema.prisma, Tenant.id)
 * is a CUID v1, "c" and 24 lower-case letters and digits. X-Tenant-Id accepts an id or a
 * company identifier (src/graphql/yoga.ts), so a company identifier of this shape could
 * name two tenants at once.
 */
export const TENANT_ID_SHAPE = /^c[a-z0-9]{24}$/;

/**
 * Every Relay global ID of a tenant is base64("Tenant:<id>") and so starts with
 * "VGVuYW50O"; X-Tenant-Id is also compared lower-cased with company identifiers, so a
 * company identifier starting with its lower-case form could be read as both.
 */
export const TENANT_GLOBAL_ID_PREFIX = 'vgvuyw50o';

/**
 * What a new tenant is given inside the transaction that creates it (its default policy
 * rules). The caller passes it in: accounts sits below policies in the dependency graph and
 * may not import them (src/accounts/README.md).
 */
export type TenantSetup = (tx: Tx, tenantId: string) => Promise<unknown>;

/** ctx.tenantId is ignored: the audit entry is written into the new tenant's own log. */
export async function createTenant(ctx: UseCaseContext, input: CreateTenantInput, setup: TenantSetup): Promise<Tenant> {
  const name = input.name.trim();
  const companyId = input.companyId?.trim().toLowerCase() || proposeCompanyId(name);
  const problems: ExpectedError[] = [];
  // Checked on the raw text: trim() would quietly drop a trailing TAB or line break.
  const nameText = invalidTextError(input.name, 'input.name');
  const companyIdText = input.companyId ? invalidTextError(input.companyId, 'input.companyId') : null;
  if (nameText) problems.push(nameText);
  else if (name.length === 0 || name.length > TENANT_NAME_MAX_CHARS)
    problems.push(accountErrors.error('TENANT_NAME_INVALID', {}, 'input.name'));
  if (companyIdText) problems.push(companyIdText);
  else if (!isValidCompanyId(companyId)) problems.push(accountErrors.error('TENANT_COMPANY_ID_INVALID', { companyId }, 'input.companyId'));
  else if (looksLikeTenantId(companyId))
    problems.push(accountErrors.error('TENANT_COMPANY_ID_LOOKS_LIKE_ID', { companyId }, 'input.companyId'));
  if (problems.length) throw new ExpectedErrors(problems);
  try {
    const created = await inTransaction(ctx.db, async (tx) => {
      // Ids made before this rule, or by hand, need not have the CUID shape.
      if (await tx.tenant.findUnique({ where: { id: companyId }, select: { id: true } })) {
        throw accountErrors.error('TENANT_COMPANY_ID_LOOKS_LIKE_ID', { companyId }, 'input.companyId');
      }
      const tenant = await tx.tenant.create({
        data: { name, companyId, region: input.region ?? 'JP', tier: input.tier ?? 'STANDARD', trial: input.trial ?? false },
      });
      await setup(tx, tenant.id);
      await recordAudit(
        { ...ctx, db: tx, tenantId: tenant.id },
        {
          eventType: 'TENANT_CREATED',
          targetType: 'Tenant',
          targetId: tenant.id,
          targetName: tenant.name,
          changes: [
            { field: 'companyId', newValue: tenant.companyId, previousValue: null },
            { field: 'region', newValue: tenant.region, previousValue: null },
            { field: 'tier', newValue: tenant.tier, previousValue: null },
          ],
        },
      );
      return tenant;
    });
    // The mock DNS answers <cid>.in / <cid>.relay of the new tenant from now on.
    ctx.events.emit('dns.changed', { tenantId: created.id });
    return created;
  } catch (err) {
    if (isUniqueViolation(err)) throw accountErrors.error('TENANT_COMPANY_ID_TAKEN', { companyId }, 'input.companyId');
    throw err;
  }
}

function looksLikeTenantId(companyId: string): boolean {
  return TENANT_ID_SHAPE.test(companyId) || companyId.startsWith(TENANT_GLOBAL_ID_PREFIX);
}
