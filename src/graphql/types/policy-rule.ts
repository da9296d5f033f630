import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { CriteriaMode, InterceptAction, MigrationStatus, PolicyDirection, PolicyLevel, PolicyType } from '../../db/enums.js';
import type { ItemCategory } from '../../db/enums.js';
import { deletePolicyRule } from '../../policies/delete-policy-rule.js';
import { reorderPolicyRule } from '../../policies/reorder-policy-rule.js';
import { resolveMigrationStatus } from '../../policies/resolve-migration-status.js';
import { setPolicyRuleEnabled } from '../../policies/set-policy-rule-enabled.js';
import { setShowMigrationStatus } from '../../policies/set-show-migration-status.js';
import { addPolicyRule } from '../../policies/add-policy-rule.js';
import { copyPolicyRule } from '../../policies/copy-policy-rule.js';
import { updatePolicyRule } from '../../policies/update-policy-rule.js';
import { policyErrors } from '../../policies/errors.js';
import { decodeRuleCursor, encodeRuleCursor, listPolicyRules, type RuleCursor } from '../../policies/list-policy-rules.js';
import {
  DETECTION_LEVELS,
  SPAM_THREATS,
  type Criterion,
  type CriterionType,
  type ModifyAction,
  type MonitorAction,
  type RouteException,
  type RouteSpec,
  type RuleBody,
} from '../../policies/rule.js';
import { ACTION_TYPES, actionsFromInput, criterionFromInput, interceptFromInput, routeFromInput } from '../../policies/rule-input.js';
import { actionSummary } from '../../policies/policy-labels.js';
import { ExpectedError } from '../../platform/errors.js';
import { decodeRuleBody, type StoredRule } from '../../policies/rule-codec.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import {
  firstOf,
  loadPolicyObjects,
  readAheadPolicyObjects,
  selectedFieldNames,
  selectsBelow,
  type PolicyObjectDelegate,
} from '../policy-object-loader.js';
import { getRefFromModel } from '@pothos/plugin-prisma';
import { objectRefsOf, type ObjectKind } from '../../policies/rule.js';
import { deletePayload, modelPayload, resolveDelete } from '../payload.js';
import { idOf, UserError, withUserErrors, type UserErrorShape } from '../user-errors.js';
import { ItemCategoryEnum, MigrationItemCodeEnum } from './migration.js';

export const DirectionEnum = builder.enumType(PolicyDirection, { name: 'PolicyDirection' });
export const TypeEnum = builder.enumType(PolicyType, { name: 'PolicyType' });
const LevelEnum = builder.enumType(PolicyLevel, { name: 'PolicyLevel' });
export const CriteriaModeEnum = builder.enumType(CriteriaMode, { name: 'CriteriaMode' });
const InterceptEnum = builder.enumType(InterceptAction, { name: 'InterceptAction' });
const MigrationStatusEnum = builder.enumType(MigrationStatus, {
  name: 'MigrationStatus',
  description:
    'SUCCESS (成功); NEEDS_FIX (修正が必要です, imported disabled) → FIXED (修正済み); NEEDS_CONFIRMATION → CONFIRMED. Null for rules made by hand.',
});
const RouteKindEnum = builder.enumType('RouteKind', { values: ['ANYONE', 'MY_ORGANIZATION', 'SPECIFIED'] as const });
export const CRITERION_TYPES = [
  'ENVELOPE_SENDER_BLANK',
  'HEADER_SENDER_DIFFERS_FROM_ENVELOPE',
  'HEADER_SENDER_DIFFERS_FROM_REPLY_TO',
  'HEADER_KEYWORDS',
  'MESSAGE_SIZE',
  'SUBJECT_KEYWORDS',
  'SUBJECT_BLANK',
  'BODY_KEYWORDS',
  'BODY_BLANK',
  'ATTACHMENT_NAME',
  'ATTACHMENT_MIME_TYPE',
  'ATTACHMENT_TRUE_FILE_TYPE',
  'ATTACHMENT_CONTENT_KEYWORDS',
  'ATTACHMENT_SIZE',
  'ATTACHMENT_COUNT',
  'ATTACHMENT_PASSWORD_PROTECTED',
  'ATTACHMENT_ACTIVE_CONTENT',
  'RECIPIENT_COUNT',
  'MALWARE',
  'SPAM',
  'WEB_REPUTATION',
  'CORRELATED_INTELLIGENCE',
  'DLP',
] as const satisfies readonly CriterionType[];
export const CriterionTypeEnum = builder.enumType('CriterionType', { values: CRITERION_TYPES });
const SizeOpEnum = builder.enumType('SizeOperator', {
  values: ['GT', 'LE'] as const,
  description: 'GT: > (strictly greater); LE: <= (less or equal).',
});
const ActionTypeEnum = builder.enumType('PolicyActionType', { values: ACTION_TYPES });
const DetectionLevelEnum = builder.enumType('DetectionLevel', {
  values: DETECTION_LEVELS,
  description:
    'Spam catch rate or web reputation security level, lowest to highest. Defaults: spam MODERATELY_LOW, web reputation MODERATELY_HIGH.',
});
const SpamThreatEnum = builder.enumType('SpamThreat', { values: SPAM_THREATS, description: 'What a spam-filtering criterion looks for.' });
const StatusFilterEnum = builder.enumType('MigrationStatusFilter', {
  values: ['ERROR', 'WARNING', 'RESOLVED'] as const,
  description: 'The filter of the list screen: Error / Warning / Fixed-Confirmed-Successful.',
});
const LevelFilterEnum = builder.enumType('PolicyLevelFilter', { values: ['ORGANIZATION', 'USER_GROUP'] as const });
const SortFieldEnum = builder.enumType('PolicyRuleSortField', {
  values: ['ORDER', 'NAME', 'MODIFIED', 'LAST_USED', 'ENABLED', 'MIGRATION_STATUS', 'CREATED'] as const,
});

