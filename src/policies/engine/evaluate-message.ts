// Pure. One message through the tenant's compiled policy: the rules of its direction, stage
// by stage in CEGP's order (compile-policy.ts STAGE_ORDER), each by its order; a rule's
// route, criteria and actions; the verdict with its trace.
// - Recipients whose set of applicable rules is identical share one verdict: CEGP splits a
//   message whose recipients fall under different rules (one recipient, one verdict).
// - Disabled rules appear in the trace as SKIPPED (note RULE_DISABLED), so an administrator
//   sees the rule was there and why it did not act; they never decide the split.
// - Released from quarantine (docs/cegp/logs-and-quarantine.md "Deliver"): the rules in
//   `skipRuleIds` are SKIPPED (RULE_SKIPPED_ON_RELEASE); every other rule runs again.
// - The hidden built-in "Global Anti-Virus Rule (Enforced on Unverified Domains)" (§6)
//   runs first in the virus stage, before the tenant's virus rules, for recipients at a
//   registered but unverified domain (inbound), or for every recipient when the sender's
//   domain is registered but unverified (outbound); ruleId null; malware → Delete entire
//   message. It appears in the trace only where it applies. (inferred: CEGP documents
//   the name only)
import type { PolicyDirection } from '../../db/enums.js';
import { managedDomainOf } from '../../domains/addresses.js';
import { ANYONE, type RuleBody } from '../rule.js';
import type { RouteVerdict } from '../route-match.js';
import { applyRuleActions, EVENT_LABELS, type ActionState } from './apply-actions.js';
import type { CompiledPolicy } from './compile-policy.js';
import { evaluateRuleCriteria, type ThreatType } from './evaluate-criteria.js';
import { BudgetMeter, type EvaluationBudget } from './evaluation-budget.js';
import { evidence } from './evidence-messages.js';
import type { MessageFacts } from './message-facts.js';
import { routeEvidence, routeVerdicts } from './route-evidence.js';
import type { Evidence, TraceStep, Verdict } from './verdict.js';

export const GLOBAL_ANTIVIRUS_RULE_NAME = 'Global Anti-Virus Rule (Enforced on Unverified Domains)';

export interface EvaluateOptions {
  mailId: string;
  now: Date;
  /** Release from quarantine: the rule that quarantined the message is skipped. */
  skipRuleIds?: readonly string[];
  budget?: Partial<EvaluationBudget>;
}

export interface MessageEvaluation {
  verdicts: { recipients: string[]; verdict: Verdict }[];
}

/** Quarantine → Query "Reason" vocabulary (docs/cegp/logs-and-quarantine.md) per threat type. */
export const QUARANTINE_REASONS: Record<ThreatType, string> = {
  MALWARE: 'Malware',
  SPAM: 'Spam',
  BEC: 'BEC',
  PHISHING: 'Phishing',
  GRAYMAIL: 'Graymail',
  WEB_REPUTATION: 'Web Reputation',
  ANOMALY: 'Anomaly',
  CONTENT: 'Content',
  ATTACHMENT: 'Attachment',
  DATA_LOSS_PREVENTION: 'Data Loss Prevention',
  CONTENT_FILTERING_NO_CRITERIA: 'Content Filtering - No Criteria',
};

function globalAntivirusRule(direction: PolicyDirection): RuleBody {
  return {
    direction,
    type: 'VIRUS_SCAN',
    name: GLOBAL_ANTIVIRUS_RULE_NAME,
    notes: '',
    enabled: true,
    recipients: ANYONE,
    senders: ANYONE,
    exceptions: [],
    criteriaMode: 'ANY_MATCH',
    criteria: [{ type: 'MALWARE' }],
    intercept: 'DELETE',
    interceptOptions: {},
    modifyActions: [],
    monitorActions: [],
  };
}

const unverified = (address: string, policy: CompiledPolicy) => {
  const d = managedDomainOf(address, policy.directory.domains);
  return d !== null && !d.verified ? d : null;
};

/** The verdict of a message no rule acted on: delivered unchanged. */
export function emptyVerdict(cuts: Evidence[]): Verdict {
  return {
    action: 'DELIVER',
    matchedRuleIds: [],
    trace: [],
    modifications: [],
    notifications: [],
    bcc: [],
    deliverNowServer: null,
    quarantine: null,
    changedRecipients: null,
    encrypt: false,
    policyEvents: [],
    budgetExhausted: null,
    cuts,
  };
}

interface Group {
  recipients: string[];
  /** Per tenant rule index (flattened stages): the route verdicts of this group's recipients. */
  routes: RouteVerdict[][];
  globalAv: Evidence | null;
}

