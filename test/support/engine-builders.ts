// Builders for the policy engine's input (PolicySpec, MessageFacts) in code, with defaults
// that make a plain inbound message to a verified domain, so each test states only what it
// is about.
import { compilePolicy } from '../../src/policies/engine/compile-policy.js';
import { evaluateMessage, type EvaluateOptions, type MessageEvaluation } from '../../src/policies/engine/evaluate-message.js';
import type { AttachmentFact, MessageFacts } from '../../src/policies/engine/message-facts.js';
import type { PolicySpec, SpecRule } from '../../src/policies/engine/policy-spec.js';
import type { TraceStep, Verdict } from '../../src/policies/engine/verdict.js';
import { ANYONE, MY_ORGANIZATION, type Criterion, type RuleBody } from '../../src/policies/rule.js';

export const NOW = new Date(Date.UTC(2026, 11, 1, 9, 30, 5));

let seq = 0;
export function rule(partial: Partial<RuleBody> & { id?: string; order?: number } = {}): SpecRule {
  const { id, order, ...body } = partial;
  const direction = body.direction ?? 'INBOUND';
  seq++;
  return {
    id: id ?? `rule-${seq}`,
    order: order ?? seq,
    body: {
      direction,
      type: 'CONTENT_FILTERING',
      name: body.name ?? id ?? `Rule ${seq}`,
      notes: '',
      enabled: true,
      recipients: direction === 'INBOUND' ? MY_ORGANIZATION : ANYONE,
      senders: direction === 'INBOUND' ? ANYONE : MY_ORGANIZATION,
      exceptions: [],
      criteriaMode: 'ANY_MATCH',
      criteria: [],
      intercept: 'NONE',
      interceptOptions: {},
      modifyActions: [],
      monitorActions: [],
      ...body,
    },
  };
}

/** A content rule with these criteria (Any Match) and intercept. */
export const when = (criteria: Criterion[], more: Partial<RuleBody> & { id?: string; order?: number } = {}) =>
  rule({ criteria, intercept: 'QUARANTINE', interceptOptions: { area: 'Default' }, ...more });

export function spec(partial: Partial<PolicySpec> = {}): PolicySpec {
  return {
    tenantId: 't1',
    revision: 1,
    tier: 'STANDARD',
    domains: [
      { name: 'example.co.jp', verified: true },
      { name: 'pending.example', verified: false },
    ],
    rules: [],
    invalidRules: [],
    keywordLists: [],
    addressGroups: [],
    directoryGroups: [],
    stamps: [],
    notifications: [],
    dlpTemplates: [],
    dlpIdentifiers: [],
    ...partial,
  };
}

export function attachment(partial: Partial<AttachmentFact> = {}): AttachmentFact {
  const index = partial.index ?? 0;
  return {
    index,
    partPath: `1.${index + 2}`,
    filename: 'report.pdf',
    declaredType: 'application/pdf',
    sizeBytes: 1000,
    sha256: '0'.repeat(64),
    trueType: 'pdf',
    archiveEntries: [],
    protection: null,
    activeContent: [],
    text: '',
    malware: null,
    ...partial,
  };
}

export function facts(partial: Partial<MessageFacts> & { sender?: string; recipients?: string[] } = {}): MessageFacts {
  const { sender, recipients, ...rest } = partial;
  return {
    direction: 'INBOUND',
    envelope: { sender: sender ?? 'alice@partner.example', recipients: recipients ?? ['bob@example.co.jp'] },
    sizeBytes: 2048,
    headers: [
      { name: 'from', value: 'Alice <alice@partner.example>' },
      { name: 'subject', value: 'Quarterly report' },
    ],
    headerFrom: 'alice@partner.example',
    replyTo: null,
    messageId: '<m1@partner.example>',
    subject: 'Quarterly report',
    bodyText: 'Please find the report attached.',
    bodyBlank: false,
    signed: false,
    attachments: [],
    signals: { gtube: false, headerSignals: [] },
    cuts: [],
    ...rest,
  };
}

export function evaluate(s: PolicySpec, f: MessageFacts, options: Partial<EvaluateOptions> = {}): MessageEvaluation {
  return evaluateMessage(compilePolicy(s), f, { mailId: 'mail-1', now: NOW, ...options });
}

/** The one verdict of a message whose recipients all share it. */
export function verdictOf(s: PolicySpec, f: MessageFacts, options: Partial<EvaluateOptions> = {}): Verdict {
  const e = evaluate(s, f, options);
  if (e.verdicts.length !== 1) throw new Error(`expected one verdict, got ${e.verdicts.length}`);
  return e.verdicts[0]!.verdict;
}

export function step(v: Verdict, ruleName: string): TraceStep {
  const s = v.trace.find((t) => t.ruleName === ruleName);
  if (!s) throw new Error(`no step for ${ruleName}: ${v.trace.map((t) => t.ruleName).join(', ')}`);
  return s;
}

/** Evidence codes of a step's criteria, flattened. */
export const codes = (s: TraceStep) => s.criteria.flatMap((c) => c.evidence.map((e) => e.code));

/** The single criterion result of a one-rule evaluation. */
export function criterion(
  criteria: Criterion[],
  f: MessageFacts,
  more: Partial<PolicySpec> = {},
  ruleMore: Partial<RuleBody> = {},
  options: Partial<EvaluateOptions> = {},
) {
  const r = when(criteria, { name: 'R', ...ruleMore });
  const v = verdictOf(spec({ rules: [r], ...more }), f, options);
  return { verdict: v, step: step(v, 'R'), result: step(v, 'R').criteria[0]! };
}
