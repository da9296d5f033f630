// addDomain: registers a mail domain, as CEGP's "Add Domain" dialog does. As in CEGP the
// domain must already have an MX record (looked up through DNS_RESOLVER).
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, isUniqueViolation } from '../db/client.js';
import { ExpectedErrors, type ExpectedError } from '../platform/errors.js';
import type { Domain } from '../generated/prisma/sqlite/client.js';
import { DEFAULT_INBOUND_SERVER } from './capture-host.js';
import { negativeLabel, newVerificationToken } from './domain.js';
import { validateInboundServers, validateOutbound, type InboundServerInput, type OutboundInput } from './domain-input.js';
import { normalizeName } from './domain-name.js';
import { isPublicSuffix } from './public-suffix.js';
import type { DomainsContext } from './domains-context.js';
import { dnsErrorDetail, domainErrors, mxMissingDetail } from './errors.js';
import { domainNameError } from './name-errors.js';

export interface AddDomainInput {
  name: string;
  inboundServers?: InboundServerInput[] | null;
  outboundServers?: OutboundInput | null;
  outboundProtection?: boolean | null;
  skipDefaultPolicies?: boolean | null;
}

export async function addDomain(ctx: DomainsContext, input: AddDomainInput): Promise<Domain> {
  const problems: ExpectedError[] = [];
  const n = normalizeName(input.name);
  if (!n.ok) throw domainNameError(n.problem, input.name, 'input.name');
  const name = n.name;
  // co.jp, github.io, …: a suffix others register under is nobody's mail domain.
  if (isPublicSuffix(name)) throw domainErrors.error('DOMAIN_PUBLIC_SUFFIX', { name }, 'input.name');
  // Without inbound servers mail goes to the capture mailbox (src/domains/capture-host.ts).
  const inboundInput = input.inboundServers?.length ? input.inboundServers : [DEFAULT_INBOUND_SERVER];
  const inbound = validateInboundServers(inboundInput, name, 'input.inboundServers');
  problems.push(...inbound.problems);
  const outbound = validateOutbound(input.outboundServers ?? { type: 'NONE' }, 'input.outboundServers');
  problems.push(...outbound.problems);
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId } });
  const outboundProtection = input.outboundProtection ?? false;
  if (outboundProtection && tenant.trial) problems.push(domainErrors.error('OUTBOUND_PROTECTION_TRIAL', {}, 'input.outboundProtection'));
  if (problems.length) throw new ExpectedErrors(problems);

  if (await ctx.db.domain.findUnique({ where: { name } })) throw domainErrors.error('DOMAIN_ALREADY_EXISTS', { name }, 'input.name');
  const mx = await ctx.dnsLookup.mx(name);
  const resolver = ctx.dnsLookup.resolverName();
  if (mx.kind === 'error')
    throw domainErrors.error('DOMAIN_DNS_UNAVAILABLE', { name, resolver, detail: dnsErrorDetail(mx.code) }, 'input.name');
  if (mx.kind !== 'answer') {
    throw domainErrors.error('DOMAIN_MX_MISSING', { name, detail: mxMissingDetail(negativeLabel(mx.kind), resolver) }, 'input.name');
  }

  try {
    const added = await inTransaction(ctx.db, async (tx) => {
      const domain = await tx.domain.create({
        data: {
          tenantId: ctx.tenantId,
          name,
          verificationToken: newVerificationToken(),
          outboundProtection,
          skipDefaultPolicies: input.skipDefaultPolicies ?? true,
          outboundServerType: outbound.type,
          inboundServers: { create: inbound.servers.map((s, position) => ({ ...s, position })) },
          outboundServers: { create: outbound.hosts.map((host, position) => ({ host, position })) },
        },
      });
      await recordAudit(
        { ...ctx, db: tx },
        {
          eventType: 'DOMAIN_ADDED',
          targetType: 'Domain',
          targetId: domain.id,
          targetName: name,
          changes: [
            { field: 'name', newValue: name, previousValue: null },
            { field: 'inboundServers', newValue: JSON.stringify(inbound.servers), previousValue: null },
            { field: 'outboundServers', newValue: JSON.stringify({ type: outbound.type, hosts: outbound.hosts }), previousValue: null },
            { field: 'outboundProtection', newValue: String(outboundProtection), previousValue: null },
          ],
        },
      );
      return domain;
    });
    ctx.events.emit('domain.changed', { tenantId: ctx.tenantId });
    return added;
  } catch (err) {
    if (isUniqueViolation(err)) throw domainErrors.error('DOMAIN_ALREADY_EXISTS', { name }, 'input.name');
    throw err;
  }
}
