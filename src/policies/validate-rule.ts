// Validation of a rule as an administrator edits it (add, edit, copy). Pure: the caller
// passes the managed domains and the ids of the tenant's policy objects.
// Constraints: docs/cegp/policies-and-content-filtering.md §1–§5.
import { isManaged, isWildcardDomain, type ManagedDomain } from '../domains/addresses.js';
import type { ExpectedError, LocalizedText, MessageParams } from '../platform/errors.js';
import { POLICY_OBJECT_KINDS, POLICY_TERMS, policyErrors } from './errors.js';
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
/** Attachment and recipient counts: far above any real message, so a typo stands out. */
export const MAX_COUNT_CRITERION = 100_000;
const ADDRESS_PATTERN =
  /^(\*|[a-z0-9.!#$%&'+/=?^_`{|}~-]{1,64})@(\*|(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)$/;

/** Deliver now to a specific server: "host:port" or "[IPv6]:port". */
const SERVER_ADDRESS = /^(?:[a-z0-9.-]+|\[[0-9a-f:]+\]):(\d{1,5})$/i;
/** TCP ports are 16 bits and port 0 is reserved (RFC 9293 §3.1): "host:99999" names no server. */
const MAX_PORT = 65_535;

export interface RuleValidationContext {
  managedDomains: ManagedDomain[];
  objectIds: Record<ObjectKind, Set<string>>;
  /** Address groups flagged internal: only those may sit on the organization side (§2). */
  internalGroupIds: Set<string>;
}

/** Header values are one line: CR or LF in an inserted header would start another header (RFC 5322 §2.2). */
const HEADER_VALUE_BREAK = /[\r\n]/;

export function isAddressPattern(v: string): boolean {
  return ADDRESS_PATTERN.test(v.trim().toLowerCase());
}

function isServerAddress(v: string): boolean {
  const port = Number(SERVER_ADDRESS.exec(v)?.[1]);
  return port >= 1 && port <= MAX_PORT;
}

export function validateRule(rule: RuleBody, ctx: RuleValidationContext): ExpectedError[] {
  const p: ExpectedError[] = [];
  const name = rule.name.trim();
  if (!name || name.length > MAX_RULE_NAME_CHARS) p.push(policyErrors.error('POLICY_RULE_NAME_INVALID', {}, 'input.name'));
  if (rule.type === 'CORRELATED_INTELLIGENCE' && rule.direction === 'OUTBOUND')
    p.push(policyErrors.error('POLICY_TYPE_DIRECTION_INVALID', { type: rule.type }, 'input.type'));
  const internal = internalSide(rule.direction);
  p.push(...route(rule.recipients, 'recipients', internal === 'recipients', ctx, false));
  p.push(...route(rule.senders, 'senders', internal === 'senders', ctx, false));
  rule.exceptions.forEach((x, i) => {
    p.push(...route(x.sender, `exceptions.${i}.sender`, internal === 'senders', ctx, true));
    p.push(...route(x.recipient, `exceptions.${i}.recipient`, internal === 'recipients', ctx, true));
  });
  if (rule.criteriaMode !== 'NO_CRITERIA' && rule.criteria.length === 0)
    p.push(policyErrors.error('POLICY_CRITERIA_REQUIRED', {}, 'input.criteria'));
  rule.criteria.forEach((c, i) => {
    const field = `input.criteria.${i}`;
    if (rule.criteriaMode === 'ALL_MATCH' && ANY_MATCH_ONLY.has(c.type))
      p.push(policyErrors.error('POLICY_CRITERION_ANY_ONLY', { criterion: c.type }, field));
    if (rule.direction === 'OUTBOUND' && INBOUND_ONLY.has(c.type))
      p.push(policyErrors.error('POLICY_CRITERION_INBOUND_ONLY', { criterion: c.type }, field));
    const bad = (
      code:
        | 'POLICY_CRITERION_SIZE_INVALID'
        | 'POLICY_CRITERION_COUNT_INVALID'
        | 'POLICY_CRITERION_VALUES_REQUIRED'
        | 'POLICY_CRITERION_KEYWORD_LISTS_REQUIRED'
        | 'POLICY_CRITERION_HEADERS_REQUIRED',
    ) =>
      p.push(
        policyErrors.error(
          code,
          { index: i + 1, criterion: c.type, maxMb: MAX_SIZE_CRITERION_BYTES / 1024 / 1024, max: MAX_COUNT_CRITERION },
          field,
        ),
      );
    if (
      (c.type === 'MESSAGE_SIZE' || c.type === 'ATTACHMENT_SIZE') &&
      !(Number.isInteger(c.bytes) && c.bytes >= 0 && c.bytes <= MAX_SIZE_CRITERION_BYTES)
    )
      bad('POLICY_CRITERION_SIZE_INVALID');
    if (
      (c.type === 'ATTACHMENT_COUNT' || c.type === 'RECIPIENT_COUNT') &&
      !(Number.isInteger(c.count) && c.count >= 0 && c.count <= MAX_COUNT_CRITERION)
    )
      bad('POLICY_CRITERION_COUNT_INVALID');
    if (
      (c.type === 'ATTACHMENT_NAME' && c.patterns.length === 0) ||
      ((c.type === 'ATTACHMENT_MIME_TYPE' || c.type === 'ATTACHMENT_TRUE_FILE_TYPE') && c.types.length === 0)
    )
      bad('POLICY_CRITERION_VALUES_REQUIRED');
    if ('keywordListIds' in c) {
      if (c.keywordListIds.length === 0) bad('POLICY_CRITERION_KEYWORD_LISTS_REQUIRED');
      for (const id of c.keywordListIds)
        if (!ctx.objectIds.KEYWORD_LIST.has(id))
          p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: POLICY_OBJECT_KINDS.KEYWORD_LIST, id }, field));
    }
    if (c.type === 'HEADER_KEYWORDS' && c.headers.every((h) => !h.trim())) bad('POLICY_CRITERION_HEADERS_REQUIRED');
    if (c.type === 'DLP' && c.templateIds.length === 0 && c.predefinedTemplates.length === 0) bad('POLICY_CRITERION_VALUES_REQUIRED');
    if (c.type === 'DLP')
      for (const id of c.templateIds)
        if (!ctx.objectIds.DLP_TEMPLATE.has(id))
          p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: POLICY_OBJECT_KINDS.DLP_TEMPLATE, id }, field));
  });
  p.push(...actions(rule, ctx));
  return p;
}

