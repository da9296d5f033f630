import { resolveArrayConnection } from '@pothos/plugin-relay';
import { CriteriaMode, InterceptAction, MigrationStatus, PolicyDirection, PolicyLevel, PolicyType } from '../../db/enums.js';
import { deletePolicyRule, reorderPolicyRule, resolveMigrationStatus, setPolicyRuleEnabled, setShowMigrationStatus } from '../../policies/manage-policy-rule.js';
import { addPolicyRule, copyPolicyRule, updatePolicyRule } from '../../policies/save-policy-rule.js';
import { filterRules, sortRules } from '../../policies/rule-list.js';
import type { Criterion, CriterionType, ModifyAction, MonitorAction, RouteException, RouteSpec, RuleBody } from '../../policies/rule.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { deletePayload, modelPayload, resolveDelete } from '../payload.js';
import { idOf, UserError, withUserErrors, type UserErrorShape } from '../user-errors.js';

const DirectionEnum = builder.enumType(PolicyDirection, { name: 'PolicyDirection' });
const TypeEnum = builder.enumType(PolicyType, { name: 'PolicyType' });
const LevelEnum = builder.enumType(PolicyLevel, { name: 'PolicyLevel' });
const CriteriaModeEnum = builder.enumType(CriteriaMode, { name: 'CriteriaMode' });
const InterceptEnum = builder.enumType(InterceptAction, { name: 'InterceptAction' });
const MigrationStatusEnum = builder.enumType(MigrationStatus, {
  name: 'MigrationStatus',
  description: 'SUCCESS (成功); NEEDS_FIX (修正が必要です, imported disabled) → FIXED (修正済み); NEEDS_CONFIRMATION → CONFIRMED. Null for rules made by hand.',
});
const RouteKindEnum = builder.enumType('RouteKind', { values: ['ANYONE', 'MY_ORGANIZATION', 'SPECIFIED'] as const });
const CRITERION_TYPES = [
  'ENVELOPE_SENDER_BLANK', 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE', 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO', 'HEADER_KEYWORDS', 'MESSAGE_SIZE',
  'SUBJECT_KEYWORDS', 'SUBJECT_BLANK', 'BODY_KEYWORDS', 'BODY_BLANK', 'ATTACHMENT_NAME', 'ATTACHMENT_MIME_TYPE', 'ATTACHMENT_TRUE_FILE_TYPE',
  'ATTACHMENT_CONTENT_KEYWORDS', 'ATTACHMENT_SIZE', 'ATTACHMENT_COUNT', 'ATTACHMENT_PASSWORD_PROTECTED', 'ATTACHMENT_ACTIVE_CONTENT',
  'RECIPIENT_COUNT', 'MALWARE', 'SPAM', 'WEB_REPUTATION', 'CORRELATED_INTELLIGENCE', 'DLP',
] as const satisfies readonly CriterionType[];
const CriterionTypeEnum = builder.enumType('CriterionType', { values: CRITERION_TYPES });
const SizeOpEnum = builder.enumType('SizeOperator', { values: ['GT', 'LE'] as const, description: 'GT: > (strictly greater); LE: <= (less or equal).' });
const ACTION_TYPES = ['INSERT_X_HEADER', 'INSERT_STAMP', 'TAG_SUBJECT', 'DELETE_ATTACHMENTS', 'SANITIZE', 'CLEAN_MALWARE', 'ENCRYPT', 'NOTIFY', 'BCC'] as const;
const ActionTypeEnum = builder.enumType('PolicyActionType', { values: ACTION_TYPES });
const StatusFilterEnum = builder.enumType('MigrationStatusFilter', { values: ['ERROR', 'WARNING', 'RESOLVED'] as const, description: 'The filter of the list screen: Error / Warning / Fixed-Confirmed-Successful.' });
const LevelFilterEnum = builder.enumType('PolicyLevelFilter', { values: ['ORGANIZATION', 'USER_GROUP'] as const });
const SortFieldEnum = builder.enumType('PolicyRuleSortField', { values: ['ORDER', 'NAME', 'MODIFIED', 'LAST_USED', 'ENABLED', 'MIGRATION_STATUS', 'CREATED'] as const });

