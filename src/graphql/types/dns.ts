import type { DnsRecordType } from '../../db/enums.js';
import { deleteDnsRecord } from '../../dns/delete-dns-record.js';
import { setDnsRecord } from '../../dns/set-dns-record.js';
import { splitTxt } from '../../dns/answer.js';
import { normalizeName } from '../../domains/domain-name.js';
import { builder } from '../builder.js';
import { deletePayload, modelPayload, resolveDelete } from '../payload.js';
import { idOf, withUserErrors } from '../user-errors.js';
import { DnsRecordTypeEnum } from './enums.js';

builder.prismaNode('DnsZone', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  description: 'A zone the mock DNS server answers for with authority.',
  fields: (t) => ({
    name: t.exposeString('name'),
    serial: t.exposeInt('serial', { description: 'SOA serial; grows with every change.' }),
    records: t.relatedConnection(
      'records',
      { cursor: 'id', totalCount: true, query: { orderBy: [{ name: 'asc' }, { type: 'asc' }, { id: 'asc' }] } },
      { name: 'DnsZoneRecordConnection' },
      { name: 'DnsZoneRecordEdge' },
    ),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('DnsRecord', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, zone: { tenantId: ctx.tenant.id } }),
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.expose('type', { type: DnsRecordTypeEnum }),
    ttlSeconds: t.exposeInt('ttlSeconds'),
    value: t.exposeString('value'),
    priority: t.exposeInt('priority', { nullable: true, description: 'MX preference; null for other types.' }),
    zone: t.relation('zone'),
    presentation: t.string({
      description: 'The record in zone-file form, as dig prints it.',
      resolve: (r) => {
        const data =
          r.type === 'TXT'
            ? splitTxt(r.value)
                .map((s) => JSON.stringify(s))
                .join(' ')
            : r.type === 'MX'
              ? `${r.priority} ${r.value}.`
              : r.type === 'A' || r.type === 'AAAA'
                ? r.value
                : `${r.value}.`;
        return `${r.name}. ${r.ttlSeconds} IN ${r.type} ${data}`;
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  dnsZones: t.prismaConnection(
    {
      type: 'DnsZone',
      cursor: 'id',
      description: 'The zones of this tenant in the mock DNS, by name.',
      totalCount: (_, __, ctx) => ctx.db.dnsZone.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (query, _, __, ctx) =>
        ctx.db.dnsZone.findMany({ ...query, where: { tenantId: ctx.tenant.id }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    },
    { name: 'DnsZoneConnection' },
    { name: 'DnsZoneEdge' },
  ),
  dnsRecords: t.prismaConnection(
    {
      type: 'DnsRecord',
      cursor: 'id',
      description: 'The records of one zone of this tenant (empty when the zone does not exist).',
      args: { zone: t.arg.string({ required: true }), type: t.arg({ type: DnsRecordTypeEnum }) },
      totalCount: (_, args, ctx) => ctx.db.dnsRecord.count({ where: recordWhere(ctx.tenant.id, args.zone, args.type) }),
      resolve: (query, _, args, ctx) =>
        ctx.db.dnsRecord.findMany({
          ...query,
          where: recordWhere(ctx.tenant.id, args.zone, args.type),
          orderBy: [{ name: 'asc' }, { type: 'asc' }, { id: 'asc' }],
        }),
    },
    { name: 'DnsRecordConnection' },
    { name: 'DnsRecordEdge' },
  ),
}));

function recordWhere(tenantId: string, zone: string, type?: DnsRecordType | null) {
  const n = normalizeName(zone);
  return { zone: { tenantId, name: n.ok ? n.name : zone }, ...(type ? { type } : {}) };
}

const SetDnsRecordInput = builder.inputType('SetDnsRecordInput', {
  fields: (t) => ({
    id: t.id({ description: 'Change this record; without it a record with the same name, type and value is updated, else one is added.' }),
    zone: t.string({ description: 'Defaults to your zone or domain holding the name, else a zone at the name.' }),
    name: t.string({ required: true, description: 'Fully qualified owner name, such as example.co.jp or _dmarc.example.co.jp.' }),
    type: t.field({ type: DnsRecordTypeEnum, required: true }),
    ttlSeconds: t.int({ defaultValue: 300 }),
    value: t.string({
      required: true,
      description: 'IPv4 / IPv6 address, host name, or TXT text (split into 255-byte strings on answer).',
    }),
    priority: t.int({ description: 'MX only: the preference (lower is preferred).' }),
  }),
});

const SetDnsRecordPayload = modelPayload('SetDnsRecordPayload', 'record', 'DnsRecord');
const DeleteDnsRecordPayload = deletePayload('DeleteDnsRecordPayload');

builder.mutationFields((t) => ({
  setDnsRecord: t.field({
    type: SetDnsRecordPayload,
    description: 'Publishes or changes one record in the mock DNS.',
    args: { input: t.arg({ type: SetDnsRecordInput, required: true }) },
    resolve: (_, { input }, ctx) =>
      withUserErrors(ctx.locale, async () => {
        const id = input.id ? idOf(String(input.id), 'DnsRecord', 'input.id') : null;
        return { id: (await setDnsRecord(ctx.useCase(), { ...input, id })).id };
      }),
  }),
  deleteDnsRecord: t.field({
    type: DeleteDnsRecordPayload,
    description: 'Withdraws one record from the mock DNS.',
    args: { id: t.arg.id({ required: true }) },
    resolve: resolveDelete('DnsRecord', deleteDnsRecord),
  }),
}));