/** Batched per request and kind (policy-object-loader.ts): no query per route, criterion or action. */
function objectsById(ctx: GraphQLContext, info: GraphQLResolveInfo, delegate: PolicyObjectDelegate, ids: string[]) {
  return loadPolicyObjects(ctx, info, delegate, ids) as never;
}

// The object types of the models, for plain fields: a prismaField would plan a Prisma query
// from the selection on every call (a few hundred per page) for a query these fields never use.
const AddressGroupRef = getRefFromModel('AddressGroup', builder);
const KeywordListRef = getRefFromModel('KeywordList', builder);
const DlpTemplateRef = getRefFromModel('DlpTemplate', builder);
const StampRef = getRefFromModel('Stamp', builder);
const NotificationRef = getRefFromModel('PolicyNotification', builder);

const DELEGATE_OF: Record<ObjectKind, PolicyObjectDelegate> = {
  ADDRESS_GROUP: 'addressGroup',
  KEYWORD_LIST: 'keywordList',
  DLP_TEMPLATE: 'dlpTemplate',
  STAMP: 'stamp',
  NOTIFICATION: 'policyNotification',
};

/** The policy objects a page of rules names, per kind (rules that do not decode name none: their fields report the error). */
function objectIdsOf(rows: StoredRule[], ctx: GraphQLContext): Record<PolicyObjectDelegate, Set<string>> {
  const ids: Record<PolicyObjectDelegate, Set<string>> = {
    addressGroup: new Set(),
    keywordList: new Set(),
    dlpTemplate: new Set(),
    stamp: new Set(),
    policyNotification: new Set(),
  };
  for (const row of rows) {
    let body: RuleBody;
    try {
      body = ruleBody(row, ctx);
    } catch {
      continue;
    }
    let refs = refsOfBody.get(body);
    if (!refs) {
      refs = objectRefsOf(body);
      refsOfBody.set(body, refs);
    }
    for (const ref of refs) ids[DELEGATE_OF[ref.kind]].add(ref.id);
  }
  return ids;
}
/** Per decoded body (one per row object; a snapshot's rows serve many requests): the objects it names. */
const refsOfBody = new WeakMap<RuleBody, ReturnType<typeof objectRefsOf>>();

/** Per row object and sort: its cursor (a snapshot's rows are listed again and again by the same sort). */
const cursorsOfRow = new WeakMap<object, Map<string, string>>();
function cursorText(row: object, c: RuleCursor): string {
  let byKey = cursorsOfRow.get(row);
  if (!byKey) {
    byKey = new Map();
    cursorsOfRow.set(row, byKey);
  }
  const key = `${c.field}:${c.descending}`;
  let text = byKey.get(key);
  if (text === undefined) {
    text = encodeRuleCursor(c);
    byKey.set(key, text);
  }
  return text;
}

