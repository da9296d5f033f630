// Analysis of the IMSS/IMSVA Policy List: each source rule becomes zero or more CEGP rules
// (split by direction and by policy type), each with the items that explain what changed.
// Categories follow spec §10: ERROR = broader match or a lost action (imported disabled,
// Needs fix), WARNING = adjusted with the same or a narrower effect (Needs confirmation).
import type { PolicyDirection, PolicyType } from '../db/enums.js';
import {
  ANY_MATCH_ONLY,
  DEFAULT_SPAM_LEVEL,
  DEFAULT_WEB_REPUTATION_LEVEL,
  detectionLevelOf,
  TERMINAL_INTERCEPTS,
  RESERVED_X_HEADER,
  type Criterion,
  type ModifyAction,
  type MonitorAction,
  type RouteEntry,
  type RouteSpec,
  type RuleBody,
} from '../policies/rule.js';
import type { LocalizedText, MessageParams } from '../platform/errors.js';
import { isManaged, isWildcardDomain, managedDomainOf, type ManagedDomain } from '../domains/addresses.js';
import type { ObjectAnalysis } from './analyze-objects.js';
import { CEGP_TRUE_FILE_TYPES, TRUE_FILE_TYPES, UNSUPPORTED_TRUE_FILE_TYPES } from '../policies/true-file-types.js';
import { ITEM_TERMS, itemText } from './item-messages.js';
import { statusOf, type AnalysisItem } from './plan.js';
import type { ItemCategory } from './reports/report.js';
import type { SourceAction, SourceCondition, SourceRouteSide, SourceRule } from './source.js';

/** The export's spam condition names a catch rate only; an unknown one reads as CEGP's default. */
function spamCriterion(level: string): Criterion {
  return { type: 'SPAM', threat: 'SPAM', level: detectionLevelOf(level) ?? DEFAULT_SPAM_LEVEL };
}

const UNSUPPORTED_CONDITIONS = new Set(['cncEmail', 'receivedTimeRange', 'unableToDecrypt', 'spoofedInternal']);

type Family = 'VIRUS_SCAN' | 'SPAM_FILTERING' | 'DLP' | 'CONTENT_FILTERING';
const FAMILY_ORDER: Family[] = ['VIRUS_SCAN', 'SPAM_FILTERING', 'CONTENT_FILTERING', 'DLP'];
const FAMILY_LABEL: Record<Family, { en: string; ja: string }> = {
  VIRUS_SCAN: { en: 'Virus Scan', ja: 'ウイルス検索' },
  SPAM_FILTERING: { en: 'Spam Filtering', ja: 'スパムメールフィルタ' },
  CONTENT_FILTERING: { en: 'Content Filtering', ja: 'コンテンツフィルタ' },
  DLP: { en: 'Data Loss Prevention', ja: '情報漏えい対策' },
};
/** The source's intercept actions, as IMSVA names them (BCC_WITH_TERMINAL quotes one). */
const INTERCEPT_LABEL: Record<SourceRule['intercept']['type'], LocalizedText> = {
  none: { en: 'Do not intercept', ja: '処理なし' },
  delete: { en: 'Delete entire message', ja: 'メッセージ全体を削除' },
  deliverNow: { en: 'Deliver now', ja: '今すぐ配信' },
  quarantine: { en: 'Quarantine', ja: '隔離' },
  changeRecipient: { en: 'Change recipient', ja: '受信者の変更' },
};

function familyOf(c: SourceCondition): Family {
  if (c.kind === 'virus') return 'VIRUS_SCAN';
  if (c.kind === 'spam' || c.kind === 'webReputation') return 'SPAM_FILTERING';
  if (c.kind === 'dlp') return 'DLP';
  return 'CONTENT_FILTERING';
}

export function destinationOf(direction: PolicyDirection, type: PolicyType | Family, name: string): string {
  const tree = direction === 'INBOUND' ? 'Inbound Protection' : 'Outbound Protection';
  return `${tree} > ${FAMILY_LABEL[type as Family]?.en ?? type} > ${name}`;
}

interface Part {
  direction: PolicyDirection;
  family: Family;
  destination: string;
  items: AnalysisItem[];
}

export class RuleAnalysis {
  /** Registered but unverified domains that some imported rule protects. */
  readonly unverifiedDomainsUsed = new Set<string>();

