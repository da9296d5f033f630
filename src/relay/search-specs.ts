// The filters of each tracking list (mail tracking, policy events, quarantine, captured
// messages) as search conditions (search-sql.ts), after the search rules of
// tracking-search.ts. Throws the rules' ExpectedErrors; `field` paths name the argument.
import type { MailMessageStatus, PolicyDirection } from '../db/enums.js';
import type { SearchCondition, SearchSpec } from './search-sql.js';
import {
  checkPeriod,
  containsLike,
  normalizeMessageId,
  parseAddressPatterns,
  parseSubjectSearch,
  MAX_TEXT_FILTER_CHARS,
} from './tracking-search.js';
import { trackingErrors } from './tracking-errors.js';

type Maybe<T> = T | null | undefined;

export interface MailMessageFilter {
  messageId?: Maybe<string>;
  direction?: Maybe<PolicyDirection>;
  sender?: Maybe<string>;
  recipient?: Maybe<string>;
  subject?: Maybe<string>;
  status?: Maybe<MailMessageStatus>;
  receivedAfter?: Maybe<Date>;
  receivedBefore?: Maybe<Date>;
}

export interface PolicyEventFilter {
  after?: Maybe<Date>;
  before?: Maybe<Date>;
  direction?: Maybe<PolicyDirection>;
  sender?: Maybe<string>;
  recipient?: Maybe<string>;
  subject?: Maybe<string>;
  ruleName?: Maybe<string>;
  threatType?: Maybe<string>;
  messageId?: Maybe<string>;
}

export interface QuarantineFilter {
  receivedAfter?: Maybe<Date>;
  receivedBefore?: Maybe<Date>;
  direction?: Maybe<PolicyDirection>;
  sender?: Maybe<string>;
  recipient?: Maybe<string>;
  subject?: Maybe<string>;
  reason?: Maybe<readonly string[]>;
  ruleName?: Maybe<string>;
  messageId?: Maybe<string>;
}

export interface CapturedMessageFilter {
  messageId?: Maybe<string>;
  recipient?: Maybe<string>;
}

/** The conditions every list shares: message ID, direction, sender, recipients, subject, period. */
interface Common {
  messageId?: Maybe<string>;
  direction?: Maybe<PolicyDirection>;
  sender?: Maybe<string>;
  recipient?: Maybe<string>;
  subject?: Maybe<string>;
  after?: Maybe<Date>;
  before?: Maybe<Date>;
}

interface Columns {
  time: string;
  sender: string;
  recipients: string;
  /** A lower-case, line-per-recipient copy of the recipients to filter on first (MailMessage.recipientList). */
  recipientLines?: string;
  beforeField: string;
}

function common(f: Common, c: Columns, path: string): SearchCondition[] {
  const out: SearchCondition[] = [];
  const messageId = normalizeMessageId(f.messageId, `${path}.messageId`);
  if (messageId !== null) out.push({ kind: 'equals', column: 'messageId', value: messageId });
  if (f.direction) out.push({ kind: 'equals', column: 'direction', value: f.direction });
  const senders = parseAddressPatterns(f.sender, `${path}.sender`);
  if (senders.length) out.push({ kind: 'likeAny', column: c.sender, patterns: senders.map((p) => p.like) });
  const recipients = parseAddressPatterns(f.recipient, `${path}.recipient`);
  if (recipients.length && c.recipientLines)
    out.push({ kind: 'likeAny', column: c.recipientLines, patterns: recipients.map((p) => p.lineLike) });
  if (recipients.length) out.push({ kind: 'jsonLikeAny', column: c.recipients, patterns: recipients.map((p) => p.like) });
  const terms = parseSubjectSearch(f.subject, `${path}.subject`);
  if (terms.length) out.push({ kind: 'likeAll', column: 'subject', patterns: terms.map((t) => t.like) });
  checkPeriod(f.after, f.before, `${path}.${c.beforeField}`);
  if (f.after) out.push({ kind: 'since', column: c.time, value: f.after });
  if (f.before) out.push({ kind: 'until', column: c.time, value: f.before });
  return out;
}

const MAIL: Columns = {
  time: 'receivedAt',
  sender: 'envelopeSender',
  recipients: 'envelopeRecipients',
  recipientLines: 'recipientList',
  beforeField: 'receivedBefore',
};

export function mailMessageSearch(tenantId: string, f: Maybe<MailMessageFilter>, path = 'filter'): SearchSpec {
  const filter = f ?? {};
  const conditions = common({ ...filter, after: filter.receivedAfter, before: filter.receivedBefore }, MAIL, path);
  if (filter.status) conditions.push({ kind: 'equals', column: 'status', value: filter.status });
  return { table: 'MailMessage', timeColumn: 'receivedAt', tenantId, conditions };
}

export function policyEventSearch(tenantId: string, f: Maybe<PolicyEventFilter>, path = 'filter'): SearchSpec {
  const filter = f ?? {};
  const columns = { time: 'at', sender: 'envelopeSender', recipients: 'recipients', beforeField: 'before' };
  const conditions = common(filter, columns, path);
  const rule = containsLike(filter.ruleName, `${path}.ruleName`);
  if (rule) conditions.push({ kind: 'likeAny', column: 'ruleName', patterns: [rule] });
  const threat = exactText(filter.threatType, `${path}.threatType`);
  if (threat) conditions.push({ kind: 'equals', column: 'threatType', value: threat });
  return { table: 'PolicyEvent', timeColumn: 'at', tenantId, conditions };
}

export function quarantineSearch(tenantId: string, f: Maybe<QuarantineFilter>, path = 'filter'): SearchSpec {
  const filter = f ?? {};
  const columns = {
    time: 'quarantinedAt',
    sender: 'envelopeSender',
    recipients: 'recipients',
    beforeField: 'receivedBefore',
  };
  const conditions = common({ ...filter, after: filter.receivedAfter, before: filter.receivedBefore }, columns, path);
  const rule = containsLike(filter.ruleName, `${path}.ruleName`);
  if (rule) conditions.push({ kind: 'likeAny', column: 'ruleName', patterns: [rule] });
  const reasons = (filter.reason ?? []).map((r, i) => exactText(r, `${path}.reason.${i}`)).filter((r): r is string => r !== null);
  if (reasons.length) conditions.push({ kind: 'in', column: 'reason', values: [...new Set(reasons)] });
  return { table: 'QuarantinedMessage', timeColumn: 'quarantinedAt', tenantId, conditions };
}

export function capturedMessageSearch(tenantId: string, f: Maybe<CapturedMessageFilter>, path = 'filter'): SearchSpec {
  const filter = f ?? {};
  const conditions = common(filter, { ...MAIL, recipientLines: undefined }, path);
  return { table: 'CapturedMessage', timeColumn: 'receivedAt', tenantId, conditions };
}

/** An exact vocabulary value (threat type, quarantine reason), trimmed; null when blank. */
function exactText(input: Maybe<string>, field: string): string | null {
  const text = (input ?? '').trim();
  if (!text) return null;
  if (text.length > MAX_TEXT_FILTER_CHARS)
    throw trackingErrors.error('TRACKING_SEARCH_TOO_LONG', { length: text.length, max: MAX_TEXT_FILTER_CHARS }, field);
  return text;
}

/** The same search narrowed to one row (waitForMessage re-checks the message an event names). */
export function narrowedToId(spec: SearchSpec, id: string): SearchSpec {
  return { ...spec, conditions: [...spec.conditions, { kind: 'equals', column: 'id', value: id }] };
}