const RouteRef = builder.objectRef<RouteSpec>('PolicyRoute').implement({
  fields: (t) => ({
    kind: t.field({ type: RouteKindEnum, resolve: (r) => r.kind }),
    addresses: t.stringList({ resolve: (r) => r.entries.flatMap((e) => (e.type === 'ADDRESS' ? [e.value] : [])) }),
    domains: t.stringList({
      description: 'Domains picked from "My domains": each covers the domain and its subdomains.',
      resolve: (r) => r.entries.flatMap((e) => (e.type === 'DOMAIN' ? [e.domain] : [])),
    }),
    addressGroups: t.field({
      type: [AddressGroupRef],
      resolve: (r, _a, ctx, info) =>
        objectsById(
          ctx,
          info,
          'addressGroup',
          r.entries.flatMap((e) => (e.type === 'ADDRESS_GROUP' ? [e.groupId] : [])),
        ) as never,
    }),
    directoryGroupDns: t.stringList({ resolve: (r) => r.entries.flatMap((e) => (e.type === 'DIRECTORY_GROUP' ? [e.dn] : [])) }),
  }),
});

const ExceptionRef = builder.objectRef<RouteException>('PolicyRouteException').implement({
  fields: (t) => ({
    sender: t.field({ type: RouteRef, resolve: (x) => x.sender }),
    recipient: t.field({ type: RouteRef, resolve: (x) => x.recipient }),
  }),
});

const CriterionRef = builder.objectRef<Criterion>('PolicyCriterion').implement({
  description: 'One scanning criterion; the fields that apply depend on `type`.',
  fields: (t) => ({
    type: t.field({ type: CriterionTypeEnum, resolve: (c) => c.type }),
    operator: t.field({ type: SizeOpEnum, nullable: true, resolve: (c) => ('op' in c ? c.op : null) }),
    bytes: t.float({ nullable: true, resolve: (c) => ('bytes' in c ? c.bytes : null) }),
    count: t.int({ nullable: true, resolve: (c) => ('count' in c ? c.count : null) }),
    selected: t.boolean({
      nullable: true,
      description: 'false: attachment is NOT one of the values.',
      resolve: (c) => ('selected' in c ? c.selected : null),
    }),
    values: t.stringList({
      description: 'File name patterns, MIME types, true file types or header names.',
      resolve: (c) => ('patterns' in c ? c.patterns : 'types' in c ? c.types : 'headers' in c ? c.headers : []),
    }),
    keywordLists: t.field({
      type: [KeywordListRef],
      resolve: (c, _a, ctx, info) => objectsById(ctx, info, 'keywordList', 'keywordListIds' in c ? c.keywordListIds : []) as never,
    }),
    level: t.field({
      type: DetectionLevelEnum,
      nullable: true,
      description: 'SPAM and WEB_REPUTATION criteria.',
      resolve: (c) => ('level' in c ? c.level : null),
    }),
    spamThreat: t.field({
      type: SpamThreatEnum,
      nullable: true,
      description: 'SPAM criteria.',
      resolve: (c) => (c.type === 'SPAM' ? c.threat : null),
    }),
    dlpTemplates: t.field({
      type: [DlpTemplateRef],
      resolve: (c, _a, ctx, info) => objectsById(ctx, info, 'dlpTemplate', c.type === 'DLP' ? c.templateIds : []) as never,
    }),
    predefinedDlpTemplates: t.stringList({ resolve: (c) => (c.type === 'DLP' ? c.predefinedTemplates : []) }),
  }),
});

const InterceptRef = builder
  .objectRef<{ action: RuleBody['intercept']; options: RuleBody['interceptOptions'] }>('PolicyIntercept')
  .implement({
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
    stamp: t.field({
      type: StampRef,
      nullable: true,
      resolve: (a, _x, ctx, info) => (a.type === 'INSERT_STAMP' ? firstOf(objectsById(ctx, info, 'stamp', [a.stampId])) : null) as never,
    }),
    notification: t.field({
      type: NotificationRef,
      nullable: true,
      resolve: (a, _x, ctx, info) =>
        (a.type === 'NOTIFY' ? firstOf(objectsById(ctx, info, 'policyNotification', [a.notificationId])) : null) as never,
    }),
    recipients: t.stringList({ resolve: (a) => (a.type === 'BCC' ? a.recipients : []) }),
  }),
});