function route(r: RouteSpec, side: string, internal: boolean, ctx: RuleValidationContext, exception: boolean): ExpectedError[] {
  const p: ExpectedError[] = [];
  const field = `input.${side}`;
  if (r.kind === 'SPECIFIED' && r.entries.length === 0 && !exception) {
    p.push(
      policyErrors.error(
        'POLICY_ROUTE_EMPTY',
        { side: sideTerm(side), broad: internal ? POLICY_TERMS.myOrganization : POLICY_TERMS.anyone },
        field,
      ),
    );
  }
  if (r.entries.length > MAX_ROUTE_ENTRIES)
    p.push(
      policyErrors.error('POLICY_ROUTE_TOO_MANY_ENTRIES', { side: sideTerm(side), count: r.entries.length, max: MAX_ROUTE_ENTRIES }, field),
    );
  for (const e of r.entries) {
    if (e.type === 'ADDRESS') {
      if (!isAddressPattern(e.value)) p.push(policyErrors.error('POLICY_ROUTE_ADDRESS_INVALID', { address: e.value }, field));
      else if (internal && isWildcardDomain(e.value))
        p.push(policyErrors.error('POLICY_ROUTE_WILDCARD_INTERNAL', { address: e.value }, field));
    }
    if (e.type === 'DOMAIN' && !ctx.managedDomains.some((d) => d.name === e.domain))
      p.push(policyErrors.error('POLICY_ROUTE_DOMAIN_UNKNOWN', { domain: e.domain }, field));
    if (e.type === 'ADDRESS_GROUP' && !ctx.objectIds.ADDRESS_GROUP.has(e.groupId))
      p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: POLICY_OBJECT_KINDS.ADDRESS_GROUP, id: e.groupId }, field));
    // §2: internal groups "are mandatory where the group sits on the organization side".
    else if (e.type === 'ADDRESS_GROUP' && internal && !ctx.internalGroupIds.has(e.groupId))
      p.push(policyErrors.error('POLICY_ROUTE_GROUP_NOT_INTERNAL', { id: e.groupId }, field));
    // §2: "LDAP groups are allowed on the internal side only".
    if (e.type === 'DIRECTORY_GROUP' && !internal) p.push(policyErrors.error('POLICY_ROUTE_DIRECTORY_GROUP_EXTERNAL', { dn: e.dn }, field));
  }
  return p;
}

