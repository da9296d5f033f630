// Pure. A rule's scanning criteria combined by its mode (docs/cegp/policies-and-content-
// filtering.md §3): No criteria (every message), All Match, Any Match. Every criterion is
// evaluated, so the trace says why each one matched or not (the budget bounds the cost).
// Readings: an Advanced rule with no criterion matches nothing; a criterion CEGP offers
// under Any Match only (rows 16–18) reads as not matched under All Match, and an
// inbound-only one (row 1) as not matched in an outbound rule — a rule CEGP would not have
// accepted cannot fire.
import type { PolicyType } from '../../db/enums.js';
import { ANY_MATCH_ONLY, INBOUND_ONLY, type Criterion, type CriterionType, type RuleBody } from '../rule.js';
import { evaluateAttachmentFlag, evaluateAttachmentSize, evaluateListCriterion } from './criteria-attachments.js';
import { evaluateDlp } from './criteria-dlp.js';
import { evaluateKeywordCriterion } from './criteria-keywords.js';
import { evaluateMessageCriterion } from './criteria-message.js';
import { evaluateSignalCriterion } from './criteria-signals.js';
import { outcome, type CriterionContext, type CriterionOutcome } from './criterion-outcome.js';
import { evidence } from './evidence-messages.js';
import type { CriterionResult, Evidence, TraceStep } from './verdict.js';

/** Policy-event threat types (docs/cegp/logs-and-quarantine.md "Policy events"). */
export type ThreatType =
  | 'MALWARE'
  | 'SPAM'
  | 'BEC'
  | 'PHISHING'
  | 'GRAYMAIL'
  | 'WEB_REPUTATION'
  | 'ANOMALY'
  | 'CONTENT'
  | 'ATTACHMENT'
  | 'DATA_LOSS_PREVENTION'
  | 'CONTENT_FILTERING_NO_CRITERIA';

/** Keyword criteria are reported as Content, the other attachment criteria as Attachment (§3 last paragraph). */
const KEYWORD_CRITERIA: ReadonlySet<CriterionType> = new Set([
  'HEADER_KEYWORDS',
  'SUBJECT_KEYWORDS',
  'BODY_KEYWORDS',
  'ATTACHMENT_CONTENT_KEYWORDS',
]);
const ATTACHMENT_CRITERIA: ReadonlySet<CriterionType> = new Set([
  'ATTACHMENT_NAME',
  'ATTACHMENT_MIME_TYPE',
  'ATTACHMENT_TRUE_FILE_TYPE',
  'ATTACHMENT_SIZE',
  'ATTACHMENT_COUNT',
  'ATTACHMENT_PASSWORD_PROTECTED',
  'ATTACHMENT_ACTIVE_CONTENT',
]);
const TYPE_THREAT: Record<PolicyType, ThreatType> = {
  VIRUS_SCAN: 'MALWARE',
  SPAM_FILTERING: 'SPAM',
  CORRELATED_INTELLIGENCE: 'ANOMALY',
  CONTENT_FILTERING: 'CONTENT',
  DLP: 'DATA_LOSS_PREVENTION',
};
const SPAM_THREAT: Record<string, ThreatType> = {
  SPAM: 'SPAM',
  BEC: 'BEC',
  BEC_WRITING_STYLE: 'BEC',
  PHISHING: 'PHISHING',
  GRAYMAIL: 'GRAYMAIL',
};

export interface RuleMatch {
  matched: boolean;
  mode: TraceStep['criteriaMode'];
  results: CriterionResult[];
  /** Criterion types that matched. */
  matchedTypes: ReadonlySet<CriterionType>;
  /** "Delete matching attachments": these part paths, or null for all attachments (a message-level trigger). */
  targetParts: string[] | null;
  /** Part paths per matched attachment criterion type (Sanitize and Clean act on their own). */
  partsOf: ReadonlyMap<CriterionType, string[]>;
  threatType: ThreatType;
  threatName: string | null;
  /** The step's note when the mode decided alone (NO_CRITERIA_MODE, NO_CRITERIA_SELECTED). */
  note: Evidence | null;
}