const NoteRef = builder.objectRef<{ code: string; category: string; message: string; messageJa: string }>('PolicyMigrationNote').implement({
  fields: (t) => ({
    code: t.field({ type: MigrationItemCodeEnum, resolve: (n) => n.code }),
    category: t.field({ type: ItemCategoryEnum, resolve: (n) => n.category as ItemCategory }),
    message: t.string({ resolve: (n, _, ctx) => (ctx.locale === 'ja' ? n.messageJa : n.message) }),
  }),
});

// A row's JSON columns are decoded once per request (rule-codec.ts); a rule that does not
// decode fails its own fields with POLICY_RULE_STORED_INVALID, not the whole server.
const decoded = new WeakMap<object, RuleBody>();
function ruleBody(row: StoredRule, ctx: GraphQLContext): RuleBody {
  let body = decoded.get(row);
  if (!body) {
    try {
      body = decodeRuleBody(row);
    } catch (err) {
      if (err instanceof ExpectedError) throw new GraphQLError(err.messageIn(ctx.locale), { extensions: { code: err.code } });
      throw err;
    }
    decoded.set(row, body);
  }
  return body;
}

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
    organizationLevel: t.boolean({
      description: 'The "Organization Level" column (組織レベル).',
      resolve: (r) => r.level === 'ORGANIZATION',
    }),
    recipients: t.field({ type: RouteRef, resolve: (r, _, ctx) => ruleBody(r, ctx).recipients }),
    senders: t.field({ type: RouteRef, resolve: (r, _, ctx) => ruleBody(r, ctx).senders }),
    exceptions: t.field({ type: [ExceptionRef], resolve: (r, _, ctx) => ruleBody(r, ctx).exceptions }),
    criteriaMode: t.expose('criteriaMode', { type: CriteriaModeEnum }),
    criteria: t.field({ type: [CriterionRef], resolve: (r, _, ctx) => ruleBody(r, ctx).criteria }),
    intercept: t.field({
      type: InterceptRef,
      resolve: (r, _, ctx) => ({ action: r.intercept, options: ruleBody(r, ctx).interceptOptions }),
    }),
    modifyActions: t.field({ type: [ActionRef], resolve: (r, _, ctx) => ruleBody(r, ctx).modifyActions }),
    monitorActions: t.field({ type: [ActionRef], resolve: (r, _, ctx) => ruleBody(r, ctx).monitorActions }),
    actionSummary: t.string({
      description: 'The "Action" column (処理), in the request language.',
      resolve: (r, _, ctx) => {
        const body = ruleBody(r, ctx);
        return actionSummary(body.intercept, [...body.modifyActions, ...body.monitorActions], ctx.locale);
      },
    }),
    migrationStatus: t.expose('migrationStatus', { type: MigrationStatusEnum, nullable: true }),
    migrationNotes: t.field({
      type: [NoteRef],
      description: 'What the migration changed, or what to fix (the ! icon).',
      resolve: (r) => (r.migrationNotes as never) ?? [],
    }),
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

