// Pure. Every Evidence code of the verdict trace with its English and Japanese text
// (the GraphQL trace renders them; clients may read the parameters instead). Codes are
// published: never renamed or removed. The texts use platform/errors.ts's templates;
// `where`+`field` render as one place ("the subject", "header "X-Spam"") and `op` as the
// comparator CEGP shows (> or <=, docs/cegp/policies-and-content-filtering.md §3).
import { render, type Locale, type MessageTemplate } from '../../platform/errors.js';
import type { Evidence } from './verdict.js';

const T = (en: string, ja: string): MessageTemplate => ({ en, ja });

export const EVIDENCE_TEMPLATES = {
  // Routes (§2).
  ROUTE_SENDER_IN: T("Sender {address} is in the rule's senders ({entry}).", '送信者 {address} はルールの送信者 ({entry}) に含まれます。'),
  ROUTE_SENDER_NOT_IN: T("Sender {address} is not in the rule's senders.", '送信者 {address} はルールの送信者に含まれません。'),
  ROUTE_RECIPIENT_IN: T(
    "Recipient {address} is in the rule's recipients ({entry}).",
    '受信者 {address} はルールの受信者 ({entry}) に含まれます。',
  ),
  ROUTE_RECIPIENT_NOT_IN: T(
    "Recipient {address} is not in the rule's recipients ({count} recipient(s) of this verdict).",
    '受信者 {address} はルールの受信者に含まれません (この判定の受信者 {count} 件)。',
  ),
  ROUTE_EXCEPTED: T(
    'Sender {sender} and recipient {recipient} fall in exception {exception} (sender {senderEntry}, recipient {recipientEntry}).',
    '送信者 {sender} と受信者 {recipient} は例外 {exception} (送信者 {senderEntry}、受信者 {recipientEntry}) に該当します。',
  ),
  ROUTE_UNVERIFIED_DOMAIN: T(
    '{address} is in the registered domain {domain}, which is not verified: the global anti-virus rule applies.',
    '{address} は未検証の登録ドメイン {domain} に属するため、グローバルウイルス対策ルールが適用されます。',
  ),
  // Step notes.
  RULE_DISABLED: T('The rule is disabled.', 'このルールは無効です。'),
  RULE_SKIPPED_ON_RELEASE: T(
    'The message was released from the quarantine this rule put it in: the rule is skipped.',
    'このルールが隔離したメッセージが配信されたため、このルールはスキップされます。',
  ),
  PROCESSING_STOPPED: T(
    'Not evaluated: rule "{rule}" ended processing ({action}).',
    '評価されません: ルール「{rule}」で処理が終了しました ({action})。',
  ),
  STOPPED_HERE: T('Processing of later rules stops here ({action}).', '以降のルールの処理はここで終了します ({action})。'),
  BUDGET_EXHAUSTED: T(
    'The evaluation budget ran out ({item}, limit {limit}): what was not examined reads as not matched.',
    '評価の上限に達しました ({item}、上限 {limit})。検査できなかった部分は一致しないものとして扱います。',
  ),
  PRODUCER_CUT: T('Part of the message was not inspected ({item}): {detail}', 'メッセージの一部は検査されていません ({item}): {detail}'),
  // Criteria modes.
  NO_CRITERIA_MODE: T(
    'No criteria: the rule applies to every message in its route.',
    '条件なし: ルールは対象のすべてのメッセージに適用されます。',
  ),
  NO_CRITERIA_SELECTED: T(
    'No criterion is selected: the rule matches nothing.',
    '条件が選択されていないため、ルールはどのメッセージにも一致しません。',
  ),
  CRITERION_ANY_MATCH_ONLY: T(
    'This criterion exists under Any Match only: under All Match it reads as not matched.',
    'この条件は「いずれかに一致」でのみ使用できるため、「すべてに一致」では一致しないものとして扱います。',
  ),
  CRITERION_INBOUND_ONLY: T('This criterion exists for inbound rules only.', 'この条件は受信ルールでのみ使用できます。'),
  // Envelope and header senders (§3 rows 1–3).
  ENVELOPE_SENDER_BLANK: T('The envelope sender (MAIL FROM) is blank.', 'エンベロープの送信者 (MAIL FROM) は空です。'),
  ENVELOPE_SENDER_PRESENT: T('The envelope sender is {sender}.', 'エンベロープの送信者は {sender} です。'),
  BLANK_ENVELOPE_NEVER_DIFFERS: T(
    'The envelope sender is blank: this criterion never matches a blank envelope sender.',
    'エンベロープの送信者が空のため、この条件には一致しません。',
  ),
  HEADER_FROM_MISSING: T('The message has no From: address.', 'メッセージに From: アドレスがありません。'),
  REPLY_TO_MISSING: T('The message has no Reply-To: address.', 'メッセージに Reply-To: アドレスがありません。'),
  SENDERS_DIFFER: T('From: {from} differs from {otherName} {other}.', 'From: {from} は {otherName} {other} と異なります。'),
  SENDERS_SAME: T('From: {from} is the same as {otherName} {other}.', 'From: {from} は {otherName} {other} と同じです。'),
  // Keywords (§3 rows 4, 6, 8, 13; §4).
  KEYWORD_MATCHED: T(
    'Keyword list "{list}": expression "{expression}" matched "{text}" in {place}.',
    'キーワードリスト「{list}」: 式「{expression}」が{place}の「{text}」に一致しました。',
  ),
  KEYWORD_NOT_MATCHED: T('Keyword list "{list}" does not match {place}.', 'キーワードリスト「{list}」は{place}に一致しません。'),
  KEYWORD_NONE_PRESENT: T(
    'Keyword list "{list}" (not the specified): none of its expressions is in {place}.',
    'キーワードリスト「{list}」(指定以外): どの式も{place}にありません。',
  ),
  KEYWORD_SCORE: T(
    'Keyword list "{list}": score {score} in {place}, threshold {threshold}.',
    'キーワードリスト「{list}」: {place}のスコアは {score}、しきい値は {threshold} です。',
  ),
  KEYWORD_LIST_MISSING: T('Keyword list {id} does not exist any more.', 'キーワードリスト {id} は存在しません。'),
  KEYWORD_LIST_NO_VALID_EXPRESSION: T(
    'Keyword list "{list}" has no valid expression: it never matches.',
    'キーワードリスト「{list}」に有効な式がないため、一致することはありません。',
  ),
  KEYWORD_EXPRESSION_INVALID: T(
    'Keyword list "{list}": expression {index} "{expression}" is not valid ({problem}) and is left out.',
    'キーワードリスト「{list}」: 式 {index}「{expression}」は無効 ({problem}) のため除外されます。',
  ),
  KEYWORD_TEXT_CUT: T(
    'Only the first {scanned} of {length} characters of {place} were scanned.',
    '{place}の {length} 文字のうち先頭の {scanned} 文字のみを検査しました。',
  ),
  HEADER_ABSENT: T('The message has no {header} header.', 'メッセージに {header} ヘッダーはありません。'),
  // Sizes and counts (§3 rows 5, 14, 15, 18).
  SIZE_COMPARED: T(
    '{what} size {size} bytes {op} {threshold} bytes: {result}.',
    '{what}のサイズ {size} バイト {op} {threshold} バイト: {result}。',
  ),
  COUNT_COMPARED: T('{what} {count} {op} {threshold}: {result}.', '{what}は {count} 件 ({op} {threshold}): {result}。'),
  SUBJECT_BLANK: T('The subject is blank.', '件名は空です。'),
  SUBJECT_PRESENT: T('The subject is not blank.', '件名は空ではありません。'),
  BODY_BLANK: T('The body is blank.', '本文は空です。'),
  BODY_PRESENT: T('The body is not blank.', '本文は空ではありません。'),
  // Attachments (§3 rows 10–17).
  NO_ATTACHMENTS: T('The message has no attachments.', 'メッセージに添付ファイルはありません。'),
  ATTACHMENT_NAME_MATCHED: T('{name} matches "{pattern}".', '{name} は「{pattern}」に一致します。'),
  ATTACHMENT_NAME_NOT_LISTED: T('{name} matches none of the names (Not selected).', '{name} はどの名前にも一致しません (選択しない)。'),
  ATTACHMENT_NAME_NONE: T('No attachment name is in the list.', '一覧の名前に一致する添付ファイルはありません。'),
  ATTACHMENT_UNNAMED: T('Attachment {attachment} has no file name.', '添付ファイル {attachment} にはファイル名がありません。'),
  MIME_TYPE_MATCHED: T('{name} is declared {type}, which matches "{entry}".', '{name} の宣言された種類 {type} は「{entry}」に一致します。'),
  MIME_TYPE_NOT_LISTED: T(
    '{name} is declared {type}, which is not in the list (Not selected).',
    '{name} の宣言された種類 {type} は一覧にありません (選択しない)。',
  ),
  MIME_TYPE_NONE: T(
    "No attachment's declared MIME type is in the list.",
    '宣言された MIME タイプが一覧に一致する添付ファイルはありません。',
  ),
  TRUE_TYPE_MATCHED: T('{name} is a {type} file by its content.', '{name} は内容から {type} ファイルです。'),
  TRUE_TYPE_NOT_LISTED: T(
    '{name} is a {type} file, which is not in the list (Not selected).',
    '{name} は {type} ファイルで、一覧にありません (選択しない)。',
  ),
  TRUE_TYPE_UNKNOWN: T('The true file type of {name} is not known.', '{name} の実際のファイル形式は不明です。'),
  TRUE_TYPE_NONE: T("No attachment's true file type is in the list.", '実際のファイル形式が一覧に一致する添付ファイルはありません。'),
  ATTACHMENT_PROTECTED: T('{name} is password protected ({kind}, {where}).', '{name} はパスワードで保護されています ({kind}、{where})。'),
  ARCHIVE_ENTRY_ENCRYPTED: T('{name} holds the encrypted entry {entry}.', '{name} には暗号化されたエントリ {entry} があります。'),
  NOTHING_PROTECTED: T('No attachment is password protected.', 'パスワードで保護された添付ファイルはありません。'),
  ACTIVE_CONTENT_FOUND: T(
    '{name} contains active content ({kind}, {where}).',
    '{name} にはアクティブコンテンツがあります ({kind}、{where})。',
  ),
  NO_ACTIVE_CONTENT: T('No attachment contains active content.', 'アクティブコンテンツを含む添付ファイルはありません。'),
  // Other policy types (test signals instead of scan engines; README "Test your policies").
  MALWARE_FOUND: T('{name} contains {malware} ({where}).', '{name} に {malware} が含まれています ({where})。'),
  NO_MALWARE: T('No malware test signal was found.', 'マルウェアのテスト用シグナルは見つかりませんでした。'),
  GTUBE_FOUND: T('The GTUBE spam test string is in the message.', 'メッセージにスパムのテスト文字列 GTUBE があります。'),
  SIGNAL_MATCHED: T(
    "Test signal {kind} at level {level} is caught at the rule's level {ruleLevel}.",
    'テスト用シグナル {kind} (レベル {level}) はルールのレベル {ruleLevel} で検出されます。',
  ),
  SIGNAL_BELOW_LEVEL: T(
    "Test signal {kind} at level {level} is too weak for the rule's level {ruleLevel}.",
    'テスト用シグナル {kind} (レベル {level}) はルールのレベル {ruleLevel} では検出されません。',
  ),
  SIGNAL_LEVEL_UNKNOWN: T(
    'Test signal {kind} names the unknown level "{level}": ignored.',
    'テスト用シグナル {kind} のレベル「{level}」は不明のため無視します。',
  ),
  SIGNAL_ABSENT: T('No {kind} test signal.', '{kind} のテスト用シグナルはありません。'),
  // DLP.
  DLP_TEMPLATE_MISSING: T('DLP template {id} does not exist any more.', 'DLP テンプレート {id} は存在しません。'),
  DLP_PREDEFINED_NOT_EMULATED: T(
    'Predefined DLP template "{template}" is CEGP\'s own and not emulated: it never matches here.',
    '定義済みの DLP テンプレート「{template}」は CEGP 独自のもので、ここではエミュレートされないため一致しません。',
  ),
  DLP_IDENTIFIER_MISSING: T(
    'DLP template "{template}": identifier "{identifier}" does not exist.',
    'DLP テンプレート「{template}」: データ識別子「{identifier}」は存在しません。',
  ),
  DLP_IDENTIFIER_INVALID: T(
    'DLP identifier "{identifier}" has nothing valid to match.',
    'DLP データ識別子「{identifier}」には有効な照合内容がありません。',
  ),
  DLP_MATCHED: T(
    'DLP template "{template}": identifier "{identifier}" matched "{text}" in {place}.',
    'DLP テンプレート「{template}」: データ識別子「{identifier}」が{place}の「{text}」に一致しました。',
  ),
  DLP_FILE_SIZE_MATCHED: T(
    'DLP template "{template}": {name} ({size} bytes) is at least {minBytes} bytes (identifier "{identifier}").',
    'DLP テンプレート「{template}」: {name} ({size} バイト) は {minBytes} バイト以上です (データ識別子「{identifier}」)。',
  ),
  DLP_NOT_MATCHED: T(
    'No identifier of DLP template "{template}" matched.',
    'DLP テンプレート「{template}」のデータ識別子はどれも一致しませんでした。',
  ),
  // Why an action did not act.
  OUTRANKED: T('{action} of rule "{rule}" takes priority.', 'ルール「{rule}」の{action}が優先されます。'),
  SIGNED_MESSAGE: T(
    'The message is digitally signed (S/MIME): this action does not apply.',
    'メッセージはデジタル署名 (S/MIME) されているため、この処理は適用されません。',
  ),
  NEEDS_CRITERION: T(
    'This action acts only with the {criterion} criterion matched.',
    'この処理は条件「{criterion}」に一致した場合にのみ実行されます。',
  ),
  MUTUALLY_EXCLUSIVE: T('This action cannot be combined with {other}.', 'この処理は{other}と併用できません。'),
  OUTBOUND_ONLY: T('This action is for outbound rules only.', 'この処理は送信ルールでのみ使用できます。'),
  OBJECT_MISSING: T('The {kind} {id} does not exist any more.', '{kind} {id} は存在しません。'),
  NOTHING_TO_REMOVE: T('No attachment to act on.', '処理の対象となる添付ファイルはありません。'),
  NOT_WITH_TERMINAL: T('BCC is not combined with a terminal action ({action}).', 'BCC は終了処理 ({action}) と併用できません。'),
  MESSAGE_DELETED: T('The message is deleted: this action does not apply.', 'メッセージは削除されるため、この処理は適用されません。'),
} as const satisfies Record<string, MessageTemplate>;

