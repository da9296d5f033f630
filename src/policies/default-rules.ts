// The organization-level default rules of a new tenant (names exactly as in CEGP,
// docs/cegp/policies-and-content-filtering.md §6). Their criteria and actions are not
// documented; the choices below are ours (inferred) and say so in the rule notes.
import type { PolicyDirection, PolicyType } from '../db/enums.js';
import { ANYONE, MY_ORGANIZATION, type Criterion, type RuleBody } from './rule.js';

const MB = 1024 * 1024;
const NOTE = 'Default rule (criteria and actions inferred: CEGP does not document them).';

interface DefaultRule {
  direction: PolicyDirection;
  type: PolicyType;
  name: string;
  locked?: boolean;
  criteria: Criterion[];
  criteriaMode?: RuleBody['criteriaMode'];
  intercept: RuleBody['intercept'];
}

const DANGEROUS = ['*.exe', '*.com', '*.scr', '*.pif', '*.bat', '*.cmd', '*.vbs', '*.js', '*.jse', '*.wsf', '*.hta', '*.lnk'];

const DEFAULTS: DefaultRule[] = [
  { direction: 'INBOUND', type: 'VIRUS_SCAN', name: 'Organization: Virus', criteria: [{ type: 'MALWARE' }], intercept: 'DELETE' },
  {
    direction: 'INBOUND',
    type: 'SPAM_FILTERING',
    name: 'Organization: Spam or Phish',
    criteria: [{ type: 'SPAM', threat: 'SPAM', level: 'MODERATELY_LOW' }],
    intercept: 'QUARANTINE',
  },
  {
    direction: 'INBOUND',
    type: 'SPAM_FILTERING',
    name: 'Organization: Newsletter or spam-like',
    criteria: [{ type: 'SPAM', threat: 'GRAYMAIL', level: 'LOW' }],
    intercept: 'NONE',
  },
  {
    direction: 'INBOUND',
    type: 'SPAM_FILTERING',
    name: 'Organization: Probable BEC threat',
    criteria: [{ type: 'SPAM', threat: 'BEC', level: 'MODERATELY_LOW' }],
    intercept: 'QUARANTINE',
  },
  {
    direction: 'INBOUND',
    type: 'SPAM_FILTERING',
    name: 'Organization: Writing style BEC threat',
    criteria: [{ type: 'SPAM', threat: 'BEC_WRITING_STYLE', level: 'MODERATELY_LOW' }],
    intercept: 'QUARANTINE',
  },
  {
    direction: 'INBOUND',
    type: 'CORRELATED_INTELLIGENCE',
    name: 'Organization: Correlated Intelligence Security Risks',
    criteria: [{ type: 'CORRELATED_INTELLIGENCE' }],
    intercept: 'QUARANTINE',
  },
  {
    direction: 'INBOUND',
    type: 'CORRELATED_INTELLIGENCE',
    name: 'Organization: Correlated Intelligence Anomalies',
    criteria: [{ type: 'CORRELATED_INTELLIGENCE' }],
    intercept: 'NONE',
  },
  {
    direction: 'INBOUND',
    type: 'CONTENT_FILTERING',
    name: 'Organization: High-risk attachment',
    criteria: [{ type: 'ATTACHMENT_NAME', selected: true, patterns: DANGEROUS }],
    criteriaMode: 'ANY_MATCH',
    intercept: 'QUARANTINE',
  },
  {
    direction: 'INBOUND',
    type: 'CONTENT_FILTERING',
    name: 'Organization: Exceeding msg size or # of recipients',
    criteria: [
      { type: 'MESSAGE_SIZE', op: 'GT', bytes: 50 * MB },
      { type: 'RECIPIENT_COUNT', op: 'GT', count: 500 },
    ],
    criteriaMode: 'ANY_MATCH',
    intercept: 'DELETE',
  },
  {
    direction: 'INBOUND',
    type: 'CONTENT_FILTERING',
    name: 'Organization: Password protected',
    criteria: [{ type: 'ATTACHMENT_PASSWORD_PROTECTED' }],
    criteriaMode: 'ANY_MATCH',
    intercept: 'QUARANTINE',
  },
  {
    direction: 'OUTBOUND',
    type: 'VIRUS_SCAN',
    name: 'Organization: Global Outbound Policy (Virus)',
    locked: true,
    criteria: [{ type: 'MALWARE' }],
    intercept: 'DELETE',
  },
  {
    direction: 'OUTBOUND',
    type: 'VIRUS_SCAN',
    name: 'Organization: Outbound - Virus',
    criteria: [{ type: 'MALWARE' }],
    intercept: 'DELETE',
  },
  {
    direction: 'OUTBOUND',
    type: 'SPAM_FILTERING',
    name: 'Organization: Global Outbound Policy (Spam or Phish)',
    locked: true,
    criteria: [{ type: 'SPAM', threat: 'SPAM', level: 'MODERATELY_LOW' }],
    intercept: 'QUARANTINE',
  },
  {
    direction: 'OUTBOUND',
    type: 'SPAM_FILTERING',
    name: 'Organization: Outbound - Spam or Phish',
    criteria: [{ type: 'SPAM', threat: 'SPAM', level: 'MODERATELY_LOW' }],
    intercept: 'QUARANTINE',
  },
  {
    direction: 'OUTBOUND',
    type: 'CONTENT_FILTERING',
    name: 'Organization: Outbound - High-risk attachment',
    criteria: [{ type: 'ATTACHMENT_NAME', selected: true, patterns: DANGEROUS }],
    criteriaMode: 'ANY_MATCH',
    intercept: 'QUARANTINE',
  },
  {
    direction: 'OUTBOUND',
    type: 'CONTENT_FILTERING',
    name: 'Organization: Outbound - Exceeding msg size or # of recipients',
    criteria: [
      { type: 'MESSAGE_SIZE', op: 'GT', bytes: 50 * MB },
      { type: 'RECIPIENT_COUNT', op: 'GT', count: 500 },
    ],
    criteriaMode: 'ANY_MATCH',
    intercept: 'DELETE',
  },
];

export function defaultRules(): (RuleBody & { locked: boolean; order: number })[] {
  const order = new Map<string, number>();
  return DEFAULTS.map((d) => {
    const k = `${d.direction}/${d.type}`;
    order.set(k, (order.get(k) ?? 0) + 1);
    return {
      direction: d.direction,
      type: d.type,
      name: d.name,
      notes: NOTE,
      enabled: true,
      locked: d.locked ?? false,
      order: order.get(k)!,
      recipients: d.direction === 'INBOUND' ? MY_ORGANIZATION : ANYONE,
      senders: d.direction === 'INBOUND' ? ANYONE : MY_ORGANIZATION,
      exceptions: [],
      criteriaMode: d.criteriaMode ?? 'ANY_MATCH',
      criteria: d.criteria,
      intercept: d.intercept,
      interceptOptions: d.intercept === 'QUARANTINE' ? { area: 'Default' } : {},
      modifyActions: [],
      monitorActions: [],
    };
  });
}
