// Quarantine → Query (docs/cegp/logs-and-quarantine.md): the quarantined messages with the
// query's filters, and the operations on selected rows, Deliver (release: processed again,
// skipping the rule that quarantined it) and Delete. The operations are the relay's
// use-cases (services.relay, relay/relay-operations.ts), which audit each message.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { ExpectedErrors } from '../../platform/errors.js';
import type { RelayOperations } from '../../relay/relay-operations.js';
import { quarantineSearch } from '../../relay/search-specs.js';
import { MAX_QUARANTINE_SELECTION } from '../../relay/tracking-search.js';
import { trackingErrors } from '../../relay/tracking-errors.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { totalCountField, trackingPage } from '../tracking-connection.js';
import { idOf, UserError, withUserErrors, type UserErrorShape } from '../user-errors.js';
import { DirectionEnum, PolicyRuleNode } from './policy-rule.js';
import { ruleById } from '../rule-loader.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const QuarantinedMessageNode = builder.prismaNode('QuarantinedMessage', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  description: 'A message held in the quarantine (per recipient domain); deleted automatically after 30 days.',
  fields: (t) => ({
    quarantinedAt: t.expose('quarantinedAt', { type: 'DateTime' }),
    direction: t.expose('direction', { type: DirectionEnum }),
    area: t.exposeString('area', { description: 'The quarantine area of the rule.' }),
    reason: t.exposeString('reason', {
      description:
        'The Reason of the quarantine query as CEGP labels it: Malware, Spam, BEC, Phishing, Graymail, Web Reputation, Anomaly, Content, Attachment, Data Loss Prevention, Content Filtering - No Criteria, Scanning Exception.',
    }),
    ruleName: t.exposeString('ruleName'),
    rule: t.field({
      type: PolicyRuleNode,
      nullable: true,
      description: 'Null once the rule was deleted.',
      resolve: (q, _, ctx) => (q.ruleId ? (ruleById(ctx, q.ruleId) as never) : null),
    }),
    envelopeSender: t.exposeString('envelopeSender'),
    recipients: t.stringList({ resolve: (q) => strings(q.recipients) }),
    subject: t.exposeString('subject'),
    messageId: t.exposeString('messageId', { nullable: true }),
    sizeBytes: t.exposeInt('sizeBytes'),
    domain: t.relation('domain', { nullable: true }),
    mailMessage: t.relation('mailMessage'),
  }),
});

const QuarantineFilterInput = builder.inputType('QuarantineFilter', {
  description: 'Addresses and subject: the search rules of MailMessageFilter.',
  fields: (t) => ({
    receivedAfter: t.field({ type: 'DateTime', description: 'Quarantined at or after.' }),
    receivedBefore: t.field({ type: 'DateTime', description: 'Quarantined before.' }),
    direction: t.field({ type: DirectionEnum }),
    sender: t.string(),
    recipient: t.string(),
    subject: t.string(),
    reason: t.stringList({ description: 'Any of these reasons (QuarantinedMessage.reason values).' }),
    ruleName: t.string({ description: 'Part of the rule name (ASCII letters in either case).' }),
    messageId: t.string(),
  }),
});

builder.queryField('quarantinedMessages', (t) =>
  t.connection(
    {
      type: QuarantinedMessageNode,
      description: "This tenant's quarantine, newest first (forward paging).",
      args: { filter: t.arg({ type: QuarantineFilterInput }) },
      resolve: (_, args, ctx, info) =>
        trackingPage(
          ctx,
          info,
          args,
          () => quarantineSearch(ctx.tenant.id, args.filter),
          (query, ids) => ctx.db.quarantinedMessage.findMany({ ...query, where: { id: { in: ids }, tenantId: ctx.tenant.id } }),
          (q) => q.quarantinedAt,
        ) as never,
    },
    { name: 'QuarantinedMessageConnection', fields: (c) => ({ totalCount: c.int(totalCountField) }) },
    { name: 'QuarantinedMessageEdge' },
  ),
);

