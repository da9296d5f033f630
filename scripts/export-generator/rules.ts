// policy/rules.xml (spec §5): clean, varied rules that each map one-to-one to a CEGP rule
// (category SUCCESS). One condition family per rule (no RULE_SPLIT_TYPE), match="all" only
// on content rules, internal sides inside the managed domains, supported true file types,
// BCC only without a terminal intercept, encryption only outbound.
import type { CaseFragments } from './cases.js';
import { seq, type GenContext } from './context.js';
import { BASE, type ObjectCatalog } from './objects.js';
import {
  attachment,
  bcc,
  content,
  dlp,
  FLAG,
  intercept,
  messageSize,
  MODIFY_FLAG,
  notificationRef,
  recipientCount,
  renderRule,
  sanitize,
  spam,
  stampRef,
  tagSubject,
  webReputation,
  xHeader,
  type AttachmentCriteria,
  type Party,
  type RuleModel,
  type Side,
} from './rule-xml.js';
import { SPAM_LEVELS, type RuleKind } from './vocabulary.js';

/** True file types CEGP supports (spec §5 list minus msi, png, 7z, lnk). */
export const SUPPORTED_TRUE_FILE_TYPES = [
  'exe',
  'dll',
  'com',
  'zip',
  'rar',
  'gzip',
  'tar',
  'cab',
  'lha',
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'rtf',
  'jpeg',
  'gif',
  'bmp',
  'tiff',
  'mp3',
  'mp4',
  'html',
  'xml',
  'js',
  'vbs',
  'ps1',
  'iso',
] as const;

const NAME_PATTERNS = ['*.exe', '*.scr', '*.vbs', '*.js', '*.bat', '*.cmd', '*.iso', '*.hta', '請求書*.zip', 'LOVE-LETTER*.vbs'] as const;
const MIME_TYPES = [
  'application/x-msdownload',
  'application/x-dosexec',
  'application/java-archive',
  'application/x-iso9660-image',
  'application/vnd.ms-excel.sheet.macroEnabled.12',
] as const;
const HEADER_NAMES = ['X-Mailer', 'X-Originating-IP', 'Reply-To', 'X-Priority'] as const;

const KIND_WEIGHTS: [RuleKind, number][] = [
  ['content', 25],
  ['attachment', 25],
  ['size', 5],
  ['virus', 15],
  ['spam', 15],
  ['dlp', 15],
];

export function buildRules(ctx: GenContext, catalog: ObjectCatalog, cases: CaseFragments | undefined): string[] {
  const xml: string[] = ['<policyList>'];
  let order = 0;
  for (let i = 1; i <= ctx.opts.rules; i++) xml.push(renderRule(cleanRule(ctx, catalog, i), ++order));
  if (cases) {
    for (const rule of cases.rules) xml.push(renderRule(rule, ++order));
    xml.push(...cases.globalDkim);
  }
  xml.push('</policyList>');
  return xml;
}

