// setDnsRecord: publishes (or changes) one record in the mock DNS. Without `id`, a record
// with the same name, type and value is updated in place, so repeating a call is harmless.
// The zone is created on first use; its SOA serial grows with every change.
import { diffFields } from '../audit/audit-event.js';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, isUniqueViolation, type Tx } from '../db/client.js';
import { isWithin, normalizeName } from '../domains/domain-name.js';
import { isPublicSuffix } from '../domains/public-suffix.js';
import { REGION_SITES } from '../accounts/regions.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { ExpectedErrors } from '../platform/errors.js';
import type { DnsRecord } from '../generated/prisma/sqlite/client.js';
import { candidateApexes } from './answer.js';
import { dnsErrors } from './errors.js';
import {
  answerOctets,
  MAX_NAME_ANSWER_OCTETS,
  MAX_RECORDS_PER_ZONE,
  validateRecord,
  type RecordInput,
  type ValidRecord,
} from './record.js';
import { regionOfName } from './regional-zone.js';

export interface SetDnsRecordInput extends RecordInput {
  id?: string | null;
  zone?: string | null;
}

export async function setDnsRecord(ctx: UseCaseContext, input: SetDnsRecordInput): Promise<DnsRecord> {
  const { record, problems } = validateRecord(input);
  let zoneName: string | null = null;
  if (input.zone) {
    const z = normalizeName(input.zone);
    if (!z.ok) problems.push(dnsErrors.error('DNS_RECORD_NAME_INVALID', { name: input.zone }, 'input.zone'));
    else zoneName = z.name;
  }
  if (problems.length || !record) throw new ExpectedErrors(problems);
  if (zoneName && !isWithin(record.name, zoneName))
    throw dnsErrors.error('DNS_RECORD_OUTSIDE_ZONE', { name: record.name, zone: zoneName }, 'input.name');

  const saved = await retryOnRace(() => writeRecord(ctx, input, record, zoneName));
  ctx.events.emit('dns.changed', { tenantId: ctx.tenantId });
  return saved;
}

/**
 * Attempts at one write when concurrent calls race for the same new zone or the same record
 * (the unique constraints on zone names and on records make the loser fail; its retry
 * then finds the winner's row and updates it). Two suffice; three leave room.
 */
const RACE_ATTEMPTS = 3;

async function retryOnRace<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= RACE_ATTEMPTS) throw err;
    }
  }
}

async function writeRecord(
  ctx: UseCaseContext,
  input: SetDnsRecordInput,
  record: ValidRecord,
  zoneName: string | null,
): Promise<DnsRecord> {
  return inTransaction(ctx.db, async (tx) => {
    const zone = await zoneFor(tx, ctx.tenantId, record.name, zoneName);
    await checkCnameRules(tx, zone, record, input.id ?? null);
    const existing = input.id
      ? await tx.dnsRecord.findFirst({ where: { id: input.id, zone: { tenantId: ctx.tenantId } } })
      : await tx.dnsRecord.findFirst({ where: { zoneId: zone.id, name: record.name, type: record.type, value: record.value } });
    if (input.id && !existing) throw dnsErrors.error('DNS_RECORD_NOT_FOUND', { id: input.id }, 'input.id');
    if (!existing && (await tx.dnsRecord.count({ where: { zoneId: zone.id } })) >= MAX_RECORDS_PER_ZONE) {
      throw dnsErrors.error('DNS_ZONE_FULL', { zone: zone.name, max: MAX_RECORDS_PER_ZONE }, 'input.name');
    }
    const atName = await tx.dnsRecord.findMany({
      where: { zoneId: zone.id, name: record.name, ...(existing ? { id: { not: existing.id } } : {}) },
      select: { name: true, type: true, value: true },
    });
    const octets = [...atName, record].reduce((sum, r) => sum + answerOctets(r), 0);
    if (octets > MAX_NAME_ANSWER_OCTETS)
      throw dnsErrors.error('DNS_RRSET_TOO_LARGE', { name: record.name, octets, max: MAX_NAME_ANSWER_OCTETS }, 'input.value');
    const data = {
      zoneId: zone.id,
      name: record.name,
      type: record.type,
      ttlSeconds: record.ttlSeconds,
      value: record.value,
      priority: record.priority,
    };
    const saved = existing ? await tx.dnsRecord.update({ where: { id: existing.id }, data }) : await tx.dnsRecord.create({ data });
    await tx.dnsZone.update({ where: { id: zone.id }, data: { serial: { increment: 1 } } });
    const view = (r: typeof saved | null) =>
      r ? { name: r.name, type: r.type, ttlSeconds: r.ttlSeconds, value: r.value, priority: r.priority } : null;
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'DNS_RECORD_SET',
        targetType: 'DnsRecord',
        targetId: saved.id,
        targetName: `${saved.name} ${saved.type}`,
        changes: diffFields(view(existing), view(saved)),
      },
    );
    return saved;
  });
}

