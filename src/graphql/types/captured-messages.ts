// The built-in capture mailbox (the default inbound server of a new domain): what it
// received, parsed once on arrival (CapturedMessage.summary), and a signed link to the .eml.
import { CAPTURED_LINK_LIFETIME_SECONDS, capturedLinkPath } from '../../relay/captured-link.js';
import { capturedMessageSearch } from '../../relay/search-specs.js';
import { builder } from '../builder.js';
import { totalCountField, trackingPage } from '../tracking-connection.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

interface Header {
  name: string;
  value: string;
}
interface Attachment {
  filename: string | null;
  contentType: string;
  sizeBytes: number;
}

/** Headers as a list of { name, value } (or [name, value] pairs, or a name → value(s) map), in order. */
function headersOf(summary: unknown): Header[] {
  const h = obj(summary).headers;
  if (Array.isArray(h))
    return h.flatMap((x) => {
      if (Array.isArray(x) && typeof x[0] === 'string') return [{ name: x[0], value: String(x[1] ?? '') }];
      const o = obj(x);
      return typeof o.name === 'string' ? [{ name: o.name, value: typeof o.value === 'string' ? o.value : String(o.value ?? '') }] : [];
    });
  return Object.entries(obj(h)).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value: String(value ?? '') })));
}

function attachmentsOf(summary: unknown): Attachment[] {
  return list(obj(summary).attachments).map((a) => {
    const o = obj(a);
    const size = typeof o.sizeBytes === 'number' ? o.sizeBytes : typeof o.size === 'number' ? o.size : 0;
    return { filename: textOrNull(o.filename), contentType: textOrNull(o.contentType) ?? 'application/octet-stream', sizeBytes: size };
  });
}

const MailHeaderRef = builder.objectRef<Header>('MailHeader').implement({
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});
const AttachmentRef = builder.objectRef<Attachment>('CapturedAttachment').implement({
  fields: (t) => ({
    filename: t.exposeString('filename', { nullable: true }),
    contentType: t.exposeString('contentType'),
    sizeBytes: t.exposeInt('sizeBytes'),
  }),
});

export const CapturedMessageNode = builder.prismaNode('CapturedMessage', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  description: 'A message the built-in capture mailbox received (the default inbound server of a new domain).',
  fields: (t) => ({
    messageId: t.exposeString('messageId', { nullable: true }),
    envelopeSender: t.exposeString('envelopeSender'),
    envelopeRecipients: t.stringList({ resolve: (c) => strings(c.envelopeRecipients) }),
    subject: t.exposeString('subject'),
    sizeBytes: t.exposeInt('sizeBytes'),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    headers: t.field({ type: [MailHeaderRef], description: 'As parsed on arrival (bounded).', resolve: (c) => headersOf(c.summary) }),
    text: t.string({ nullable: true, resolve: (c) => textOrNull(obj(c.summary).text) }),
    html: t.string({ nullable: true, resolve: (c) => textOrNull(obj(c.summary).html) }),
    attachments: t.field({ type: [AttachmentRef], resolve: (c) => attachmentsOf(c.summary) }),
    domain: t.relation('domain', { nullable: true }),
    mailMessage: t.relation('mailMessage', { nullable: true, description: 'The tracked message this is a delivery of.' }),
    downloadUrl: t.string({
      description: `Signed link to the .eml on this server (message/rfc822), for this tenant, valid for ${CAPTURED_LINK_LIFETIME_SECONDS / 60} minutes (a browser opens it without headers; query again for a fresh one).`,
      resolve: async (c, _, ctx) => {
        const expires = Math.floor(ctx.services.clock.now().getTime() / 1000) + CAPTURED_LINK_LIFETIME_SECONDS;
        return capturedLinkPath(await ctx.services.reports.linkKey(), { capturedId: c.id, tenantId: ctx.tenant.id, expires });
      },
    }),
  }),
});

const CapturedMessageFilterInput = builder.inputType('CapturedMessageFilter', {
  fields: (t) => ({
    messageId: t.string(),
    recipient: t.string({ description: 'Recipient pattern(s): the search rules of MailMessageFilter.' }),
  }),
});

builder.queryField('capturedMessages', (t) =>
  t.connection(
    {
      type: CapturedMessageNode,
      description: "What this tenant's capture mailbox received, newest first (forward paging).",
      args: { filter: t.arg({ type: CapturedMessageFilterInput }) },
      resolve: (_, args, ctx, info) =>
        trackingPage(
          ctx,
          info,
          args,
          () => capturedMessageSearch(ctx.tenant.id, args.filter),
          (query, ids) => ctx.db.capturedMessage.findMany({ ...query, where: { id: { in: ids }, tenantId: ctx.tenant.id } }),
          (c) => c.receivedAt,
        ) as never,
    },
    { name: 'CapturedMessageConnection', fields: (c) => ({ totalCount: c.int(totalCountField) }) },
    { name: 'CapturedMessageEdge' },
  ),
);
