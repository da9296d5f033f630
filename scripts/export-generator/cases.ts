// cases: 'all' — one identifiable instance of every content row of the spec §10 table.
// Each instance is preceded by `<!-- case:CODE -->` (`; case:CODE` in imss.ini) and, where
// the element has an id or name, the id is `case-CODE…` / the name starts with `[CODE]`.
import type { GenContext } from './context.js';
import { BASE } from './objects.js';
import {
  archiveModified,
  attachment,
  bcc,
  content,
  dlp,
  FLAG,
  intercept,
  messageSize,
  MODIFY_FLAG,
  notificationRef,
  postponeDelivery,
  receivedTimeRange,
  recipientCount,
  spam,
  stampRef,
  tagSubject,
  webReputation,
  xHeader,
  type RuleModel,
} from './rule-xml.js';
import { attrs, esc } from './xml.js';

/** Rows covered in exports of both products. */
const COMMON_CASES = [
  'RULE_POP3',
  'RULE_SPLIT_DIRECTION',
  'RULE_SPLIT_TYPE',
  'MATCH_ALL_UNSUPPORTED',
  'CONDITION_UNSUPPORTED',
  'CRITERION_ANY_ONLY',
  'TRUE_FILE_TYPE_UNSUPPORTED',
  'LDAP_USER_STATIC',
  'LDAP_GROUP_UNSYNCED',
  'GROUP_INTERNAL_COPY',
  'GROUP_WILDCARD_INTERNAL',
  'ACTION_TARGET_UNMANAGED',
  'BCC_WITH_TERMINAL',
  'ACTION_UNSUPPORTED',
  'ENCRYPT_INBOUND',
  'XHEADER_RESERVED',
  'EXPRESSION_INVALID',
  'NOTIFICATION_VARIABLE_UNSUPPORTED',
  'REFERENCE_MISSING',
  'DLP_PREDEFINED',
  'DLP_CUSTOM',
  'IP_PRIVATE',
  'IP_FROM_DOMAIN',
  'IP_BLOCK_TEMPORARY',
  'SENDER_MATCHING_CHANGED',
  'AREA_NOT_MIGRATED',
  'OK',
] as const;

/**
 * Product-specific rows. An export has one approved and one blocked list, so a whole-list
 * case hides the entry cases of its list: IMSVA exports carry IP_LIST_NOT_APPLIED (the
 * approved list lacks "Email Reputation and IP Profiler"), IMSS exports IP_LIST_DISABLED
 * (IMSS has no such tick box); the blocked list keeps the entry cases. DKIM signing is
 * IMSVA-only; DMARC in an IMSS export is its own row.
 */
const PRODUCT_CASES = {
  IMSVA: ['IP_LIST_NOT_APPLIED', 'DKIM_EXEMPT_UNSUPPORTED'],
  IMSS: ['IP_LIST_DISABLED', 'DMARC_IMSS'],
} as const;

export type CaseCode = (typeof COMMON_CASES)[number] | (typeof PRODUCT_CASES)[keyof typeof PRODUCT_CASES][number];

/** Every §10 code that cases: 'all' produces, over both products. */
export const GENERATED_CASES: readonly CaseCode[] = [...COMMON_CASES, ...PRODUCT_CASES.IMSVA, ...PRODUCT_CASES.IMSS];

/** The codes an export of `product` with cases: 'all' contains. */
export function generatedCasesFor(product: 'IMSVA' | 'IMSS'): CaseCode[] {
  return [...COMMON_CASES, ...PRODUCT_CASES[product]];
}

/**
 * Rows produced by options rather than content: upload refusals and run prerequisites.
 * (BUNDLE_INVALID needs a damaged ZIP; DOMAIN_NOT_VERIFIED depends on the CEGP tenant.)
 */
export const OPTION_CASES = {
  HIDDEN_KEY_MISSING: { hiddenKey: false },
  SOURCE_VERSION_UNSUPPORTED: { product: 'IMSVA', build: '2010' },
  LDAP_NOT_SYNCED: { ldap: true },
} as const;

export interface CaseFragments {
  groups: string[];
  keywordLists: string[];
  notifications: string[];
  dlpTemplates: string[];
  dlpIdentifiers: string[];
  rules: RuleModel[];
  globalDkim: string[];
  dkimApproved: string[];
  approvedListAttrs: Record<string, boolean | undefined>;
  blockedListAttrs: Record<string, boolean | undefined>;
  approvedEntries: string[];
  blockedEntries: string[];
  dmarc: string[];
  dkimExempt: string[];
}