/**
 * The zone for a name: the one given, else this tenant's deepest zone holding the name,
 * else a zone at the tenant's deepest domain holding it, else one at the name itself
 * (less its leading underscore or wildcard labels).
 */
async function zoneFor(tx: Tx, tenantId: string, name: string, given: string | null) {
  const apexes = candidateApexes(name);
  const longest = <T extends { name: string }>(rows: T[]) => rows.sort((a, b) => b.name.length - a.name.length)[0];
  let apex = given;
  if (!apex) {
    const own = longest(await tx.dnsZone.findMany({ where: { tenantId, name: { in: apexes } } }));
    if (own) return own;
    const domain = longest(await tx.domain.findMany({ where: { tenantId, name: { in: apexes } }, select: { name: true } }));
    apex = domain?.name ?? apexBelowServiceLabels(name);
  }
  const field = given ? 'input.zone' : 'input.name';
  // CEGP's own names and every name above them (trendmicro.com) belong to the mock.
  if (regionOfName(apex) || Object.values(REGION_SITES).some((site) => isWithin(site.zone, apex)))
    throw dnsErrors.error('DNS_ZONE_RESERVED', { zone: apex }, field);
  if (isPublicSuffix(apex)) throw dnsErrors.error('DNS_ZONE_PUBLIC_SUFFIX', { zone: apex }, field);
  const existing = await tx.dnsZone.findUnique({ where: { name: apex } });
  if (existing) {
    if (existing.tenantId !== tenantId) throw dnsErrors.error('DNS_ZONE_OWNED_BY_ANOTHER_TENANT', { zone: apex }, field);
    return existing;
  }
  // Neither inside another tenant's zone or domain, nor above one (example.co.jp's owner must
  // not find co.jp, or a zone over its name, claimed by someone else).
  const related = { OR: [{ name: { in: candidateApexes(apex) } }, { name: { endsWith: `.${apex}` } }], tenantId: { not: tenantId } };
  const foreignZone = await tx.dnsZone.findFirst({ where: related, select: { id: true } });
  const foreignDomain = await tx.domain.findFirst({ where: related, select: { id: true } });
  if (foreignZone || foreignDomain) throw dnsErrors.error('DNS_ZONE_OWNED_BY_ANOTHER_TENANT', { zone: apex }, field);
  return tx.dnsZone.create({ data: { tenantId, name: apex } });
}

async function checkCnameRules(tx: Tx, zone: { id: string; name: string }, record: ValidRecord, replacingId: string | null) {
  const others = await tx.dnsRecord.findMany({
    where: { zoneId: zone.id, name: record.name, ...(replacingId ? { id: { not: replacingId } } : {}) },
  });
  const conflict =
    (record.type === 'CNAME' && (record.name === zone.name || others.some((o) => !(o.type === 'CNAME' && o.value === record.value)))) ||
    (record.type !== 'CNAME' && others.some((o) => o.type === 'CNAME'));
  if (conflict) throw dnsErrors.error('DNS_CNAME_CONFLICT', { name: record.name }, 'input.type');
}

/** "selector._domainkey.example.co.jp" → "example.co.jp": service labels are not zones. */
function apexBelowServiceLabels(name: string): string {
  const labels = name.split('.');
  let last = -1;
  labels.forEach((l, i) => {
    if (l.startsWith('_') || l === '*') last = i;
  });
  const rest = labels.slice(last + 1);
  return rest.length >= 2 ? rest.join('.') : name;
}
