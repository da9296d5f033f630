import { encodeGlobalID } from '@pothos/plugin-relay';
import { DlpIdentifierKind, KeywordMatch, ListKind, SenderAuthKind, StampPosition } from '../../db/enums.js';
import { addListEntries, deleteListEntry } from '../../policies/list-entries.js';
import { compileKeywordList, evaluateKeywordList, validateExpression } from '../../policies/keyword-dialect.js';
import { addPolicyObject, deletePolicyObject, updatePolicyObject } from '../../policies/policy-objects.js';
import type { ObjectKind } from '../../policies/rule.js';
import { builder } from '../builder.js';
import { deletePayload, resolveDelete } from '../payload.js';
import { graphqlErrors, idOf, UserError, withUserErrors, type UserErrorShape } from '../user-errors.js';

export const KeywordMatchEnum = builder.enumType(KeywordMatch, { name: 'KeywordMatch', description: 'ANY: any expression; ALL: every one; NOT: none present; SCORE: matched scores reach the threshold.' });
const StampPositionEnum = builder.enumType(StampPosition, { name: 'StampPosition' });
const DlpIdentifierKindEnum = builder.enumType(DlpIdentifierKind, { name: 'DlpIdentifierKind' });
export const ListKindEnum = builder.enumType(ListKind, { name: 'ListKind' });
const SenderAuthKindEnum = builder.enumType(SenderAuthKind, { name: 'SenderAuthKind' });

const scoped = (id: string, ctx: { tenant: { id: string } }) => ({ id, tenantId: ctx.tenant.id });

builder.prismaNode('AddressGroup', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    internal: t.exposeBoolean('internal', { description: 'Internal groups hold managed-domain addresses only; hybrid groups may hold any, wildcard domains included.' }),
    addresses: t.stringList({ resolve: (g) => g.addresses as string[] }),
    createdByMigration: t.exposeBoolean('createdByMigration'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const KeywordExpressionRef = builder.objectRef<{ expression: string; caseSensitive: boolean; score: number; description: string }>('KeywordExpression').implement({
  fields: (t) => ({
    expression: t.exposeString('expression'),
    caseSensitive: t.exposeBoolean('caseSensitive'),
    score: t.exposeInt('score'),
    description: t.exposeString('description'),
  }),
});

builder.prismaNode('KeywordList', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    match: t.expose('match', { type: KeywordMatchEnum }),
    threshold: t.exposeInt('threshold', { nullable: true }),
    expressions: t.field({ type: [KeywordExpressionRef], resolve: (l) => l.expressions as never }),
    createdByMigration: t.exposeBoolean('createdByMigration'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('PolicyNotification', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    fromAddress: t.exposeString('fromAddress'),
    toAddresses: t.stringList({ resolve: (n) => n.toAddresses.split(';').filter(Boolean) }),
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
    attachOriginal: t.exposeBoolean('attachOriginal'),
    createdByMigration: t.exposeBoolean('createdByMigration'),
  }),
});

builder.prismaNode('Stamp', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    position: t.expose('position', { type: StampPositionEnum }),
    text: t.exposeString('text'),
    createdByMigration: t.exposeBoolean('createdByMigration'),
  }),
});

builder.prismaNode('DlpTemplate', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    predefined: t.exposeBoolean('predefined'),
    identifiers: t.stringList({ resolve: (d) => d.identifiers as string[] }),
    createdByMigration: t.exposeBoolean('createdByMigration'),
  }),
});

builder.prismaNode('DlpIdentifier', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: DlpIdentifierKindEnum }),
    definition: t.expose('definition', { type: 'JSON' }),
    createdByMigration: t.exposeBoolean('createdByMigration'),
  }),
});

builder.prismaNode('ListEntry', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    list: t.expose('list', { type: ListKindEnum }),
    value: t.exposeString('value'),
    description: t.exposeString('description'),
    createdByMigration: t.exposeBoolean('createdByMigration'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('SenderAuthSetting', {
  description: 'DKIM verification (default policy), DMARC and DKIM signing settings.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SenderAuthKindEnum }),
    key: t.exposeString('key', { description: '"default" or the signing domain.' }),
    enabled: t.exposeBoolean('enabled'),
    settings: t.expose('settings', { type: 'JSON' }),
    createdByMigration: t.exposeBoolean('createdByMigration'),
  }),
});

