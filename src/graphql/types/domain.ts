import { inboundHost } from '../../accounts/regions.js';
import type { DomainStatus } from '../../db/enums.js';
import { addDomain } from '../../domains/add-domain.js';
import { deleteDomain } from '../../domains/delete-domain.js';
import {
  alternativeMxRecordOf,
  configurationIssuesOf,
  verificationRecordOf,
  type DomainIssueCode,
  type RecordHint,
} from '../../domains/domain.js';
import { normalizeName, unicodeName } from '../../domains/domain-name.js';
import { updateDomain } from '../../domains/update-domain.js';
import { VERIFICATION_REASON_CODES, type VerificationReason } from '../../domains/verification-reasons.js';
import { verifyDomain } from '../../domains/verify-domain.js';
import { render, type MessageTemplate } from '../../platform/errors.js';
import type { DomainStatusChangedEvent } from '../../platform/events.js';
import { builder } from '../builder.js';
import { deletePayload, modelPayload, resolveDelete } from '../payload.js';
import { idOf, UserError, withUserErrors, type UserErrorShape } from '../user-errors.js';
import {
  DnsRecordTypeEnum,
  DomainStatusEnum,
  OutboundServerTypeEnum,
  VerificationMethodEnum,
  VerificationResultEnum,
  VerificationTriggerEnum,
} from './enums.js';

const RecordHintRef = builder.objectRef<RecordHint>('DnsRecordHint').implement({
  description: "A record to publish in the domain's DNS.",
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: DnsRecordTypeEnum, resolve: (r) => r.type }),
    value: t.exposeString('value'),
    priority: t.exposeInt('priority', { nullable: true }),
  }),
});

const InboundServerRef = builder.prismaObject('InboundServer', {
  fields: (t) => ({
    recipient: t.exposeString('recipient', { description: '"*" or one address of the domain.' }),
    host: t.exposeString('host'),
    port: t.exposeInt('port'),
    preference: t.exposeInt('preference', { description: '1–100; lower is tried first, equal values share load.' }),
  }),
});

const OutboundServersRef = builder.objectRef<{ type: string; hosts: string[] }>('OutboundServers').implement({
  fields: (t) => ({
    type: t.field({ type: OutboundServerTypeEnum, resolve: (o) => o.type as never }),
    hosts: t.exposeStringList('hosts'),
  }),
});

const ISSUE_TEMPLATES: Record<DomainIssueCode, MessageTemplate> = {
  DOMAIN_NOT_VERIFIED: {
    en: 'Publish the TXT record of verificationRecord (or the alternative MX record) and verify the domain.',
    ja: 'verificationRecord の TXT レコード (または代替の MX レコード) を公開し、ドメインを確認してください。',
  },
  NO_INBOUND_SERVERS: {
    en: 'No inbound server: CEGP would not know where to deliver mail.',
    ja: '受信サーバが未設定のため、CEGP はメールの配送先を判断できません。',
  },
  OUTBOUND_PROTECTION_WITHOUT_SERVERS: {
    en: 'Outbound protection is on without outbound servers: all outbound mail through CEGP would be blocked.',
    ja: '送信サーバが未設定のまま送信保護が有効です。CEGP 経由の送信メールはすべてブロックされます。',
  },
};
const DomainIssueCodeEnum = builder.enumType('DomainIssueCode', { values: Object.keys(ISSUE_TEMPLATES) as DomainIssueCode[] });
const DomainIssueRef = builder.objectRef<{ code: DomainIssueCode; message: string }>('DomainIssue').implement({
  fields: (t) => ({
    code: t.field({ type: DomainIssueCodeEnum, resolve: (i) => i.code }),
    message: t.exposeString('message'),
  }),
});

