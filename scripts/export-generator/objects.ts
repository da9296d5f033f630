// policy/objects.xml (spec §6): address groups, keyword & expression lists, notifications,
// stamps, DLP templates and data identifiers. Generated objects are all clean (SUCCESS);
// case instances come from cases.ts.
import type { CaseFragments } from './cases.js';
import { seq, type GenContext } from './context.js';
import { ASCII_TOKENS } from './vocabulary.js';
import { attrs, esc } from './xml.js';

/** Ids that rules may reference. */
export interface ObjectCatalog {
  /** Groups of managed-domain addresses only: usable on the internal side. */
  internalGroups: string[];
  /** Groups of partner addresses only: used on the external side alone. */
  partnerGroups: string[];
  keywordLists: string[];
  notifications: string[];
  stamps: string[];
  /** Custom DLP templates (predefined ones are never migrated). */
  dlpTemplates: string[];
}

/** Fixed base objects every export has; case rules reference them too. */
export const BASE = {
  notificationAdmin: 'n-admin',
  notificationSender: 'n-sender',
  notificationRecipient: 'n-recipient',
  notificationDlp: 'n-dlp',
  notificationVirus: 'n-virus',
  stampExternal: 'st-external',
  stampConfidential: 'st-confidential',
  stampCleaned: 'st-cleaned',
  dlpCustomer: 'dlp-customer-no',
  dlpEmployee: 'dlp-employee-no',
  dlpLargeDesign: 'dlp-large-design',
} as const;

export function buildObjects(ctx: GenContext, cases: CaseFragments | undefined): { xml: string[]; catalog: ObjectCatalog } {
  const catalog: ObjectCatalog = {
    internalGroups: [],
    partnerGroups: [],
    keywordLists: [],
    notifications: [
      BASE.notificationAdmin,
      BASE.notificationSender,
      BASE.notificationRecipient,
      BASE.notificationDlp,
      BASE.notificationVirus,
    ],
    stamps: [BASE.stampExternal, BASE.stampConfidential, BASE.stampCleaned],
    dlpTemplates: [BASE.dlpCustomer, BASE.dlpEmployee, BASE.dlpLargeDesign],
  };
  const xml: string[] = ['<policyObjects>'];

  xml.push('  <addressGroups>');
  for (let i = 1; i <= ctx.opts.addressGroups; i++) xml.push(addressGroup(ctx, i, catalog));
  if (cases) xml.push(...cases.groups);
  xml.push('  </addressGroups>');

  xml.push('  <keywordLists>');
  for (let i = 1; i <= ctx.opts.keywordLists; i++) {
    const id = `kw-${seq(i)}`;
    catalog.keywordLists.push(id);
    xml.push(keywordList(ctx, id, i));
  }
  if (cases) xml.push(...cases.keywordLists);
  xml.push('  </keywordLists>');

  xml.push('  <notifications>', ...baseNotifications(ctx));
  if (cases) xml.push(...cases.notifications);
  xml.push('  </notifications>');

  xml.push('  <stamps>', ...baseStamps(ctx), '  </stamps>');

  xml.push('  <dlpTemplates>', ...baseDlpTemplates(ctx));
  if (cases) xml.push(...cases.dlpTemplates);
  xml.push('  </dlpTemplates>');
  xml.push('  <dlpIdentifiers>', ...baseDlpIdentifiers(ctx));
  if (cases) xml.push(...cases.dlpIdentifiers);
  xml.push('  </dlpIdentifiers>');

  xml.push('</policyObjects>');
  return { xml, catalog };
}

function addressGroup(ctx: GenContext, i: number, catalog: ObjectCatalog): string {
  const { rng, words, opts } = ctx;
  // Roughly one group in four holds partners; the first is always internal so that
  // rules have an internal group to use whenever any group exists.
  const partner = i > 1 && rng.chance(0.25);
  const id = `ag-${seq(i)}`;
  let name: string;
  let description: string;
  const seen = new Set<string>();
  if (partner) {
    catalog.partnerGroups.push(id);
    const org = rng.pick(ctx.partners);
    name = `${words.partnerGroupName(org)} ${seq(i)}`;
    description = words.partnerDescription;
    while (seen.size < opts.addressesPerGroup) seen.add(uniqueVariant(ctx.partnerAddress(), seen));
  } else {
    catalog.internalGroups.push(id);
    const d = rng.int(words.departments.length);
    name = `${words.departments[d]} ${seq(i)}`;
    description = words.groupDescription(words.departments[d]!);
    // A department mailbox alias first (`*@d` is a plain domain, not a wildcard domain).
    if (opts.addressesPerGroup > 0) seen.add(`${words.departmentSlugs[d]}-ml@${rng.pick(ctx.managed)}`);
    while (seen.size < opts.addressesPerGroup) seen.add(uniqueVariant(ctx.internalAddress(), seen));
  }
  const addresses = [...seen].map((a) => `<address>${esc(a)}</address>`).join('');
  return `    <group${attrs({ id, name, description })}>${addresses}</group>`;
}

