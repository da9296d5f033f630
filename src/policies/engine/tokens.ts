// Pure. The tokens of stamps and notifications (docs/cegp/policies-and-content-filtering.md
// §5 "Tokens"), expanded from the facts of one message and the rule that acted. A token
// the rehearsal has no value for (%HPU_CONFIRMED_URL%, %HPU_DENIED_URL%, %SPFRESULT%,
// %UNUSUAL_SIGNAL_NAME%, %CI_RULE_DESC%) or does not know stays as written, so the
// administrator sees it was not filled. %HEADERS% is for stamps and notification bodies
// only (§5): elsewhere it stays too.
import type { PolicyType } from '../../db/enums.js';
import type { MessageFacts } from './message-facts.js';

export interface TokenContext {
  facts: MessageFacts;
  mailId: string;
  now: Date;
  /** The recipients of this verdict. */
  recipients: readonly string[];
  ruleName: string;
  policyType: PolicyType;
  /** What the rule detected (matched keyword, malware name, signal kind, template…). */
  detected: string | null;
  /** Names of the attachments that triggered the rule. */
  fileNames: readonly string[];
  /** The terminal action, in the policy-event vocabulary ("Quarantined", "Delivered"…). */
  terminalAction: string;
  /** The other actions taken, in that vocabulary. */
  actions: readonly string[];
  virusName: string | null;
  virusAction: string | null;
}

/** %RULETYPE% (e.g. "Content Filter", §5). */
export const RULE_TYPE_LABELS: Record<PolicyType, string> = {
  VIRUS_SCAN: 'Virus Scan',
  SPAM_FILTERING: 'Spam Filter',
  CORRELATED_INTELLIGENCE: 'Correlated Intelligence',
  CONTENT_FILTERING: 'Content Filter',
  DLP: 'Data Loss Prevention',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** %DATE&TIME% in the stamp objects' default time zone, UTC+0 (§5 "Stamp and notification objects"). */
export function formatDateTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC+00:00`;
}

function values(ctx: TokenContext, withHeaders: boolean): Record<string, string> {
  const f = ctx.facts;
  const v: Record<string, string> = {
    '%SENDER%': f.envelope.sender === '' ? '<>' : f.envelope.sender,
    '%HEADER_SENDER%': f.headerFrom ?? '',
    '%RCPTS%': ctx.recipients.join(', '),
    '%SUBJECT%': f.subject,
    '%DATE&TIME%': formatDateTime(ctx.now),
    '%MAILID%': ctx.mailId,
    '%RULENAME%': ctx.ruleName,
    '%RULETYPE%': RULE_TYPE_LABELS[ctx.policyType],
    '%DETECTED%': ctx.detected ?? '',
    '%FILENAME%': ctx.fileNames.join(', '),
    '%DEF_CHARSET%': 'UTF-8',
    '%MSG_SIZE%': String(f.sizeBytes),
    '%ATTACH_SIZE%': String(f.attachments.reduce((n, a) => n + a.sizeBytes, 0)),
    '%ATTACH_COUNT%': String(f.attachments.length),
    '%TACTION%': ctx.terminalAction,
    '%ACTION%': ctx.actions.join(', '),
    '%VIRUSNAME%': ctx.virusName ?? '',
    '%VIRUSACTION%': ctx.virusAction ?? '',
  };
  if (ctx.policyType === 'CORRELATED_INTELLIGENCE') v['%CI_RULE_NAME%'] = ctx.ruleName;
  if (withHeaders) v['%HEADERS%'] = f.headers.map((h) => `${h.name}: ${h.value}`).join('\n');
  return v;
}

/** The template with its known tokens replaced (one left-to-right pass: a value is never expanded again). */
export function expandTokens(template: string, ctx: TokenContext, opts: { headers: boolean }): string {
  const v = values(ctx, opts.headers);
  return template.replace(/%[A-Z_&]{3,30}%/g, (token) => v[token] ?? token);
}