/** A cursor the list cannot page from, as a GraphQL error with its code (a query has no userErrors). */
function cursorError(e: ExpectedError, ctx: GraphQLContext): GraphQLError {
  return new GraphQLError(e.messageIn(ctx.locale), { extensions: { code: e.code } });
}

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
      // The relay plugin's connection with our own keyset cursor rather than t.prismaConnection:
      // Prisma's cursor needs the cursor's row to still exist and to still match the filter
      // (a rule deleted or disabled between two pages would end the list), the Sender/Recipient
      // and criteria filters are matched in code, which its take/skip/cursor query cannot
      // express, and rules reference policy objects through JSON, not relations, so its
      // `query` spreading would have nothing to include. Paging: src/policies/list-policy-rules.ts.
      resolve: async (_, args, ctx, info) => {
        const cursor = (text: string | null | undefined): RuleCursor | null => {
          if (text == null) return null;
          const c = decodeRuleCursor(text);
          if (!c) throw cursorError(policyErrors.error('POLICY_RULE_CURSOR_INVALID'), ctx);
          return c;
        };
        const query = {
          ...{ direction: args.direction, type: args.type, filter: args.filter, sort: args.sort, first: args.first, last: args.last },
          ...{
            after: cursor(args.after),
            before: cursor(args.before),
            withTotalCount: selectedFieldNames(info).has('totalCount'),
            withMigrationNotes: selectsBelow(info, 'migrationNotes'),
          },
        };
        // The tenant's policy snapshot when it holds what the database holds (the request read the
        // tenant's policy revision with the tenant); else the database, and a snapshot is built.
        const snapshot = ctx.services.policySnapshots.current(ctx.tenant.id, ctx.tenant.policyRevision);
        const rows = query.withMigrationNotes ? null : snapshot?.list(args.direction, args.type);
        const page = await listPolicyRules(ctx.db, ctx.tenant.id, query, ctx.services.dbKind, rows).catch((err: unknown) => {
          throw err instanceof ExpectedError ? cursorError(err, ctx) : err;
        });
        // The page's policy objects, from the snapshot or in one query per kind, before graphql asks for them rule by rule.
        await readAheadPolicyObjects(
          ctx,
          info,
          objectIdsOf(
            page.rules.map((r) => r.rule),
            ctx,
          ),
          snapshot,
        );
        const edges = page.rules.map((r) => ({ cursor: cursorText(r.rule, r.cursor), node: r.rule }));
        const pageInfo = {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: page.hasPreviousPage,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        };
        return { edges, pageInfo, totalCount: page.totalCount };
      },
    },
    {
      name: 'PolicyRuleConnection',
      fields: (c) => ({ totalCount: c.int({ resolve: (p) => (p as unknown as { totalCount: number }).totalCount }) }),
    },
    { name: 'PolicyRuleEdge' },
  ),
  policySettings: t.field({
    type: builder.objectRef<{ showMigrationStatus: boolean }>('PolicySettings').implement({
      fields: (f) => ({
        showMigrationStatus: f.exposeBoolean('showMigrationStatus', {
          description: 'Show the Migration Status column and filter (移行ステータスの表示).',
        }),
      }),
    }),
    resolve: (_, __, ctx) => ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { showMigrationStatus: true } }),
  }),
}));

// ---- inputs ----