const marker = (code: CaseCode, indent: string): string => `${indent}<!-- case:${code} -->`;
const KW_VALID = 'kw-case-valid';

export function buildCaseFragments(ctx: GenContext): CaseFragments {
  const { t, opts } = ctx;
  const d0 = ctx.managed[0]!;
  const d1 = ctx.managed[1] ?? d0;
  const dc = d0
    .split('.')
    .map((p) => `dc=${p}`)
    .join(',');
  const imsva = opts.product === 'IMSVA';

  const groupInternal = 'ag-case-GROUP_INTERNAL_COPY';
  const groupWildcard = 'ag-case-GROUP_WILDCARD_INTERNAL';
  const listInvalid = 'kw-case-EXPRESSION_INVALID';
  const noticeUnmanaged = 'n-case-ACTION_TARGET_UNMANAGED';
  const noticeVariables = 'n-case-NOTIFICATION_VARIABLE_UNSUPPORTED';
  const dlpPredefined = 'dlp-case-DLP_PREDEFINED';
  const dlpCustom = 'dlp-case-DLP_CUSTOM';

  const groups = [
    marker('GROUP_INTERNAL_COPY', '    '),
    `    <group${attrs({ id: groupInternal, name: t('[GROUP_INTERNAL_COPY] 営業部と代理店', '[GROUP_INTERNAL_COPY] Sales and agency'), description: t('代理店の担当者を含む', 'includes the agency contact') })}>` +
      `<address>sales-ml@${esc(d0)}</address><address>*@${esc(d1)}</address><address>agent@agency.example</address></group>`,
    marker('GROUP_WILDCARD_INTERNAL', '    '),
    `    <group${attrs({ id: groupWildcard, name: t('[GROUP_WILDCARD_INTERNAL] グループ会社全体', '[GROUP_WILDCARD_INTERNAL] Whole group'), description: t('子会社のサブドメインを含む', 'subsidiary subdomains') })}>` +
      `<address>info@${esc(d0)}</address><address>*@*.${esc(d0)}</address><address>admin@*</address></group>`,
  ];

  const keywordLists = [
    `    <list${attrs({ id: KW_VALID, name: t('検証用キーワード', 'Test keywords'), match: 'any' })}>` +
      `<expression caseSensitive="false">${esc(t('機密|社外秘', 'confidential|internal only'))}</expression></list>`,
    marker('EXPRESSION_INVALID', '    '),
    `    <list${attrs({ id: listInvalid, name: t('[EXPRESSION_INVALID] 不正な正規表現', '[EXPRESSION_INVALID] Invalid expressions'), match: 'any' })}>` +
      `<expression caseSensitive="false">${esc(t('極秘', 'top secret'))}</expression>` +
      // `\b` in the middle is a syntax error in the CEGP dialect; so is an unbalanced group.
      `<expression caseSensitive="false" description="backslash-b in the middle">abc\\bdef</expression>` +
      `<expression caseSensitive="false" description="unbalanced parenthesis">(abc</expression></list>`,
  ];

  const notifications = [
    marker('ACTION_TARGET_UNMANAGED', '    '),
    `    <notification${attrs({ id: noticeUnmanaged, name: t('[ACTION_TARGET_UNMANAGED] 外部SOCへの通知', '[ACTION_TARGET_UNMANAGED] External SOC notice'), from: `postmaster@${d0}`, to: 'soc@mssp.example' })}>` +
      `<subject>${esc(t('[検出] %SUBJECT%', '[Detected] %SUBJECT%'))}</subject><body>${esc('%SENDER% → %RCPTS% (%DETECTED%)')}</body></notification>`,
    marker('NOTIFICATION_VARIABLE_UNSUPPORTED', '    '),
    `    <notification${attrs({ id: noticeVariables, name: t('[NOTIFICATION_VARIABLE_UNSUPPORTED] 詳細通知', '[NOTIFICATION_VARIABLE_UNSUPPORTED] Detailed notice'), from: `postmaster@${d0}`, to: `secadmin@${d0}` })}>` +
      `<subject>${esc('[%RULETYPE%] %SUBJECT%')}</subject>` +
      `<body>${esc('%ENTITY% %QUARANTINE_PATH% %QUARANTINE_AREA% %PROTOCOL% %HOSTNAME% %MAILCHARSET% %SUSPICIOUS_URL% %SENDER%')}</body></notification>`,
  ];

  const dlpTemplates = [
    marker('DLP_PREDEFINED', '    '),
    `    <template${attrs({ id: dlpPredefined, name: 'Japan: My Number', predefined: true })}/>`,
    marker('DLP_CUSTOM', '    '),
    `    <template${attrs({ id: dlpCustom, name: t('[DLP_CUSTOM] 取引先コード', '[DLP_CUSTOM] Trading partner code'), predefined: false })}><expressionRef ref="dlp-ex-case-DLP_CUSTOM"/></template>`,
  ];
  const dlpIdentifiers = [
    marker('DLP_PREDEFINED', '    '),
    '    <keywordList id="dlp-kw-case-DLP_PREDEFINED" name="All: Source code" predefined="true"/>',
    '    <expression id="dlp-ex-case-DLP_PREDEFINED" name="Japan: Individual Number" predefined="true"/>',
    marker('DLP_CUSTOM', '    '),
    `    <expression${attrs({ id: 'dlp-ex-case-DLP_CUSTOM', name: t('[DLP_CUSTOM] 取引先コード', '[DLP_CUSTOM] Partner code'), predefined: false })}>TRD-{D}{5}</expression>`,
    `    <fileAttribute${attrs({ id: 'dlp-fa-case-DLP_CUSTOM', name: t('[DLP_CUSTOM] 大容量CAD', '[DLP_CUSTOM] Large CAD'), predefined: false, minSizeKB: 20480 })}/>`,
  ];

  const rule = (code: CaseCode, suffix: string, ja: string, en: string, r: Partial<RuleModel>): RuleModel => ({
    id: `case-${code}${suffix}`,
    name: `[${code}] ${t(ja, en)}`,
    enabled: true,
    applyTo: 'incoming',
    senders: 'anyone',
    recipients: [`*@${d0}`],
    exceptions: [],
    match: 'any',
    conditions: [FLAG.virus],
    intercept: intercept.quarantine(),
    modify: [],
    monitor: [],
    caseCode: code,
    ...r,
  });
  const outbound = { applyTo: 'outgoing' as const, senders: [`*@${d0}`], recipients: 'anyone' as const };

  const rules: RuleModel[] = [
    rule('OK', '', '実行ファイルの隔離', 'Quarantine executables', {
      conditions: [attachment({ names: { selected: true, patterns: ['*.exe'] }, trueFileTypes: { selected: true, types: ['exe'] } })],
      monitor: [notificationRef(BASE.notificationRecipient)],
    }),
    rule('RULE_POP3', '', 'POP3メールのウイルス検索', 'Scan POP3 mail for viruses', { applyTo: 'pop3' }),
    rule('RULE_SPLIT_DIRECTION', '', '送受信メールのサイズ制限', 'Size limit in both directions', {
      applyTo: 'both',
      recipients: 'anyone',
      conditions: [messageSize('gt', 30, 'MB')],
    }),
    rule('RULE_SPLIT_TYPE', '', '総合チェック (ウイルス・スパム・情報漏えい・添付)', 'Combined check (virus, spam, DLP, attachment)', {
      conditions: [
        FLAG.virus,
        spam('moderately-low'),
        dlp([BASE.dlpCustomer]),
        attachment({ names: { selected: true, patterns: ['*.exe'] } }),
      ],
      monitor: [notificationRef(BASE.notificationAdmin)],
    }),
    rule('MATCH_ALL_UNSUPPORTED', '', 'スパムかつ危険なURLのメールを隔離', 'Quarantine spam with dangerous URLs', {
      match: 'all',
      conditions: [spam('moderately-high'), webReputation('moderately-high')],
    }),
    rule('CONDITION_UNSUPPORTED', '-all', '夜間のC&C通信メール', 'C&C mail at night', {
      match: 'all',
      conditions: [content({ subject: [KW_VALID] }), FLAG.cncEmail, receivedTimeRange('22:00', '06:00')],
    }),
    rule('CONDITION_UNSUPPORTED', '-any', '復号できないメールの隔離', 'Quarantine undecryptable mail', {
      ...outbound,
      conditions: [FLAG.unableToDecrypt, messageSize('gt', 20, 'MB')],
    }),
    rule('CONDITION_UNSUPPORTED', '-only', '社内ドメイン詐称メール', 'Spoofed internal mail', { conditions: [FLAG.spoofedInternal] }),
    rule('CRITERION_ANY_ONLY', '', 'パスワード付きZIPの一斉送信', 'Password-protected ZIP to many', {
      match: 'all',
      conditions: [
        attachment({ names: { selected: true, patterns: ['*.zip'] }, passwordProtected: true, activeContent: true }),
        recipientCount('gt', 20),
      ],
    }),
    rule('TRUE_FILE_TYPE_UNSUPPORTED', '-partial', 'インストーラ等の添付ブロック', 'Block installers', {
      conditions: [attachment({ trueFileTypes: { selected: true, types: ['exe', 'msi', '7z', 'pdf'] } })],
    }),
    rule('TRUE_FILE_TYPE_UNSUPPORTED', '-only', 'ショートカットと画像のブロック', 'Block shortcuts and images', {
      conditions: [attachment({ trueFileTypes: { selected: true, types: ['png', 'lnk'] } })],
      intercept: intercept.delete(),
    }),
    rule('LDAP_USER_STATIC', '', '社長宛てメールの検査', 'Scan mail to the president', {
      recipients: [{ ldapUser: `taro.yamada@${d0}`, dn: `cn=taro.yamada,ou=users,${dc}` }],
    }),
    rule('LDAP_GROUP_UNSYNCED', '', '営業部 (LDAP) からの機密送信', 'Confidential mail from Sales (LDAP)', {
      ...outbound,
      senders: [{ ldapGroup: `cn=sales,ou=groups,${dc}` }],
      conditions: [content({ subject: [KW_VALID] })],
    }),
    rule('GROUP_INTERNAL_COPY', '', '営業部宛て外部メールのスタンプ', 'Stamp external mail to Sales', {
      recipients: [{ group: groupInternal }, 'visitor@outside.example'],
      conditions: [],
      intercept: intercept.none(),
      modify: [stampRef(BASE.stampExternal)],
    }),
    rule('GROUP_WILDCARD_INTERNAL', '', 'グループ会社からの機密送信', 'Confidential mail from group companies', {
      ...outbound,
      senders: [{ group: groupWildcard }],
      conditions: [content({ body: [KW_VALID] })],
      intercept: intercept.none(),
      modify: [stampRef(BASE.stampConfidential)],
    }),
    rule('ACTION_TARGET_UNMANAGED', '-bcc', 'DDEIにBCCでメール送信', 'BCC to DDEI', {
      conditions: [],
      intercept: intercept.none(),
      monitor: [bcc('ddei@10.1.2.3')],
    }),
    rule('ACTION_TARGET_UNMANAGED', '-change', '外部監査への転送', 'Reroute to external auditor', {
      ...outbound,
      conditions: [content({ attachmentContent: [KW_VALID] })],
      intercept: intercept.changeRecipient(['review@outside-audit.example']),
    }),
    rule('ACTION_TARGET_UNMANAGED', '-notify', '外部SOCへのウイルス通知', 'Virus notice to external SOC', {
      intercept: intercept.delete(),
      monitor: [notificationRef(noticeUnmanaged)],
    }),
    rule('BCC_WITH_TERMINAL', '', '機密添付の隔離とBCC', 'Quarantine and BCC confidential attachments', {
      ...outbound,
      conditions: [content({ attachmentContent: [KW_VALID] })],
      monitor: [bcc(`compliance@${d0}`)],
    }),
    rule('ACTION_UNSUPPORTED', '', '大容量メールの夜間配信', 'Deliver large mail at night', {
      conditions: [messageSize('gt', 20, 'MB')],
      intercept: intercept.none(),
      modify: [postponeDelivery('22:00'), tagSubject(t('[大容量]', '[LARGE]'), false)],
      monitor: [archiveModified('Archive')],
    }),
    rule('ENCRYPT_INBOUND', '', '受信メールの暗号化', 'Encrypt inbound mail', {
      conditions: [content({ body: [KW_VALID] })],
      intercept: intercept.none(),
      modify: [MODIFY_FLAG.encrypt],
    }),
    rule('XHEADER_RESERVED', '', '予約済みXヘッダーの挿入', 'Insert reserved X-headers', {
      conditions: [spam('low')],
      intercept: intercept.none(),
      modify: [xHeader('X-TM-Policy', 'checked'), xHeader('X-MT-Scanned', 'yes')],
    }),
    rule('EXPRESSION_INVALID', '', '不正な正規表現を使うルール', 'Rule using invalid expressions', {
      ...outbound,
      conditions: [content({ body: [listInvalid] })],
    }),
    rule('NOTIFICATION_VARIABLE_UNSUPPORTED', '', 'ウイルス検出の詳細通知', 'Detailed virus notice', {
      intercept: intercept.delete(),
      monitor: [notificationRef(noticeVariables)],
    }),
    rule('REFERENCE_MISSING', '', '削除済みオブジェクトを参照するルール', 'Rule with deleted objects', {
      recipients: [`*@${d0}`, { group: 'ag-missing' }],
      conditions: [content({ subject: ['kw-missing'] })],
      intercept: intercept.none(),
      modify: [stampRef('st-missing')],
      monitor: [notificationRef('n-missing')],
    }),
    rule('DLP_PREDEFINED', '', 'マイナンバーの送信監視', 'Monitor My Number', { ...outbound, conditions: [dlp([dlpPredefined])] }),
    rule('DLP_CUSTOM', '', '取引先コードの送信監視', 'Monitor partner codes', {
      ...outbound,
      conditions: [dlp([dlpCustom])],
      monitor: [notificationRef(BASE.notificationDlp)],
    }),
  ];

  const peers = '<enforcedPeer>bank.example</enforcedPeer><enforcedPeer>card-company.example</enforcedPeer>';
  return {
    groups,
    keywordLists,
    notifications,
    dlpTemplates,
    dlpIdentifiers,
    rules,
    globalDkim: [
      marker('SENDER_MATCHING_CHANGED', '  '),
      `  <globalDkimEnforcement enabled="true" action="quarantine">${peers}</globalDkimEnforcement>`,
    ],
    dkimApproved: [
      marker('SENDER_MATCHING_CHANGED', '  '),
      '  <dkimApproved><domain>newsletter.example</domain><domain>mailer.partner.example</domain></dkimApproved>',
    ],
    approvedListAttrs: imsva ? { enabled: true, applyToErsIpProfiler: false } : { enabled: false },
    blockedListAttrs: { enabled: true },
    approvedEntries: [
      marker(imsva ? 'IP_LIST_NOT_APPLIED' : 'IP_LIST_DISABLED', '    '),
      `    <computerGroup name="${esc(t('本社サーバー', 'head office servers'))}"><ip>192.0.2.10</ip><ip>10.0.0.8</ip></computerGroup>`,
      '    <domain>partner.example</domain>',
    ],
    blockedEntries: [
      marker('IP_PRIVATE', '    '),
      '    <entry action="blockPermanently"><ip>10.20.30.40</ip></entry>',
      '    <entry action="blockPermanently"><cidr>192.168.100.0/24</cidr></entry>',
      '    <entry action="blockPermanently"><cidr>172.16.0.0/12</cidr></entry>',
      '    <entry action="blockPermanently"><ip>127.0.0.1</ip></entry>',
      '    <entry action="blockPermanently"><ip>169.254.10.20</ip></entry>',
      '    <entry action="blockPermanently"><cidr>fd12:3456:789a::/48</cidr></entry>',
      marker('IP_FROM_DOMAIN', '    '),
      '    <entry action="blockPermanently"><domain>spam-sender.example</domain></entry>',
      marker('IP_BLOCK_TEMPORARY', '    '),
      '    <entry action="blockTemporarily"><ip>203.0.113.200</ip></entry>',
      '    <entry action="blockTemporarily"><cidr>198.51.100.128/25</cidr></entry>',
    ],
    dmarc: [marker(imsva ? 'SENDER_MATCHING_CHANGED' : 'DMARC_IMSS', '  '), `  <dmarc enabled="true" action="quarantine">${peers}</dmarc>`],
    dkimExempt: imsva ? [marker('DKIM_EXEMPT_UNSUPPORTED', '    '), `    <exemptDomain>legacy.${esc(d0)}</exemptDomain>`] : [],
  };
}
