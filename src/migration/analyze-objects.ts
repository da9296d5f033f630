// Analysis of everything but rules: policy objects, approved/blocked lists, DKIM/DMARC,
// and the areas that are not migrated. Pure.
import { expressionProblemText } from '../policies/errors.js';
import { validateExpression } from '../policies/keyword-dialect.js';
import type { MessageParams } from '../platform/errors.js';
import { isIpOrCidr, isManaged, isPrivateAddress, isWildcardDomain, type ManagedDomain } from '../domains/addresses.js';
import { itemText } from './item-messages.js';
import type { AnalysisItem, ImportPlan, PlannedAddressGroup, SettingKind } from './plan.js';
import type { ItemCategory } from './reports/report.js';
import type { SourceAddressGroup, SourceExport, SourceIpList } from './source.js';

/** Notification variables CEGP does not support (spec §10). */
export const UNSUPPORTED_VARIABLES = [
  '%RULETYPE%',
  '%ENTITY%',
  '%QUARANTINE_PATH%',
  '%QUARANTINE_AREA%',
  '%PROTOCOL%',
  '%HOSTNAME%',
  '%MAILCHARSET%',
  '%SUSPICIOUS_URL%',
];

/** Why each area is not migrated (docs/cegp/imss-imsva-migration.md §6). */
const AREA_REASONS: Record<string, { en: string; ja: string }> = {
  scanningExceptions: { en: 'configure CEGP scan exceptions manually.', ja: 'CEGP のスキャン除外は手動で設定してください。' },
  scanEngine: { en: 'the Advanced Threat Scan Engine is always on in CEGP.', ja: 'CEGP では高度な脅威検索エンジンが常に有効です。' },
  internalAddresses: { en: 'the direction is implicit in CEGP.', ja: 'CEGP では方向が自動的に決まります。' },
  smartProtection: { en: 'always on in CEGP.', ja: 'CEGP では常に有効です。' },
  encryption: { en: 'encryption is handled in the cloud.', ja: '暗号化はクラウドで処理されます。' },
  encryptionSettings: { en: 'encryption is handled in the cloud.', ja: '暗号化はクラウドで処理されます。' },
  rules: { en: 'sender filtering rules are not supported.', ja: '送信者フィルタのルールはサポートされていません。' },
  suspiciousIp: { en: 'Suspicious IP is not supported.', ja: '不審な IP はサポートされていません。' },
  overview: { en: 'see Logs → Mail Tracking in CEGP.', ja: 'CEGP のログ → メール追跡を参照してください。' },
  ldap: {
    en: 'LDAP server settings are not migrated; use the Directory Synchronization Tool.',
    ja: 'LDAP サーバの設定は移行されません。ディレクトリ同期ツールを使用してください。',
  },
};
const AREA_DEFAULT = {
  other: { en: 'this policy setting has no CEGP equivalent.', ja: 'この設定に相当する CEGP の機能はありません。' },
  admin: {
    en: 'administration settings of the on-premises product are not migrated (only DKIM signatures are).',
    ja: 'オンプレミス製品の管理設定は移行されません (DKIM 署名のみ移行されます)。',
  },
  euq: {
    en: 'End-User Quarantine console settings are not migrated.',
    ja: 'エンドユーザメッセージ隔離 (EUQ) コンソールの設定は移行されません。',
  },
  senderFiltering: { en: 'not supported.', ja: 'サポートされていません。' },
  ini: { en: 'administration settings of the on-premises product are not migrated.', ja: 'オンプレミス製品の管理設定は移行されません。' },
};

export class ObjectAnalysis {
  readonly items: AnalysisItem[] = [];
  readonly plan: ImportPlan = {
    addressGroups: [],
    keywordLists: [],
    notifications: [],
    stamps: [],
    dlpIdentifiers: [],
    dlpTemplates: [],
    listEntries: [],
    senderAuth: [],
    rules: [],
    kindsPresent: [],
  };
  readonly groups = new Map<string, SourceAddressGroup>();
  /** Keyword lists (by source id) that lost expressions: rules using them are ERROR. */
  readonly damagedLists = new Map<string, string>();
  readonly keywordListNames = new Map<string, string>();
  readonly notificationTargets = new Map<string, { name: string; to: string[] }>();
  readonly stamps = new Set<string>();
  readonly dlpTemplates = new Map<string, { name: string; predefined: boolean }>();
  private readonly internalCopies = new Map<string, PlannedAddressGroup>();

  constructor(
    private readonly source: SourceExport,
    private readonly managed: ManagedDomain[],
  ) {}

  add(category: ItemCategory, textKey: string, sourcePath: string, destination: string, params: MessageParams): AnalysisItem {
    const item = { category, sourcePath, destination, ...itemText(textKey, params) };
    this.items.push(item);
    return item;
  }

