// Pure. The actions of a rule that matched (docs/cegp/policies-and-content-filtering.md §5),
// applied to the verdict being built for one group of recipients.
// - Intercept: exactly one per rule. Terminal priority across matched rules: Delete >
//   Deliver now > Quarantine > Change recipient. Delete, Deliver now (either server) and
//   Quarantine end processing: later rules are not evaluated. Change recipient does not:
//   the rerouted message goes on through later rules, and a later rule's higher-priority
//   intercept replaces it (the replaced one is recorded taken:false, OUTRANKED). (inferred)
// - Modify actions accumulate into Verdict.modifications in rule order. With Delete, the
//   rule's modify actions and BCC do not act (MESSAGE_DELETED); notifications still go.
//   Clean / Delete attachments / Sanitize never act on S/MIME-signed mail; Clean needs the
//   malware criterion, Sanitize the active-content criterion; Clean and Delete attachments
//   exclude each other (the first listed acts). Encrypt is outbound only, recorded last,
//   and ends processing ("always the last rule executed").
// - Monitor: notifications are built from the notification object with tokens expanded;
//   BCC never combines with a terminal intercept of the same rule.
import type { InterceptAction } from '../../db/enums.js';
import type { RuleBody } from '../rule.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { RuleMatch } from './evaluate-criteria.js';
import { evidence } from './evidence-messages.js';
import type { MessageFacts } from './message-facts.js';
import { stampHtml } from './stamp-html.js';
import { expandTokens, type TokenContext } from './tokens.js';
import type { Evidence, TraceAction, TraceActionType, Verdict } from './verdict.js';

type Terminal = Exclude<InterceptAction, 'NONE'>;
const PRIORITY: Record<Terminal, number> = { DELETE: 4, DELIVER_NOW: 3, QUARANTINE: 2, CHANGE_RECIPIENT: 1 };
const STOPS: ReadonlySet<Terminal> = new Set(['DELETE', 'DELIVER_NOW', 'QUARANTINE']);

/** The policy-event action vocabulary (§5) for each action type. */
export const EVENT_LABELS: Record<TraceActionType, string> = {
  DELETE: 'Message deleted',
  DELIVER_NOW: 'Delivered',
  QUARANTINE: 'Quarantined',
  CHANGE_RECIPIENT: 'Recipient changed',
  DELETE_ATTACHMENTS: 'Attachment deleted',
  SANITIZE: 'Attachment sanitized',
  CLEAN_MALWARE: 'Cleaned',
  INSERT_X_HEADER: 'X-Header inserted',
  INSERT_STAMP: 'Stamp inserted',
  TAG_SUBJECT: 'Subject tagged',
  ENCRYPT: 'Submitted for encryption',
  NOTIFY: 'Notification sent',
  BCC: 'BCC',
};

/** The terminal intercept chosen so far for this verdict. */
export interface TerminalChoice {
  action: Terminal;
  ruleId: string | null;
  ruleName: string;
  body: RuleBody;
  match: RuleMatch;
  trace: TraceAction;
}

export interface ActionState {
  verdict: Verdict;
  terminal: TerminalChoice | null;
}

export interface ActionInput {
  policy: CompiledPolicy;
  facts: MessageFacts;
  recipients: readonly string[];
  mailId: string;
  now: Date;
}

const act = (type: TraceActionType, detail: TraceAction['detail'] = {}): TraceAction => ({ type, taken: true, reason: null, detail });
const refuse = (a: TraceAction, reason: Evidence): TraceAction => Object.assign(a, { taken: false, reason });

