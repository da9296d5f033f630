// verifyDomain: looks up the domain's TXT `tmes=<token>` record, then (if that fails) the
// alternative MX record pointing at <cid>.in.<regional host>, through DNS_RESOLVER. Each
// look-up is kept in the domain's check history; a verified domain becomes COMPLETED.
import { inboundHost } from '../accounts/regions.js';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { VerificationTrigger } from '../db/enums.js';
import type { Domain } from '../generated/prisma/sqlite/client.js';
import { judgeMx, judgeTxt, statusAfter, type CheckVerdict } from './domain.js';
import type { DomainsContext } from './domains-context.js';
import { findTenantDomain } from './find-domain.js';
import { verificationReasonsOf, type VerificationReason } from './verification-reasons.js';

export interface VerifyDomainResult {
  domain: Domain;
  verdicts: CheckVerdict[];
  statusChanged: boolean;
  /** Why it did not verify (one per look-up); empty when it verified. */
  reasons: VerificationReason[];
}

export async function verifyDomain(ctx: DomainsContext, id: string, trigger: VerificationTrigger = 'MANUAL'): Promise<VerifyDomainResult> {
  const domain = await findTenantDomain(ctx.db, ctx.tenantId, id);
  const via = ctx.dnsLookup.describe();
  const verdicts: CheckVerdict[] = [judgeTxt(await ctx.dnsLookup.txt(domain.name), domain.verificationToken)];
  if (verdicts[0]!.result !== 'VERIFIED') {
    verdicts.push(judgeMx(await ctx.dnsLookup.mx(domain.name), inboundHost(domain.tenant.companyId, domain.tenant.region)));
  }
  const now = ctx.clock.now();
  const status = statusAfter(domain.status, verdicts);
  const winner = verdicts.find((v) => v.result === 'VERIFIED');
  const statusChanged = status !== domain.status;

  const updated = await inTransaction(ctx.db, async (tx) => {
    for (const [i, v] of verdicts.entries()) {
      await tx.verificationCheck.create({
        data: {
          domainId: domain.id,
          method: v.method,
          trigger,
          question: `${domain.name} ${v.method} via ${via}`,
          answer: v.answer,
          expected: v.expected,
          result: v.result,
          // Keep the order of the two look-ups visible in the history.
          checkedAt: new Date(now.getTime() + i),
        },
      });
    }
    const row = await tx.domain.update({
      where: { id: domain.id },
      data: {
        lastCheckedAt: now,
        status,
        ...(statusChanged && winner ? { verifiedAt: now, verifiedBy: winner.method } : {}),
      },
    });
    const audit = { ...ctx, db: tx };
    if (trigger !== 'SCHEDULED') {
      await recordAudit(audit, {
        eventType: 'DOMAIN_VERIFICATION_CHECKED',
        targetType: 'Domain',
        targetId: domain.id,
        targetName: domain.name,
        changes: verdicts.map((v) => ({ field: `verification.${v.method}`, newValue: v.result, previousValue: null })),
      });
    }
    if (statusChanged) {
      await recordAudit(audit, {
        eventType: 'DOMAIN_STATUS_CHANGED',
        targetType: 'Domain',
        targetId: domain.id,
        targetName: domain.name,
        changes: [{ field: 'status', newValue: status, previousValue: domain.status }],
      });
    }
    return row;
  });
  if (statusChanged) {
    ctx.events.emit('domain.statusChanged', {
      tenantId: domain.tenantId,
      domainId: domain.id,
      domainName: domain.name,
      previousStatus: domain.status,
      status,
      at: now,
    });
  }
  return { domain: updated, verdicts, statusChanged, reasons: verificationReasonsOf(domain.name, via, verdicts) };
}