  private present(kind: SettingKind) {
    if (!this.plan.kindsPresent.includes(kind)) this.plan.kindsPresent.push(kind);
  }

  run(): void {
    const s = this.source;
    for (const g of s.addressGroups) {
      this.present('ADDRESS_GROUP');
      this.groups.set(g.id, g);
      this.plan.addressGroups.push({
        key: g.id,
        name: g.name,
        description: g.description,
        internal: false,
        addresses: dedupe(g.addresses),
      });
      this.add('SUCCESS', 'OK', g.path, dest('Address Groups', g.name), {
        what: `Address group "${g.name}"`,
        whatJa: `アドレスグループ「${g.name}」`,
      });
    }
    this.keywordLists();
    this.notifications();
    for (const st of s.stamps) {
      this.present('STAMP');
      this.stamps.add(st.id);
      this.plan.stamps.push({ key: st.id, name: st.name, position: st.position === 'end' ? 'END' : 'BEGINNING', text: st.text });
      this.add('SUCCESS', 'OK', st.path, dest('Stamps', st.name), { what: `Stamp "${st.name}"`, whatJa: `スタンプ「${st.name}」` });
    }
    this.dlp();
    this.lists();
    this.senderAuthentication();
    for (const a of s.notMigrated) {
      const reason = AREA_REASONS[a.name] ?? AREA_DEFAULT[a.area];
      this.add('NOT_SUPPORTED', 'AREA_NOT_MIGRATED', a.path, '—', { what: a.path, reason: reason.en, reasonJa: reason.ja });
    }
    for (const f of s.extraFiles) this.add('NOT_SUPPORTED', 'FILE_IGNORED', f, '—', { file: f });
  }

  private keywordLists() {
    for (const l of this.source.keywordLists) {
      this.present('KEYWORD_LIST');
      this.keywordListNames.set(l.id, l.name);
      const expressions: ImportPlan['keywordLists'][number]['expressions'] = [];
      let damaged = false;
      l.expressions.forEach((e, i) => {
        const v = validateExpression(e.text, { caseSensitive: e.caseSensitive });
        if (v.ok) expressions.push({ expression: e.text, caseSensitive: e.caseSensitive, score: e.score, description: e.description });
        else {
          damaged = true;
          this.add('ERROR', 'EXPRESSION_INVALID', `${l.path}/expression[${i + 1}]`, dest('Keywords and Expressions', l.name), {
            expression: e.text,
            list: l.name,
            problem: expressionProblemText(v.problem, e.text),
          });
        }
      });
      if (damaged) this.damagedLists.set(l.id, l.name);
      else
        this.add('SUCCESS', 'OK', l.path, dest('Keywords and Expressions', l.name), {
          what: `Keyword list "${l.name}"`,
          whatJa: `キーワードリスト「${l.name}」`,
        });
      const match = ({ any: 'ANY', all: 'ALL', not: 'NOT', score: 'SCORE' } as const)[l.match];
      this.plan.keywordLists.push({
        key: l.id,
        name: l.name,
        description: '',
        match,
        threshold: l.match === 'score' ? (l.threshold ?? 1) : null,
        expressions,
      });
    }
  }

  private notifications() {
    for (const n of this.source.notifications) {
      this.present('NOTIFICATION');
      this.notificationTargets.set(n.id, { name: n.name, to: n.to });
      const used = UNSUPPORTED_VARIABLES.filter((v) => n.subject.includes(v) || n.body.includes(v));
      const strip = (t: string) => UNSUPPORTED_VARIABLES.reduce((acc, v) => acc.split(v).join(''), t);
      this.plan.notifications.push({
        key: n.id,
        name: n.name,
        fromAddress: n.from,
        toAddresses: n.to.join(';'),
        subject: strip(n.subject),
        body: strip(n.body),
      });
      if (used.length)
        this.add('WARNING', 'NOTIFICATION_VARIABLE_UNSUPPORTED', n.path, dest('Notifications', n.name), {
          name: n.name,
          variables: used.join(' '),
        });
      else
        this.add('SUCCESS', 'OK', n.path, dest('Notifications', n.name), { what: `Notification "${n.name}"`, whatJa: `通知「${n.name}」` });
    }
  }