async function objectsById(ctx: GraphQLContext, delegate: 'addressGroup' | 'keywordList' | 'stamp' | 'policyNotification' | 'dlpTemplate', ids: string[]) {
  if (!ids.length) return [];
  const rows = await (ctx.db[delegate] as unknown as { findMany(a: object): Promise<{ id: string }[]> }).findMany({ where: { id: { in: ids }, tenantId: ctx.tenant.id } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is { id: string } => r !== undefined);
}

const RouteRef = builder.objectRef<RouteSpec>('PolicyRoute').implement({
  fields: (t) => ({
    kind: t.field({ type: RouteKindEnum, resolve: (r) => r.kind }),
    addresses: t.stringList({ resolve: (r) => r.entries.flatMap((e) => (e.type === 'ADDRESS' ? [e.value] : [])) }),
    addressGroups: t.prismaField({ type: ['AddressGroup'], resolve: (_q, r, _a, ctx) => objectsById(ctx, 'addressGroup', r.entries.flatMap((e) => (e.type === 'ADDRESS_GROUP' ? [e.groupId] : []))) as never }),
    directoryGroupDns: t.stringList({ resolve: (r) => r.entries.flatMap((e) => (e.type === 'DIRECTORY_GROUP' ? [e.dn] : [])) }),
  }),
});

const ExceptionRef = builder.objectRef<RouteException>('PolicyRouteException').implement({
  fields: (t) => ({ sender: t.field({ type: RouteRef, resolve: (x) => x.sender }), recipient: t.field({ type: RouteRef, resolve: (x) => x.recipient }) }),
});

const CriterionRef = builder.objectRef<Criterion>('PolicyCriterion').implement({
  description: 'One scanning criterion; the fields that apply depend on `type`.',
  fields: (t) => ({
    type: t.field({ type: CriterionTypeEnum, resolve: (c) => c.type }),
    operator: t.field({ type: SizeOpEnum, nullable: true, resolve: (c) => ('op' in c ? c.op : null) }),
    bytes: t.float({ nullable: true, resolve: (c) => ('bytes' in c ? c.bytes : null) }),
    count: t.int({ nullable: true, resolve: (c) => ('count' in c ? c.count : null) }),
    selected: t.boolean({ nullable: true, description: 'false: attachment is NOT one of the values.', resolve: (c) => ('selected' in c ? c.selected : null) }),
    values: t.stringList({
      description: 'File name patterns, MIME types, true file types or header names.',
      resolve: (c) => ('patterns' in c ? c.patterns : 'types' in c ? c.types : 'headers' in c ? c.headers : []),
    }),
    keywordLists: t.prismaField({ type: ['KeywordList'], resolve: (_q, c, _a, ctx) => objectsById(ctx, 'keywordList', 'keywordListIds' in c ? c.keywordListIds : []) as never }),
    level: t.string({ nullable: true, resolve: (c) => ('level' in c ? c.level : null) }),
    dlpTemplates: t.prismaField({ type: ['DlpTemplate'], resolve: (_q, c, _a, ctx) => objectsById(ctx, 'dlpTemplate', c.type === 'DLP' ? c.templateIds : []) as never }),
    predefinedDlpTemplates: t.stringList({ resolve: (c) => (c.type === 'DLP' ? c.predefinedTemplates : []) }),
  }),
});

const InterceptRef = builder.objectRef<{ action: RuleBody['intercept']; options: RuleBody['interceptOptions'] }>('PolicyIntercept').implement({
  fields: (t) => ({
    action: t.field({ type: InterceptEnum, resolve: (i) => i.action }),
    server: t.string({ nullable: true, resolve: (i) => i.options.server ?? null }),
    recipients: t.stringList({ resolve: (i) => i.options.recipients ?? [] }),
    quarantineArea: t.string({ nullable: true, resolve: (i) => i.options.area ?? null }),
  }),
});

const ActionRef = builder.objectRef<ModifyAction | MonitorAction>('PolicyAction').implement({
  fields: (t) => ({
    type: t.field({ type: ActionTypeEnum, resolve: (a) => a.type }),
    headerName: t.string({ nullable: true, resolve: (a) => (a.type === 'INSERT_X_HEADER' ? a.name : null) }),
    headerValue: t.string({ nullable: true, resolve: (a) => (a.type === 'INSERT_X_HEADER' ? a.value : null) }),
    text: t.string({ nullable: true, resolve: (a) => (a.type === 'TAG_SUBJECT' ? a.text : null) }),
    skipSigned: t.boolean({ nullable: true, resolve: (a) => (a.type === 'TAG_SUBJECT' ? a.skipSigned : null) }),
    deleteIfUnable: t.boolean({ nullable: true, resolve: (a) => (a.type === 'SANITIZE' ? a.deleteIfUnable : null) }),
    stamp: t.prismaField({ type: 'Stamp', nullable: true, resolve: async (_q, a, _x, ctx) => (a.type === 'INSERT_STAMP' ? ((await objectsById(ctx, 'stamp', [a.stampId]))[0] ?? null) : null) as never }),
    notification: t.prismaField({
      type: 'PolicyNotification',
      nullable: true,
      resolve: async (_q, a, _x, ctx) => (a.type === 'NOTIFY' ? ((await objectsById(ctx, 'policyNotification', [a.notificationId]))[0] ?? null) : null) as never,
    }),
    recipients: t.stringList({ resolve: (a) => (a.type === 'BCC' ? a.recipients : []) }),
  }),
});

const NoteRef = builder.objectRef<{ code: string; category: string; message: string; messageJa: string }>('PolicyMigrationNote').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    category: t.exposeString('category'),
    message: t.string({ resolve: (n, _, ctx) => (ctx.locale === 'ja' ? n.messageJa : n.message) }),
  }),
});