/** Name pools are small: number the local part when an address repeats. */
function uniqueVariant(address: string, seen: Set<string>): string {
  if (!seen.has(address)) return address;
  const at = address.indexOf('@');
  for (let n = 2; ; n++) {
    const candidate = `${address.slice(0, at)}${n}${address.slice(at)}`;
    if (!seen.has(candidate)) return candidate;
  }
}

const LIST_MATCHES = ['any', 'all', 'not', 'score'] as const;

function keywordList(ctx: GenContext, id: string, i: number): string {
  const { rng, words, opts } = ctx;
  const match = rng.pick(LIST_MATCHES);
  const name = `${rng.pick(words.keywordListNames)} ${seq(i)}`;
  const threshold = match === 'score' ? rng.between(5, 20) : undefined;
  const out = [`    <list${attrs({ id, name, match, threshold })}>`];
  for (let e = 0; e < opts.expressionsPerList; e++) {
    const score = match === 'score' ? rng.between(1, 10) : undefined;
    const description = rng.chance(0.3) ? words.expressionDescription : undefined;
    out.push(`      <expression${attrs({ caseSensitive: rng.chance(0.3), score, description })}>${esc(validExpression(ctx))}</expression>`);
  }
  out.push('    </list>');
  return out.join('\n');
}

/**
 * An expression valid in the CEGP dialect (domain notes, policies-and-content-filtering §4):
 * plain words, alternation, `.REG.`, shorthands such as {D} and {WSP}, POSIX classes inside
 * brackets, and `\b` only at either end.
 */
export function validExpression(ctx: GenContext): string {
  const { rng, words } = ctx;
  const word = (): string => rng.pick(words.keywords);
  const token = (): string => rng.pick(ASCII_TOKENS);
  switch (rng.int(9)) {
    case 0:
      return word();
    case 1:
      return `${word()}|${word()}`;
    case 2:
      return `.REG. ${token()}{WSP}?[0-9]{4}`;
    case 3:
      return '{D}{4}-{D}{4}-{D}{4}';
    case 4:
      return `\\b${token().toLowerCase()}\\b`;
    case 5:
      return `${word()}{WSP}?(${words.versionSuffixes[0]}|${words.versionSuffixes[1]})`;
    case 6:
      return `${token()}-{D}{6}`;
    case 7:
      return '[[:digit:]]{3}-[[:digit:]]{4}';
    default:
      return '{L}{2}[0-9]{7}';
  }
}

function notification(id: string, name: string, from: string, to: string, subject: string, body: string): string {
  return `    <notification${attrs({ id, name, from, to })}><subject>${esc(subject)}</subject><body>${esc(body)}</body></notification>`;
}

