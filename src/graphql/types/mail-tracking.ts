// Logs → Mail Tracking (docs/cegp/logs-and-quarantine.md): the tracked messages with their
// recipients' delivery results and verdicts, the search, waitForMessage (returns once a
// matching message is final) and the messageProcessed subscription.
import { MailMessageStatus } from '../../db/enums.js';
import type { MailStatusEvent } from '../../platform/events.js';
import { FINAL_STATUSES } from '../../relay/message-status.js';
import { searchFirst, type SearchSpec } from '../../relay/search-sql.js';
import { mailMessageSearch, type MailMessageFilter } from '../../relay/search-specs.js';
import { waitTimeoutMs } from '../../relay/tracking-search.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { queryError } from '../query-errors.js';
import { totalCountField, trackingPage } from '../tracking-connection.js';
import { MessageVerdictRef, verdictGroupsOf } from './message-verdict.js';
import { DirectionEnum } from './policy-rule.js';

export const MailMessageStatusEnum = builder.enumType(MailMessageStatus, {
  name: 'MailMessageStatus',
  description:
    'The last action (Logs → Mail Tracking "Action"): PROCESSING and DEFERRED (a temporary delivery error, retried) are transient; the others final.',
});

builder.prismaObject('MailRecipient', {
  name: 'MailRecipientResult',
  description: "One recipient's delivery result.",
  fields: (t) => ({
    address: t.exposeString('address', { description: 'The recipient as delivered (after Change recipient, the new address).' }),
    originalAddress: t.exposeString('originalAddress', { description: 'The envelope recipient it came from.' }),
    status: t.expose('status', { type: MailMessageStatusEnum }),
    deliveredTo: t.exposeString('deliveredTo', { nullable: true, description: 'The server it went to, host:port.' }),
    lastReply: t.exposeString('lastReply', { nullable: true, description: 'The last SMTP reply, or the reason.' }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'The next delivery attempt (DEFERRED).' }),
  }),
});

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const MailMessageNode = builder.prismaNode('MailMessage', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  description: 'A message the relay accepted (or generated: a notification, a bounce, a released copy), as Logs → Mail Tracking lists it.',
  fields: (t) => ({
    mailId: t.exposeString('mailId', { description: 'The internal mail id (%MAILID%, the CEF mailUuid).' }),
    messageId: t.exposeString('messageId', { nullable: true, description: 'The Message-ID header without angle brackets.' }),
    direction: t.expose('direction', { type: DirectionEnum }),
    envelopeSender: t.exposeString('envelopeSender', { description: 'MAIL FROM; "" is the null sender.' }),
    envelopeRecipients: t.stringList({ description: 'RCPT TO, as accepted.', resolve: (m) => strings(m.envelopeRecipients) }),
    subject: t.exposeString('subject'),
    headerFrom: t.exposeString('headerFrom', { nullable: true }),
    sizeBytes: t.exposeInt('sizeBytes'),
    sourceIp: t.exposeString('sourceIp', { nullable: true }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    finalAt: t.expose('finalAt', { type: 'DateTime', nullable: true, description: 'When it reached a final status.' }),
    status: t.expose('status', { type: MailMessageStatusEnum }),
    origin: t.exposeString('origin', { nullable: true, description: 'Null: received; else NOTIFICATION, BOUNCE, BCC or RELEASE.' }),
    recipients: t.relation('recipients', { query: { orderBy: { id: 'asc' } } }),
    verdict: t.field({
      type: MessageVerdictRef,
      nullable: true,
      description: 'The first verdict (the only one unless recipients fell under different rules); null while processing.',
      resolve: (m) => verdictGroupsOf(m.verdict)[0] ?? null,
    }),
    verdicts: t.field({
      type: [MessageVerdictRef],
      description: 'One verdict per group of recipients that fell under different rules.',
      resolve: (m) => verdictGroupsOf(m.verdict),
    }),
    policyEvents: t.relation('policyEvents', { query: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } }),
  }),
});

export const MailMessageFilterInput = builder.inputType('MailMessageFilter', {
  description:
    'Addresses: an exact address or * wildcards (*@example.com, name*@example.com, name@*.example.com; the local part may not start with *, the domain may not end with *), up to 10 separated by ";" or spaces; blank = *@*. Subject: words = all must appear; "…" = exact phrase; \\" = a literal quote. ASCII letters match in either case.',
  fields: (t) => ({
    messageId: t.string({ description: 'The Message-ID, with or without angle brackets.' }),
    direction: t.field({ type: DirectionEnum }),
    sender: t.string({ description: 'Envelope sender pattern(s).' }),
    recipient: t.string({ description: 'Envelope recipient pattern(s): a message matches when any recipient does.' }),
    subject: t.string(),
    status: t.field({ type: MailMessageStatusEnum }),
    receivedAfter: t.field({ type: 'DateTime', description: 'Received at or after.' }),
    receivedBefore: t.field({ type: 'DateTime', description: 'Received before.' }),
  }),
});