builder.prismaObject('DirectoryGroup', {
  fields: (t) => ({
    dn: t.exposeString('dn'),
    name: t.exposeString('name'),
    members: t.stringList({ resolve: (g) => g.members as string[] }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime' }),
  }),
});

const byName = [{ name: 'asc' as const }, { id: 'asc' as const }];
builder.queryFields((t) => ({
  addressGroups: t.prismaConnection({ type: 'AddressGroup', cursor: 'id', totalCount: (_, __, ctx) => ctx.db.addressGroup.count({ where: { tenantId: ctx.tenant.id } }), resolve: (q, _, __, ctx) => ctx.db.addressGroup.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }) }, { name: 'AddressGroupConnection' }, { name: 'AddressGroupEdge' }),
  keywordLists: t.prismaConnection({ type: 'KeywordList', cursor: 'id', totalCount: (_, __, ctx) => ctx.db.keywordList.count({ where: { tenantId: ctx.tenant.id } }), resolve: (q, _, __, ctx) => ctx.db.keywordList.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }) }, { name: 'KeywordListConnection' }, { name: 'KeywordListEdge' }),
  policyNotifications: t.prismaConnection({ type: 'PolicyNotification', cursor: 'id', totalCount: (_, __, ctx) => ctx.db.policyNotification.count({ where: { tenantId: ctx.tenant.id } }), resolve: (q, _, __, ctx) => ctx.db.policyNotification.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }) }, { name: 'PolicyNotificationConnection' }, { name: 'PolicyNotificationEdge' }),
  stamps: t.prismaConnection({ type: 'Stamp', cursor: 'id', totalCount: (_, __, ctx) => ctx.db.stamp.count({ where: { tenantId: ctx.tenant.id } }), resolve: (q, _, __, ctx) => ctx.db.stamp.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }) }, { name: 'StampConnection' }, { name: 'StampEdge' }),
  dlpTemplates: t.prismaConnection({ type: 'DlpTemplate', cursor: 'id', totalCount: (_, __, ctx) => ctx.db.dlpTemplate.count({ where: { tenantId: ctx.tenant.id } }), resolve: (q, _, __, ctx) => ctx.db.dlpTemplate.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }) }, { name: 'DlpTemplateConnection' }, { name: 'DlpTemplateEdge' }),
  dlpIdentifiers: t.prismaConnection({ type: 'DlpIdentifier', cursor: 'id', totalCount: (_, __, ctx) => ctx.db.dlpIdentifier.count({ where: { tenantId: ctx.tenant.id } }), resolve: (q, _, __, ctx) => ctx.db.dlpIdentifier.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }) }, { name: 'DlpIdentifierConnection' }, { name: 'DlpIdentifierEdge' }),
  listEntries: t.prismaConnection(
    {
      type: 'ListEntry',
      cursor: 'id',
      description: 'Approved / blocked IP addresses, web reputation approved list, URL keyword exceptions, DKIM ignored peers.',
      args: { list: t.arg({ type: ListKindEnum, required: true }) },
      totalCount: (_, args, ctx) => ctx.db.listEntry.count({ where: { tenantId: ctx.tenant.id, list: args.list } }),
      resolve: (q, _, args, ctx) => ctx.db.listEntry.findMany({ ...q, where: { tenantId: ctx.tenant.id, list: args.list }, orderBy: [{ value: 'asc' }, { id: 'asc' }] }),
    },
    { name: 'ListEntryConnection' },
    { name: 'ListEntryEdge' },
  ),
  senderAuthSettings: t.prismaField({ type: ['SenderAuthSetting'], resolve: (q, _, __, ctx) => ctx.db.senderAuthSetting.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: [{ kind: 'asc' }, { key: 'asc' }] }) }),
  directoryGroups: t.prismaField({ type: ['DirectoryGroup'], resolve: (q, _, __, ctx) => ctx.db.directoryGroup.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: { dn: 'asc' } }) }),
}));

// ---- test area (Policy Objects → Keywords and Expressions → Test) ----

/** The test area runs on pasted samples; a bound keeps one request cheap. */
export const MAX_TEST_TEXT_CHARS = 1_000_000;