const INTERCEPT_LABEL: Record<string, { en: string; ja: string }> = {
  NONE: { en: 'Do not intercept', ja: '処理なし' },
  DELETE: { en: 'Delete', ja: '削除' },
  DELIVER_NOW: { en: 'Deliver now', ja: '今すぐ配信' },
  QUARANTINE: { en: 'Quarantine', ja: '隔離' },
  CHANGE_RECIPIENT: { en: 'Change recipient', ja: '受信者の変更' },
};
const ACTION_LABEL: Record<string, { en: string; ja: string }> = {
  INSERT_X_HEADER: { en: 'X-Header', ja: 'X ヘッダの挿入' },
  INSERT_STAMP: { en: 'Stamp', ja: 'スタンプ' },
  TAG_SUBJECT: { en: 'Tag subject', ja: '件名にタグを付加' },
  DELETE_ATTACHMENTS: { en: 'Delete attachments', ja: '添付ファイルの削除' },
  SANITIZE: { en: 'Sanitize', ja: 'サニタイズ' },
  CLEAN_MALWARE: { en: 'Clean', ja: '駆除' },
  ENCRYPT: { en: 'Encrypt', ja: '暗号化' },
  NOTIFY: { en: 'Notification', ja: '通知' },
  BCC: { en: 'BCC', ja: 'BCC' },
};

export const PolicyRuleNode = builder.prismaNode('PolicyRule', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, tenantId: ctx.tenant.id }),
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    notes: t.exposeString('notes'),
    direction: t.expose('direction', { type: DirectionEnum }),
    type: t.expose('type', { type: TypeEnum }),
    enabled: t.exposeBoolean('enabled'),
    order: t.exposeInt('order'),
    isDefault: t.exposeBoolean('isDefault'),
    locked: t.exposeBoolean('locked', { description: 'Global rules: only monitor actions are editable.' }),
    level: t.expose('level', { type: LevelEnum }),
    organizationLevel: t.boolean({ description: 'The "Organization Level" column (組織レベル).', resolve: (r) => r.level === 'ORGANIZATION' }),
    recipients: t.field({ type: RouteRef, resolve: (r) => r.recipients as unknown as RouteSpec }),
    senders: t.field({ type: RouteRef, resolve: (r) => r.senders as unknown as RouteSpec }),
    exceptions: t.field({ type: [ExceptionRef], resolve: (r) => r.exceptions as unknown as RouteException[] }),
    criteriaMode: t.expose('criteriaMode', { type: CriteriaModeEnum }),
    criteria: t.field({ type: [CriterionRef], resolve: (r) => r.criteria as unknown as Criterion[] }),
    intercept: t.field({ type: InterceptRef, resolve: (r) => ({ action: r.intercept, options: r.interceptOptions as RuleBody['interceptOptions'] }) }),
    modifyActions: t.field({ type: [ActionRef], resolve: (r) => r.modifyActions as unknown as ModifyAction[] }),
    monitorActions: t.field({ type: [ActionRef], resolve: (r) => r.monitorActions as unknown as MonitorAction[] }),
    actionSummary: t.string({
      description: 'The "Action" column (処理), in the request language.',
      resolve: (r, _, ctx) => {
        const lang = ctx.locale;
        const parts = [INTERCEPT_LABEL[r.intercept]![lang], ...[...(r.modifyActions as { type: string }[]), ...(r.monitorActions as { type: string }[])].map((a) => ACTION_LABEL[a.type]![lang])];
        return parts.join(lang === 'ja' ? '、' : ', ');
      },
    }),
    migrationStatus: t.expose('migrationStatus', { type: MigrationStatusEnum, nullable: true }),
    migrationNotes: t.field({ type: [NoteRef], description: 'What the migration changed, or what to fix (the ! icon).', resolve: (r) => (r.migrationNotes as never) ?? [] }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Null: never used (なし).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'The "Modified" column (変更日時).' }),
  }),
});