/** The route side as the user knows it; `side` is the field path ("senders", "exceptions.0.recipient"). */
function sideTerm(side: string): LocalizedText {
  if (side.startsWith('exceptions.')) return side.endsWith('sender') ? POLICY_TERMS.exceptionSender : POLICY_TERMS.exceptionRecipient;
  return side === 'senders' ? POLICY_TERMS.senders : POLICY_TERMS.recipients;
}

function actions(rule: RuleBody, ctx: RuleValidationContext): ExpectedError[] {
  const p: ExpectedError[] = [];
  const invalid = (code: Parameters<typeof policyErrors.error>[0], field: string, params: MessageParams = {}) =>
    p.push(policyErrors.error(code, params, field));
  // Change recipient and BCC send mail to these addresses: each must be one mailbox (no
  // wildcard) at a managed domain.
  const unmanaged = (action: LocalizedText, list: string[], field: string) => {
    for (const a of list) {
      if (!isAddressPattern(a) || a.includes('*'))
        p.push(policyErrors.error('POLICY_ACTION_TARGET_NOT_MAILBOX', { action, address: a }, field));
      else if (!isManaged(a, ctx.managedDomains))
        p.push(policyErrors.error('POLICY_ACTION_TARGET_UNMANAGED', { action, address: a }, field));
    }
  };
  if (rule.intercept === 'CHANGE_RECIPIENT') {
    if (!rule.interceptOptions.recipients?.length) invalid('POLICY_CHANGE_RECIPIENT_REQUIRED', 'input.intercept.recipients');
    else unmanaged(POLICY_TERMS.changeRecipient, rule.interceptOptions.recipients, 'input.intercept.recipients');
  }
  if (rule.intercept === 'DELIVER_NOW' && rule.interceptOptions.server && !isServerAddress(rule.interceptOptions.server)) {
    invalid('POLICY_DELIVER_NOW_SERVER_INVALID', 'input.intercept.server', { server: rule.interceptOptions.server });
  }
  const types = rule.modifyActions.map((a) => a.type);
  if (types.includes('CLEAN_MALWARE') && types.includes('DELETE_ATTACHMENTS')) {
    invalid('POLICY_ACTIONS_EXCLUSIVE', 'input.modifyActions');
  }
  rule.modifyActions.forEach((a, i) => {
    const field = `input.modifyActions.${i}`;
    if (a.type === 'INSERT_X_HEADER' && RESERVED_X_HEADER.test(a.name)) invalid('POLICY_X_HEADER_RESERVED', field, { header: a.name });
    else if (a.type === 'INSERT_X_HEADER' && !/^[\x21-\x39\x3b-\x7e]+$/.test(a.name))
      invalid('POLICY_X_HEADER_NAME_INVALID', field, { header: a.name });
    if (a.type === 'INSERT_X_HEADER' && HEADER_VALUE_BREAK.test(a.value))
      invalid('POLICY_X_HEADER_VALUE_INVALID', field, { header: a.name });
    if (a.type === 'ENCRYPT' && (rule.direction !== 'OUTBOUND' || rule.intercept !== 'NONE')) {
      invalid('POLICY_ENCRYPT_NOT_ALLOWED', field);
    }
    if (a.type === 'INSERT_STAMP' && !ctx.objectIds.STAMP.has(a.stampId))
      p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: POLICY_OBJECT_KINDS.STAMP, id: a.stampId }, field));
    if (a.type === 'TAG_SUBJECT' && !a.text.trim()) invalid('POLICY_TAG_SUBJECT_REQUIRED', field);
  });
  rule.monitorActions.forEach((a, i) => {
    const field = `input.monitorActions.${i}`;
    if (a.type === 'BCC') {
      if (TERMINAL_INTERCEPTS.has(rule.intercept)) invalid('POLICY_BCC_WITH_TERMINAL', field);
      if (!a.recipients.length) invalid('POLICY_BCC_RECIPIENTS_REQUIRED', field);
      unmanaged(POLICY_TERMS.bcc, a.recipients, field);
    }
    if (a.type === 'NOTIFY' && !ctx.objectIds.NOTIFICATION.has(a.notificationId))
      p.push(policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: POLICY_OBJECT_KINDS.NOTIFICATION, id: a.notificationId }, field));
  });
  return p;
}