export type EvidenceCode = keyof typeof EVIDENCE_TEMPLATES;

/** An Evidence with a known code. */
export function evidence(code: EvidenceCode, params: Evidence['params'] = {}): Evidence {
  return { code, params };
}

const PLACES: Record<string, MessageTemplate> = {
  SUBJECT: T('the subject', '件名'),
  BODY: T('the body', '本文'),
  HEADER: T('header {field}', 'ヘッダー {field} '),
  ATTACHMENT: T('attachment {field}', '添付ファイル {field} '),
};
const WORDS: Record<string, MessageTemplate> = {
  MESSAGE: T('Message', 'メッセージ'),
  ATTACHMENT: T('Attachment', '添付ファイル'),
  ATTACHMENTS: T('Attachments', '添付ファイルの数'),
  RECIPIENTS: T('Recipients', '受信者の数'),
  ENVELOPE: T('the envelope sender', 'エンベロープの送信者'),
  Anyone: T('Anyone', 'すべてのユーザー'),
  'My organization': T('My organization', '自組織'),
  REPLY_TO: T('Reply-To:', 'Reply-To:'),
  true: T('matched', '一致'),
  false: T('not matched', '不一致'),
};
const OPS: Record<string, string> = { GT: '>', LE: '<=' };

/** The evidence as a sentence; an unknown code (from a newer server) shows its code and parameters. */
export function evidenceMessage(e: Evidence, locale: Locale): string {
  const template = (EVIDENCE_TEMPLATES as Record<string, MessageTemplate>)[e.code];
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.params)) params[k] = typeof v === 'boolean' ? String(v) : v;
  if (!template) return `${e.code} ${JSON.stringify(e.params)}`;
  if (typeof params.where === 'string' && PLACES[params.where]) params.place = render(PLACES[params.where]!, params, locale).trim();
  for (const k of ['what', 'result', 'otherName', 'entry', 'senderEntry', 'recipientEntry'] as const) {
    const w = params[k];
    if (w !== undefined && WORDS[String(w)]) params[k] = WORDS[String(w)]![locale];
  }
  if (typeof params.op === 'string') params.op = OPS[params.op] ?? params.op;
  return render(template, params, locale);
}