export function evaluateMessage(policy: CompiledPolicy, facts: MessageFacts, options: EvaluateOptions): MessageEvaluation {
  const direction = facts.direction;
  const rules = policy.stages[direction].flatMap((s) => s.rules);
  const dir = policy.directory;
  const sender = facts.envelope.sender.trim().replace(/^<(.*)>$/, '$1');
  const recipients = facts.envelope.recipients;
  const applying = rules.map((r) => (r.body.enabled ? routeVerdicts(r.body, sender, recipients, dir) : null));
  const senderUnverified = direction === 'OUTBOUND' ? unverified(sender, policy) : null;

  const groups = new Map<string, Group>();
  recipients.forEach((rcpt, i) => {
    const d = direction === 'INBOUND' ? unverified(rcpt, policy) : senderUnverified;
    const av = d ? evidence('ROUTE_UNVERIFIED_DOMAIN', { address: direction === 'INBOUND' ? rcpt : sender, domain: d.name }) : null;
    const key = `${av ? 'av' : ''}|${applying.map((v, k) => (v?.[i]?.applies ? k : '')).join(',')}`;
    let g = groups.get(key);
    if (!g) {
      g = { recipients: [], routes: rules.map(() => []), globalAv: av };
      groups.set(key, g);
    }
    g.recipients.push(rcpt);
    applying.forEach((v, k) => {
      if (v) g!.routes[k]!.push(v[i]!);
    });
  });

  const meter = new BudgetMeter(options.budget);
  const scans = new Map<string, unknown>();
  const cuts = facts.cuts.map((c) => evidence('PRODUCER_CUT', { item: c.item, detail: c.detail }));
  const skip = new Set(options.skipRuleIds ?? []);
  const verdicts = [...groups.values()].map((g) => ({ recipients: g.recipients, verdict: evaluateGroup(g) }));
  return { verdicts };

  function evaluateGroup(g: Group): Verdict {
    const state: ActionState = { verdict: emptyVerdict(cuts), terminal: null };
    const v = state.verdict;
    let stoppedBy: { rule: string; action: string } | null = null;
    const acted: [Verdict['policyEvents'][number], TraceStep['actions']][] = [];
    const ctx = { policy, facts, meter, direction, scans };
    const input = { policy, facts, recipients: g.recipients, mailId: options.mailId, now: options.now };

    const run = (id: string | null, body: RuleBody, route: Evidence[]) => {
      const exhaustedBefore = meter.exhausted;
      const match = evaluateRuleCriteria(body, ctx);
      const step = baseStep(body, id, g.recipients, match.matched ? 'MATCHED' : 'NOT_MATCHED', route);
      step.criteriaMode = match.mode;
      step.criteria = match.results;
      step.note = match.note;
      if (match.matched) {
        const { actions, stop } = applyRuleActions(state, { id, body }, match, input);
        step.actions = actions;
        if (id !== null) v.matchedRuleIds.push(id);
        v.policyEvents.push({
          ruleId: id,
          ruleName: body.name,
          policyType: body.type,
          threatType: match.threatType,
          threatName: match.threatName,
          actions: [], // filled once every rule has run: a later rule may outrank this one's intercept
        });
        acted.push([v.policyEvents.at(-1)!, actions]);
        if (stop) {
          step.stoppedProcessing = true;
          step.note = evidence('STOPPED_HERE', { action: EVENT_LABELS[stop] });
          stoppedBy = { rule: body.name, action: EVENT_LABELS[stop] };
        }
      }
      if (meter.exhausted && !exhaustedBefore) {
        v.budgetExhausted = evidence('BUDGET_EXHAUSTED', { ...meter.exhausted });
        step.note ??= v.budgetExhausted;
      }
      v.trace.push(step);
    };

    if (g.globalAv) run(null, globalAntivirusRule(direction), [g.globalAv]);
    for (const [k, r] of rules.entries()) {
      const body = r.body;
      const skipNote = !body.enabled
        ? evidence('RULE_DISABLED')
        : skip.has(r.id)
          ? evidence('RULE_SKIPPED_ON_RELEASE')
          : stoppedBy
            ? evidence('PROCESSING_STOPPED', stoppedBy)
            : null;
      if (skipNote) {
        v.trace.push(skipped(body, r.id, g.recipients, skipNote));
        continue;
      }
      const route = routeEvidence(body, sender, g.recipients, g.routes[k]!, dir, policy.addressGroupNames);
      if (route.applies) run(r.id, body, route.evidence);
      else v.trace.push(baseStep(body, r.id, g.recipients, route.outcome!, route.evidence));
    }

    for (const [event, actions] of acted) event.actions = actions.filter((a) => a.taken).map((a) => a.type);
    const t = state.terminal;
    if (t) {
      v.action = t.action;
      if (t.action === 'DELIVER_NOW') v.deliverNowServer = t.body.interceptOptions.server || null;
      if (t.action === 'CHANGE_RECIPIENT') v.changedRecipients = [...(t.body.interceptOptions.recipients ?? [])];
      if (t.action === 'QUARANTINE') {
        const area = t.body.interceptOptions.area || 'Default';
        v.quarantine = { area, ruleId: t.ruleId, ruleName: t.ruleName, reason: QUARANTINE_REASONS[t.match.threatType] };
      }
    }
    return v;
  }
}

function baseStep(
  body: RuleBody,
  ruleId: string | null,
  recipients: string[],
  outcome: TraceStep['outcome'],
  route: Evidence[],
): TraceStep {
  return {
    direction: body.direction,
    policyType: body.type,
    ruleId,
    ruleName: body.name,
    recipients,
    outcome,
    route,
    criteriaMode: body.criteriaMode === 'NO_CRITERIA' ? 'NONE' : body.criteriaMode === 'ALL_MATCH' ? 'ALL' : 'ANY',
    criteria: [],
    actions: [],
    stoppedProcessing: false,
    note: null,
  };
}

function skipped(body: RuleBody, ruleId: string, recipients: string[], note: Evidence): TraceStep {
  return { ...baseStep(body, ruleId, recipients, 'SKIPPED', []), note };
}