export function evaluateCriterion(c: Criterion, ctx: CriterionContext): CriterionOutcome {
  switch (c.type) {
    case 'HEADER_KEYWORDS':
    case 'SUBJECT_KEYWORDS':
    case 'BODY_KEYWORDS':
    case 'ATTACHMENT_CONTENT_KEYWORDS':
      return evaluateKeywordCriterion(c, ctx);
    case 'ATTACHMENT_NAME':
    case 'ATTACHMENT_MIME_TYPE':
    case 'ATTACHMENT_TRUE_FILE_TYPE':
      return evaluateListCriterion(c, ctx);
    case 'ATTACHMENT_SIZE':
      return evaluateAttachmentSize(c, ctx);
    case 'ATTACHMENT_PASSWORD_PROTECTED':
    case 'ATTACHMENT_ACTIVE_CONTENT':
      return evaluateAttachmentFlag(c, ctx);
    case 'MALWARE':
    case 'SPAM':
    case 'WEB_REPUTATION':
    case 'CORRELATED_INTELLIGENCE':
      return evaluateSignalCriterion(c, ctx);
    case 'DLP':
      return evaluateDlp(c, ctx);
    default:
      return evaluateMessageCriterion(c, ctx);
  }
}

function threatOf(body: RuleBody, matched: CriterionOutcome[], criteria: Criterion[]): ThreatType {
  if (body.criteriaMode === 'NO_CRITERIA')
    return body.type === 'CONTENT_FILTERING' ? 'CONTENT_FILTERING_NO_CRITERIA' : TYPE_THREAT[body.type];
  const types = matched.map((o) => o.result.type);
  if (types.includes('MALWARE')) return 'MALWARE';
  const spam = matched.find((o) => o.result.type === 'SPAM');
  if (spam) {
    const c = criteria[matched.indexOf(spam)];
    return SPAM_THREAT[c?.type === 'SPAM' ? c.threat : 'SPAM'] ?? 'SPAM';
  }
  if (types.includes('WEB_REPUTATION')) return 'WEB_REPUTATION';
  if (types.includes('CORRELATED_INTELLIGENCE')) return 'ANOMALY';
  if (types.includes('DLP')) return 'DATA_LOSS_PREVENTION';
  if (types.some((t) => KEYWORD_CRITERIA.has(t))) return 'CONTENT';
  if (types.some((t) => ATTACHMENT_CRITERIA.has(t))) return 'ATTACHMENT';
  return TYPE_THREAT[body.type];
}

export function evaluateRuleCriteria(body: RuleBody, ctx: CriterionContext): RuleMatch {
  const mode = body.criteriaMode === 'NO_CRITERIA' ? 'NONE' : body.criteriaMode === 'ALL_MATCH' ? 'ALL' : 'ANY';
  const base = { mode, matchedTypes: new Set<CriterionType>(), partsOf: new Map<CriterionType, string[]>(), threatName: null } as const;
  if (mode === 'NONE') {
    return {
      ...base,
      matched: true,
      results: [],
      targetParts: null,
      threatType: threatOf(body, [], []),
      note: evidence('NO_CRITERIA_MODE'),
    };
  }
  if (body.criteria.length === 0) {
    return {
      ...base,
      matched: false,
      results: [],
      targetParts: null,
      threatType: TYPE_THREAT[body.type],
      note: evidence('NO_CRITERIA_SELECTED'),
    };
  }
  const outcomes = body.criteria.map((c) => {
    if (mode === 'ALL' && ANY_MATCH_ONLY.has(c.type)) return outcome(c.type, false, [evidence('CRITERION_ANY_MATCH_ONLY')]);
    if (ctx.direction === 'OUTBOUND' && INBOUND_ONLY.has(c.type)) return outcome(c.type, false, [evidence('CRITERION_INBOUND_ONLY')]);
    return evaluateCriterion(c, ctx);
  });
  const matchedOutcomes = outcomes.filter((o) => o.result.matched);
  const matchedCriteria = body.criteria.filter((_, i) => outcomes[i]!.result.matched);
  const matched = mode === 'ALL' ? matchedOutcomes.length === outcomes.length : matchedOutcomes.length > 0;
  const partsOf = new Map<CriterionType, string[]>();
  for (const o of matchedOutcomes) if (o.partPaths) partsOf.set(o.result.type, [...(partsOf.get(o.result.type) ?? []), ...o.partPaths]);
  // §5 "Delete matching attachments": the attachments of the attachment criteria that
  // matched; all attachments when a message-level criterion triggered the rule (under Any
  // Match, any message-level hit; under All Match, only when no attachment criterion is set).
  const messageLevelHit = matchedOutcomes.some((o) => o.partPaths === null);
  const targetParts = partsOf.size === 0 || (mode === 'ANY' && messageLevelHit) ? null : [...new Set([...partsOf.values()].flat())];
  return {
    mode,
    matched,
    results: outcomes.map((o) => o.result),
    matchedTypes: new Set(matchedOutcomes.map((o) => o.result.type)),
    targetParts,
    partsOf,
    threatType: matched ? threatOf(body, matchedOutcomes, matchedCriteria) : TYPE_THREAT[body.type],
    threatName: matchedOutcomes.find((o) => o.threatName !== null)?.threatName ?? null,
    note: null,
  };
}
