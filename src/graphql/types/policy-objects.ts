import { DlpIdentifierKind, KeywordMatch, ListKind, SenderAuthKind, StampPosition } from '../../db/enums.js';
import { addListEntries, deleteListEntry } from '../../policies/list-entries.js';
import { expressionProblemText } from '../../policies/errors.js';
import { keywordListSpecOf, testKeywords } from '../../policies/test-keywords.js';
import { addPolicyObject, deletePolicyObject, updatePolicyObject } from '../../policies/policy-objects.js';
import type { ObjectKind } from '../../policies/rule.js';
import { builder } from '../builder.js';
import { deletePayload, modelPayload, resolveDelete } from '../payload.js';
import { idOf, UserError, withUserErrors, type UserErrorShape } from '../user-errors.js';

export const KeywordMatchEnum = builder.enumType(KeywordMatch, {
  name: 'KeywordMatch',
  description: 'ANY: any expression; ALL: every one; NOT: none present; SCORE: matched scores reach the threshold.',
});
const StampPositionEnum = builder.enumType(StampPosition, { name: 'StampPosition' });
const DlpIdentifierKindEnum = builder.enumType(DlpIdentifierKind, { name: 'DlpIdentifierKind' });
export const ListKindEnum = builder.enumType(ListKind, { name: 'ListKind' });
const SenderAuthKindEnum = builder.enumType(SenderAuthKind, { name: 'SenderAuthKind' });

const scoped = (id: string, ctx: { tenant: { id: string } }) => ({ id, tenantId: ctx.tenant.id });

// Readers of the JSON columns the importer wrote: a value of another shape reads as empty
// rather than failing the whole response.
const objectOf = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringValues = (v: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(objectOf(v)).flatMap(([k, x]) => (typeof x === 'string' || typeof x === 'number' ? [[k, String(x)]] : [])),
  );