function pickKind(ctx: GenContext): RuleKind {
  let roll = ctx.rng.int(100);
  for (const [kind, weight] of KIND_WEIGHTS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'content';
}

function cleanRule(ctx: GenContext, catalog: ObjectCatalog, i: number): RuleModel {
  const { rng, words } = ctx;
  const kind = pickKind(ctx);
  const outgoing = kind === 'dlp' ? rng.chance(0.85) : rng.chance(0.4);
  const dept = rng.pick(words.departments);
  const name = `${rng.pick(words.ruleThemes[kind])} - ${dept} ${seq(i)}`;
  const route = outgoing ? outboundRoute(ctx, catalog) : inboundRoute(ctx, catalog);
  const rule: RuleModel = {
    id: `r${i}`,
    name,
    enabled: rng.chance(0.92),
    applyTo: outgoing ? 'outgoing' : 'incoming',
    ...route,
    match: 'any',
    conditions: [],
    intercept: intercept.none(),
    modify: [],
    monitor: [],
  };
  fillConditionsAndActions(ctx, catalog, rule, kind, outgoing);
  return rule;
}

// ---- routes -----------------------------------------------------------------------------

function internalParties(ctx: GenContext, catalog: ObjectCatalog): Party[] {
  const { rng } = ctx;
  const parties: Party[] = [];
  const n = rng.between(1, 3);
  for (let k = 0; k < n; k++) {
    const roll = rng.int(3);
    if (roll === 0 && catalog.internalGroups.length > 0) parties.push({ group: rng.pick(catalog.internalGroups) });
    else if (roll === 1) parties.push(`*@${rng.pick(ctx.managed)}`);
    else parties.push(ctx.internalAddress());
  }
  return dedupe(parties);
}

function externalParties(ctx: GenContext, catalog: ObjectCatalog): Party[] {
  const { rng } = ctx;
  if (catalog.partnerGroups.length > 0 && rng.chance(0.4)) return [{ group: rng.pick(catalog.partnerGroups) }];
  return dedupe([ctx.partnerAddress(), ...(rng.chance(0.5) ? [ctx.partnerAddress()] : [])]);
}

function dedupe(parties: Party[]): Party[] {
  const seen = new Set<string>();
  return parties.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Inbound: recipients are the internal side; senders and sender exceptions external. */
function inboundRoute(ctx: GenContext, catalog: ObjectCatalog): Pick<RuleModel, 'senders' | 'recipients' | 'exceptions'> {
  const { rng } = ctx;
  const senders: Side = rng.chance(0.7) ? 'anyone' : externalParties(ctx, catalog);
  const exceptions = rng.chance(0.3) ? [{ sender: externalParties(ctx, catalog), recipient: 'anyone' as const }] : [];
  return { senders, recipients: internalParties(ctx, catalog), exceptions };
}

/** Outbound: senders (and their exceptions) are the internal side. */
function outboundRoute(ctx: GenContext, catalog: ObjectCatalog): Pick<RuleModel, 'senders' | 'recipients' | 'exceptions'> {
  const { rng } = ctx;
  const recipients: Side = rng.chance(0.7) ? 'anyone' : externalParties(ctx, catalog);
  const exceptions = rng.chance(0.3)
    ? [
        {
          sender: [rng.chance(0.5) ? ctx.mailbox('ceo') : ctx.internalAddress()] as Party[],
          recipient: externalParties(ctx, catalog) as Side,
        },
      ]
    : [];
  return { senders: internalParties(ctx, catalog), recipients, exceptions };
}

// ---- conditions and actions -------------------------------------------------------------

function fillConditionsAndActions(ctx: GenContext, catalog: ObjectCatalog, rule: RuleModel, kind: RuleKind, outgoing: boolean): void {
  const { rng, words } = ctx;
  const lists = catalog.keywordLists;
  switch (kind) {
    case 'virus':
      rule.conditions.push(FLAG.virus);
      if (rng.chance(0.5)) {
        rule.intercept = intercept.none();
        rule.modify.push(MODIFY_FLAG.cleanMalware, stampRef(BASE.stampCleaned));
      } else {
        rule.intercept = rng.chance(0.5) ? intercept.delete() : intercept.quarantine();
      }
      rule.monitor.push(notificationRef(BASE.notificationVirus));
      return;
    case 'spam':
      rule.conditions.push(spam(rng.pick(SPAM_LEVELS)));
      if (rng.chance(0.5)) rule.conditions.push(webReputation(rng.pick(SPAM_LEVELS)));
      if (rng.chance(0.4)) {
        rule.intercept = intercept.none();
        rule.modify.push(tagSubject('[SPAM]', rng.chance(0.5)));
      } else {
        rule.intercept = intercept.quarantine();
      }
      return;
    case 'dlp':
      rule.conditions.push(dlp(rng.sample(catalog.dlpTemplates, rng.between(1, 2))));
      finishActions(ctx, rule, outgoing, BASE.notificationDlp, false);
      return;
    case 'size':
      rule.conditions.push(messageSize('gt', rng.pick([10, 20, 30, 50]), 'MB'));
      if (rng.chance(0.5)) rule.conditions.push(recipientCount('gt', rng.pick([50, 100, 200])));
      finishActions(ctx, rule, outgoing, BASE.notificationSender, false);
      return;
    case 'attachment': {
      rule.match = rng.chance(0.3) ? 'all' : 'any';
      const crit: AttachmentCriteria = {};
      const selected = !rng.chance(0.15);
      if (rng.chance(0.7)) crit.names = { selected, patterns: rng.sample(NAME_PATTERNS, rng.between(1, 4)) };
      if (rng.chance(0.4)) crit.mimeTypes = { selected, types: rng.sample(MIME_TYPES, rng.between(1, 2)) };
      if (rng.chance(0.5)) crit.trueFileTypes = { selected, types: rng.sample(SUPPORTED_TRUE_FILE_TYPES, rng.between(1, 4)) };
      if (rng.chance(0.3)) crit.size = { op: 'gt', value: rng.pick([5, 10, 20]), unit: 'MB' };
      if (rng.chance(0.2)) crit.count = { op: 'gt', value: rng.pick([5, 10]) };
      // Password-protected, active content and recipient count exist in CEGP under Any Match only.
      const activeContent = rule.match === 'any' && rng.chance(0.25);
      if (rule.match === 'any' && rng.chance(0.2)) crit.passwordProtected = true;
      if (activeContent) crit.activeContent = true;
      if (!crit.names && !crit.mimeTypes && !crit.trueFileTypes && !crit.size && !crit.count && !crit.passwordProtected && !activeContent) {
        crit.names = { selected: true, patterns: ['*.exe'] };
      }
      rule.conditions.push(attachment(crit));
      if (activeContent) {
        rule.intercept = intercept.none();
        rule.modify.push(sanitize(rng.chance(0.5)));
        rule.monitor.push(notificationRef(BASE.notificationRecipient));
      } else {
        finishActions(ctx, rule, outgoing, BASE.notificationRecipient, true);
      }
      return;
    }
    case 'content': {
      rule.match = rng.chance(0.35) ? 'all' : 'any';
      const picks = rng.sample(
        ['subject', 'body', 'header', 'attachmentContent', 'blank', 'headerSender', 'size'] as const,
        rng.between(1, 3),
      );
      const c: Parameters<typeof content>[0] = {};
      for (const p of picks) {
        if (p === 'blank') rule.conditions.push(rng.pick([FLAG.subjectBlank, FLAG.bodyBlank, FLAG.envelopeSenderBlank]));
        else if (p === 'headerSender')
          rule.conditions.push(rng.pick([FLAG.headerSenderDiffersFromEnvelope, FLAG.headerSenderDiffersFromReplyTo]));
        else if (p === 'size') rule.conditions.push(messageSize('gt', rng.pick([512, 1024, 4096]), 'KB'));
        else if (lists.length > 0) {
          const refs = rng.sample(lists, rng.between(1, 2));
          if (p === 'header') c.header = { name: rng.pick(HEADER_NAMES), refs };
          else c[p] = refs;
        }
      }
      if (c.subject || c.body || c.header || c.attachmentContent) rule.conditions.unshift(content(c));
      if (rule.conditions.length === 0) rule.conditions.push(FLAG.subjectBlank);
      finishActions(ctx, rule, outgoing, BASE.notificationAdmin, false);
      if (!outgoing && rng.chance(0.3)) rule.modify.push(tagSubject(rng.pick(words.tagSubject), true));
      return;
    }
  }
}

/**
 * Exactly one intercept, then modify/monitor actions that CEGP accepts with it: BCC and
 * encryption only with "do not intercept", every target inside the managed domains.
 */
function finishActions(ctx: GenContext, rule: RuleModel, outgoing: boolean, notice: string, attachmentTriggered: boolean): void {
  const { rng } = ctx;
  const roll = rng.int(10);
  if (roll < 4) rule.intercept = intercept.quarantine();
  else if (roll < 5) rule.intercept = intercept.delete();
  else if (roll < 6)
    rule.intercept = intercept.changeRecipient([ctx.mailbox('review'), ...(rng.chance(0.3) ? [ctx.mailbox('audit', 1)] : [])]);
  else if (roll < 7) rule.intercept = intercept.deliverNow(rng.chance(0.5) ? `mail.${ctx.managed[0]}:25` : undefined);
  else rule.intercept = intercept.none();
  const terminal = roll < 7;

  if (attachmentTriggered && roll >= 5 && rng.chance(0.6)) rule.modify.push(MODIFY_FLAG.deleteAttachments);
  if (rng.chance(0.3)) rule.modify.push(xHeader('X-Policy-Rule', rule.id));
  if (!terminal) {
    if (!outgoing && rng.chance(0.4)) rule.modify.push(stampRef(BASE.stampExternal));
    if (outgoing && rng.chance(0.4)) rule.modify.push(stampRef(BASE.stampConfidential));
    if (outgoing && rng.chance(0.2)) rule.modify.push(MODIFY_FLAG.encrypt);
    if (rng.chance(0.35)) rule.monitor.push(bcc(ctx.mailbox('mailaudit')));
  }
  if (rng.chance(0.7)) rule.monitor.push(notificationRef(notice));
  if (rng.chance(0.2)) rule.monitor.push(notificationRef(BASE.notificationAdmin));
  rule.monitor = [...new Set(rule.monitor)];
}
