// Validation of a rule as an administrator edits it (add, edit, copy). Pure: the caller
// passes the managed domains and the ids of the tenant's policy objects.
// Constraints: docs/cegp/policies-and-content-filtering.md §1–§5.
import { isManaged, isWildcardDomain, type ManagedDomain } from '../domains/addresses.js';
import type { DomainError } from '../platform/errors.js';
import { policyErrors } from './errors.js';
import {
  ANY_MATCH_ONLY,
  INBOUND_ONLY,
  internalSide,
  MAX_SIZE_CRITERION_BYTES,
  RESERVED_X_HEADER,
  TERMINAL_INTERCEPTS,
  type ObjectKind,
  type RouteSpec,
  type RuleBody,
} from './rule.js';

export const MAX_RULE_NAME_CHARS = 100;
/** Route lists import at most 500 records (CEGP); a bound for typed lists too. */
export const MAX_ROUTE_ENTRIES = 500;
const ADDRESS_PATTERN = /^(\*|[a-z0-9.!#$%&'+/=?^_`{|}~-]{1,64})@(\*|(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)$/;

export interface RuleValidationContext {
  managedDomains: ManagedDomain[];
  objectIds: Record<ObjectKind, Set<string>>;
}

export function isAddressPattern(v: string): boolean {
  return ADDRESS_PATTERN.test(v.trim().toLowerCase());
}

export function validateRule(rule: RuleBody, ctx: RuleValidationContext): DomainError[] {
  const p: DomainError[] = [];
  const name = rule.name.trim();
  if (!name || name.length > MAX_RULE_NAME_CHARS) p.push(policyErrors.error('POLICY_RULE_NAME_INVALID', {}, 'input.name'));
  if (rule.type === 'CORRELATED_INTELLIGENCE' && rule.direction === 'OUTBOUND') p.push(policyErrors.error('POLICY_TYPE_DIRECTION_INVALID', { type: rule.type }, 'input.type'));
  const internal = internalSide(rule.direction);
  p.push(...route(rule.recipients, 'recipients', internal === 'recipients', ctx, false));
  p.push(...route(rule.senders, 'senders', internal === 'senders', ctx, false));
  rule.exceptions.forEach((x, i) => {
    p.push(...route(x.sender, `exceptions.${i}.sender`, internal === 'senders', ctx, true));
    p.push(...route(x.recipient, `exceptions.${i}.recipient`, internal === 'recipients', ctx, true));
  });
  if (rule.criteriaMode !== 'NO_CRITERIA' && rule.criteria.length === 0) p.push(policyErrors.error('POLICY_CRITERIA_REQUIRED', {}, 'input.criteria'));
  rule.criteria.forEach((c, i) => {
    const field = `input.criteria.${i}`;
    if (rule.criteriaMode === 'ALL_MATCH' && ANY_MATCH_ONLY.has(c.type)) p.push(policyErrors.error('POLICY_CRITERION_ANY_ONLY', { criterion: c.type }, field));
    if (rule.direction === 'OUTBOUND' && INBOUND_ONLY.has(c.type)) p.push(policyErrors.error('POLICY_CRITERION_INBOUND_ONLY', { criterion: c.type }, field));
    const bad = (detail: string) => p.push(policyErrors.error('POLICY_CRITERION_INVALID', { index: i + 1, criterion: c.type, detail }, field));
    if ((c.type === 'MESSAGE_SIZE' || c.type === 'ATTACHMENT_SIZE') && !(Number.isInteger(c.bytes) && c.bytes >= 0 && c.bytes <= MAX_SIZE_CRITERION_BYTES)) bad('size must be 0–150 MB');
    if ((c.type === 'ATTACHMENT_COUNT' || c.type === 'RECIPIENT_COUNT') && !(Number.isInteger(c.count) && c.count >= 0 && c.count <= 100_000)) bad('count must be a whole number ≥ 0');
    if ((c.type === 'ATTACHMENT_NAME' && c.patterns.length === 0) || ((c.type === 'ATTACHMENT_MIME_TYPE' || c.type === 'ATTACHMENT_TRUE_FILE_TYPE') && c.types.length === 0)) bad('choose at least one value');
    if ('keywordListIds' in c) {
      if (c.keywordListIds.length === 0) bad('choose at least one keyword list');
      for (const id of c.keywordListIds) if (!ctx.objectIds.KEYWORD_LIST.has(id)) bad(`keyword list ${id} does not exist`);
    }
    if (c.type === 'HEADER_KEYWORDS' && c.headers.every((h) => !h.trim())) bad('name at least one header');
    if (c.type === 'DLP') for (const id of c.templateIds) if (!ctx.objectIds.DLP_TEMPLATE.has(id)) bad(`DLP template ${id} does not exist`);
  });
  p.push(...actions(rule, ctx));
  return p;
}

function route(r: RouteSpec, side: string, internal: boolean, ctx: RuleValidationContext, exception: boolean): DomainError[] {
  const p: DomainError[] = [];
  const field = `input.${side}`;
  if (r.kind === 'SPECIFIED' && r.entries.length === 0 && !exception) {
    p.push(policyErrors.error('POLICY_ROUTE_EMPTY', { side, broad: internal ? 'My organization' : 'Anyone' }, field));
  }
  if (r.entries.length > MAX_ROUTE_ENTRIES) p.push(policyErrors.error('POLICY_ROUTE_EMPTY', { side, broad: `at most ${MAX_ROUTE_ENTRIES} entries` }, field));
  for (const e of r.entries) {
    if (e.type === 'ADDRESS') {
      if (!isAddressPattern(e.value)) p.push(policyErrors.error('POLICY_ROUTE_ADDRESS_INVALID', { address: e.value }, field));
      else if (internal && isWildcardDomain(e.value)) p.push(policyErrors.error('POLICY_ROUTE_WILDCARD_INTERNAL', { address: e.value }, field));
    }
    if (e.type === 'ADDRESS_GROUP' && !ctx.objectIds.ADDRESS_GROUP.has(e.groupId)) p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: 'address group', id: e.groupId }, field));
  }
  return p;
}