  private dlp() {
    const ids = new Map(this.source.dlpIdentifiers.map((d) => [d.id, d]));
    for (const d of this.source.dlpIdentifiers) {
      this.present('DLP_IDENTIFIER');
      if (d.predefined) {
        this.add('NOT_SUPPORTED', 'DLP_PREDEFINED', d.path, '—', { what: 'data identifier', whatJa: 'データ識別子', name: d.name });
        continue;
      }
      this.plan.dlpIdentifiers.push({ key: d.id, name: d.name, kind: d.kind, definition: d.definition });
      this.add('SUCCESS', 'DLP_CUSTOM', d.path, dest('DLP Data Identifiers', d.name), {
        what: 'data identifier',
        whatJa: 'データ識別子',
        name: d.name,
      });
    }
    for (const t of this.source.dlpTemplates) {
      this.present('DLP_TEMPLATE');
      this.dlpTemplates.set(t.id, { name: t.name, predefined: t.predefined });
      if (t.predefined) {
        this.add('NOT_SUPPORTED', 'DLP_PREDEFINED', t.path, '—', {
          what: 'compliance template',
          whatJa: 'コンプライアンステンプレート',
          name: t.name,
        });
        continue;
      }
      this.plan.dlpTemplates.push({ key: t.id, name: t.name, identifiers: t.identifierRefs.map((r) => ids.get(r)?.name ?? r) });
      this.add('SUCCESS', 'DLP_CUSTOM', t.path, dest('DLP Compliance Templates', t.name), {
        what: 'compliance template',
        whatJa: 'コンプライアンステンプレート',
        name: t.name,
      });
    }
  }

  private lists() {
    const s = this.source;
    const imsva = s.manifest.product === 'IMSVA';
    const ipList = (list: SourceIpList, kind: 'APPROVED_IP' | 'BLOCKED_IP') => {
      if (!list.present) return;
      const label = kind === 'APPROVED_IP' ? 'approved list' : 'blocked list';
      const labelJa = kind === 'APPROVED_IP' ? '承認済みリスト' : 'ブロックリスト';
      const destination = kind === 'APPROVED_IP' ? 'IP Reputation > Approved IP Addresses' : 'IP Reputation > Blocked IP Addresses';
      this.present(kind);
      if (!list.enabled) return void this.add('NOT_SUPPORTED', 'IP_LIST_DISABLED', list.path, '—', { list: label, listJa: labelJa });
      if (kind === 'APPROVED_IP' && imsva && !list.applyToErsIpProfiler)
        return void this.add('NOT_SUPPORTED', 'IP_LIST_NOT_APPLIED', list.path, '—', {});
      let imported = 0;
      for (const e of list.entries) {
        if (e.kind === 'domain') this.add('NOT_SUPPORTED', 'IP_FROM_DOMAIN', e.path, '—', { value: e.value, list: label, listJa: labelJa });
        else if (e.action === 'blockTemporarily') this.add('NOT_SUPPORTED', 'IP_BLOCK_TEMPORARY', e.path, '—', { value: e.value });
        else if (!isIpOrCidr(e.value))
          this.add('NOT_SUPPORTED', 'IP_INVALID', e.path, '—', { value: e.value, list: label, listJa: labelJa });
        else if (isPrivateAddress(e.value))
          this.add('NOT_SUPPORTED', 'IP_PRIVATE', e.path, '—', { value: e.value, list: label, listJa: labelJa });
        else {
          this.plan.listEntries.push({ list: kind, value: e.value.trim().toLowerCase(), description: '' });
          imported++;
        }
      }
      this.add('SUCCESS', 'OK', list.path, destination, {
        what: `The ${label} (${imported} entries)`,
        whatJa: `${labelJa} (${imported} 件)`,
      });
    };
    ipList(s.approvedIps, 'APPROVED_IP');
    ipList(s.blockedIps, 'BLOCKED_IP');
    const simpleList = (
      values: string[],
      kind: 'WEB_REPUTATION_APPROVED' | 'URL_KEYWORD_EXCEPTION',
      path: string,
      destination: string,
      what: string,
      whatJa: string,
    ) => {
      if (!values.length) return;
      this.present(kind);
      for (const v of dedupe(values)) this.plan.listEntries.push({ list: kind, value: v, description: '' });
      this.add('SUCCESS', 'OK', path, destination, {
        what: `${what} (${values.length} entries)`,
        whatJa: `${whatJa} (${values.length} 件)`,
      });
    };
    simpleList(
      s.webReputationApproved,
      'WEB_REPUTATION_APPROVED',
      'policy/approved-lists.xml#webReputationApproved',
      'Policy Objects > Web Reputation Approved List',
      'The web reputation approved list',
      'Web レピュテーションの承認済みリスト',
    );
    simpleList(
      s.urlKeywords,
      'URL_KEYWORD_EXCEPTION',
      'policy/approved-lists.xml#urlKeywords',
      'Policy Objects > URL Keyword Exception List',
      'The URL keyword list',
      'URL キーワードリスト',
    );
    if (s.dkimApproved.length) {
      this.present('DKIM_IGNORED_PEER');
      for (const v of dedupe(s.dkimApproved))
        this.plan.listEntries.push({ list: 'DKIM_IGNORED_PEER', value: v.toLowerCase(), description: '' });
      this.add(
        'WARNING',
        'SENDER_MATCHING_CHANGED',
        'policy/approved-lists.xml#dkimApproved',
        'DKIM Verification > Default > Ignored Peers',
        {
          what: 'The DKIM approved list',
          whatJa: 'DKIM 承認済みリスト',
          matching: 'the envelope sender',
          matchingJa: 'エンベロープの送信者',
        },
      );
    }
  }