interface IdsPayload {
  ids?: string[];
  userErrors: UserErrorShape[];
}

function idsPayload(name: string, field: string, description: string) {
  return builder.objectRef<IdsPayload>(name).implement({
    fields: (t) => ({
      [field]: t.idList({ description, resolve: (p: IdsPayload) => p.ids ?? [] }),
      userErrors: t.field({ type: [UserError], resolve: (p: IdsPayload) => p.userErrors }),
    }),
  });
}

const SelectionInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({ ids: t.idList({ required: true, description: `QuarantinedMessage IDs, at most ${MAX_QUARANTINE_SELECTION}.` }) }),
  });

/**
 * The selected rows, checked: QuarantinedMessage IDs of this tenant, 1…MAX_QUARANTINE_SELECTION.
 * A row that is not there (another tenant's, or gone) refuses the whole selection: nothing is done.
 */
async function selection(ctx: GraphQLContext, globalIds: readonly (string | number)[]): Promise<string[]> {
  if (globalIds.length === 0) throw trackingErrors.error('QUARANTINE_IDS_REQUIRED', {}, 'input.ids');
  if (globalIds.length > MAX_QUARANTINE_SELECTION)
    throw trackingErrors.error('QUARANTINE_TOO_MANY_IDS', { count: globalIds.length, max: MAX_QUARANTINE_SELECTION }, 'input.ids');
  const ids = globalIds.map((g, i) => idOf(String(g), 'QuarantinedMessage', `input.ids.${i}`));
  const found = new Set(
    (await ctx.db.quarantinedMessage.findMany({ where: { tenantId: ctx.tenant.id, id: { in: ids } }, select: { id: true } })).map(
      (r) => r.id,
    ),
  );
  const missing = ids.flatMap((id, i) =>
    found.has(id) ? [] : [trackingErrors.error('QUARANTINE_NOT_FOUND', { id: String(globalIds[i]) }, `input.ids.${i}`)],
  );
  if (missing.length) throw new ExpectedErrors(missing);
  return [...new Set(ids)];
}

function operate(name: 'release' | 'deleteQuarantined', mutation: string) {
  return (_: unknown, { input }: { input: { ids: readonly (string | number)[] } }, ctx: GraphQLContext) =>
    withUserErrors(ctx.locale, async () => {
      const ids = await selection(ctx, input.ids);
      const op: RelayOperations[typeof name] = ctx.services.relay?.[name];
      if (!op) throw trackingErrors.error('RELAY_NOT_RUNNING', { operation: mutation });
      const done = await op.call(ctx.services.relay, ctx.tenant.id, ids, ctx.actor);
      return { ids: done.map((id) => encodeGlobalID('QuarantinedMessage', id)) };
    });
}

builder.mutationFields((t) => ({
  releaseQuarantinedMessages: t.field({
    type: idsPayload('ReleaseQuarantinedMessagesPayload', 'releasedIds', 'The QuarantinedMessage IDs released.'),
    description:
      'Deliver: each message is processed again, skipping the rule that quarantined it (another rule may quarantine, delete or redirect it). Audited per message.',
    args: { input: t.arg({ type: SelectionInput('ReleaseQuarantinedMessagesInput'), required: true }) },
    resolve: operate('release', 'releaseQuarantinedMessages'),
  }),
  deleteQuarantinedMessages: t.field({
    type: idsPayload('DeleteQuarantinedMessagesPayload', 'deletedIds', 'The QuarantinedMessage IDs deleted.'),
    description: 'Delete: delivery is cancelled and the messages deleted permanently. Audited per message.',
    args: { input: t.arg({ type: SelectionInput('DeleteQuarantinedMessagesInput'), required: true }) },
    resolve: operate('deleteQuarantined', 'deleteQuarantinedMessages'),
  }),
}));