function actions(rule: RuleBody, ctx: RuleValidationContext): DomainError[] {
  const p: DomainError[] = [];
  const invalid = (detail: string, detailJa: string, field: string) => p.push(policyErrors.error('POLICY_ACTION_INVALID', { detail, detailJa }, field));
  const unmanaged = (action: string, list: string[], field: string) => {
    for (const a of list) if (!isManaged(a, ctx.managedDomains)) p.push(policyErrors.error('POLICY_ACTION_TARGET_UNMANAGED', { action, address: a }, field));
  };
  if (rule.intercept === 'CHANGE_RECIPIENT') {
    if (!rule.interceptOptions.recipients?.length) invalid('Change recipient needs at least one address.', '受信者の変更には 1 つ以上のアドレスが必要です。', 'input.intercept.recipients');
    else unmanaged('change recipient', rule.interceptOptions.recipients, 'input.intercept.recipients');
  }
  if (rule.intercept === 'DELIVER_NOW' && rule.interceptOptions.server && !/^[a-z0-9.-]+:\d{1,5}$|^\[[0-9a-f:]+\]:\d{1,5}$/i.test(rule.interceptOptions.server)) {
    invalid('Deliver now to a specific server takes host:port.', '特定のサーバへの即時配信には host:port を指定してください。', 'input.intercept.server');
  }
  const types = rule.modifyActions.map((a) => a.type);
  if (types.includes('CLEAN_MALWARE') && types.includes('DELETE_ATTACHMENTS')) {
    invalid('Clean malware and Delete matching attachments exclude each other.', '「不正プログラムの駆除」と「一致した添付ファイルの削除」は同時に選択できません。', 'input.modifyActions');
  }
  rule.modifyActions.forEach((a, i) => {
    const field = `input.modifyActions.${i}`;
    if (a.type === 'INSERT_X_HEADER' && (RESERVED_X_HEADER.test(a.name) || !/^[\x21-\x39\x3b-\x7e]+$/.test(a.name))) {
      invalid(`The header name "${a.name}" is reserved (X-TM, X-MT) or not a header name.`, `ヘッダ名「${a.name}」は予約済み (X-TM、X-MT) か、ヘッダ名として無効です。`, field);
    }
    if (a.type === 'ENCRYPT' && (rule.direction !== 'OUTBOUND' || rule.intercept !== 'NONE')) {
      invalid('Encrypt email is for outbound rules with "Do not intercept messages".', 'メールの暗号化は「メッセージを阻止しない」を選択した送信ルールでのみ使用できます。', field);
    }
    if (a.type === 'INSERT_STAMP' && !ctx.objectIds.STAMP.has(a.stampId)) p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: 'stamp', id: a.stampId }, field));
    if (a.type === 'TAG_SUBJECT' && !a.text.trim()) invalid('Tag subject needs a tag.', '件名のタグを入力してください。', field);
  });
  rule.monitorActions.forEach((a, i) => {
    const field = `input.monitorActions.${i}`;
    if (a.type === 'BCC') {
      if (TERMINAL_INTERCEPTS.has(rule.intercept)) invalid('BCC cannot be combined with a terminal action (delete, deliver now, quarantine, change recipient).', 'BCC は終了処理 (削除、即時配信、隔離、受信者の変更) と同時に選択できません。', field);
      if (!a.recipients.length) invalid('BCC needs at least one address.', 'BCC には 1 つ以上のアドレスが必要です。', field);
      unmanaged('BCC', a.recipients, field);
    }
    if (a.type === 'NOTIFY' && !ctx.objectIds.NOTIFICATION.has(a.notificationId)) p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: 'notification', id: a.notificationId }, field));
  });
  return p;
}
