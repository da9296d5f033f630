// The engine's verdict as GraphQL: MessageVerdict, its trace (PolicyTraceStep) and evidence
// (TraceEvidence, rendered in the request's language). The verdict JSON
// is read defensively: it is stored with each message and outlives engine versions, so a
// missing field reads as empty and a value this schema does not know is left out.
import type { CriterionType } from '../../policies/rule.js';
import { evidenceMessage } from '../../policies/engine/evidence-messages.js';
import type {
  CriterionResult,
  Evidence,
  TraceAction,
  TraceActionType,
  TraceOutcome,
  TraceStep,
  Verdict,
  VerdictAction,
} from '../../policies/engine/verdict.js';
import { builder } from '../builder.js';
import { ruleById, rulesById } from '../rule-loader.js';
import { CRITERION_TYPES, CriteriaModeEnum, CriterionTypeEnum, DirectionEnum, PolicyRuleNode, TypeEnum } from './policy-rule.js';

/** Every value of a string union, checked both ways at compile time (a value added to the engine's type fails tsc here). */
type Exhaustive<T extends string, A extends readonly T[]> = [Exclude<T, A[number]>] extends [never] ? A : never;

const VERDICT_ACTIONS = ['DELIVER', 'DELIVER_NOW', 'DELETE', 'QUARANTINE', 'CHANGE_RECIPIENT'] as const;
const TRACE_OUTCOMES = ['MATCHED', 'NOT_MATCHED', 'NOT_IN_ROUTE', 'EXCEPTED', 'SKIPPED'] as const;
const TRACE_ACTION_TYPES = [
  'DELETE',
  'DELIVER_NOW',
  'QUARANTINE',
  'CHANGE_RECIPIENT',
  'DELETE_ATTACHMENTS',
  'SANITIZE',
  'CLEAN_MALWARE',
  'INSERT_X_HEADER',
  'INSERT_STAMP',
  'TAG_SUBJECT',
  'ENCRYPT',
  'NOTIFY',
  'BCC',
] as const;
const checked: [
  Exhaustive<VerdictAction, typeof VERDICT_ACTIONS>,
  Exhaustive<TraceOutcome, typeof TRACE_OUTCOMES>,
  Exhaustive<TraceActionType, typeof TRACE_ACTION_TYPES>,
] = [VERDICT_ACTIONS, TRACE_OUTCOMES, TRACE_ACTION_TYPES];
void checked;

const VerdictActionEnum = builder.enumType('VerdictAction', {
  description: "The message's disposition for a group of recipients. New values may be added.",
  values: VERDICT_ACTIONS,
});
const TraceOutcomeEnum = builder.enumType('PolicyTraceOutcome', {
  description:
    'MATCHED: the rule applied; NOT_MATCHED: its criteria did not match; NOT_IN_ROUTE: sender or recipient outside its route; EXCEPTED: an exception of its route; SKIPPED: not evaluated (processing had stopped, or a release skips the rule that quarantined the message).',
  values: TRACE_OUTCOMES,
});
const TraceActionTypeEnum = builder.enumType('PolicyTraceActionType', {
  description: 'The action vocabulary of the policy events (docs/cegp/policies-and-content-filtering.md §5). New values may be added.',
  values: TRACE_ACTION_TYPES,
});

// ---- defensive reading of the stored JSON ----

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');
const oneOf = <T extends string>(values: readonly T[], v: unknown): T | null => (values.includes(v as T) ? (v as T) : null);

function evidenceOf(v: unknown): Evidence | null {
  const e = obj(v);
  if (typeof e.code !== 'string') return null;
  return { code: e.code, params: paramsOf(e.params) };
}
const evidenceList = (v: unknown): Evidence[] => list(v).flatMap((e) => evidenceOf(e) ?? []);

function paramsOf(v: unknown): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(obj(v)).filter(([, x]) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean'),
  ) as Record<string, string | number | boolean>;
}

export interface VerdictGroup {
  recipients: string[];
  verdict: Verdict;
}

/** The groups of a stored MessageEvaluation (MailMessage.verdict), those with a known action; [] for null. */
export function verdictGroupsOf(stored: unknown): VerdictGroup[] {
  return list(obj(stored).verdicts).flatMap((g) => {
    const group = obj(g);
    const verdict = obj(group.verdict) as unknown as Verdict;
    return oneOf(VERDICT_ACTIONS, verdict.action) ? [{ recipients: strings(group.recipients), verdict }] : [];
  });
}

// ---- types ----

const TraceParamRef = builder.objectRef<{ name: string; value: string }>('TraceParam').implement({
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});
const paramList = (p: Record<string, unknown>) => Object.entries(paramsOf(p)).map(([name, v]) => ({ name, value: String(v) }));

export const TraceEvidenceRef = builder.objectRef<Evidence>('TraceEvidence').implement({
  description: 'One piece of evidence: a stable code, its parameters, and a sentence in the request language.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'SCREAMING_SNAKE; never renamed (KEYWORD_MATCHED, ROUTE_RECIPIENT_IN_GROUP…).' }),
    message: t.string({
      description: 'In Japanese or English by Accept-Language.',
      resolve: (e, _, ctx) => evidenceMessage(e, ctx.locale),
    }),
    params: t.field({ type: [TraceParamRef], resolve: (e) => paramList(e.params) }),
  }),
});

const CriterionResultRef = builder.objectRef<CriterionResult>('PolicyTraceCriterion').implement({
  fields: (t) => ({
    type: t.field({ type: CriterionTypeEnum, resolve: (c) => c.type as (typeof CRITERION_TYPES)[number] }),
    matched: t.boolean({ resolve: (c) => c.matched === true }),
    evidence: t.field({ type: [TraceEvidenceRef], resolve: (c) => evidenceList(c.evidence) }),
  }),
});