const TestMatchRef = builder.objectRef<{ text: string; index: number }>('KeywordTestMatch').implement({ fields: (t) => ({ text: t.exposeString('text'), index: t.exposeInt('index') }) });
const TestExpressionRef = builder
  .objectRef<{ index: number; expression: string; valid: boolean; problemCode: string | null; problem: string | null; matched: boolean; matches: { text: string; index: number }[] }>('KeywordTestExpressionResult')
  .implement({
    fields: (t) => ({
      index: t.exposeInt('index'),
      expression: t.exposeString('expression'),
      valid: t.exposeBoolean('valid'),
      problemCode: t.exposeString('problemCode', { nullable: true }),
      problem: t.exposeString('problem', { nullable: true }),
      matched: t.exposeBoolean('matched'),
      matches: t.field({ type: [TestMatchRef], resolve: (r) => r.matches }),
    }),
  });
const TestResultRef = builder
  .objectRef<{ matched?: boolean; score?: number; expressions?: unknown[]; userErrors: UserErrorShape[] }>('KeywordTestResult')
  .implement({
    description: 'What a keyword list or expression matches in a sample text.',
    fields: (t) => ({
      matched: t.boolean({ nullable: true, description: 'Whether the list (with its match mode) fires on the text.', resolve: (r) => r.matched ?? null }),
      score: t.int({ nullable: true, resolve: (r) => r.score ?? null }),
      expressions: t.field({ type: [TestExpressionRef], resolve: (r) => (r.expressions ?? []) as never }),
      userErrors: t.field({ type: [UserError], resolve: (r) => r.userErrors }),
    }),
  });

const KeywordExpressionInput = builder.inputType('KeywordExpressionInput', {
  fields: (t) => ({
    expression: t.string({ required: true }),
    caseSensitive: t.boolean({ defaultValue: false }),
    score: t.int({ defaultValue: 1 }),
    description: t.string(),
  }),
});

const KeywordTestInput = builder.inputType('KeywordTestInput', {
  fields: (t) => ({
    text: t.string({ required: true, description: 'The sample to test against.' }),
    keywordListId: t.id({ description: 'Test a stored list…' }),
    expressions: t.field({ type: [KeywordExpressionInput], description: '…or these expressions (as one list).' }),
    match: t.field({ type: KeywordMatchEnum, defaultValue: 'ANY' }),
    threshold: t.int(),
  }),
});

builder.queryField('testKeywords', (t) =>
  t.field({
    type: TestResultRef,
    description: 'The keyword test area: validate expressions in the CEGP dialect and see what they match.',
    args: { input: t.arg({ type: KeywordTestInput, required: true }) },
    resolve: (_, { input }, ctx) =>
      withUserErrors(ctx.locale, async () => {
        if (input.text.length > MAX_TEST_TEXT_CHARS) throw graphqlErrors.error('KEYWORD_TEST_TEXT_TOO_LONG', { max: MAX_TEST_TEXT_CHARS }, 'input.text');
        let spec = { match: input.match ?? 'ANY', threshold: input.threshold ?? null, expressions: (input.expressions ?? []).map((e) => ({ source: e.expression, caseSensitive: e.caseSensitive ?? false, score: e.score ?? 1 })) };
        if (input.keywordListId) {
          const list = await ctx.db.keywordList.findFirst({ where: { id: idOf(String(input.keywordListId), 'KeywordList', 'input.keywordListId'), tenantId: ctx.tenant.id } });
          if (list) {
            const exprs = list.expressions as { expression: string; caseSensitive: boolean; score: number }[];
            spec = { match: list.match, threshold: list.threshold, expressions: exprs.map((e) => ({ source: e.expression, caseSensitive: e.caseSensitive, score: e.score })) };
          }
        }
        const { list, problems } = compileKeywordList(spec);
        const evaluation = evaluateKeywordList(list, input.text);
        let validIndex = 0;
        const expressions = spec.expressions.map((e, index) => {
          const problem = problems.find((p) => p.index === index)?.problem ?? null;
          const v = problem ? null : validateExpression(e.source, { caseSensitive: e.caseSensitive });
          const hit = problem ? undefined : evaluation.hits.find((h) => h.expressionIndex === validIndex);
          if (!problem) validIndex++;
          return { index, expression: e.source, valid: !problem && v?.ok === true, problemCode: problem?.code ?? null, problem: problem?.message ?? null, matched: hit !== undefined, matches: hit?.matches ?? [] };
        });
        return { matched: evaluation.matched, score: evaluation.score, expressions };
      }),
  }),
);

// ---- mutations ----