builder.prismaObject('VerificationCheck', {
  description: 'One DNS look-up made to verify a domain.',
  fields: (t) => ({
    id: t.exposeID('id'),
    method: t.expose('method', { type: VerificationMethodEnum }),
    trigger: t.expose('trigger', { type: VerificationTriggerEnum }),
    question: t.exposeString('question', { description: 'What was asked, and of which resolver.' }),
    answer: t.stringList({
      description: 'What the resolver answered: one entry per record, or NXDOMAIN / NODATA / an error code.',
      resolve: (c) => c.answer as string[],
    }),
    expected: t.exposeString('expected'),
    result: t.expose('result', { type: VerificationResultEnum }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('Domain', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name', { description: 'ASCII (punycode), lower case.' }),
    unicodeName: t.string({ resolve: (d) => unicodeName(d.name) }),
    status: t.expose('status', { type: DomainStatusEnum }),
    verificationRecord: t.field({ type: RecordHintRef, resolve: (d) => verificationRecordOf(d.name, d.verificationToken) }),
    alternativeMxRecord: t.field({
      type: RecordHintRef,
      description: 'If a TXT record cannot be added: an extra MX with a numerically higher preference than the current one.',
      select: { tenant: { select: { companyId: true, region: true } } },
      resolve: (d) => alternativeMxRecordOf(d.name, inboundHost(d.tenant.companyId, d.tenant.region)),
    }),
    inboundServers: t.relation('inboundServers', { type: InboundServerRef, query: { orderBy: { position: 'asc' } } }),
    outboundServers: t.field({
      type: OutboundServersRef,
      select: { outboundServerType: true, outboundServers: { orderBy: { position: 'asc' }, select: { host: true } } },
      resolve: (d) => ({ type: d.outboundServerType, hosts: d.outboundServers.map((s) => s.host) }),
    }),
    outboundProtection: t.exposeBoolean('outboundProtection'),
    skipDefaultPolicies: t.exposeBoolean('skipDefaultPolicies'),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
    verifiedBy: t.expose('verifiedBy', { type: VerificationMethodEnum, nullable: true }),
    lastCheckedAt: t.expose('lastCheckedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    configurationIssues: t.field({
      type: [DomainIssueRef],
      description: 'What is still missing; empty when the domain is fully configured.',
      select: {
        status: true,
        outboundProtection: true,
        outboundServerType: true,
        _count: { select: { inboundServers: true, outboundServers: true } },
      },
      resolve: (d, _, ctx) =>
        configurationIssuesOf({
          status: d.status,
          outboundProtection: d.outboundProtection,
          outboundServerType: d.outboundServerType,
          inboundServerCount: d._count.inboundServers,
          outboundServerCount: d._count.outboundServers,
        }).map((code) => ({ code, message: render(ISSUE_TEMPLATES[code], {}, ctx.locale) })),
    }),
    verificationChecks: t.relatedConnection(
      'verificationChecks',
      {
        cursor: 'id',
        totalCount: true,
        description: 'Newest first.',
        query: { orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }] },
      },
      { name: 'VerificationCheckConnection' },
      { name: 'VerificationCheckEdge' },
    ),
  }),
});

const DomainFilter = builder.inputType('DomainFilter', {
  fields: (t) => ({
    status: t.field({ type: DomainStatusEnum }),
    nameContains: t.string({ description: 'Part of the ASCII name.' }),
  }),
});