  private senderAuthentication() {
    const s = this.source;
    const g = s.globalDkimEnforcement;
    if (g.present) {
      this.present('DKIM_VERIFICATION');
      this.plan.senderAuth.push({
        kind: 'DKIM_VERIFICATION',
        key: 'default',
        enabled: g.enabled,
        settings: { action: g.action, enforcedPeers: g.enforcedPeers },
      });
      this.add('WARNING', 'SENDER_MATCHING_CHANGED', g.path, 'DKIM Verification > Default (for unspecified domains)', {
        what: 'The Global DKIM Enforcement rule',
        whatJa: 'グローバル DKIM 適用ルール',
        matching: 'the header and envelope sender',
        matchingJa: 'ヘッダとエンベロープの送信者',
      });
    }
    if (s.dmarc.present) {
      if (s.manifest.product === 'IMSS') this.add('NOT_SUPPORTED', 'DMARC_IMSS', s.dmarc.path, '—', {});
      else {
        this.present('DMARC');
        this.plan.senderAuth.push({
          kind: 'DMARC',
          key: 'default',
          enabled: s.dmarc.enabled,
          settings: { action: s.dmarc.action, enforcedPeers: s.dmarc.enforcedPeers },
        });
        this.add('WARNING', 'SENDER_MATCHING_CHANGED', s.dmarc.path, 'Domain-based Authentication > DMARC', {
          what: 'DMARC',
          matching: 'the header and envelope sender',
          matchingJa: 'ヘッダとエンベロープの送信者',
        });
      }
    }
    for (const d of s.dkimSignatures) {
      this.present('DKIM_SIGNING');
      const settings = {
        selector: d.selector,
        keyBits: d.keyBits,
        headerCanonicalization: d.headerCanon,
        bodyCanonicalization: d.bodyCanon,
      };
      this.plan.senderAuth.push({ kind: 'DKIM_SIGNING', key: d.domain.toLowerCase(), enabled: true, settings });
      const destination = `Outbound Protection > DKIM Signing > ${d.domain}`;
      if (d.exemptDomains.length)
        this.add('WARNING', 'DKIM_EXEMPT_UNSUPPORTED', d.path, destination, { domain: d.domain, domains: d.exemptDomains.join(', ') });
      else
        this.add('SUCCESS', 'OK', d.path, destination, { what: `The DKIM signature for ${d.domain}`, whatJa: `${d.domain} の DKIM 署名` });
    }
  }

  /**
   * The group to use on the organization side of a rule: the group itself when all its
   * addresses are managed, else its "<name> - internal" copy without the others.
   */
  internalGroup(ref: string): { key: string; name: string; unmanaged: string[]; wildcard: string[] } | null {
    const g = this.groups.get(ref);
    if (!g) return null;
    const wildcard = g.addresses.filter(isWildcardDomain);
    const unmanaged = g.addresses.filter((a) => !isWildcardDomain(a) && !isManaged(a, this.managed));
    if (!wildcard.length && !unmanaged.length) return { key: g.id, name: g.name, unmanaged, wildcard };
    const key = `${g.id}#internal`;
    if (!this.internalCopies.has(key)) {
      const copy = {
        key,
        name: `${g.name} - internal`,
        description: g.description,
        internal: true,
        addresses: dedupe(g.addresses.filter((a) => isManaged(a, this.managed))),
      };
      this.internalCopies.set(key, copy);
      this.plan.addressGroups.push(copy);
      const destination = dest('Address Groups', copy.name);
      if (unmanaged.length)
        this.add('WARNING', 'GROUP_INTERNAL_COPY', g.path, destination, { name: g.name, addresses: unmanaged.join(', '), copy: copy.name });
      if (wildcard.length)
        this.add('WARNING', 'GROUP_WILDCARD_INTERNAL', g.path, destination, {
          name: g.name,
          addresses: wildcard.join(', '),
          copy: copy.name,
        });
    }
    return { key, name: `${g.name} - internal`, unmanaged, wildcard };
  }
}

function dest(section: string, name: string): string {
  return `Policy Objects > ${section} > ${name}`;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}