  constructor(
    private readonly objects: ObjectAnalysis,
    private readonly managed: ManagedDomain[],
    private readonly directoryDns: Set<string>,
  ) {}

  analyzeAll(rules: SourceRule[]): void {
    const ordered = [...rules].sort((a, b) => a.order - b.order);
    for (const r of ordered) this.analyze(r);
  }

  private item(
    part: Part | null,
    category: ItemCategory,
    textKey: string,
    sourcePath: string,
    params: MessageParams,
    destination?: string,
  ): AnalysisItem {
    const it = { category, sourcePath, destination: destination ?? part?.destination ?? '—', ...itemText(textKey, params) };
    this.objects.items.push(it);
    part?.items.push(it);
    return it;
  }

  analyze(r: SourceRule): void {
    const rule = r.name;
    if (r.applyTo === 'pop3') return void this.item(null, 'NOT_SUPPORTED', 'RULE_POP3', r.path, { rule });
    const directions: PolicyDirection[] =
      r.applyTo === 'both' ? ['INBOUND', 'OUTBOUND'] : r.applyTo === 'outgoing' ? ['OUTBOUND'] : ['INBOUND'];
    const unsupported = r.conditions.filter((c) => UNSUPPORTED_CONDITIONS.has(c.kind));
    const supported = r.conditions.filter((c) => !UNSUPPORTED_CONDITIONS.has(c.kind));
    for (const c of unsupported) this.item(null, 'NOT_SUPPORTED', 'CONDITION_UNSUPPORTED', c.path, { rule, condition: c.kind });
    if (unsupported.length && !supported.length)
      return void this.item(null, 'NOT_SUPPORTED', 'CONDITION_UNSUPPORTED_ALL', r.path, { rule });
    const families = supported.length
      ? FAMILY_ORDER.filter((f) => supported.some((c) => familyOf(c) === f))
      : (['CONTENT_FILTERING'] as Family[]);
    for (const direction of directions) {
      for (const family of families) {
        const part: Part = { direction, family, destination: destinationOf(direction, family, rule), items: [] };
        if (directions.length > 1) this.item(part, 'WARNING', 'RULE_SPLIT_DIRECTION', r.path, { rule });
        if (families.length > 1) {
          this.item(part, 'WARNING', 'RULE_SPLIT_TYPE', r.path, {
            rule,
            families: families.map((f) => FAMILY_LABEL[f].en).join(', '),
            familiesJa: families.map((f) => FAMILY_LABEL[f].ja).join('、'),
          });
        }
        if (unsupported.length) {
          const all = r.match === 'all';
          this.item(part, all ? 'ERROR' : 'WARNING', 'CONDITION_UNSUPPORTED_RULE', r.path, {
            rule,
            conditions: unsupported.map((c) => c.kind).join(', '),
            match: all ? 'All Match' : 'Any Match',
            matchJa: all ? '「すべてに一致」' : '「いずれかに一致」',
            effect: all ? 'match more messages' : 'match the same or fewer messages',
            effectJa: all ? 'より多くのメッセージに一致します' : '同じかより少ないメッセージに一致します',
          });
        }
        this.buildPart(
          r,
          part,
          supported.filter((c) => familyOf(c) === family),
        );
      }
    }
  }

