// The engine's answer for one message: what happens to it, what must be changed in it, and
// the trace (every rule considered, in order, and why it matched or not). Pure data; stored
// as JSON with the message and served by GraphQL (MessageVerdict, PolicyTraceStep).
import type { CriterionType } from '../rule.js';
import type { PolicyDirection, PolicyType } from '../../db/enums.js';

/** A step's outcome (GraphQL PolicyTraceOutcome). */
export type TraceOutcome = 'MATCHED' | 'NOT_MATCHED' | 'NOT_IN_ROUTE' | 'EXCEPTED' | 'SKIPPED';

/**
 * One piece of evidence, as a code and its parameters: GraphQL renders it in English or
 * Japanese (src/policies/engine/evidence-messages.ts) and clients can read the parameters.
 * Codes are SCREAMING_SNAKE and never renamed (e.g. KEYWORD_MATCHED { list, expression, text, where }).
 */
export interface Evidence {
  code: string;
  params: Record<string, string | number | boolean>;
}

export interface CriterionResult {
  type: CriterionType;
  matched: boolean;
  evidence: Evidence[];
}

/** Action vocabulary of the policy events (§5 "Policy-event action vocabulary"), as enum values. */
export type TraceActionType =
  | 'DELETE'
  | 'DELIVER_NOW'
  | 'QUARANTINE'
  | 'CHANGE_RECIPIENT'
  | 'DELETE_ATTACHMENTS'
  | 'SANITIZE'
  | 'CLEAN_MALWARE'
  | 'INSERT_X_HEADER'
  | 'INSERT_STAMP'
  | 'TAG_SUBJECT'
  | 'ENCRYPT'
  | 'NOTIFY'
  | 'BCC';

export interface TraceAction {
  type: TraceActionType;
  /** false: the rule has it but it did not act; `reason` says why (a higher-priority terminal action, signed mail…). */
  taken: boolean;
  reason: Evidence | null;
  /** What it did: header name, tag text, attachments removed, quarantine area, new recipients… */
  detail: Record<string, string | number | boolean>;
}

export interface TraceStep {
  direction: PolicyDirection;
  policyType: PolicyType;
  /** null for the hidden built-in rule (Global Anti-Virus Rule (Enforced on Unverified Domains)). */
  ruleId: string | null;
  ruleName: string;
  /** The recipients this step was evaluated for. */
  recipients: string[];
  outcome: TraceOutcome;
  /** Route: which entry put the sender / recipient in it, or why not; the exception pair that excepted it. */
  route: Evidence[];
  /** ALL, ANY or NONE (No criteria): how the criteria results combined. */
  criteriaMode: 'ALL' | 'ANY' | 'NONE';
  criteria: CriterionResult[];
  actions: TraceAction[];
  /** Processing of later rules stopped here (a terminal action, Deliver now, Encrypt, the budget). */
  stoppedProcessing: boolean;
  /** Why the step was skipped or stopped processing. */
  note: Evidence | null;
}

/** The message's final disposition for the recipients of one verdict. */
export type VerdictAction = 'DELIVER' | 'DELIVER_NOW' | 'DELETE' | 'QUARANTINE' | 'CHANGE_RECIPIENT';

/** A change the rewriter makes to the message, in the order given. */
export type Modification =
  | { type: 'INSERT_X_HEADER'; name: string; value: string }
  | { type: 'TAG_SUBJECT'; text: string }
  /** Text and HTML already token-expanded; `position` BEGINNING or END. */
  | { type: 'INSERT_STAMP'; text: string; html: string; position: 'BEGINNING' | 'END' }
  /** Attachments to remove, by MIME part path (AttachmentFact.partPath: mailparser's partId = mailsplit's partNr joined by "."). */
  | { type: 'DELETE_ATTACHMENTS'; partPaths: string[] }
  /** Remove active content from these attachments; delete the ones where that is impossible when asked. */
  | { type: 'SANITIZE'; partPaths: string[]; deleteIfUnable: boolean }
  /** Clean cleanable malware, delete what cannot be cleaned (the rehearsal's test malware cannot be cleaned). */
  | { type: 'CLEAN_MALWARE'; partPaths: string[] };

/** A notification message to send (built from the notification object, tokens expanded). */
export interface OutgoingNotification {
  ruleId: string;
  notificationId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachOriginal: boolean;
}

/** One entry per rule that acted (GraphQL policyEvents): threat type and actions as the notes list them. */
export interface PolicyEventRecord {
  ruleId: string | null;
  ruleName: string;
  policyType: PolicyType;
  /** Threat type of the policy-event filters: MALWARE, SPAM, BEC, PHISHING, GRAYMAIL, WEB_REPUTATION, ANOMALY, CONTENT, ATTACHMENT, DATA_LOSS_PREVENTION, CONTENT_FILTERING_NO_CRITERIA. */
  threatType: string;
  threatName: string | null;
  actions: TraceActionType[];
}

export interface Verdict {
  action: VerdictAction;
  /** The rules that matched, in evaluation order. */
  matchedRuleIds: string[];
  trace: TraceStep[];
  modifications: Modification[];
  notifications: OutgoingNotification[];
  bcc: string[];
  /** DELIVER_NOW to a specific server: "host:port"; null = the domain's inbound servers. */
  deliverNowServer: string | null;
  quarantine: { area: string; ruleId: string | null; ruleName: string; reason: string } | null;
  /** CHANGE_RECIPIENT: the new recipients. */
  changedRecipients: string[] | null;
  /** Submitted for encryption (outbound): recorded as the last step. */
  encrypt: boolean;
  policyEvents: PolicyEventRecord[];
  /** The evaluation budget ran out: what was not evaluated. */
  budgetExhausted: Evidence | null;
  /** What the facts' producer cut to stay in its budget (MessageFacts.cuts), as PRODUCER_CUT evidence. */
  cuts: Evidence[];
}