const RuleFilterInput = builder.inputType('PolicyRuleFilter', {
  fields: (t) => ({
    sender: t.string({ description: 'Rules that apply to this sender address.' }),
    recipient: t.string({ description: 'Rules that apply to this recipient address.' }),
    name: t.string({ description: 'Part of the rule name.' }),
    enabled: t.boolean(),
    criteriaType: t.field({ type: CriterionTypeEnum }),
    level: t.field({ type: LevelFilterEnum }),
    migrationStatus: t.field({ type: StatusFilterEnum }),
  }),
});

const RuleSortInput = builder.inputType('PolicyRuleSort', {
  fields: (t) => ({ field: t.field({ type: SortFieldEnum, defaultValue: 'ORDER' }), descending: t.boolean({ defaultValue: false }) }),
});

builder.queryFields((t) => ({
  policyRules: t.connection(
    {
      type: PolicyRuleNode,
      description: 'One policy list (direction and type) with the filters and sort of the CEGP list screen.',
      args: {
        direction: t.arg({ type: DirectionEnum, required: true }),
        type: t.arg({ type: TypeEnum, required: true }),
        filter: t.arg({ type: RuleFilterInput }),
        sort: t.arg({ type: RuleSortInput }),
      },
      resolve: async (_, args, ctx) => {
        const rows = await ctx.db.policyRule.findMany({ where: { tenantId: ctx.tenant.id, direction: args.direction, type: args.type } });
        const needsGroups = Boolean(args.filter?.sender || args.filter?.recipient);
        const groups = needsGroups ? await ctx.db.addressGroup.findMany({ where: { tenantId: ctx.tenant.id }, select: { id: true, addresses: true } }) : [];
        const domains = needsGroups ? await ctx.db.domain.findMany({ where: { tenantId: ctx.tenant.id }, select: { name: true } }) : [];
        const filtered = filterRules(rows, args.filter ?? {}, { groupAddresses: new Map(groups.map((g) => [g.id, g.addresses as string[]])), managedDomains: domains.map((d) => d.name) });
        const sorted = sortRules(filtered, args.sort?.field ?? 'ORDER', args.sort?.descending ?? false);
        const connection = resolveArrayConnection({ args: { ...args, first: args.first ?? (args.last ? undefined : 20) } as never }, sorted);
        return connection ? { ...connection, totalCount: sorted.length } : null;
      },
    },
    { name: 'PolicyRuleConnection', fields: (c) => ({ totalCount: c.int({ resolve: (p) => (p as unknown as { totalCount: number }).totalCount }) }) },
    { name: 'PolicyRuleEdge' },
  ),
  policySettings: t.field({
    type: builder.objectRef<{ showMigrationStatus: boolean }>('PolicySettings').implement({
      fields: (f) => ({ showMigrationStatus: f.exposeBoolean('showMigrationStatus', { description: 'Show the Migration Status column and filter (移行ステータスの表示).' }) }),
    }),
    resolve: (_, __, ctx) => ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { showMigrationStatus: true } }),
  }),
}));

// ---- inputs ----

