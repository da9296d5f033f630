// The stored form of a rule: JSON columns of PolicyRule plus `schemaVersion`, decoded and
// validated by one zod codec, so that what the list screen, the importer and the relay's
// engine read is a well-formed RuleBody or a clear POLICY_RULE_STORED_INVALID error —
// never a cast. Pure.
//
// Versions (a row keeps the version it was written with; decoding upgrades it):
//   1  SPAM and WEB_REPUTATION criteria carried `level` as free text ("moderately-low", and
//      for spam kinds "bec", "bec-writing-style", "phishing", "graymail").
//   2  SPAM criteria carry `threat` (SpamThreat) and `level` (DetectionLevel);
//      WEB_REPUTATION carries `level` (DetectionLevel). Route entries may be DOMAIN.
import { z } from 'zod';
import { CriteriaMode, InterceptAction, PolicyDirection, PolicyType } from '../db/enums.js';
import type { ExpectedError } from '../platform/errors.js';
import { policyErrors } from './errors.js';
import {
  DETECTION_LEVELS,
  detectionLevelOf,
  levelOf,
  SPAM_THREATS,
  type DetectionLevel,
  type RouteSpec,
  type RuleBody,
  type SpamThreat,
} from './rule.js';

export const RULE_SCHEMA_VERSION = 2;

const enumOf = <T extends Record<string, string>>(e: T) => z.enum(Object.values(e) as [T[keyof T], ...T[keyof T][]]);
const text = z.string();
const ids = z.array(z.string().min(1));
const sizeOp = z.enum(['GT', 'LE']);
const count = z.number().int();

const routeEntry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ADDRESS'), value: text }),
  z.object({ type: z.literal('DOMAIN'), domain: text }),
  z.object({ type: z.literal('ADDRESS_GROUP'), groupId: z.string().min(1) }),
  z.object({ type: z.literal('DIRECTORY_GROUP'), dn: text }),
]);
const route = z.object({ kind: z.enum(['ANYONE', 'MY_ORGANIZATION', 'SPECIFIED']), entries: z.array(routeEntry) });
const exceptions = z.array(z.object({ sender: route, recipient: route }));

const bare = <T extends string>(type: T) => z.object({ type: z.literal(type) });
const criterion = z.discriminatedUnion('type', [
  bare('ENVELOPE_SENDER_BLANK'),
  bare('HEADER_SENDER_DIFFERS_FROM_ENVELOPE'),
  bare('HEADER_SENDER_DIFFERS_FROM_REPLY_TO'),
  z.object({ type: z.literal('HEADER_KEYWORDS'), headers: z.array(text), keywordListIds: ids }),
  z.object({ type: z.literal('MESSAGE_SIZE'), op: sizeOp, bytes: count }),
  z.object({ type: z.literal('SUBJECT_KEYWORDS'), keywordListIds: ids }),
  bare('SUBJECT_BLANK'),
  z.object({ type: z.literal('BODY_KEYWORDS'), keywordListIds: ids }),
  bare('BODY_BLANK'),
  z.object({ type: z.literal('ATTACHMENT_NAME'), selected: z.boolean(), patterns: z.array(text) }),
  z.object({ type: z.literal('ATTACHMENT_MIME_TYPE'), selected: z.boolean(), types: z.array(text) }),
  z.object({ type: z.literal('ATTACHMENT_TRUE_FILE_TYPE'), selected: z.boolean(), types: z.array(text) }),
  z.object({ type: z.literal('ATTACHMENT_CONTENT_KEYWORDS'), keywordListIds: ids }),
  z.object({ type: z.literal('ATTACHMENT_SIZE'), op: sizeOp, bytes: count }),
  z.object({ type: z.literal('ATTACHMENT_COUNT'), op: sizeOp, count }),
  bare('ATTACHMENT_PASSWORD_PROTECTED'),
  bare('ATTACHMENT_ACTIVE_CONTENT'),
  z.object({ type: z.literal('RECIPIENT_COUNT'), op: sizeOp, count }),
  bare('MALWARE'),
  z.object({ type: z.literal('SPAM'), threat: z.enum(SPAM_THREATS), level: z.enum(DETECTION_LEVELS) }),
  z.object({ type: z.literal('WEB_REPUTATION'), level: z.enum(DETECTION_LEVELS) }),
  bare('CORRELATED_INTELLIGENCE'),
  z.object({ type: z.literal('DLP'), templateIds: ids, predefinedTemplates: z.array(text) }),
]);
const modifyAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('INSERT_X_HEADER'), name: text, value: text }),
  z.object({ type: z.literal('INSERT_STAMP'), stampId: z.string().min(1) }),
  z.object({ type: z.literal('TAG_SUBJECT'), text, skipSigned: z.boolean() }),
  bare('DELETE_ATTACHMENTS'),
  z.object({ type: z.literal('SANITIZE'), deleteIfUnable: z.boolean() }),
  bare('CLEAN_MALWARE'),
  bare('ENCRYPT'),
]);
const monitorAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('NOTIFY'), notificationId: z.string().min(1) }),
  z.object({ type: z.literal('BCC'), recipients: z.array(text) }),
]);
const interceptOptions = z.object({ server: text.optional(), recipients: z.array(text).optional(), area: text.optional() });

