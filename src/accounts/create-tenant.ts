// createTenant: a new, isolated rehearsal space (its own domains, zones and audit log).
import { recordAudit } from '../audit/record-audit.js';
import { ensureDefaultRules } from '../policies/ensure-default-rules.js';
import { inTransaction, isUniqueViolation } from '../db/client.js';
import type { ProtectionTier, Region } from '../db/enums.js';
import type { UseCaseContext } from '../platform/context.js';
import { DomainErrors, type DomainError } from '../platform/errors.js';
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

/** ctx.tenantId is ignored: the audit entry is written into the new tenant's own log. */
export async function createTenant(ctx: UseCaseContext, input: CreateTenantInput): Promise<Tenant> {
  const name = input.name.trim();
  const companyId = input.companyId?.trim().toLowerCase() || proposeCompanyId(name);
  const problems: DomainError[] = [];
  if (name.length === 0 || name.length > TENANT_NAME_MAX_CHARS) problems.push(accountErrors.error('TENANT_NAME_INVALID', {}, 'input.name'));
  if (!isValidCompanyId(companyId)) problems.push(accountErrors.error('TENANT_COMPANY_ID_INVALID', { companyId }, 'input.companyId'));
  if (problems.length) throw new DomainErrors(problems);
  try {
    const created = await inTransaction(ctx.db, async (tx) => {
      const tenant = await tx.tenant.create({
        data: { name, companyId, region: input.region ?? 'JP', tier: input.tier ?? 'STANDARD', trial: input.trial ?? false },
      });
      await ensureDefaultRules(tx, tenant.id);
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