const RouteInput = builder.inputType('PolicyRouteInput', {
  fields: (t) => ({
    kind: t.field({ type: RouteKindEnum, required: true }),
    addresses: t.stringList({ description: 'user@example.com, *@example.com (wildcard domains on the external side only).' }),
    addressGroupIds: t.idList(),
    directoryGroupDns: t.stringList(),
  }),
});
const ExceptionInput = builder.inputType('PolicyRouteExceptionInput', {
  fields: (t) => ({ sender: t.field({ type: RouteInput, required: true }), recipient: t.field({ type: RouteInput, required: true }) }),
});
const CriterionInput = builder.inputType('PolicyCriterionInput', {
  fields: (t) => ({
    type: t.field({ type: CriterionTypeEnum, required: true }),
    operator: t.field({ type: SizeOpEnum }),
    bytes: t.float(),
    count: t.int(),
    selected: t.boolean({ defaultValue: true }),
    values: t.stringList(),
    keywordListIds: t.idList(),
    level: t.string(),
    dlpTemplateIds: t.idList(),
  }),
});
const InterceptInput = builder.inputType('PolicyInterceptInput', {
  fields: (t) => ({ action: t.field({ type: InterceptEnum, required: true }), server: t.string(), recipients: t.stringList(), quarantineArea: t.string() }),
});
const ActionInput = builder.inputType('PolicyActionInput', {
  fields: (t) => ({
    type: t.field({ type: ActionTypeEnum, required: true }),
    headerName: t.string(),
    headerValue: t.string(),
    text: t.string(),
    skipSigned: t.boolean(),
    deleteIfUnable: t.boolean(),
    stampId: t.id(),
    notificationId: t.id(),
    recipients: t.stringList(),
  }),
});

const AddRuleInput = builder.inputType('AddPolicyRuleInput', {
  fields: (t) => ({
    direction: t.field({ type: DirectionEnum, required: true }),
    type: t.field({ type: TypeEnum, required: true }),
    name: t.string({ required: true }),
    notes: t.string(),
    enabled: t.boolean({ defaultValue: true }),
    recipients: t.field({ type: RouteInput, required: true }),
    senders: t.field({ type: RouteInput, required: true }),
    exceptions: t.field({ type: [ExceptionInput] }),
    criteriaMode: t.field({ type: CriteriaModeEnum, required: true }),
    criteria: t.field({ type: [CriterionInput] }),
    intercept: t.field({ type: InterceptInput, required: true }),
    modifyActions: t.field({ type: [ActionInput] }),
    monitorActions: t.field({ type: [ActionInput] }),
  }),
});
const UpdateRuleInput = builder.inputType('UpdatePolicyRuleInput', {
  description: 'Fields that are given replace the stored ones.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    notes: t.string(),
    enabled: t.boolean(),
    recipients: t.field({ type: RouteInput }),
    senders: t.field({ type: RouteInput }),
    exceptions: t.field({ type: [ExceptionInput] }),
    criteriaMode: t.field({ type: CriteriaModeEnum }),
    criteria: t.field({ type: [CriterionInput] }),
    intercept: t.field({ type: InterceptInput }),
    modifyActions: t.field({ type: [ActionInput] }),
    monitorActions: t.field({ type: [ActionInput] }),
  }),
});

type RouteIn = typeof RouteInput.$inferInput;
type CriterionIn = typeof CriterionInput.$inferInput;
type ActionIn = typeof ActionInput.$inferInput;
type InterceptIn = typeof InterceptInput.$inferInput;

const ids = (list: readonly (string | number)[] | null | undefined, typename: string, field: string) => (list ?? []).map((id) => idOf(String(id), typename, field));

function route(r: RouteIn, field: string): RouteSpec {
  return {
    kind: r.kind,
    entries: [
      ...(r.addresses ?? []).map((value) => ({ type: 'ADDRESS' as const, value: value.trim().toLowerCase() })),
      ...ids(r.addressGroupIds, 'AddressGroup', `${field}.addressGroupIds`).map((groupId) => ({ type: 'ADDRESS_GROUP' as const, groupId })),
      ...(r.directoryGroupDns ?? []).map((dn) => ({ type: 'DIRECTORY_GROUP' as const, dn })),
    ],
  };
}

function exceptions(list: readonly (typeof ExceptionInput.$inferInput)[]): RouteException[] {
  return list.map((x, i) => ({ sender: route(x.sender, `input.exceptions.${i}.sender`), recipient: route(x.recipient, `input.exceptions.${i}.recipient`) }));
}

