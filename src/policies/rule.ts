// The CEGP policy rule as the relay will enforce it and the migration produces it. Pure.
// Source: docs/cegp/policies-and-content-filtering.md §1–§5.
import type { CriteriaMode, InterceptAction, PolicyDirection, PolicyLevel, PolicyType } from '../db/enums.js';

export type RouteEntry =
  /** user@d, *@d, *@*.d, user@* */
  | { type: 'ADDRESS'; value: string }
  /** A domain picked from "My domains": the domain and its subdomains. */
  | { type: 'DOMAIN'; domain: string }
  | { type: 'ADDRESS_GROUP'; groupId: string }
  | { type: 'DIRECTORY_GROUP'; dn: string };

export interface RouteSpec {
  kind: 'ANYONE' | 'MY_ORGANIZATION' | 'SPECIFIED';
  entries: RouteEntry[];
}

export interface RouteException {
  sender: RouteSpec;
  recipient: RouteSpec;
}

export type SizeOp = 'GT' | 'LE';

/** Content-filtering criteria (§3) and the criteria of the other policy types. */
export type Criterion =
  | { type: 'ENVELOPE_SENDER_BLANK' }
  | { type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' }
  | { type: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO' }
  | { type: 'HEADER_KEYWORDS'; headers: string[]; keywordListIds: string[] }
  | { type: 'MESSAGE_SIZE'; op: SizeOp; bytes: number }
  | { type: 'SUBJECT_KEYWORDS'; keywordListIds: string[] }
  | { type: 'SUBJECT_BLANK' }
  | { type: 'BODY_KEYWORDS'; keywordListIds: string[] }
  | { type: 'BODY_BLANK' }
  | { type: 'ATTACHMENT_NAME'; selected: boolean; patterns: string[] }
  | { type: 'ATTACHMENT_MIME_TYPE'; selected: boolean; types: string[] }
  | { type: 'ATTACHMENT_TRUE_FILE_TYPE'; selected: boolean; types: string[] }
  | { type: 'ATTACHMENT_CONTENT_KEYWORDS'; keywordListIds: string[] }
  | { type: 'ATTACHMENT_SIZE'; op: SizeOp; bytes: number }
  | { type: 'ATTACHMENT_COUNT'; op: SizeOp; count: number }
  | { type: 'ATTACHMENT_PASSWORD_PROTECTED' }
  | { type: 'ATTACHMENT_ACTIVE_CONTENT' }
  | { type: 'RECIPIENT_COUNT'; op: SizeOp; count: number }
  | { type: 'MALWARE' }
  | { type: 'SPAM'; threat: SpamThreat; level: DetectionLevel }
  | { type: 'WEB_REPUTATION'; level: DetectionLevel }
  | { type: 'CORRELATED_INTELLIGENCE' }
  | { type: 'DLP'; templateIds: string[]; predefinedTemplates: string[] };

export type CriterionType = Criterion['type'];

/**
 * The catch rate of spam detection and the security level of web reputation, lowest to
 * highest (§7: spam "Lowest…Highest, default Moderately low"; web reputation "default
 * Moderately high"). The export writes them in kebab case ("moderately-low").
 */
export const DETECTION_LEVELS = ['LOWEST', 'LOW', 'MODERATELY_LOW', 'MODERATELY_HIGH', 'HIGH', 'HIGHEST'] as const;
export type DetectionLevel = (typeof DETECTION_LEVELS)[number];
export const DEFAULT_SPAM_LEVEL: DetectionLevel = 'MODERATELY_LOW';
export const DEFAULT_WEB_REPUTATION_LEVEL: DetectionLevel = 'MODERATELY_HIGH';

/** What a spam-filtering criterion looks for (§7: Spam, BEC, writing-style BEC, Phishing, Graymail). */
export const SPAM_THREATS = ['SPAM', 'BEC', 'BEC_WRITING_STYLE', 'PHISHING', 'GRAYMAIL'] as const;
export type SpamThreat = (typeof SPAM_THREATS)[number];

/** "moderately-low" (the export's spelling) → MODERATELY_LOW, or null for an unknown level. */
export function detectionLevelOf(text: string): DetectionLevel | null {
  const v = text
    .trim()
    .toUpperCase()
    .replace(/[-\s]+/g, '_');
  return (DETECTION_LEVELS as readonly string[]).includes(v) ? (v as DetectionLevel) : null;
}

/** Criteria CEGP offers only under Any Match (§3, rows 16–18). */
export const ANY_MATCH_ONLY: ReadonlySet<CriterionType> = new Set([
  'ATTACHMENT_PASSWORD_PROTECTED',
  'ATTACHMENT_ACTIVE_CONTENT',
  'RECIPIENT_COUNT',
]);
/** Criteria that exist for inbound rules only (§3 row 1). */
export const INBOUND_ONLY: ReadonlySet<CriterionType> = new Set(['ENVELOPE_SENDER_BLANK']);
/** The largest size a size criterion may name: 150 MB (§3 rows 5 and 14). */
export const MAX_SIZE_CRITERION_BYTES = 150 * 1024 * 1024;

export type ModifyAction =
  | { type: 'INSERT_X_HEADER'; name: string; value: string }
  | { type: 'INSERT_STAMP'; stampId: string }
  | { type: 'TAG_SUBJECT'; text: string; skipSigned: boolean }
  | { type: 'DELETE_ATTACHMENTS' }
  | { type: 'SANITIZE'; deleteIfUnable: boolean }
  | { type: 'CLEAN_MALWARE' }
  | { type: 'ENCRYPT' };

export type MonitorAction = { type: 'NOTIFY'; notificationId: string } | { type: 'BCC'; recipients: string[] };

export interface InterceptOptions {
  /** DELIVER_NOW to a specific server, "host:port". */
  server?: string;
  /** CHANGE_RECIPIENT targets. */
  recipients?: string[];
  /** QUARANTINE area. */
  area?: string;
}

export interface RuleBody {
  direction: PolicyDirection;
  type: PolicyType;
  name: string;
  notes: string;
  enabled: boolean;
  recipients: RouteSpec;
  senders: RouteSpec;
  exceptions: RouteException[];
  criteriaMode: CriteriaMode;
  criteria: Criterion[];
  intercept: InterceptAction;
  interceptOptions: InterceptOptions;
  modifyActions: ModifyAction[];
  monitorActions: MonitorAction[];
}

export const TERMINAL_INTERCEPTS: ReadonlySet<InterceptAction> = new Set(['DELETE', 'DELIVER_NOW', 'QUARANTINE', 'CHANGE_RECIPIENT']);
/** §5 "Insert X-Header": names starting X-TM or X-MT are reserved (case-insensitive). */
export const RESERVED_X_HEADER = /^x-(tm|mt)/i;

/** The side of the route that is "my organization": inbound recipients, outbound senders. */
export function internalSide(direction: PolicyDirection): 'recipients' | 'senders' {
  return direction === 'INBOUND' ? 'recipients' : 'senders';
}

/**
 * Level is derived from the internal side's addresses (§1): My organization → ORGANIZATION;
 * only discrete addresses → USER; anything wider (domains, groups) → GROUP.
 */
export function levelOf(direction: PolicyDirection, recipients: RouteSpec, senders: RouteSpec): PolicyLevel {
  const side = internalSide(direction) === 'recipients' ? recipients : senders;
  if (side.kind !== 'SPECIFIED') return 'ORGANIZATION';
  const discrete = side.entries.length > 0 && side.entries.every((e) => e.type === 'ADDRESS' && !e.value.includes('*'));
  return discrete ? 'USER' : 'GROUP';
}

/** The policy object ids a rule refers to, for referential integrity. */
export function objectRefsOf(
  rule: Pick<RuleBody, 'recipients' | 'senders' | 'exceptions' | 'criteria' | 'modifyActions' | 'monitorActions'>,
): { kind: ObjectKind; id: string }[] {
  const refs: { kind: ObjectKind; id: string }[] = [];
  const route = (r: RouteSpec) => {
    for (const e of r.entries) if (e.type === 'ADDRESS_GROUP') refs.push({ kind: 'ADDRESS_GROUP', id: e.groupId });
  };
  route(rule.recipients);
  route(rule.senders);
  for (const x of rule.exceptions) {
    route(x.sender);
    route(x.recipient);
  }
  for (const c of rule.criteria) {
    if ('keywordListIds' in c) for (const id of c.keywordListIds) refs.push({ kind: 'KEYWORD_LIST', id });
    if (c.type === 'DLP') for (const id of c.templateIds) refs.push({ kind: 'DLP_TEMPLATE', id });
  }
  for (const a of rule.modifyActions) if (a.type === 'INSERT_STAMP') refs.push({ kind: 'STAMP', id: a.stampId });
  for (const a of rule.monitorActions) if (a.type === 'NOTIFY') refs.push({ kind: 'NOTIFICATION', id: a.notificationId });
  const unique = new Map(refs.map((r) => [`${r.kind}:${r.id}`, r]));
  return [...unique.values()];
}

export type ObjectKind = 'ADDRESS_GROUP' | 'KEYWORD_LIST' | 'NOTIFICATION' | 'STAMP' | 'DLP_TEMPLATE';

export const ANYONE: RouteSpec = { kind: 'ANYONE', entries: [] };
export const MY_ORGANIZATION: RouteSpec = { kind: 'MY_ORGANIZATION', entries: [] };