builder.prismaNode('AddressGroup', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    internal: t.exposeBoolean('internal', {
      description: 'Internal groups hold managed-domain addresses only; hybrid groups may hold any, wildcard domains included.',
    }),
    addresses: t.stringList({ resolve: (g) => g.addresses as string[] }),
    createdByMigration: t.exposeBoolean('createdByMigration'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const KeywordExpressionRef = builder
  .objectRef<{ expression: string; caseSensitive: boolean; score: number; description: string }>('KeywordExpression')
  .implement({
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

// What the importer stores (parse-source.ts): the identifier element's attributes but id,
// name and predefined, and its text as `text`. Only attributes of the documented format are
// typed fields; `attributes` keeps every one, so nothing the export carried is hidden.
interface DlpDefinition {
  kind: DlpIdentifierKind;
  values: Record<string, string>;
}

const DlpDefinitionAttributeRef = builder.objectRef<[string, string]>('DlpDefinitionAttribute').implement({
  description: 'One attribute of the identifier as the IMSS/IMSVA export carried it.',
  fields: (t) => ({ name: t.string({ resolve: (a) => a[0] }), value: t.string({ resolve: (a) => a[1] }) }),
});

const ATTRIBUTES_DESCRIPTION =
  'Every attribute of the source element (id, name and predefined excepted), those of the typed fields included.';
const attributesOf = (d: DlpDefinition): [string, string][] => Object.entries(d.values).filter(([k]) => k !== 'text');

const DlpExpressionDefinitionRef = builder.objectRef<DlpDefinition>('DlpExpressionDefinition').implement({
  description: 'An EXPRESSION identifier: a pattern in the DLP expression syntax.',
  fields: (t) => ({
    expression: t.string({ description: 'The pattern, such as CUST-{D}{6}.', resolve: (d) => d.values.text ?? '' }),
    attributes: t.field({ type: [DlpDefinitionAttributeRef], description: ATTRIBUTES_DESCRIPTION, resolve: attributesOf }),
  }),
});
const DlpKeywordListDefinitionRef = builder.objectRef<DlpDefinition>('DlpKeywordListDefinition').implement({
  description: 'A KEYWORD_LIST identifier (the export format documents no fields for custom ones).',
  fields: (t) => ({
    text: t.string({
      nullable: true,
      description: 'The text of the source element, if it had any.',
      resolve: (d) => d.values.text ?? null,
    }),
    attributes: t.field({ type: [DlpDefinitionAttributeRef], description: ATTRIBUTES_DESCRIPTION, resolve: attributesOf }),
  }),
});
const DlpFileAttributeDefinitionRef = builder.objectRef<DlpDefinition>('DlpFileAttributeDefinition').implement({
  description: 'A FILE_ATTRIBUTE identifier: files by size.',
  fields: (t) => ({
    minSizeKb: t.int({
      nullable: true,
      description: 'Files of at least this many KB (the minSizeKB attribute); null when the export gave none, or no whole number.',
      resolve: (d) => (d.values.minSizeKB !== undefined && /^\d{1,9}$/.test(d.values.minSizeKB) ? Number(d.values.minSizeKB) : null),
    }),
    attributes: t.field({ type: [DlpDefinitionAttributeRef], description: ATTRIBUTES_DESCRIPTION, resolve: attributesOf }),
  }),
});

const DLP_DEFINITION_OF: Record<DlpIdentifierKind, typeof DlpExpressionDefinitionRef> = {
  EXPRESSION: DlpExpressionDefinitionRef,
  KEYWORD_LIST: DlpKeywordListDefinitionRef,
  FILE_ATTRIBUTE: DlpFileAttributeDefinitionRef,
};

const DlpIdentifierDefinitionUnion = builder.unionType('DlpIdentifierDefinition', {
  description: 'What a data identifier matches; its type follows DlpIdentifier.kind.',
  types: [DlpExpressionDefinitionRef, DlpKeywordListDefinitionRef, DlpFileAttributeDefinitionRef],
  resolveType: (d) => DLP_DEFINITION_OF[d.kind],
});

builder.prismaNode('DlpIdentifier', {
  id: { field: 'id' },
  findUnique: scoped,
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: DlpIdentifierKindEnum }),
    definition: t.field({
      type: DlpIdentifierDefinitionUnion,
      select: { kind: true, definition: true },
      resolve: (d) => ({ kind: d.kind, values: stringValues(d.definition) }),
    }),
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

// What the importer stores (analyze-objects.ts senderAuthentication): for DKIM verification
// and DMARC the action and the enforced peers; for DKIM signing the key's parameters.
const SenderAuthEnforcementRef = builder.objectRef<Record<string, unknown>>('SenderAuthEnforcementSettings').implement({
  description: 'DKIM_VERIFICATION and DMARC: what happens to mail failing the check, and the peers it is enforced for.',
  fields: (t) => ({
    action: t.string({
      description: 'The action as the source named it, such as quarantine or none.',
      resolve: (s) => (typeof s.action === 'string' ? s.action : 'none'),
    }),
    enforcedPeers: t.stringList({ description: 'Sender domains the check is enforced for.', resolve: (s) => stringList(s.enforcedPeers) }),
  }),
});
const DkimSigningSettingsRef = builder.objectRef<Record<string, unknown>>('DkimSigningSettings').implement({
  description: 'DKIM_SIGNING: the signing key of the domain in `key`.',
  fields: (t) => ({
    selector: t.string({ resolve: (s) => (typeof s.selector === 'string' ? s.selector : '') }),
    keyBits: t.int({
      description: 'The RSA key length, such as 2048.',
      resolve: (s) => (typeof s.keyBits === 'number' && Number.isInteger(s.keyBits) ? s.keyBits : 0),
    }),
    headerCanonicalization: t.string({
      description: 'relaxed or simple (RFC 6376 §3.4).',
      resolve: (s) => (typeof s.headerCanonicalization === 'string' ? s.headerCanonicalization : 'relaxed'),
    }),
    bodyCanonicalization: t.string({
      description: 'relaxed or simple (RFC 6376 §3.4).',
      resolve: (s) => (typeof s.bodyCanonicalization === 'string' ? s.bodyCanonicalization : 'relaxed'),
    }),
  }),
});
const SenderAuthSettingsUnion = builder.unionType('SenderAuthSettings', {
  description: 'The settings of a SenderAuthSetting; the type follows its kind.',
  types: [SenderAuthEnforcementRef, DkimSigningSettingsRef],
  resolveType: (s) => (s.__kind === 'DKIM_SIGNING' ? DkimSigningSettingsRef : SenderAuthEnforcementRef),
});

builder.prismaObject('SenderAuthSetting', {
  description: 'DKIM verification (default policy), DMARC and DKIM signing settings.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SenderAuthKindEnum }),
    key: t.exposeString('key', { description: '"default" or the signing domain.' }),
    enabled: t.exposeBoolean('enabled'),
    settings: t.field({
      type: SenderAuthSettingsUnion,
      select: { kind: true, settings: true },
      resolve: (s) => ({ ...objectOf(s.settings), __kind: s.kind }),
    }),
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
  addressGroups: t.prismaConnection(
    {
      type: 'AddressGroup',
      cursor: 'id',
      totalCount: (_, __, ctx) => ctx.db.addressGroup.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (q, _, __, ctx) => ctx.db.addressGroup.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }),
    },
    { name: 'AddressGroupConnection' },
    { name: 'AddressGroupEdge' },
  ),
  keywordLists: t.prismaConnection(
    {
      type: 'KeywordList',
      cursor: 'id',
      totalCount: (_, __, ctx) => ctx.db.keywordList.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (q, _, __, ctx) => ctx.db.keywordList.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }),
    },
    { name: 'KeywordListConnection' },
    { name: 'KeywordListEdge' },
  ),
  policyNotifications: t.prismaConnection(
    {
      type: 'PolicyNotification',
      cursor: 'id',
      totalCount: (_, __, ctx) => ctx.db.policyNotification.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (q, _, __, ctx) => ctx.db.policyNotification.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }),
    },
    { name: 'PolicyNotificationConnection' },
    { name: 'PolicyNotificationEdge' },
  ),
  stamps: t.prismaConnection(
    {
      type: 'Stamp',
      cursor: 'id',
      totalCount: (_, __, ctx) => ctx.db.stamp.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (q, _, __, ctx) => ctx.db.stamp.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }),
    },
    { name: 'StampConnection' },
    { name: 'StampEdge' },
  ),
  dlpTemplates: t.prismaConnection(
    {
      type: 'DlpTemplate',
      cursor: 'id',
      totalCount: (_, __, ctx) => ctx.db.dlpTemplate.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (q, _, __, ctx) => ctx.db.dlpTemplate.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }),
    },
    { name: 'DlpTemplateConnection' },
    { name: 'DlpTemplateEdge' },
  ),
  dlpIdentifiers: t.prismaConnection(
    {
      type: 'DlpIdentifier',
      cursor: 'id',
      totalCount: (_, __, ctx) => ctx.db.dlpIdentifier.count({ where: { tenantId: ctx.tenant.id } }),
      resolve: (q, _, __, ctx) => ctx.db.dlpIdentifier.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: byName }),
    },
    { name: 'DlpIdentifierConnection' },
    { name: 'DlpIdentifierEdge' },
  ),
  listEntries: t.prismaConnection(
    {
      type: 'ListEntry',
      cursor: 'id',
      description: 'Approved / blocked IP addresses, web reputation approved list, URL keyword exceptions, DKIM ignored peers.',
      args: { list: t.arg({ type: ListKindEnum, required: true }) },
      totalCount: (_, args, ctx) => ctx.db.listEntry.count({ where: { tenantId: ctx.tenant.id, list: args.list } }),
      resolve: (q, _, args, ctx) =>
        ctx.db.listEntry.findMany({
          ...q,
          where: { tenantId: ctx.tenant.id, list: args.list },
          orderBy: [{ value: 'asc' }, { id: 'asc' }],
        }),
    },
    { name: 'ListEntryConnection' },
    { name: 'ListEntryEdge' },
  ),
  senderAuthSettings: t.prismaField({
    type: ['SenderAuthSetting'],
    resolve: (q, _, __, ctx) =>
      ctx.db.senderAuthSetting.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: [{ kind: 'asc' }, { key: 'asc' }] }),
  }),
  directoryGroups: t.prismaField({
    type: ['DirectoryGroup'],
    resolve: (q, _, __, ctx) => ctx.db.directoryGroup.findMany({ ...q, where: { tenantId: ctx.tenant.id }, orderBy: { dn: 'asc' } }),
  }),
}));