/** Applies one matched rule's actions; returns its trace actions and whether processing stops here (and why). */
export function applyRuleActions(
  state: ActionState,
  rule: { id: string | null; body: RuleBody },
  match: RuleMatch,
  input: ActionInput,
): { actions: TraceAction[]; stop: TraceActionType | null } {
  const { body } = rule;
  const { verdict } = state;
  const facts = input.facts;
  const actions: TraceAction[] = [];
  const later: ((t: TokenContext) => void)[] = [];
  let stop: TraceActionType | null = null;

  if (body.intercept !== 'NONE') {
    const o = body.interceptOptions;
    const detail: TraceAction['detail'] = {};
    if (body.intercept === 'DELIVER_NOW') detail.server = o.server ?? '';
    if (body.intercept === 'QUARANTINE') detail.area = o.area ?? 'Default';
    if (body.intercept === 'CHANGE_RECIPIENT') detail.recipients = (o.recipients ?? []).join(', ');
    const a = act(body.intercept, detail);
    actions.push(a);
    const current = state.terminal;
    if (current && PRIORITY[current.action] >= PRIORITY[body.intercept]) {
      refuse(a, evidence('OUTRANKED', { action: EVENT_LABELS[current.action], rule: current.ruleName }));
    } else {
      if (current) refuse(current.trace, evidence('OUTRANKED', { action: EVENT_LABELS[body.intercept], rule: body.name }));
      state.terminal = { action: body.intercept, ruleId: rule.id, ruleName: body.name, body, match, trace: a };
      if (STOPS.has(body.intercept)) stop = body.intercept;
    }
  }
  const deleted = body.intercept === 'DELETE';
  const allParts = facts.attachments.map((a) => a.partPath);
  let attachmentAction: TraceActionType | null = null;
  let encrypt: TraceAction | null = null;

  for (const m of body.modifyActions) {
    const a = act(m.type);
    if (m.type === 'ENCRYPT') {
      encrypt = a;
      continue;
    }
    actions.push(a);
    if (deleted) {
      refuse(a, evidence('MESSAGE_DELETED'));
      continue;
    }
    const attachmentKind = m.type === 'DELETE_ATTACHMENTS' || m.type === 'SANITIZE' || m.type === 'CLEAN_MALWARE';
    if (attachmentKind && facts.signed) {
      refuse(a, evidence('SIGNED_MESSAGE'));
      continue;
    }
    switch (m.type) {
      case 'INSERT_X_HEADER':
        a.detail = { name: m.name, value: m.value };
        later.push(() => verdict.modifications.push({ type: 'INSERT_X_HEADER', name: m.name, value: m.value }));
        break;
      case 'TAG_SUBJECT':
        a.detail = { text: m.text };
        if (m.skipSigned && facts.signed) refuse(a, evidence('SIGNED_MESSAGE'));
        else later.push(() => verdict.modifications.push({ type: 'TAG_SUBJECT', text: m.text }));
        break;
      case 'INSERT_STAMP': {
        const stamp = input.policy.stamps.get(m.stampId);
        if (!stamp) {
          refuse(a, evidence('OBJECT_MISSING', { kind: 'stamp', id: m.stampId }));
          break;
        }
        a.detail = { stamp: stamp.name, position: stamp.position };
        later.push((t) => {
          const text = expandTokens(stamp.text, t, { headers: true });
          verdict.modifications.push({ type: 'INSERT_STAMP', text, html: stampHtml(text), position: stamp.position });
        });
        break;
      }
      case 'DELETE_ATTACHMENTS':
      case 'CLEAN_MALWARE': {
        if (attachmentAction) {
          refuse(a, evidence('MUTUALLY_EXCLUSIVE', { other: EVENT_LABELS[attachmentAction] }));
          break;
        }
        if (m.type === 'CLEAN_MALWARE' && !match.matchedTypes.has('MALWARE')) {
          refuse(a, evidence('NEEDS_CRITERION', { criterion: 'MALWARE' }));
          break;
        }
        const parts = m.type === 'CLEAN_MALWARE' ? (match.partsOf.get('MALWARE') ?? []) : (match.targetParts ?? allParts);
        if (parts.length === 0) {
          refuse(a, evidence('NOTHING_TO_REMOVE'));
          break;
        }
        attachmentAction = m.type;
        a.detail = { parts: parts.join(', '), count: parts.length };
        later.push(() => verdict.modifications.push({ type: m.type, partPaths: parts }));
        break;
      }
      case 'SANITIZE': {
        const parts = match.partsOf.get('ATTACHMENT_ACTIVE_CONTENT') ?? [];
        if (!match.matchedTypes.has('ATTACHMENT_ACTIVE_CONTENT')) {
          refuse(a, evidence('NEEDS_CRITERION', { criterion: 'ATTACHMENT_ACTIVE_CONTENT' }));
          break;
        }
        a.detail = { parts: parts.join(', '), deleteIfUnable: m.deleteIfUnable };
        later.push(() => verdict.modifications.push({ type: 'SANITIZE', partPaths: parts, deleteIfUnable: m.deleteIfUnable }));
        break;
      }
    }
  }

  for (const m of body.monitorActions) {
    if (m.type === 'BCC') {
      const a = act('BCC', { recipients: m.recipients.join(', ') });
      actions.push(a);
      if (deleted) refuse(a, evidence('MESSAGE_DELETED'));
      else if (body.intercept !== 'NONE') refuse(a, evidence('NOT_WITH_TERMINAL', { action: EVENT_LABELS[body.intercept] }));
      else later.push(() => verdict.bcc.push(...m.recipients.filter((r) => !verdict.bcc.includes(r))));
      continue;
    }
    const a = act('NOTIFY');
    actions.push(a);
    const n = input.policy.notifications.get(m.notificationId);
    if (!n) {
      refuse(a, evidence('OBJECT_MISSING', { kind: 'notification', id: m.notificationId }));
      continue;
    }
    a.detail = { notification: n.name, to: n.toAddresses.join(', ') };
    later.push((t) =>
      verdict.notifications.push({
        ruleId: rule.id ?? '',
        notificationId: n.id,
        from: n.fromAddress,
        to: [...n.toAddresses],
        subject: expandTokens(n.subject, t, { headers: false }),
        text: expandTokens(n.body, t, { headers: true }),
        attachOriginal: n.attachOriginal,
      }),
    );
  }

  if (encrypt) {
    actions.push(encrypt);
    if (deleted) refuse(encrypt, evidence('MESSAGE_DELETED'));
    else if (body.direction !== 'OUTBOUND') refuse(encrypt, evidence('OUTBOUND_ONLY'));
    else {
      verdict.encrypt = true;
      stop ??= 'ENCRYPT';
    }
  }

  const taken = actions.filter((a) => a.taken);
  const terminal = taken.find((a) => a.type in PRIORITY);
  const tokens: TokenContext = {
    facts,
    mailId: input.mailId,
    now: input.now,
    recipients: input.recipients,
    ruleName: body.name,
    policyType: body.type,
    detected: match.threatName,
    fileNames: facts.attachments.filter((x) => (match.targetParts ?? []).includes(x.partPath)).map((x) => x.filename ?? `#${x.index + 1}`),
    terminalAction: terminal ? EVENT_LABELS[terminal.type] : 'Delivered',
    actions: taken.filter((a) => a !== terminal).map((a) => EVENT_LABELS[a.type]),
    virusName: match.threatType === 'MALWARE' ? match.threatName : null,
    virusAction: match.threatType === 'MALWARE' ? EVENT_LABELS[attachmentAction ?? terminal?.type ?? 'DELIVER_NOW'] : null,
  };
  for (const f of later) f(tokens);
  return { actions, stop };
}