function criterion(c: CriterionIn, i: number): Criterion {
  const field = `input.criteria.${i}`;
  const op = c.operator ?? 'GT';
  const values = c.values ?? [];
  switch (c.type) {
    case 'MESSAGE_SIZE':
    case 'ATTACHMENT_SIZE':
      return { type: c.type, op, bytes: c.bytes ?? -1 };
    case 'ATTACHMENT_COUNT':
    case 'RECIPIENT_COUNT':
      return { type: c.type, op, count: c.count ?? -1 };
    case 'ATTACHMENT_NAME':
      return { type: c.type, selected: c.selected ?? true, patterns: values };
    case 'ATTACHMENT_MIME_TYPE':
    case 'ATTACHMENT_TRUE_FILE_TYPE':
      return { type: c.type, selected: c.selected ?? true, types: values };
    case 'HEADER_KEYWORDS':
      return { type: c.type, headers: values, keywordListIds: ids(c.keywordListIds, 'KeywordList', field) };
    case 'SUBJECT_KEYWORDS':
    case 'BODY_KEYWORDS':
    case 'ATTACHMENT_CONTENT_KEYWORDS':
      return { type: c.type, keywordListIds: ids(c.keywordListIds, 'KeywordList', field) };
    case 'SPAM':
    case 'WEB_REPUTATION':
      return { type: c.type, level: c.level ?? 'moderately-low' };
    case 'DLP':
      return { type: 'DLP', templateIds: ids(c.dlpTemplateIds, 'DlpTemplate', field), predefinedTemplates: values };
    default:
      return { type: c.type } as Criterion;
  }
}

function action(a: ActionIn, field: string): ModifyAction | MonitorAction {
  switch (a.type) {
    case 'INSERT_X_HEADER':
      return { type: a.type, name: a.headerName ?? '', value: a.headerValue ?? '' };
    case 'INSERT_STAMP':
      return { type: a.type, stampId: idOf(String(a.stampId ?? ''), 'Stamp', field) };
    case 'TAG_SUBJECT':
      return { type: a.type, text: a.text ?? '', skipSigned: a.skipSigned ?? false };
    case 'SANITIZE':
      return { type: a.type, deleteIfUnable: a.deleteIfUnable ?? false };
    case 'NOTIFY':
      return { type: a.type, notificationId: idOf(String(a.notificationId ?? ''), 'PolicyNotification', field) };
    case 'BCC':
      return { type: a.type, recipients: (a.recipients ?? []).map((r) => r.trim()) };
    default:
      return { type: a.type } as ModifyAction;
  }
}

function intercept(i: InterceptIn): Pick<RuleBody, 'intercept' | 'interceptOptions'> {
  const options: RuleBody['interceptOptions'] = {};
  if (i.server) options.server = i.server;
  if (i.recipients?.length) options.recipients = i.recipients.map((r) => r.trim());
  if (i.action === 'QUARANTINE') options.area = i.quarantineArea ?? 'Default';
  return { intercept: i.action, interceptOptions: options };
}

const MODIFY = new Set(['INSERT_X_HEADER', 'INSERT_STAMP', 'TAG_SUBJECT', 'DELETE_ATTACHMENTS', 'SANITIZE', 'CLEAN_MALWARE', 'ENCRYPT']);
const actions = (list: readonly ActionIn[] | null | undefined, field: string, kind: 'modify' | 'monitor') =>
  (list ?? []).map((a, i) => action(a, `${field}.${i}`)).filter((a) => (kind === 'modify' ? MODIFY.has(a.type) : !MODIFY.has(a.type)));

const RulePayload = modelPayload('PolicyRulePayload', 'rule', 'PolicyRule');

