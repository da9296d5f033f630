// Logs → Policy Events (docs/cegp/logs-and-quarantine.md): one entry per message and rule
// that acted, with its threat type and actions; the same search rules as mail tracking.
import { policyEventSearch } from '../../relay/search-specs.js';
import { builder } from '../builder.js';
import { totalCountField, trackingPage } from '../tracking-connection.js';
import { DirectionEnum, PolicyRuleNode, TypeEnum } from './policy-rule.js';
import { ruleById } from '../rule-loader.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const PolicyEventNode = builder.prismaNode('PolicyEvent', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  description: 'A rule that acted on a message (one entry per message and rule).',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    direction: t.expose('direction', { type: DirectionEnum }),
    policyType: t.expose('policyType', { type: TypeEnum }),
    ruleName: t.exposeString('ruleName', { description: 'The rule as it was named then.' }),
    rule: t.field({
      type: PolicyRuleNode,
      nullable: true,
      description: 'Null once the rule was deleted, and for the hidden global rule.',
      resolve: (e, _, ctx) => (e.ruleId ? (ruleById(ctx, e.ruleId) as never) : null),
    }),
    threatType: t.exposeString('threatType', {
      description:
        'MALWARE, SPAM, BEC, PHISHING, GRAYMAIL, WEB_REPUTATION, ANOMALY, CONTENT, ATTACHMENT, DATA_LOSS_PREVENTION, CONTENT_FILTERING_NO_CRITERIA…',
    }),
    threatName: t.exposeString('threatName', { nullable: true }),
    actions: t.stringList({
      description: 'The policy-event action vocabulary (PolicyTraceActionType values).',
      resolve: (e) => strings(e.actions),
    }),
    envelopeSender: t.exposeString('envelopeSender'),
    recipients: t.stringList({ resolve: (e) => strings(e.recipients) }),
    subject: t.exposeString('subject'),
    messageId: t.exposeString('messageId', { nullable: true }),
    mailMessage: t.relation('mailMessage'),
  }),
});

const PolicyEventFilterInput = builder.inputType('PolicyEventFilter', {
  description: 'Addresses and subject: the search rules of MailMessageFilter.',
  fields: (t) => ({
    after: t.field({ type: 'DateTime', description: 'At or after.' }),
    before: t.field({ type: 'DateTime', description: 'Before.' }),
    direction: t.field({ type: DirectionEnum }),
    sender: t.string(),
    recipient: t.string(),
    subject: t.string(),
    ruleName: t.string({ description: 'Part of the rule name (ASCII letters in either case).' }),
    threatType: t.string({ description: 'One threat type, exactly (see PolicyEvent.threatType).' }),
    messageId: t.string(),
  }),
});

builder.queryField('policyEvents', (t) =>
  t.connection(
    {
      type: PolicyEventNode,
      description: "This tenant's policy events, newest first (forward paging).",
      args: { filter: t.arg({ type: PolicyEventFilterInput }) },
      resolve: (_, args, ctx, info) =>
        trackingPage(
          ctx,
          info,
          args,
          () => policyEventSearch(ctx.tenant.id, args.filter),
          (query, ids) => ctx.db.policyEvent.findMany({ ...query, where: { id: { in: ids }, tenantId: ctx.tenant.id } }),
          (e) => e.at,
        ) as never,
    },
    { name: 'PolicyEventConnection', fields: (c) => ({ totalCount: c.int(totalCountField) }) },
    { name: 'PolicyEventEdge' },
  ),
);