// ---- test area (Policy Objects → Keywords and Expressions → Test) ----

const TestMatchRef = builder
  .objectRef<{ text: string; index: number }>('KeywordTestMatch')
  .implement({ fields: (t) => ({ text: t.exposeString('text'), index: t.exposeInt('index') }) });
const TestExpressionRef = builder
  .objectRef<{
    index: number;
    expression: string;
    valid: boolean;
    problemCode: string | null;
    problem: string | null;
    matched: boolean;
    matches: { text: string; index: number }[];
  }>('KeywordTestExpressionResult')
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
      matched: t.boolean({
        nullable: true,
        description: 'Whether the list (with its match mode) fires on the text.',
        resolve: (r) => r.matched ?? null,
      }),
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
        const typed = {
          match: input.match ?? 'ANY',
          threshold: input.threshold ?? null,
          expressions: (input.expressions ?? []).map((e) => ({
            source: e.expression,
            caseSensitive: e.caseSensitive ?? false,
            score: e.score ?? 1,
          })),
        };
        const stored = input.keywordListId
          ? await ctx.db.keywordList.findFirst({
              where: { id: idOf(String(input.keywordListId), 'KeywordList', 'input.keywordListId'), tenantId: ctx.tenant.id },
              select: { match: true, threshold: true, expressions: true },
            })
          : null;
        const result = testKeywords(stored ? keywordListSpecOf(stored) : typed, input.text);
        return {
          ...result,
          expressions: result.expressions.map(({ problem, ...e }) => ({
            ...e,
            problemCode: problem?.code ?? null,
            problem: problem ? expressionProblemText(problem, e.expression)[ctx.locale] : null,
          })),
        };
      }),
  }),
);