/** The rule body as the current version stores it; `satisfies` keeps it and the model type in step. */
const ruleBodySchema = z.object({
  direction: enumOf(PolicyDirection),
  type: enumOf(PolicyType),
  name: text,
  notes: text,
  enabled: z.boolean(),
  recipients: route,
  senders: route,
  exceptions,
  criteriaMode: enumOf(CriteriaMode),
  criteria: z.array(criterion),
  intercept: enumOf(InterceptAction),
  interceptOptions,
  modifyActions: z.array(modifyAction),
  monitorActions: z.array(monitorAction),
}) satisfies z.ZodType<RuleBody>;

/**
 * One route column (recipients, senders) decoded on its own, for reads that need no more of
 * the rule (the list screen's Sender/Recipient filter); null when it is not well formed.
 */
export function decodeRouteColumn(value: unknown): RouteSpec | null {
  const parsed = route.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The criterion types of a criteria column (any version: the type tag never changed); [] when malformed. */
export function criterionTypesOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.flatMap((c) =>
        c && typeof c === 'object' && typeof (c as { type?: unknown }).type === 'string' ? [(c as { type: string }).type] : [],
      )
    : [];
}

/** The columns of a PolicyRule row the codec reads (Prisma's JSON columns arrive as unknown). */
export interface StoredRule {
  schemaVersion: number;
  direction: string;
  type: string;
  name: string;
  notes: string;
  enabled: boolean;
  recipients: unknown;
  senders: unknown;
  exceptions: unknown;
  criteriaMode: string;
  criteria: unknown;
  intercept: string;
  interceptOptions: unknown;
  modifyActions: unknown;
  monitorActions: unknown;
}

const V1_SPAM_THREATS: Record<string, SpamThreat> = {
  bec: 'BEC',
  'bec-writing-style': 'BEC_WRITING_STYLE',
  phishing: 'PHISHING',
  graymail: 'GRAYMAIL',
};

/** Version 1 → 2: free-text levels become DetectionLevel (and, for spam kinds, SpamThreat). */
function upgradeCriteriaV1(criteria: unknown): unknown {
  if (!Array.isArray(criteria)) return criteria;
  return criteria.map((c: unknown) => {
    if (!c || typeof c !== 'object') return c;
    const { type, level } = c as { type?: unknown; level?: unknown };
    if (typeof level !== 'string') return c;
    if (type === 'SPAM') {
      const threat = V1_SPAM_THREATS[level.trim().toLowerCase()];
      return threat
        ? { type, threat, level: 'MODERATELY_LOW' satisfies DetectionLevel }
        : { type, threat: 'SPAM', level: detectionLevelOf(level) ?? level };
    }
    if (type === 'WEB_REPUTATION') return { type, level: detectionLevelOf(level) ?? level };
    return c;
  });
}

/** The decode failure of one stored rule: which rule, where in it, what is wrong. */
function invalid(name: string, where: string, problem: string): ExpectedError {
  return policyErrors.error('POLICY_RULE_STORED_INVALID', { name, where: where || '(rule)', problem });
}

/** Decodes a stored rule, upgrading older versions; throws POLICY_RULE_STORED_INVALID when it is not well formed. */
export function decodeRuleBody(row: StoredRule): RuleBody {
  if (!Number.isInteger(row.schemaVersion) || row.schemaVersion < 1 || row.schemaVersion > RULE_SCHEMA_VERSION) {
    throw invalid(row.name, 'schemaVersion', `version ${row.schemaVersion} is not one this server reads (1–${RULE_SCHEMA_VERSION})`);
  }
  const criteria = row.schemaVersion < 2 ? upgradeCriteriaV1(row.criteria) : row.criteria;
  const parsed = ruleBodySchema.safeParse({ ...row, criteria });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(row.name, issue.path.join('.'), issue.message);
  }
  return parsed.data;
}

/**
 * The stored columns of a rule body (direction, type, the derived level and the schema
 * version included). Encoding checks the body against the schema too, so a malformed body
 * made in code is refused before it reaches the database.
 */
export function encodeRuleColumns(body: RuleBody) {
  const parsed = ruleBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(body.name, issue.path.join('.'), issue.message);
  }
  const b = parsed.data;
  return {
    schemaVersion: RULE_SCHEMA_VERSION,
    direction: b.direction,
    type: b.type,
    level: levelOf(b.direction, b.recipients, b.senders),
    name: b.name.trim(),
    notes: b.notes,
    enabled: b.enabled,
    recipients: b.recipients as object,
    senders: b.senders as object,
    exceptions: b.exceptions as object,
    criteriaMode: b.criteriaMode,
    criteria: b.criteria as object,
    intercept: b.intercept,
    interceptOptions: b.interceptOptions as object,
    modifyActions: b.modifyActions as object,
    monitorActions: b.monitorActions as object,
  };
}