const AddressGroupInput = builder.inputType('AddressGroupInput', {
  fields: (t) => ({ name: t.string({ required: true }), description: t.string(), internal: t.boolean({ defaultValue: false }), addresses: t.stringList({ required: true }) }),
});
const KeywordListInput = builder.inputType('KeywordListInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    match: t.field({ type: KeywordMatchEnum, required: true }),
    threshold: t.int(),
    expressions: t.field({ type: [KeywordExpressionInput], required: true }),
  }),
});
const NotificationInput = builder.inputType('PolicyNotificationInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    fromAddress: t.string({ required: true, description: 'An address of your own domains.' }),
    toAddresses: t.stringList({ required: true }),
    subject: t.string({ required: true }),
    body: t.string(),
    attachOriginal: t.boolean({ defaultValue: false }),
  }),
});
const StampInput = builder.inputType('StampInput', {
  fields: (t) => ({ name: t.string({ required: true }), position: t.field({ type: StampPositionEnum, defaultValue: 'BEGINNING' }), text: t.string({ required: true }) }),
});

const ObjectPayload = builder.objectRef<{ id?: string; userErrors: UserErrorShape[] }>('PolicyObjectPayload').implement({
  description: 'The saved object is in `object` (a Node: fragment on AddressGroup, KeywordList, PolicyNotification or Stamp).',
  fields: (t) => ({
    objectId: t.id({ nullable: true, resolve: (p) => p.id ?? null }),
    userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
  }),
});

const KINDS: [string, Exclude<ObjectKind, 'DLP_TEMPLATE'>, typeof AddressGroupInput | typeof KeywordListInput | typeof NotificationInput | typeof StampInput][] = [
  ['AddressGroup', 'ADDRESS_GROUP', AddressGroupInput],
  ['KeywordList', 'KEYWORD_LIST', KeywordListInput],
  ['PolicyNotification', 'NOTIFICATION', NotificationInput],
  ['Stamp', 'STAMP', StampInput],
];


for (const [typename, kind, input] of KINDS) {
  builder.mutationField(`add${typename}`, (t) =>
    t.field({
      type: ObjectPayload,
      args: { input: t.arg({ type: input as typeof AddressGroupInput, required: true }) },
      resolve: (_, args, ctx) =>
        withUserErrors(ctx.locale, async () => ({ id: encodeGlobalID(typename, (await addPolicyObject(ctx.useCase(), kind, args.input as never)).id) })),
    }),
  );
  builder.mutationField(`update${typename}`, (t) =>
    t.field({
      type: ObjectPayload,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: input as typeof AddressGroupInput, required: true }) },
      resolve: (_, args, ctx) =>
        withUserErrors(ctx.locale, async () => {
          const id = idOf(String(args.id), typename, 'id');
          await updatePolicyObject(ctx.useCase(), kind, id, args.input as never);
          return { id: encodeGlobalID(typename, id) };
        }),
    }),
  );
  builder.mutationField(`delete${typename}`, (t) =>
    t.field({
      type: deletePayload(`Delete${typename}Payload`),
      description: 'Refused with POLICY_OBJECT_IN_USE while a rule uses the object.',
      args: { id: t.arg.id({ required: true }) },
      resolve: resolveDelete(typename, (c, id) => deletePolicyObject(c, kind, id)),
    }),
  );
}

builder.mutationField('deleteDlpTemplate', (t) =>
  t.field({ type: deletePayload('DeleteDlpTemplatePayload'), args: { id: t.arg.id({ required: true }) }, resolve: resolveDelete('DlpTemplate', (c, id) => deletePolicyObject(c, 'DLP_TEMPLATE', id)) }),
);

const AddListEntriesPayload = builder.objectRef<{ added?: number; userErrors: UserErrorShape[] }>('AddListEntriesPayload').implement({
  fields: (t) => ({ added: t.int({ nullable: true, resolve: (p) => p.added ?? null }), userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }) }),
});

builder.mutationFields((t) => ({
  addListEntries: t.field({
    type: AddListEntriesPayload,
    description: 'Adds entries (entries already present are kept as they are).',
    args: { list: t.arg({ type: ListKindEnum, required: true }), values: t.arg.stringList({ required: true }), description: t.arg.string() },
    resolve: (_, args, ctx) => withUserErrors(ctx.locale, async () => ({ added: await addListEntries(ctx.useCase(), args.list, args.values, args.description ?? '') })),
  }),
  deleteListEntry: t.field({ type: deletePayload('DeleteListEntryPayload'), args: { id: t.arg.id({ required: true }) }, resolve: resolveDelete('ListEntry', deleteListEntry) }),
}));
