// updateDomain: the "Edit Domain" dialog. The name cannot change (as in CEGP); lists that
// are given replace the stored ones, fields that are omitted stay as they are.
import { diffFields } from '../audit/audit-event.js';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import { ExpectedErrors, type ExpectedError } from '../platform/errors.js';
import type { Domain } from '../generated/prisma/sqlite/client.js';
import { validateInboundServers, validateOutbound, type InboundServerInput, type OutboundInput } from './domain-input.js';
import type { DomainsContext } from './domains-context.js';
import { domainErrors } from './errors.js';
import { findTenantDomain } from './find-domain.js';

export interface UpdateDomainInput {
  id: string;
  inboundServers?: InboundServerInput[] | null;
  outboundServers?: OutboundInput | null;
  outboundProtection?: boolean | null;
}

export async function updateDomain(ctx: DomainsContext, input: UpdateDomainInput): Promise<Domain> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const current = await findTenantDomain(tx, ctx.tenantId, input.id, 'input.id');
    const problems: ExpectedError[] = [];
    const inbound = input.inboundServers ? validateInboundServers(input.inboundServers, current.name, 'input.inboundServers') : null;
    const outbound = input.outboundServers ? validateOutbound(input.outboundServers, 'input.outboundServers') : null;
    problems.push(...(inbound?.problems ?? []), ...(outbound?.problems ?? []));
    const outboundProtection = input.outboundProtection ?? current.outboundProtection;
    if (outboundProtection && !current.outboundProtection && current.tenant.trial) {
      problems.push(domainErrors.error('OUTBOUND_PROTECTION_TRIAL', {}, 'input.outboundProtection'));
    }
    if (problems.length) throw new ExpectedErrors(problems);

    const before = snapshot(
      current.inboundServers,
      current.outboundServerType,
      current.outboundServers.map((s) => s.host),
      current.outboundProtection,
    );
    if (inbound) {
      await tx.inboundServer.deleteMany({ where: { domainId: current.id } });
      await tx.inboundServer.createMany({ data: inbound.servers.map((s, position) => ({ ...s, position, domainId: current.id })) });
    }
    if (outbound) {
      await tx.outboundServer.deleteMany({ where: { domainId: current.id } });
      await tx.outboundServer.createMany({ data: outbound.hosts.map((host, position) => ({ host, position, domainId: current.id })) });
    }
    const updated = await tx.domain.update({
      where: { id: current.id },
      data: { outboundProtection, outboundServerType: outbound?.type ?? current.outboundServerType },
    });
    const after = snapshot(
      inbound ? inbound.servers : current.inboundServers,
      updated.outboundServerType,
      outbound ? outbound.hosts : current.outboundServers.map((s) => s.host),
      updated.outboundProtection,
    );
    // Saving the dialog is audited even when nothing changed (the entry then lists no field).
    const changes = diffFields(before, after);
    await recordAudit(
      { ...ctx, db: tx },
      { eventType: 'DOMAIN_UPDATED', targetType: 'Domain', targetId: current.id, targetName: current.name, changes },
    );
    return updated;
  });
  ctx.events.emit('domain.changed', { tenantId: ctx.tenantId });
  return result;
}

function snapshot(
  inbound: { recipient: string; host: string; port: number; preference: number }[],
  outboundType: string,
  outboundHosts: string[],
  outboundProtection: boolean,
) {
  return {
    inboundServers: JSON.stringify(inbound.map(({ recipient, host, port, preference }) => ({ recipient, host, port, preference }))),
    outboundServers: JSON.stringify({ type: outboundType, hosts: outboundHosts }),
    outboundProtection: String(outboundProtection),
  };
}