/** Only variables CEGP keeps (no %RULETYPE%, %HOSTNAME%, …). */
function baseNotifications(ctx: GenContext): string[] {
  const { t } = ctx;
  const postmaster = ctx.mailbox('postmaster');
  return [
    notification(
      BASE.notificationAdmin,
      t('管理者通知', 'Administrator notice'),
      postmaster,
      ctx.mailbox('secadmin'),
      t('[ポリシー違反] %SUBJECT%', '[Policy violation] %SUBJECT%'),
      t(
        'ルール「%RULENAME%」が %DATE&TIME% にメッセージを検出しました。\n送信者: %SENDER%\n受信者: %RCPTS%\nメッセージID: %MAILID%',
        'Rule "%RULENAME%" matched a message at %DATE&TIME%.\nSender: %SENDER%\nRecipients: %RCPTS%\nMessage ID: %MAILID%',
      ),
    ),
    notification(
      BASE.notificationSender,
      t('送信者への通知', 'Sender notice'),
      postmaster,
      ctx.mailbox('helpdesk'),
      t('送信できなかったメール: %SUBJECT%', 'Message not delivered: %SUBJECT%'),
      t(
        '%SENDER% 様\n送信されたメールは社内規程により配信されませんでした。',
        'Dear %SENDER%,\nyour message was not delivered under company policy.',
      ),
    ),
    notification(
      BASE.notificationRecipient,
      t('受信者への通知', 'Recipient notice'),
      postmaster,
      ctx.mailbox('helpdesk', 1),
      t('添付ファイルを削除しました: %SUBJECT%', 'Attachment removed: %SUBJECT%'),
      t('添付ファイル %FILENAME% は削除されました。', 'The attachment %FILENAME% was removed.'),
    ),
    notification(
      BASE.notificationDlp,
      t('情報漏えい対策通知', 'DLP notice'),
      postmaster,
      ctx.mailbox('compliance'),
      t('[DLP] %SUBJECT%', '[DLP] %SUBJECT%'),
      t('%HEADER_SENDER% から送信されたメールで %DETECTED% を検出しました。', 'Detected %DETECTED% in a message from %HEADER_SENDER%.'),
    ),
    notification(
      BASE.notificationVirus,
      t('ウイルス検出通知', 'Virus notice'),
      postmaster,
      ctx.mailbox('secadmin'),
      t('[ウイルス検出] %SUBJECT%', '[Virus] %SUBJECT%'),
      t('%DETECTED% を検出しました (%FILENAME%)。', 'Detected %DETECTED% (%FILENAME%).'),
    ),
  ];
}

function baseStamps(ctx: GenContext): string[] {
  const { t } = ctx;
  const stamp = (id: string, name: string, position: string, text: string): string =>
    `    <stamp${attrs({ id, name, position })}><text>${esc(text)}</text></stamp>`;
  return [
    stamp(
      BASE.stampExternal,
      t('外部メール注意', 'External mail warning'),
      'beginning',
      t(
        'このメールは社外から送信されました。リンクや添付ファイルに注意してください。',
        'This message came from outside the company. Take care with links and attachments.',
      ),
    ),
    stamp(
      BASE.stampConfidential,
      t('機密情報の取扱い', 'Confidential handling'),
      'end',
      t('このメールには機密情報が含まれている可能性があります。', 'This message may contain confidential information.'),
    ),
    stamp(
      BASE.stampCleaned,
      t('ウイルス駆除済み', 'Malware cleaned'),
      'beginning',
      t('添付ファイルからマルウェアを駆除しました (%RULENAME%)。', 'Malware was cleaned from an attachment (%RULENAME%).'),
    ),
  ];
}

function baseDlpTemplates(ctx: GenContext): string[] {
  const { t } = ctx;
  return [
    `    <template${attrs({ id: BASE.dlpCustomer, name: t('顧客番号', 'Customer number'), predefined: false })}><expressionRef ref="dlp-ex-customer"/></template>`,
    `    <template${attrs({ id: BASE.dlpEmployee, name: t('社員番号', 'Employee number'), predefined: false })}><expressionRef ref="dlp-ex-employee"/></template>`,
    `    <template${attrs({ id: BASE.dlpLargeDesign, name: t('大容量の設計資料', 'Large design files'), predefined: false })}><expressionRef ref="dlp-ex-drawing"/></template>`,
  ];
}

function baseDlpIdentifiers(ctx: GenContext): string[] {
  const { t } = ctx;
  return [
    `    <expression${attrs({ id: 'dlp-ex-customer', name: t('顧客番号', 'Customer No'), predefined: false })}>CUST-{D}{6}</expression>`,
    `    <expression${attrs({ id: 'dlp-ex-employee', name: t('社員番号', 'Employee No'), predefined: false })}>EMP{D}{5}</expression>`,
    `    <expression${attrs({ id: 'dlp-ex-drawing', name: t('図面番号', 'Drawing No'), predefined: false })}>DWG-{L}{2}-{D}{4}</expression>`,
    `    <fileAttribute${attrs({ id: 'dlp-fa-large', name: t('大容量ファイル', 'Big files'), predefined: false, minSizeKB: 10240 })}/>`,
  ];
}