builder.queryField('mailMessages', (t) =>
  t.connection(
    {
      type: MailMessageNode,
      description: "This tenant's tracked messages, newest first (forward paging).",
      args: { filter: t.arg({ type: MailMessageFilterInput }) },
      resolve: (_, args, ctx, info) =>
        trackingPage(
          ctx,
          info,
          args,
          () => mailMessageSearch(ctx.tenant.id, args.filter),
          (query, ids) => ctx.db.mailMessage.findMany({ ...query, where: { id: { in: ids }, tenantId: ctx.tenant.id } }),
          (m) => m.receivedAt,
        ) as never,
    },
    { name: 'MailMessageConnection', fields: (c) => ({ totalCount: c.int(totalCountField) }) },
    { name: 'MailMessageEdge' },
  ),
);

/** The search of waitForMessage and messageProcessed: the filter, and a final status unless it names one. */
function finalSearch(
  ctx: GraphQLContext,
  filter: MailMessageFilter | null | undefined,
): { spec: SearchSpec; wanted: (s: string) => boolean } {
  const spec = mailMessageSearch(ctx.tenant.id, filter);
  if (filter?.status) return { spec, wanted: (s) => s === filter.status };
  return {
    spec: { ...spec, conditions: [...spec.conditions, { kind: 'in', column: 'status', values: [...FINAL_STATUSES] }] },
    wanted: (s) => FINAL_STATUSES.has(s as MailMessageStatus),
  };
}

const narrowed = (spec: SearchSpec, ids: readonly string[]): SearchSpec => ({
  ...spec,
  conditions: [...spec.conditions, { kind: 'in', column: 'id', values: ids }],
});

/**
 * The id of a matching message once there is one, or null after `timeoutMs` or when the
 * request is aborted. No polling: one search, then one re-check of the messages each
 * 'mail.status' event of the tenant names (the listener is on before the first search, so an
 * event between the two is not lost). Re-checks run one at a time, batching what arrived meanwhile.
 */
function waitForMatch(ctx: GraphQLContext, filter: MailMessageFilter, timeoutMs: number): Promise<string | null> {
  const { spec, wanted } = finalSearch(ctx, filter);
  const { db, dbKind, events } = ctx.services;
  return new Promise((resolve, reject) => {
    let done = false;
    let running = false;
    let pending = new Set<string>();
    let initial = true;
    const finish = (id: string | null, err?: unknown) => {
      if (done) return;
      done = true;
      off();
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onAbort);
      if (err !== undefined) reject(err);
      else resolve(id);
    };
    const run = async () => {
      if (running || done) return;
      running = true;
      try {
        while (!done && (initial || pending.size)) {
          const ids = [...pending];
          pending = new Set();
          const search = initial ? spec : narrowed(spec, ids);
          initial = false;
          const found = await searchFirst(db, dbKind, search);
          if (found) return finish(found);
        }
      } catch (err) {
        finish(null, err);
      } finally {
        running = false;
      }
    };
    const off = events.on('mail.status', (e: MailStatusEvent) => {
      if (done || e.tenantId !== spec.tenantId || !wanted(e.status)) return;
      pending.add(e.mailMessageId);
      void run();
    });
    const onAbort = () => finish(null);
    const timer = setTimeout(() => finish(null), timeoutMs);
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal?.aborted) return finish(null);
    void run();
  });
}

builder.queryField('waitForMessage', (t) =>
  t.prismaField({
    type: 'MailMessage',
    nullable: true,
    description:
      "The newest message matching the filter once it has a final status (DELIVERED, QUARANTINED, DELETED, REDIRECTED, BOUNCED, EXPIRED; or the filter's status), as soon as it has; null after timeoutSeconds (at most 120).",
    args: {
      filter: t.arg({ type: MailMessageFilterInput, required: true }),
      timeoutSeconds: t.arg.int({ defaultValue: 30 }),
    },
    resolve: async (query, _, args, ctx) => {
      let id: string | null;
      try {
        id = await waitForMatch(ctx, args.filter, waitTimeoutMs(args.timeoutSeconds ?? 30, 'timeoutSeconds'));
      } catch (err) {
        throw queryError(err, ctx.locale);
      }
      return id ? ctx.db.mailMessage.findFirst({ ...query, where: { id, tenantId: ctx.tenant.id } }) : null;
    },
  }),
);

async function* processedMessages(ctx: GraphQLContext, filter: MailMessageFilter | null | undefined) {
  const { spec, wanted } = finalSearch(ctx, filter);
  for await (const e of ctx.services.events.subscribe('mail.status', ctx.signal)) {
    if (e.tenantId !== spec.tenantId || !wanted(e.status)) continue;
    if (await searchFirst(ctx.db, ctx.services.dbKind, narrowed(spec, [e.mailMessageId]))) yield e;
  }
}

builder.subscriptionField('messageProcessed', (t) =>
  t.prismaField({
    type: 'MailMessage',
    description:
      "This tenant's messages as they reach a final status (or the filter's status), over Server-Sent Events; only those matching the filter.",
    args: { filter: t.arg({ type: MailMessageFilterInput }) },
    subscribe: (_, args, ctx) => {
      try {
        finalSearch(ctx, args.filter);
      } catch (err) {
        throw queryError(err, ctx.locale);
      }
      return processedMessages(ctx, args.filter);
    },
    resolve: (query, e, _, ctx) =>
      ctx.db.mailMessage.findFirstOrThrow({
        ...query,
        where: { id: (e as unknown as MailStatusEvent).mailMessageId, tenantId: ctx.tenant.id },
      }),
  }),
);