const TraceActionRef = builder.objectRef<TraceAction>('PolicyTraceAction').implement({
  fields: (t) => ({
    type: t.field({ type: TraceActionTypeEnum, resolve: (a) => a.type }),
    taken: t.boolean({ resolve: (a) => a.taken === true }),
    reason: t.field({
      type: TraceEvidenceRef,
      nullable: true,
      description: 'Why it did not act, when taken is false.',
      resolve: (a) => evidenceOf(a.reason),
    }),
    detail: t.field({
      type: [TraceParamRef],
      description: 'What it did: header name, tag text, quarantine area, new recipients…',
      resolve: (a) => paramList(obj(a.detail)),
    }),
  }),
});

/** The engine's criteria modes (ALL, ANY, NONE) are the rule's CriteriaMode values. */
const CRITERIA_MODE = { ALL: 'ALL_MATCH', ANY: 'ANY_MATCH', NONE: 'NO_CRITERIA' } as const;

const TraceStepRef = builder.objectRef<TraceStep>('PolicyTraceStep').implement({
  description: 'One rule considered for the message, in evaluation order, and why it matched or not.',
  fields: (t) => ({
    policyType: t.field({ type: TypeEnum, resolve: (s) => s.policyType }),
    direction: t.field({ type: DirectionEnum, resolve: (s) => s.direction }),
    ruleName: t.string({ resolve: (s) => text(s.ruleName) }),
    rule: t.field({
      type: PolicyRuleNode,
      nullable: true,
      description: 'Null once the rule was deleted, and for the hidden Global Anti-Virus Rule (Enforced on Unverified Domains).',
      resolve: (s, _, ctx) => (typeof s.ruleId === 'string' ? (ruleById(ctx, s.ruleId) as never) : null),
    }),
    recipients: t.stringList({ resolve: (s) => strings(s.recipients) }),
    outcome: t.field({ type: TraceOutcomeEnum, resolve: (s) => oneOf(TRACE_OUTCOMES, s.outcome) ?? 'SKIPPED' }),
    route: t.field({ type: [TraceEvidenceRef], resolve: (s) => evidenceList(s.route) }),
    criteriaMode: t.field({
      type: CriteriaModeEnum,
      resolve: (s) =>
        CRITERIA_MODE[s.criteriaMode as keyof typeof CRITERIA_MODE] ??
        oneOf(['ALL_MATCH', 'ANY_MATCH', 'NO_CRITERIA'], s.criteriaMode) ??
        'NO_CRITERIA',
    }),
    criteria: t.field({
      type: [CriterionResultRef],
      resolve: (s) =>
        list(s.criteria)
          .map((c) => obj(c) as unknown as CriterionResult)
          .filter((c) => oneOf<CriterionType>(CRITERION_TYPES, c.type)),
    }),
    actions: t.field({
      type: [TraceActionRef],
      resolve: (s) =>
        list(s.actions)
          .map((a) => obj(a) as unknown as TraceAction)
          .filter((a) => oneOf(TRACE_ACTION_TYPES, a.type)),
    }),
    stoppedProcessing: t.boolean({ resolve: (s) => s.stoppedProcessing === true }),
    note: t.field({ type: TraceEvidenceRef, nullable: true, resolve: (s) => evidenceOf(s.note) }),
  }),
});

const traceOf = (v: Verdict): TraceStep[] =>
  list(v.trace)
    .map((s) => obj(s) as unknown as TraceStep)
    .filter((s) => oneOf(['INBOUND', 'OUTBOUND'], s.direction) && typeof s.policyType === 'string');

export const MessageVerdictRef = builder.objectRef<VerdictGroup>('MessageVerdict').implement({
  description: 'What the policy decided for a group of recipients (recipients that fell under different rules get their own verdict).',
  fields: (t) => ({
    action: t.field({ type: VerdictActionEnum, resolve: (g) => g.verdict.action }),
    recipients: t.stringList({ resolve: (g) => g.recipients }),
    matchedRules: t.field({
      type: [PolicyRuleNode],
      description: 'The rules that matched and still exist, in evaluation order.',
      resolve: (g, _, ctx) => rulesById(ctx, strings(g.verdict.matchedRuleIds)) as never,
    }),
    matchedRuleNames: t.stringList({
      description: 'The names of the rules that matched, as they were then (deleted rules and the hidden global rule included).',
      resolve: (g) => [...new Set(traceOf(g.verdict).flatMap((s) => (s.outcome === 'MATCHED' ? [text(s.ruleName)] : [])))],
    }),
    trace: t.field({ type: [TraceStepRef], resolve: (g) => traceOf(g.verdict) }),
    quarantineArea: t.string({ nullable: true, resolve: (g) => text(obj(g.verdict.quarantine).area) || null }),
    changedRecipients: t.stringList({
      description: 'CHANGE_RECIPIENT: the new recipients.',
      resolve: (g) => strings(g.verdict.changedRecipients),
    }),
    deliverNowServer: t.string({
      nullable: true,
      description: 'DELIVER_NOW to a specific server ("host:port"); null: the domain\'s inbound servers.',
      resolve: (g) => text(g.verdict.deliverNowServer) || null,
    }),
    encrypted: t.boolean({ description: 'Submitted for encryption (outbound).', resolve: (g) => g.verdict.encrypt === true }),
    budgetExhausted: t.field({
      type: TraceEvidenceRef,
      nullable: true,
      description: 'The evaluation budget ran out: what was not evaluated.',
      resolve: (g) => evidenceOf(g.verdict.budgetExhausted),
    }),
  }),
});