const RouteInput = builder.inputType('PolicyRouteInput', {
  fields: (t) => ({
    kind: t.field({ type: RouteKindEnum, required: true }),
    addresses: t.stringList({ description: 'user@example.com, *@example.com (wildcard domains on the external side only).' }),
    domains: t.stringList({ description: 'Domains of the tenant ("My domains"); each covers the domain and its subdomains.' }),
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
    level: t.field({
      type: DetectionLevelEnum,
      description: 'SPAM (default MODERATELY_LOW) and WEB_REPUTATION (default MODERATELY_HIGH).',
    }),
    spamThreat: t.field({ type: SpamThreatEnum, description: 'SPAM criteria; default SPAM.' }),
    dlpTemplateIds: t.idList(),
  }),
});
const InterceptInput = builder.inputType('PolicyInterceptInput', {
  fields: (t) => ({
    action: t.field({ type: InterceptEnum, required: true }),
    server: t.string(),
    recipients: t.stringList(),
    quarantineArea: t.string(),
  }),
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

// The resolvers only decode Relay ids; shaping and CEGP's defaults are the policies
// capability's (src/policies/rule-input.ts), which the importer and the relay share.
const ids = (list: readonly (string | number)[] | null | undefined, typename: string, field: string) =>
  (list ?? []).map((id) => idOf(String(id), typename, field));

const route = (r: RouteIn, field: string): RouteSpec =>
  routeFromInput({ ...r, addressGroupIds: ids(r.addressGroupIds, 'AddressGroup', `${field}.addressGroupIds`) });

function exceptions(list: readonly (typeof ExceptionInput.$inferInput)[]): RouteException[] {
  return list.map((x, i) => ({
    sender: route(x.sender, `input.exceptions.${i}.sender`),
    recipient: route(x.recipient, `input.exceptions.${i}.recipient`),
  }));
}

const criterion = (c: CriterionIn, i: number): Criterion =>
  criterionFromInput({
    ...c,
    keywordListIds: ids(c.keywordListIds, 'KeywordList', `input.criteria.${i}`),
    dlpTemplateIds: ids(c.dlpTemplateIds, 'DlpTemplate', `input.criteria.${i}`),
  });

const actions = (list: readonly ActionIn[], field: string) =>
  actionsFromInput(
    list.map((a, i) => ({
      ...a,
      stampId: a.stampId == null ? null : idOf(String(a.stampId), 'Stamp', `${field}.${i}`),
      notificationId: a.notificationId == null ? null : idOf(String(a.notificationId), 'PolicyNotification', `${field}.${i}`),
    })),
  );

/** Both action lists of an added rule; an action given in the other list lands in its own half. */
function mergeActions(modify: readonly ActionIn[], monitor: readonly ActionIn[]) {
  const a = actions(modify, 'input.modifyActions');
  const b = actions(monitor, 'input.monitorActions');
  return { modifyActions: [...a.modifyActions, ...b.modifyActions], monitorActions: [...a.monitorActions, ...b.monitorActions] };
}

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
          ...interceptFromInput(input.intercept),
          ...mergeActions(input.modifyActions ?? [], input.monitorActions ?? []),
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
        if (input.intercept) Object.assign(changes, interceptFromInput(input.intercept));
        if (input.modifyActions) changes.modifyActions = actions(input.modifyActions, 'input.modifyActions').modifyActions;
        if (input.monitorActions) changes.monitorActions = actions(input.monitorActions, 'input.monitorActions').monitorActions;
        return { id: (await updatePolicyRule(ctx.useCase(), idOf(String(input.id), 'PolicyRule', 'input.id'), changes)).id };
      }),
  }),
  copyPolicyRule: t.field({
    type: RulePayload,
    description: 'Copies a rule (disabled, named "<name> (copy)") to the end of its list.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) =>
      withUserErrors(ctx.locale, async () => ({ id: (await copyPolicyRule(ctx.useCase(), idOf(String(id), 'PolicyRule', 'id'))).id })),
  }),
  setPolicyRuleEnabled: t.field({
    type: RulePayload,
    description: 'Enables or disables a rule; a rule that Needs fix must be marked fixed first.',
    args: { id: t.arg.id({ required: true }), enabled: t.arg.boolean({ required: true }) },
    resolve: (_, args, ctx) =>
      withUserErrors(ctx.locale, async () => ({
        id: (await setPolicyRuleEnabled(ctx.useCase(), idOf(String(args.id), 'PolicyRule', 'id'), args.enabled)).id,
      })),
  }),
  reorderPolicyRule: t.field({
    type: RulePayload,
    description: 'Moves a rule to a new order number within its list (the others shift).',
    args: { id: t.arg.id({ required: true }), order: t.arg.int({ required: true }) },
    resolve: (_, args, ctx) =>
      withUserErrors(ctx.locale, async () => ({
        id: (await reorderPolicyRule(ctx.useCase(), idOf(String(args.id), 'PolicyRule', 'id'), args.order)).id,
      })),
  }),
  deletePolicyRule: t.field({
    type: deletePayload('DeletePolicyRulePayload'),
    args: { id: t.arg.id({ required: true }) },
    resolve: resolveDelete('PolicyRule', deletePolicyRule),
  }),
  markPolicyFixed: t.field({
    type: RulePayload,
    description: 'Needs fix → Fixed (修正済み) once the administrator has fixed the rule. The rule stays disabled until enabled.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) =>
      withUserErrors(ctx.locale, async () => ({
        id: (await resolveMigrationStatus(ctx.useCase(), idOf(String(id), 'PolicyRule', 'id'), 'FIX')).id,
      })),
  }),
  confirmPolicy: t.field({
    type: RulePayload,
    description: 'Needs confirmation → Confirmed.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) =>
      withUserErrors(ctx.locale, async () => ({
        id: (await resolveMigrationStatus(ctx.useCase(), idOf(String(id), 'PolicyRule', 'id'), 'CONFIRM')).id,
      })),
  }),
  setShowMigrationStatus: t.field({
    type: builder.objectRef<{ show?: boolean; userErrors: UserErrorShape[] }>('SetShowMigrationStatusPayload').implement({
      fields: (f) => ({
        showMigrationStatus: f.boolean({ nullable: true, resolve: (p) => p.show ?? null }),
        userErrors: f.field({ type: [UserError], resolve: (p) => p.userErrors }),
      }),
    }),
    args: { show: t.arg.boolean({ required: true }) },
    resolve: (_, { show }, ctx) =>
      withUserErrors(ctx.locale, async () => {
        await setShowMigrationStatus(ctx.useCase(), show);
        return { show };
      }),
  }),
}));