builder.queryFields((t) => ({
  domains: t.prismaConnection(
    {
      type: 'Domain',
      cursor: 'id',
      description: 'The domains of this tenant, by name.',
      args: { filter: t.arg({ type: DomainFilter }) },
      totalCount: (_, args, ctx) => ctx.db.domain.count({ where: domainWhere(ctx.tenant.id, args.filter) }),
      resolve: (query, _, args, ctx) =>
        ctx.db.domain.findMany({ ...query, where: domainWhere(ctx.tenant.id, args.filter), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    },
    { name: 'DomainConnection' },
    { name: 'DomainEdge' },
  ),
  domain: t.prismaField({
    type: 'Domain',
    nullable: true,
    description: 'A domain of this tenant by name (Unicode or ASCII), or null.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (query, _, { name }, ctx) => {
      const n = normalizeName(name);
      return n.ok ? ctx.db.domain.findFirst({ ...query, where: { name: n.name, tenantId: ctx.tenant.id } }) : null;
    },
  }),
}));

function domainWhere(tenantId: string, filter?: { status?: string | null; nameContains?: string | null } | null) {
  return {
    tenantId,
    ...(filter?.status ? { status: filter.status as DomainStatus } : {}),
    ...(filter?.nameContains ? { name: { contains: filter.nameContains.toLowerCase() } } : {}),
  };
}

const InboundServerInput = builder.inputType('InboundServerInput', {
  fields: (t) => ({
    recipient: t.string({ defaultValue: '*', description: '"*", "*@<domain>" or one address of the domain.' }),
    host: t.string({
      required: true,
      description: 'IP address or FQDN of a mail host (not a bare domain), or "capture" for the built-in capture mailbox.',
    }),
    port: t.int({ defaultValue: 25 }),
    preference: t.int({ defaultValue: 10 }),
  }),
});

const OutboundServersInput = builder.inputType('OutboundServersInput', {
  fields: (t) => ({
    type: t.field({ type: OutboundServerTypeEnum, required: true }),
    hosts: t.stringList({ description: 'For USER_DEFINED: IP addresses, CIDR blocks or host names of your MTAs.' }),
  }),
});

const AddDomainInput = builder.inputType('AddDomainInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unicode or ASCII; stored as lower-case punycode.' }),
    inboundServers: t.field({
      type: [InboundServerInput],
      description:
        'At most 100. None given: one server { recipient: "*", host: "capture", port: 25, preference: 10 }, the built-in capture mailbox.',
    }),
    outboundServers: t.field({ type: OutboundServersInput }),
    outboundProtection: t.boolean({ defaultValue: false }),
    skipDefaultPolicies: t.boolean({
      defaultValue: true,
      description: 'Skip the domain-level default policy rules (recommended, as in CEGP).',
    }),
  }),
});

const UpdateDomainInput = builder.inputType('UpdateDomainInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    inboundServers: t.field({ type: [InboundServerInput], description: 'Replaces the list when given.' }),
    outboundServers: t.field({ type: OutboundServersInput, description: 'Replaces the setting when given.' }),
    outboundProtection: t.boolean(),
  }),
});

const DomainPayload = (name: string) => modelPayload(name, 'domain', 'Domain');
const AddDomainPayload = DomainPayload('AddDomainPayload');
const UpdateDomainPayload = DomainPayload('UpdateDomainPayload');
const DeleteDomainPayload = deletePayload('DeleteDomainPayload');

const VerificationReasonCodeEnum = builder.enumType('DomainVerificationReasonCode', {
  description:
    'Why a look-up did not verify: the method (TXT, or the alternative MX) and what the resolver answered. New codes may be added; none is ever renamed.',
  values: VERIFICATION_REASON_CODES,
});

const VerificationReasonRef = builder.objectRef<VerificationReason>('DomainVerificationReason').implement({
  description: 'Why one look-up of a verification did not verify, and what to do.',
  fields: (t) => ({
    code: t.field({ type: VerificationReasonCodeEnum, resolve: (r) => r.code }),
    method: t.field({ type: VerificationMethodEnum, resolve: (r) => r.method }),
    result: t.field({ type: VerificationResultEnum, resolve: (r) => r.result }),
    message: t.string({
      description: 'In Japanese or English by Accept-Language.',
      resolve: (r, _, ctx) => (ctx.locale === 'ja' ? r.messageJa : r.message),
    }),
    expected: t.exposeString('expected', { description: 'The TXT value (tmes=…) or the MX host that would verify the domain.' }),
    found: t.exposeStringList('found', {
      description: 'What the resolver answered: one entry per record, or NXDOMAIN / NODATA / REFUSED / a resolver error code.',
    }),
  }),
});