builder.mutationFields((t) => ({
  addPolicyRule: t.field({
    type: RulePayload,
    args: { input: t.arg({ type: AddRuleInput, required: true }) },
    resolve: (_, { input }, ctx) =>
      withUserErrors(ctx.locale, async () => {
        const body: RuleBody = {
          direction: input.direction,
          type: input.type,
          name: input.name,
          notes: input.notes ?? '',
          enabled: input.enabled ?? true,
          recipients: route(input.recipients, 'input.recipients'),
          senders: route(input.senders, 'input.senders'),
          exceptions: exceptions(input.exceptions ?? []),
          criteriaMode: input.criteriaMode,
          criteria: (input.criteria ?? []).map(criterion),
          ...intercept(input.intercept),
          modifyActions: actions(input.modifyActions, 'input.modifyActions', 'modify') as ModifyAction[],
          monitorActions: actions(input.monitorActions, 'input.monitorActions', 'monitor') as MonitorAction[],
        };
        return { id: (await addPolicyRule(ctx.useCase(), body)).id };
      }),
  }),
  updatePolicyRule: t.field({
    type: RulePayload,
    args: { input: t.arg({ type: UpdateRuleInput, required: true }) },
    resolve: (_, { input }, ctx) =>
      withUserErrors(ctx.locale, async () => {
        const changes: Partial<RuleBody> = {};
        if (input.name != null) changes.name = input.name;
        if (input.notes != null) changes.notes = input.notes;
        if (input.enabled != null) changes.enabled = input.enabled;
        if (input.recipients) changes.recipients = route(input.recipients, 'input.recipients');
        if (input.senders) changes.senders = route(input.senders, 'input.senders');
        if (input.exceptions) changes.exceptions = exceptions(input.exceptions);
        if (input.criteriaMode) changes.criteriaMode = input.criteriaMode;
        if (input.criteria) changes.criteria = input.criteria.map(criterion);
        if (input.intercept) Object.assign(changes, intercept(input.intercept));
        if (input.modifyActions) changes.modifyActions = actions(input.modifyActions, 'input.modifyActions', 'modify') as ModifyAction[];
        if (input.monitorActions) changes.monitorActions = actions(input.monitorActions, 'input.monitorActions', 'monitor') as MonitorAction[];
        return { id: (await updatePolicyRule(ctx.useCase(), idOf(String(input.id), 'PolicyRule', 'input.id'), changes)).id };
      }),
  }),
  copyPolicyRule: t.field({
    type: RulePayload,
    description: 'Copies a rule (disabled, named "<name> (copy)") to the end of its list.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => withUserErrors(ctx.locale, async () => ({ id: (await copyPolicyRule(ctx.useCase(), idOf(String(id), 'PolicyRule', 'id'))).id })),
  }),
  setPolicyRuleEnabled: t.field({
    type: RulePayload,
    description: 'Enables or disables a rule; a rule that Needs fix must be marked fixed first.',
    args: { id: t.arg.id({ required: true }), enabled: t.arg.boolean({ required: true }) },
    resolve: (_, args, ctx) => withUserErrors(ctx.locale, async () => ({ id: (await setPolicyRuleEnabled(ctx.useCase(), idOf(String(args.id), 'PolicyRule', 'id'), args.enabled)).id })),
  }),
  reorderPolicyRule: t.field({
    type: RulePayload,
    description: 'Moves a rule to a new order number within its list (the others shift).',
    args: { id: t.arg.id({ required: true }), order: t.arg.int({ required: true }) },
    resolve: (_, args, ctx) => withUserErrors(ctx.locale, async () => ({ id: (await reorderPolicyRule(ctx.useCase(), idOf(String(args.id), 'PolicyRule', 'id'), args.order)).id })),
  }),
  deletePolicyRule: t.field({ type: deletePayload('DeletePolicyRulePayload'), args: { id: t.arg.id({ required: true }) }, resolve: resolveDelete('PolicyRule', deletePolicyRule) }),
  markPolicyFixed: t.field({
    type: RulePayload,
    description: 'Needs fix → Fixed (修正済み) once the administrator has fixed the rule. The rule stays disabled until enabled.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => withUserErrors(ctx.locale, async () => ({ id: (await resolveMigrationStatus(ctx.useCase(), idOf(String(id), 'PolicyRule', 'id'), 'FIX')).id })),
  }),
  confirmPolicy: t.field({
    type: RulePayload,
    description: 'Needs confirmation → Confirmed.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => withUserErrors(ctx.locale, async () => ({ id: (await resolveMigrationStatus(ctx.useCase(), idOf(String(id), 'PolicyRule', 'id'), 'CONFIRM')).id })),
  }),
  setShowMigrationStatus: t.field({
    type: builder.objectRef<{ show?: boolean; userErrors: UserErrorShape[] }>('SetShowMigrationStatusPayload').implement({
      fields: (f) => ({ showMigrationStatus: f.boolean({ nullable: true, resolve: (p) => p.show ?? null }), userErrors: f.field({ type: [UserError], resolve: (p) => p.userErrors }) }),
    }),
    args: { show: t.arg.boolean({ required: true }) },
    resolve: (_, { show }, ctx) =>
      withUserErrors(ctx.locale, async () => {
        await setShowMigrationStatus(ctx.useCase(), show);
        return { show };
      }),
  }),
}));