  private buildPart(r: SourceRule, part: Part, conditions: SourceCondition[]): void {
    const rule = r.name;
    const { direction, family } = part;
    const internal = direction === 'INBOUND' ? 'recipients' : 'senders';
    const recipients = this.route(r, part, r.recipients, internal === 'recipients', ITEM_TERMS.recipients);
    const senders = this.route(r, part, r.senders, internal === 'senders', ITEM_TERMS.senders);
    const exceptions = r.exceptions.map((x) => ({
      sender: this.route(r, part, x.sender, internal === 'senders', ITEM_TERMS.exceptionSenders, true),
      recipient: this.route(r, part, x.recipient, internal === 'recipients', ITEM_TERMS.exceptionRecipients, true),
    }));
    const criteria = this.criteria(r, part, conditions);
    let criteriaMode: RuleBody['criteriaMode'];
    if (family === 'CONTENT_FILTERING')
      criteriaMode = criteria.length === 0 ? 'NO_CRITERIA' : r.match === 'all' ? 'ALL_MATCH' : 'ANY_MATCH';
    else {
      criteriaMode = 'ANY_MATCH';
      if (r.match === 'all')
        this.item(part, 'ERROR', 'MATCH_ALL_UNSUPPORTED', r.path, { rule, type: FAMILY_LABEL[family].en, typeJa: FAMILY_LABEL[family].ja });
    }
    const actions = this.actions(r, part);
    // Domains the rule protects that are registered but not verified (spec: DOMAIN_NOT_VERIFIED).
    const side = internal === 'recipients' ? recipients : senders;
    const unverified = new Set<string>();
    const check = (address: string) => {
      const d = managedDomainOf(address, this.managed);
      if (d && !d.verified) unverified.add(d.name);
    };
    for (const e of side.entries) {
      if (e.type === 'ADDRESS') check(e.value);
      if (e.type === 'ADDRESS_GROUP')
        for (const a of this.objects.plan.addressGroups.find((g) => g.key === e.groupId)?.addresses ?? []) check(a);
    }
    if (side.kind !== 'SPECIFIED') for (const d of this.managed) if (!d.verified) unverified.add(d.name);
    if (unverified.size) {
      for (const d of unverified) this.unverifiedDomainsUsed.add(d);
      this.item(part, 'ERROR', 'DOMAIN_NOT_VERIFIED_RULE', r.path, { rule, domains: [...unverified].join(', ') });
    }

    const categories = part.items.map((i) => i.category);
    const status = statusOf(categories);
    if (status === 'SUCCESS') this.item(part, 'SUCCESS', 'OK', r.path, { what: `Rule "${rule}"`, whatJa: `ルール「${rule}」` });
    this.objects.plan.rules.push({
      body: {
        direction,
        type: family,
        name: rule,
        notes: '',
        // Needs fix → imported disabled; otherwise the source rule's own state.
        enabled: status === 'NEEDS_FIX' ? false : r.enabled,
        recipients,
        senders,
        exceptions,
        criteriaMode,
        criteria,
        ...actions,
      },
      sourceKey: `${r.id}:${direction}:${family}`,
      status,
      notes: part.items
        .filter((i) => i.category !== 'SUCCESS')
        .map((i) => ({ code: i.code, category: i.category, message: i.message, messageJa: i.messageJa })),
    });
  }

  private route(r: SourceRule, part: Part, side: SourceRouteSide, internal: boolean, label: LocalizedText, isException = false): RouteSpec {
    const rule = r.name;
    const entries: RouteEntry[] = [];
    const droppedUnmanaged: string[] = [];
    const droppedWildcard: string[] = [];
    for (const a of side.addresses) {
      const value = a.trim().toLowerCase();
      if (internal && isWildcardDomain(value)) droppedWildcard.push(value);
      else if (internal && !isManaged(value, this.managed)) droppedUnmanaged.push(value);
      else entries.push({ type: 'ADDRESS', value });
    }
    for (const ref of side.groupRefs) {
      if (!internal) {
        if (this.objects.groups.has(ref)) entries.push({ type: 'ADDRESS_GROUP', groupId: ref });
        else
          this.item(part, 'ERROR', 'REFERENCE_MISSING', `${r.path}/route`, {
            rule,
            kind: 'address group',
            kindJa: 'アドレスグループ',
            ref,
          });
        continue;
      }
      const g = this.objects.internalGroup(ref);
      if (!g) {
        this.item(part, 'ERROR', 'REFERENCE_MISSING', `${r.path}/route`, { rule, kind: 'address group', kindJa: 'アドレスグループ', ref });
        continue;
      }
      entries.push({ type: 'ADDRESS_GROUP', groupId: g.key });
      if (g.key !== ref)
        this.item(part, 'WARNING', 'GROUP_INTERNAL_COPY_RULE', `${r.path}/route`, {
          rule,
          name: this.objects.groups.get(ref)!.name,
          copy: g.name,
        });
    }
    for (const u of side.ldapUsers) {
      entries.push({ type: 'ADDRESS', value: u.mail.trim().toLowerCase() });
      this.item(part, 'WARNING', 'LDAP_USER_STATIC', `${r.path}/route`, { rule, dn: u.dn, mail: u.mail });
    }
    for (const dn of side.ldapGroups) {
      if (this.directoryDns.has(dn.toLowerCase())) {
        entries.push({ type: 'DIRECTORY_GROUP', dn });
        this.item(part, 'SUCCESS', 'LDAP_GROUP_UNSYNCED', `${r.path}/route`, {
          rule,
          dn,
          state: 'is a synchronised directory group',
          stateJa: '同期済みのディレクトリグループです',
        });
      } else {
        this.item(part, 'ERROR', 'LDAP_GROUP_UNSYNCED', `${r.path}/route`, {
          rule,
          dn,
          state: 'is not a synchronised directory group and is removed',
          stateJa: '同期済みのディレクトリグループではないため削除されます',
        });
      }
    }
    if (droppedUnmanaged.length)
      this.item(part, 'WARNING', 'GROUP_INTERNAL_ADDRESS', `${r.path}/route`, { rule, addresses: droppedUnmanaged.join(', ') });
    if (droppedWildcard.length)
      this.item(part, 'WARNING', 'GROUP_WILDCARD_ADDRESS', `${r.path}/route`, { rule, addresses: droppedWildcard.join(', ') });
    if (side.anyone) return { kind: internal ? 'MY_ORGANIZATION' : 'ANYONE', entries: [] };
    if (entries.length) return { kind: 'SPECIFIED', entries };
    if (isException) return { kind: 'SPECIFIED', entries: [] };
    // Nothing left: a rule must name someone. The widest choice is flagged as an error.
    const fallback = internal ? 'MY_ORGANIZATION' : 'ANYONE';
    this.item(part, 'ERROR', 'ROUTE_EMPTY', `${r.path}/route`, {
      rule,
      side: label,
      fallback: internal ? 'My organization' : 'anyone',
      fallbackJa: internal ? '組織全体' : 'すべての送信者',
    });
    return { kind: fallback, entries: [] };
  }