const VerifyDomainPayload = builder
  .objectRef<{ id?: string; checks?: { method: string; result: string }[]; reasons?: VerificationReason[]; userErrors: UserErrorShape[] }>(
    'VerifyDomainPayload',
  )
  .implement({
    fields: (t) => ({
      reasons: t.field({
        type: [VerificationReasonRef],
        description:
          'Why the domain did not verify: one per look-up of this call (TXT, then the alternative MX), in that order; empty when it verified (or with userErrors).',
        resolve: (p) => p.reasons ?? [],
      }),
      domain: t.prismaField({
        type: 'Domain',
        nullable: true,
        resolve: (query, p, _, ctx) => (p.id ? ctx.db.domain.findUnique({ ...query, where: { id: p.id } }) : null),
      }),
      verified: t.boolean({ resolve: (p) => (p.checks ?? []).some((c) => c.result === 'VERIFIED') }),
      checks: t.prismaField({
        type: ['VerificationCheck'],
        description: 'The look-ups made by this call (TXT first, then MX when TXT did not verify).',
        resolve: (query, p, _, ctx) =>
          p.id && p.checks
            ? ctx.db.verificationCheck
                .findMany({ ...query, where: { domainId: p.id }, orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }], take: p.checks.length })
                .then((r) => r.reverse())
            : [],
      }),
      userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
    }),
  });

builder.mutationFields((t) => ({
  addDomain: t.field({
    type: AddDomainPayload,
    description: 'Registers a mail domain. As in CEGP, the domain must already have an MX record.',
    args: { input: t.arg({ type: AddDomainInput, required: true }) },
    resolve: (_, { input }, ctx) => withUserErrors(ctx.locale, async () => ({ id: (await addDomain(ctx.useCase(), input)).id })),
  }),
  updateDomain: t.field({
    type: UpdateDomainPayload,
    args: { input: t.arg({ type: UpdateDomainInput, required: true }) },
    resolve: (_, { input }, ctx) =>
      withUserErrors(ctx.locale, async () => ({
        id: (await updateDomain(ctx.useCase(), { ...input, id: idOf(String(input.id), 'Domain', 'input.id') })).id,
      })),
  }),
  deleteDomain: t.field({
    type: DeleteDomainPayload,
    args: { id: t.arg.id({ required: true }) },
    resolve: resolveDelete('Domain', deleteDomain),
  }),
  verifyDomain: t.field({
    type: VerifyDomainPayload,
    description: 'Looks up the TXT tmes= record (then the alternative MX) through DNS_RESOLVER now.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) =>
      withUserErrors(ctx.locale, async () => {
        const r = await verifyDomain(ctx.useCase(), idOf(String(id), 'Domain', 'id'));
        return { id: r.domain.id, checks: r.verdicts, reasons: r.reasons };
      }),
  }),
}));

const DomainStatusChangeRef = builder.objectRef<DomainStatusChangedEvent>('DomainStatusChange').implement({
  fields: (t) => ({
    domain: t.prismaField({
      type: 'Domain',
      nullable: true,
      resolve: (query, e, _, ctx) => ctx.db.domain.findFirst({ ...query, where: { id: e.domainId, tenantId: ctx.tenant.id } }),
    }),
    domainName: t.exposeString('domainName'),
    previousStatus: t.field({ type: DomainStatusEnum, resolve: (e) => e.previousStatus as DomainStatus }),
    status: t.field({ type: DomainStatusEnum, resolve: (e) => e.status as DomainStatus }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
  }),
});

builder.subscriptionField('domainStatusChanged', (t) =>
  t.field({
    type: DomainStatusChangeRef,
    description:
      "Status changes of this tenant's domains (manual or scheduled verification), over Server-Sent Events (GraphQL over SSE, the yoga default).",
    subscribe: (_, __, ctx) => filterTenant(ctx.services.events.subscribe('domain.statusChanged'), ctx.tenant.id),
    resolve: (e) => e,
  }),
);

async function* filterTenant(source: AsyncIterable<DomainStatusChangedEvent>, tenantId: string) {
  for await (const e of source) if (e.tenantId === tenantId) yield e;
}