// ---- mutations ----

const AddressGroupInput = builder.inputType('AddressGroupInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    internal: t.boolean({ defaultValue: false }),
    addresses: t.stringList({ required: true }),
  }),
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
  fields: (t) => ({
    name: t.string({ required: true }),
    position: t.field({ type: StampPositionEnum, defaultValue: 'BEGINNING' }),
    text: t.string({ required: true }),
  }),
});

/** One payload per kind, with the saved object typed (null beside userErrors). */
const objectPayload = (typename: 'AddressGroup' | 'KeywordList' | 'PolicyNotification' | 'Stamp', field: string) =>
  modelPayload(`${typename}Payload`, field, typename, {
    description: `The ${typename} as saved, or null with userErrors.`,
    deprecatedIdField: 'objectId',
  });

const KINDS: [
  'AddressGroup' | 'KeywordList' | 'PolicyNotification' | 'Stamp',
  Exclude<ObjectKind, 'DLP_TEMPLATE'>,
  typeof AddressGroupInput | typeof KeywordListInput | typeof NotificationInput | typeof StampInput,
  ReturnType<typeof objectPayload>,
][] = [
  ['AddressGroup', 'ADDRESS_GROUP', AddressGroupInput, objectPayload('AddressGroup', 'addressGroup')],
  ['KeywordList', 'KEYWORD_LIST', KeywordListInput, objectPayload('KeywordList', 'keywordList')],
  ['PolicyNotification', 'NOTIFICATION', NotificationInput, objectPayload('PolicyNotification', 'policyNotification')],
  ['Stamp', 'STAMP', StampInput, objectPayload('Stamp', 'stamp')],
];

for (const [typename, kind, input, payload] of KINDS) {
  builder.mutationField(`add${typename}`, (t) =>
    t.field({
      type: payload,
      args: { input: t.arg({ type: input as typeof AddressGroupInput, required: true }) },
      resolve: (_, args, ctx) =>
        withUserErrors(ctx.locale, async () => ({ id: (await addPolicyObject(ctx.useCase(), kind, args.input as never)).id })),
    }),
  );
  builder.mutationField(`update${typename}`, (t) =>
    t.field({
      type: payload,
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: input as typeof AddressGroupInput, required: true }) },
      resolve: (_, args, ctx) =>
        withUserErrors(ctx.locale, async () => ({
          id: (await updatePolicyObject(ctx.useCase(), kind, idOf(String(args.id), typename, 'id'), args.input as never)).id,
        })),
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
  t.field({
    type: deletePayload('DeleteDlpTemplatePayload'),
    args: { id: t.arg.id({ required: true }) },
    resolve: resolveDelete('DlpTemplate', (c, id) => deletePolicyObject(c, 'DLP_TEMPLATE', id)),
  }),
);

const AddListEntriesPayload = builder.objectRef<{ added?: number; userErrors: UserErrorShape[] }>('AddListEntriesPayload').implement({
  fields: (t) => ({
    added: t.int({ nullable: true, resolve: (p) => p.added ?? null }),
    userErrors: t.field({ type: [UserError], resolve: (p) => p.userErrors }),
  }),
});

builder.mutationFields((t) => ({
  addListEntries: t.field({
    type: AddListEntriesPayload,
    description: 'Adds entries (entries already present are kept as they are).',
    args: {
      list: t.arg({ type: ListKindEnum, required: true }),
      values: t.arg.stringList({ required: true }),
      description: t.arg.string(),
    },
    resolve: (_, args, ctx) =>
      withUserErrors(ctx.locale, async () => ({
        added: await addListEntries(ctx.useCase(), args.list, args.values, args.description ?? ''),
      })),
  }),
  deleteListEntry: t.field({
    type: deletePayload('DeleteListEntryPayload'),
    args: { id: t.arg.id({ required: true }) },
    resolve: resolveDelete('ListEntry', deleteListEntry),
  }),
}));