  private keywordRefs(r: SourceRule, part: Part, refs: string[]): string[] {
    const ok: string[] = [];
    for (const ref of refs) {
      if (!this.objects.keywordListNames.has(ref)) {
        this.item(part, 'ERROR', 'REFERENCE_MISSING', r.path, { rule: r.name, kind: 'keyword list', kindJa: 'キーワードリスト', ref });
        continue;
      }
      ok.push(ref);
      const damaged = this.objects.damagedLists.get(ref);
      if (damaged) this.item(part, 'ERROR', 'EXPRESSION_INVALID_RULE', r.path, { rule: r.name, list: damaged });
    }
    return ok;
  }

  private criteria(r: SourceRule, part: Part, conditions: SourceCondition[]): Criterion[] {
    const rule = r.name;
    const out: Criterion[] = [];
    const all = r.match === 'all';
    for (const c of conditions) {
      switch (c.kind) {
        case 'attachmentNames':
          out.push({ type: 'ATTACHMENT_NAME', selected: c.selected, patterns: c.values });
          break;
        case 'attachmentMimeTypes':
          out.push({ type: 'ATTACHMENT_MIME_TYPE', selected: c.selected, types: c.values });
          break;
        case 'attachmentTrueFileTypes': {
          const values = c.values.map((v) => v.trim().toLowerCase());
          const unknown = values.filter((v) => !TRUE_FILE_TYPES.has(v));
          const unsupported = values.filter((v) => UNSUPPORTED_TRUE_FILE_TYPES.has(v));
          const keep = values.filter((v) => CEGP_TRUE_FILE_TYPES.has(v));
          for (const u of unknown) this.item(part, 'ERROR', 'TRUE_FILE_TYPE_UNKNOWN', c.path, { rule, type: u });
          if (unsupported.length) {
            this.item(part, keep.length ? 'WARNING' : 'ERROR', 'TRUE_FILE_TYPE_UNSUPPORTED', c.path, {
              rule,
              types: unsupported.join(', '),
              rest: keep.length ? `; ${keep.join(', ')} remain` : '; no type remains, so the criterion is dropped',
              restJa: keep.length ? ` (${keep.join(', ')} は残ります)` : ' (形式が残らないため、条件は削除されます)',
            });
          }
          if (keep.length) out.push({ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: c.selected, types: keep });
          break;
        }
        case 'attachmentSize':
          out.push({ type: 'ATTACHMENT_SIZE', op: c.op === 'le' ? 'LE' : 'GT', bytes: c.bytes });
          break;
        case 'attachmentCount':
          out.push({ type: 'ATTACHMENT_COUNT', op: c.op === 'le' ? 'LE' : 'GT', count: c.count });
          break;
        case 'passwordProtected':
        case 'activeContent':
        case 'recipientCount': {
          const criterion: Criterion =
            c.kind === 'passwordProtected'
              ? { type: 'ATTACHMENT_PASSWORD_PROTECTED' }
              : c.kind === 'activeContent'
                ? { type: 'ATTACHMENT_ACTIVE_CONTENT' }
                : recipientCount(c as Extract<SourceCondition, { kind: 'recipientCount' }>);
          if (all && ANY_MATCH_ONLY.has(criterion.type))
            this.item(part, 'ERROR', 'CRITERION_ANY_ONLY', c.path, { rule, criterion: c.kind });
          else out.push(criterion);
          break;
        }
        case 'messageSize':
          out.push({ type: 'MESSAGE_SIZE', op: c.op === 'le' ? 'LE' : 'GT', bytes: c.bytes });
          break;
        case 'subjectKeywords':
          out.push({ type: 'SUBJECT_KEYWORDS', keywordListIds: this.keywordRefs(r, part, c.listRefs) });
          break;
        case 'bodyKeywords':
          out.push({ type: 'BODY_KEYWORDS', keywordListIds: this.keywordRefs(r, part, c.listRefs) });
          break;
        case 'attachmentContentKeywords':
          out.push({ type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: this.keywordRefs(r, part, c.listRefs) });
          break;
        case 'headerKeywords':
          out.push({ type: 'HEADER_KEYWORDS', headers: [c.header], keywordListIds: this.keywordRefs(r, part, c.listRefs) });
          break;
        case 'subjectBlank':
          out.push({ type: 'SUBJECT_BLANK' });
          break;
        case 'bodyBlank':
          out.push({ type: 'BODY_BLANK' });
          break;
        case 'envelopeSenderBlank':
          if (part.direction === 'OUTBOUND') this.item(part, 'ERROR', 'CRITERION_INBOUND_ONLY', c.path, { rule, criterion: c.kind });
          else out.push({ type: 'ENVELOPE_SENDER_BLANK' });
          break;
        case 'headerSenderDiffersFromEnvelope':
          out.push({ type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' });
          break;
        case 'headerSenderDiffersFromReplyTo':
          out.push({ type: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO' });
          break;
        case 'virus':
          out.push({ type: 'MALWARE' });
          break;
        case 'spam':
          out.push(spamCriterion(c.level));
          break;
        case 'webReputation':
          out.push({ type: 'WEB_REPUTATION', level: detectionLevelOf(c.level) ?? DEFAULT_WEB_REPUTATION_LEVEL });
          break;
        case 'dlp': {
          const templateIds: string[] = [];
          const predefinedTemplates: string[] = [];
          for (const ref of c.templateRefs) {
            const t = this.objects.dlpTemplates.get(ref);
            if (!t) this.item(part, 'ERROR', 'REFERENCE_MISSING', c.path, { rule, kind: 'DLP template', kindJa: 'DLP テンプレート', ref });
            else if (t.predefined) predefinedTemplates.push(t.name);
            else templateIds.push(ref);
          }
          out.push({ type: 'DLP', templateIds, predefinedTemplates });
          break;
        }
      }
    }
    return out;
  }

  private actions(r: SourceRule, part: Part): Pick<RuleBody, 'intercept' | 'interceptOptions' | 'modifyActions' | 'monitorActions'> {
    const rule = r.name;
    const unmanaged = (list: string[]) => list.filter((a) => !isManaged(a, this.managed));
    let intercept: RuleBody['intercept'] = (
      { none: 'NONE', delete: 'DELETE', deliverNow: 'DELIVER_NOW', quarantine: 'QUARANTINE', changeRecipient: 'CHANGE_RECIPIENT' } as const
    )[r.intercept.type];
    const interceptOptions: RuleBody['interceptOptions'] = {};
    if (intercept === 'QUARANTINE') interceptOptions.area = r.intercept.area ?? 'Default';
    if (intercept === 'DELIVER_NOW' && r.intercept.server) interceptOptions.server = r.intercept.server;
    if (intercept === 'CHANGE_RECIPIENT') {
      const bad = unmanaged(r.intercept.recipients);
      if (bad.length || r.intercept.recipients.length === 0) {
        this.item(part, 'ERROR', 'ACTION_TARGET_UNMANAGED', `${r.path}/actions/intercept`, {
          rule,
          action: 'change recipient',
          actionJa: '受信者の変更',
          targets: bad.join(', ') || ITEM_TERMS.noTargets,
        });
        intercept = 'NONE';
      } else interceptOptions.recipients = r.intercept.recipients;
    }
    const modifyActions: ModifyAction[] = [];
    const monitorActions: MonitorAction[] = [];
    let unsupported = 0;
    for (const a of r.actions) this.action(r, part, a, intercept, modifyActions, monitorActions, unmanaged, () => unsupported++);
    if (unsupported) {
      const keeps = intercept !== 'NONE' || modifyActions.length > 0 || monitorActions.length > 0;
      this.item(part, keeps ? 'WARNING' : 'ERROR', keeps ? 'ACTION_UNSUPPORTED_RULE' : 'ACTIONS_EMPTY', r.path, {
        rule,
        effect: 'keeps its other actions',
        effectJa: 'ほかの処理は維持されます',
      });
    }
    return { intercept, interceptOptions, modifyActions, monitorActions };
  }

  private action(
    r: SourceRule,
    part: Part,
    a: SourceAction,
    intercept: RuleBody['intercept'],
    modify: ModifyAction[],
    monitor: MonitorAction[],
    unmanaged: (l: string[]) => string[],
    countUnsupported: () => void,
  ): void {
    const rule = r.name;
    switch (a.kind) {
      case 'xHeader':
        if (RESERVED_X_HEADER.test(a.name)) this.item(part, 'ERROR', 'XHEADER_RESERVED', a.path, { rule, header: a.name });
        else modify.push({ type: 'INSERT_X_HEADER', name: a.name, value: a.value });
        return;
      case 'stamp':
        if (this.objects.stamps.has(a.ref)) modify.push({ type: 'INSERT_STAMP', stampId: a.ref });
        else this.item(part, 'ERROR', 'REFERENCE_MISSING', a.path, { rule, kind: 'stamp', kindJa: 'スタンプ', ref: a.ref });
        return;
      case 'tagSubject':
        modify.push({ type: 'TAG_SUBJECT', text: a.text, skipSigned: a.skipSigned });
        return;
      case 'deleteAttachments':
        modify.push({ type: 'DELETE_ATTACHMENTS' });
        return;
      case 'cleanMalware':
        modify.push({ type: 'CLEAN_MALWARE' });
        return;
      case 'sanitize':
        modify.push({ type: 'SANITIZE', deleteIfUnable: a.deleteIfUnable });
        return;
      case 'encrypt':
        if (part.direction === 'INBOUND') this.item(part, 'ERROR', 'ENCRYPT_INBOUND', a.path, { rule });
        else modify.push({ type: 'ENCRYPT' });
        return;
      case 'postponeDelivery':
      case 'archiveModified':
        countUnsupported();
        this.item(part, 'NOT_SUPPORTED', 'ACTION_UNSUPPORTED', a.path, { rule, action: a.kind });
        return;
      case 'notification': {
        const n = this.objects.notificationTargets.get(a.ref);
        if (!n)
          return void this.item(part, 'ERROR', 'REFERENCE_MISSING', a.path, { rule, kind: 'notification', kindJa: '通知', ref: a.ref });
        const bad = unmanaged(n.to);
        if (bad.length)
          return void this.item(part, 'ERROR', 'ACTION_TARGET_UNMANAGED', a.path, {
            rule,
            action: `notification "${n.name}"`,
            actionJa: `通知「${n.name}」`,
            targets: bad.join(', '),
          });
        monitor.push({ type: 'NOTIFY', notificationId: a.ref });
        return;
      }
      case 'bcc': {
        const bad = unmanaged(a.recipients);
        if (bad.length || a.recipients.length === 0)
          return void this.item(part, 'ERROR', 'ACTION_TARGET_UNMANAGED', a.path, {
            rule,
            action: 'BCC',
            targets: bad.join(', ') || ITEM_TERMS.noTargets,
          });
        if (TERMINAL_INTERCEPTS.has(intercept)) {
          const label = INTERCEPT_LABEL[r.intercept.type];
          return void this.item(part, 'ERROR', 'BCC_WITH_TERMINAL', a.path, { rule, intercept: label });
        }
        monitor.push({ type: 'BCC', recipients: a.recipients });
        return;
      }
    }
  }
}

function recipientCount(c: Extract<SourceCondition, { kind: 'recipientCount' }>): Criterion {
  return { type: 'RECIPIENT_COUNT', op: c.op === 'le' ? 'LE' : 'GT', count: c.count };
}
