// The policies catalog: every user-facing text of the capability, in English and Japanese.
// Codes are published (GraphQL UserErrorCode): a code is never renamed or removed, so a code
// no caller raises any more keeps a template (noted "no longer raised"). Callers pass values
// (names, counts, codes) or terms from POLICY_TERMS, never sentences. Pure.
import type { ListKind } from '../db/enums.js';
import { defineErrors, renderBoth, type LocalizedText, type MessageTemplate } from '../platform/errors.js';
import { MAX_EXPRESSION_LENGTH, MAX_OPERANDS } from './keyword-dialect.js';
import type { ExpressionProblem, ExpressionProblemCode } from './keyword-problem.js';
import { MAX_REPEAT_COUNT } from './keyword-translate.js';
import type { ObjectKind } from './rule.js';

export const policyErrors = defineErrors({
  POLICY_RULE_NOT_FOUND: {
    en: 'Policy rule {id} was not found in this tenant.',
    ja: 'このテナントにポリシールール {id} は見つかりません。',
  },
  POLICY_RULE_NAME_INVALID: { en: 'The rule name must be 1 to 100 characters.', ja: 'ルール名は 1〜100 文字で入力してください。' },
  POLICY_RULE_LOCKED: {
    en: 'Rule "{name}" is a global rule: only its monitor actions can be changed, and it cannot be deleted.',
    ja: 'ルール「{name}」はグローバルルールのため、監視の処理のみ変更でき、削除できません。',
  },
  POLICY_RULE_NEEDS_FIX: {
    en: 'Rule "{name}" needs a fix after the migration: fix it and mark it fixed before enabling it.',
    ja: 'ルール「{name}」は移行後の修正が必要です。修正して修正済みにしてから有効にしてください。',
  },
  POLICY_STATUS_INVALID: {
    en: 'Rule "{name}" has migration status {status}; this change needs a rule with status {expected}.',
    ja: 'ルール「{name}」の移行ステータスは {status} です。この操作は移行ステータスが {expected} のルールにのみ実行できます。',
  },
  POLICY_TYPE_DIRECTION_INVALID: { en: '{type} rules exist for inbound mail only.', ja: '{type} のルールは受信方向のみ作成できます。' },
  /** `side` and `broad` are POLICY_TERMS. */
  POLICY_ROUTE_EMPTY: {
    en: 'Choose at least one {side}, or "{broad}".',
    ja: '{side}を 1 つ以上選択するか、「{broad}」を選択してください。',
  },
  POLICY_ROUTE_TOO_MANY_ENTRIES: {
    en: 'The {side} list has {count} entries; a list holds at most {max}.',
    ja: '{side}のエントリが {count} 件あります。1 つのリストに指定できるのは最大 {max} 件です。',
  },
  POLICY_ROUTE_ADDRESS_INVALID: {
    en: '"{address}" is not an address or domain pattern (user@example.com, *@example.com).',
    ja: '「{address}」はアドレスまたはドメインのパターン (user@example.com、*@example.com) ではありません。',
  },
  POLICY_ROUTE_DOMAIN_UNKNOWN: {
    en: 'The domain {domain} is not one of your domains (My domains lists the domains added in CEGP).',
    ja: 'ドメイン {domain} は自社のドメインではありません (CEGP に追加したドメインのみ選択できます)。',
  },
  POLICY_ROUTE_WILDCARD_INTERNAL: {
    en: '"{address}" uses a wildcard domain, which the organization side cannot hold (use a hybrid address group on the other side).',
    ja: '「{address}」はワイルドカードドメインのため、組織側では使用できません (相手側でハイブリッドのアドレスグループを使用してください)。',
  },
  KEYWORD_TEST_TEXT_TOO_LONG: {
    en: 'The sample text is longer than {max} characters.',
    ja: 'サンプルテキストが {max} 文字を超えています。',
  },
  POLICY_RULE_CURSOR_INVALID: {
    en: 'The cursor is not one of this list with this sort; page again from the first page.',
    ja: 'このカーソルはこの並べ替えの一覧のものではありません。最初のページから読み直してください。',
  },
  POLICY_RULE_STORED_INVALID: {
    en: 'The stored rule "{name}" is not well formed at {where}: {problem}. Edit the rule again or restore it from the audit log.',
    ja: '保存されているルール「{name}」の {where} の形式が正しくありません ({problem})。ルールを編集し直すか、監査ログをもとに復元してください。',
  },
  POLICY_CRITERIA_REQUIRED: {
    en: 'Advanced criteria need at least one criterion (or choose No criteria).',
    ja: '詳細条件には条件を 1 つ以上指定してください (または「条件なし」を選択してください)。',
  },
  POLICY_CRITERION_ANY_ONLY: {
    en: 'The criterion {criterion} is available under Any Match only.',
    ja: '条件 {criterion} は「いずれかに一致」でのみ使用できます。',
  },
  POLICY_CRITERION_INBOUND_ONLY: {
    en: 'The criterion {criterion} is available for inbound rules only.',
    ja: '条件 {criterion} は受信ルールでのみ使用できます。',
  },
  /** No longer raised (replaced by the POLICY_CRITERION_* codes below); kept as a published code. */
  POLICY_CRITERION_INVALID: {
    en: 'Criterion {index} ({criterion}) is incomplete or out of range.',
    ja: '条件 {index} ({criterion}) が不完全または範囲外です。',
  },
  POLICY_CRITERION_SIZE_INVALID: {
    en: 'Criterion {index} ({criterion}): the size must be 0 to {maxMb} MB.',
    ja: '条件 {index} ({criterion}): サイズは 0〜{maxMb} MB で指定してください。',
  },
  POLICY_CRITERION_COUNT_INVALID: {
    en: 'Criterion {index} ({criterion}): the count must be a whole number from 0 to {max}.',
    ja: '条件 {index} ({criterion}): 数は 0〜{max} の整数で指定してください。',
  },
  POLICY_CRITERION_VALUES_REQUIRED: {
    en: 'Criterion {index} ({criterion}): choose at least one value.',
    ja: '条件 {index} ({criterion}): 値を 1 つ以上選択してください。',
  },
  POLICY_CRITERION_KEYWORD_LISTS_REQUIRED: {
    en: 'Criterion {index} ({criterion}): choose at least one keyword list.',
    ja: '条件 {index} ({criterion}): キーワードリストを 1 つ以上選択してください。',
  },
  POLICY_CRITERION_HEADERS_REQUIRED: {
    en: 'Criterion {index} ({criterion}): name at least one header.',
    ja: '条件 {index} ({criterion}): ヘッダを 1 つ以上指定してください。',
  },
  /** No longer raised (each action problem has its own code below); kept as a published code. */
  POLICY_ACTION_INVALID: { en: 'An action of this rule is not valid.', ja: 'このルールの処理に無効なものがあります。' },
  POLICY_CHANGE_RECIPIENT_REQUIRED: {
    en: 'Change recipient needs at least one address.',
    ja: '受信者の変更には 1 つ以上のアドレスが必要です。',
  },
  POLICY_DELIVER_NOW_SERVER_INVALID: {
    en: 'Deliver now to a specific server takes host:port, such as mail.example.com:25 or [2001:db8::1]:25; got "{server}".',
    ja: '特定のサーバへの即時配信には「ホスト名:ポート番号」(mail.example.com:25、[2001:db8::1]:25 など) を指定してください。指定値:「{server}」',
  },
  POLICY_ACTIONS_EXCLUSIVE: {
    en: 'Clean malware and Delete matching attachments exclude each other.',
    ja: '「不正プログラムの駆除」と「一致した添付ファイルの削除」は同時に選択できません。',
  },
  POLICY_X_HEADER_RESERVED: {
    en: 'The header name "{header}" starts with a reserved prefix (X-TM, X-MT).',
    ja: 'ヘッダ名「{header}」は予約済みの接頭辞 (X-TM、X-MT) で始まっています。',
  },
  POLICY_X_HEADER_NAME_INVALID: {
    en: '"{header}" is not a header name (printable ASCII characters without spaces or ":").',
    ja: '「{header}」はヘッダ名として無効です (空白と「:」を除く半角英数字・記号で入力してください)。',
  },
  POLICY_ENCRYPT_NOT_ALLOWED: {
    en: 'Encrypt email is for outbound rules with "Do not intercept messages".',
    ja: 'メールの暗号化は「メッセージを阻止しない」を選択した送信ルールでのみ使用できます。',
  },
  POLICY_TAG_SUBJECT_REQUIRED: { en: 'Tag subject needs a tag.', ja: '件名のタグを入力してください。' },
  POLICY_BCC_WITH_TERMINAL: {
    en: 'BCC cannot be combined with a terminal action (delete, deliver now, quarantine, change recipient).',
    ja: 'BCC は終了処理 (削除、即時配信、隔離、受信者の変更) と同時に選択できません。',
  },
  POLICY_BCC_RECIPIENTS_REQUIRED: { en: 'BCC needs at least one address.', ja: 'BCC には 1 つ以上のアドレスが必要です。' },
  POLICY_STAMP_TEXT_REQUIRED: { en: 'A stamp needs a text.', ja: 'スタンプの本文を入力してください。' },
  /** `action` is a POLICY_TERMS entry. */
  POLICY_ACTION_TARGET_NOT_MAILBOX: {
    en: 'The {action} address "{address}" is not one mailbox (user@example.com, no wildcard).',
    ja: '{action}のアドレス「{address}」は 1 つのメールボックスではありません (user@example.com の形式で、ワイルドカードは使用できません)。',
  },
  POLICY_X_HEADER_VALUE_INVALID: {
    en: 'The value of the header "{header}" must be one line (no line breaks).',
    ja: 'ヘッダ「{header}」の値に改行は使用できません。',
  },
  POLICY_ROUTE_GROUP_NOT_INTERNAL: {
    en: 'The address group {id} is not an internal group; the organization side (inbound recipients, outbound senders) takes internal groups only.',
    ja: 'アドレスグループ {id} は内部グループではありません。組織側 (受信の受信者、送信の送信者) には内部グループのみ指定できます。',
  },
  POLICY_ROUTE_DIRECTORY_GROUP_EXTERNAL: {
    en: 'The LDAP group "{dn}" can only be used on the organization side (inbound recipients, outbound senders).',
    ja: 'LDAP グループ「{dn}」は組織側 (受信の受信者、送信の送信者) でのみ使用できます。',
  },
  /** `action` is a POLICY_TERMS entry. */
  POLICY_ACTION_TARGET_UNMANAGED: {
    en: 'The {action} address {address} is outside your managed domains.',
    ja: '{action}のアドレス {address} は管理対象ドメイン外です。',
  },
  /** `kind` is POLICY_OBJECT_KINDS[kind]. */
  POLICY_OBJECT_NOT_FOUND: { en: 'The {kind} {id} was not found in this tenant.', ja: 'このテナントに{kind} {id} は見つかりません。' },
  POLICY_OBJECT_NAME_TAKEN: { en: 'A {kind} named "{name}" already exists.', ja: '「{name}」という名前の{kind}はすでに存在します。' },
  POLICY_OBJECT_NAME_INVALID: { en: 'The name must be 1 to 100 characters.', ja: '名前は 1〜100 文字で入力してください。' },
  POLICY_OBJECT_IN_USE: {
    en: 'The {kind} "{name}" is used by {count} rule(s) ({rules}) and cannot be deleted.',
    ja: '{kind}「{name}」は {count} 件のルール ({rules}) で使用されているため削除できません。',
  },
  ADDRESS_GROUP_ADDRESS_INVALID: {
    en: 'Address {index} ("{address}") is not user@domain, *@domain or a wildcard-domain pattern.',
    ja: 'アドレス {index} (「{address}」) は user@domain、*@domain、ワイルドカードドメインのいずれの形式でもありません。',
  },
  ADDRESS_GROUP_INTERNAL_WILDCARD: {
    en: 'Address {index} ("{address}"): internal groups cannot hold wildcard domains.',
    ja: 'アドレス {index} (「{address}」): 内部グループではワイルドカードドメインを使用できません。',
  },
  ADDRESS_GROUP_INTERNAL_UNMANAGED: {
    en: 'Address {index} ("{address}"): internal groups hold addresses of your managed domains only.',
    ja: 'アドレス {index} (「{address}」): 内部グループには管理対象ドメインのアドレスのみ登録できます。',
  },
  ADDRESS_GROUP_TOO_MANY_ADDRESSES: {
    en: 'An address group holds at most {max} addresses.',
    ja: 'アドレスグループに登録できるアドレスは最大 {max} 件です。',
  },
  /** `problem` is expressionProblemText(…). */
  KEYWORD_EXPRESSION_INVALID: {
    en: 'Expression {index} ("{expression}") is not valid: {problem}',
    ja: '式 {index} (「{expression}」) は無効です。{problem}',
  },
  KEYWORD_LIST_EXPRESSION_COUNT_INVALID: {
    en: 'A keyword list holds 1 to {max} expressions; {count} were given.',
    ja: 'キーワードリストには 1〜{max} 個の式を指定してください ({count} 個指定されています)。',
  },
  KEYWORD_LIST_THRESHOLD_REQUIRED: {
    en: 'A score list needs a threshold of 1 or more.',
    ja: 'スコアで判定するリストには 1 以上のしきい値が必要です。',
  },
  /** No longer raised (each problem has its own LIST_ENTR* code below); kept as a published code. `list` is LIST_KINDS[list]. */
  LIST_ENTRY_INVALID: { en: '"{value}" is not a valid entry for the {list}.', ja: '「{value}」は{list}のエントリとして無効です。' },
  LIST_ENTRY_IP_INVALID: { en: '"{value}" is not an IP address or CIDR block.', ja: '「{value}」は IP アドレスでも CIDR でもありません。' },
  LIST_ENTRY_IP_PRIVATE: {
    en: '"{value}" is a private, loopback or link-local address, which the {list} does not accept.',
    ja: '「{value}」はプライベート・ループバック・リンクローカルのアドレスのため、{list}には登録できません。',
  },
  LIST_ENTRY_DOMAIN_INVALID: { en: '"{value}" is not a domain name.', ja: '「{value}」はドメイン名ではありません。' },
  LIST_ENTRY_VALUE_INVALID: {
    en: '"{value}" is empty, longer than {max} characters or contains spaces.',
    ja: '「{value}」は空か、{max} 文字を超えているか、空白を含んでいます。',
  },
  LIST_ENTRIES_TOO_MANY: {
    en: 'At most {max} entries can be added in one request; {count} were given.',
    ja: '1 回に追加できるエントリは最大 {max} 件です ({count} 件指定されています)。',
  },
  LIST_ENTRY_NOT_FOUND: {
    en: 'List entry {id} was not found in this tenant.',
    ja: 'このテナントにリストのエントリ {id} は見つかりません。',
  },
});

/** Words passed as parameters of the messages above. */
export const POLICY_TERMS = {
  recipients: { en: 'recipient', ja: '受信者' },
  senders: { en: 'sender', ja: '送信者' },
  exceptionSender: { en: 'exception sender', ja: '例外の送信者' },
  exceptionRecipient: { en: 'exception recipient', ja: '例外の受信者' },
  myOrganization: { en: 'My organization', ja: '自組織' },
  anyone: { en: 'Anyone', ja: 'すべてのユーザー' },
  changeRecipient: { en: 'change recipient', ja: '受信者の変更' },
  bcc: { en: 'BCC', ja: 'BCC' },
  notificationSender: { en: 'notification sender', ja: '通知の送信者' },
} as const satisfies Record<string, LocalizedText>;

export const POLICY_OBJECT_KINDS: Readonly<Record<ObjectKind, LocalizedText>> = {
  ADDRESS_GROUP: { en: 'address group', ja: 'アドレスグループ' },
  KEYWORD_LIST: { en: 'keyword list', ja: 'キーワードリスト' },
  NOTIFICATION: { en: 'notification', ja: '通知' },
  STAMP: { en: 'stamp', ja: 'スタンプ' },
  DLP_TEMPLATE: { en: 'DLP template', ja: 'DLP テンプレート' },
};

export const LIST_KINDS: Readonly<Record<ListKind, LocalizedText>> = {
  APPROVED_IP: { en: 'approved IP address list', ja: '承認済み IP アドレスのリスト' },
  BLOCKED_IP: { en: 'blocked IP address list', ja: 'ブロックする IP アドレスのリスト' },
  WEB_REPUTATION_APPROVED: { en: 'web reputation approved list', ja: 'Web レピュテーションの承認済みリスト' },
  URL_KEYWORD_EXCEPTION: { en: 'URL keyword exception list', ja: 'URL キーワードの例外リスト' },
  DKIM_IGNORED_PEER: { en: 'DKIM ignored peer list', ja: 'DKIM 検証で無視するピアのリスト' },
};

/**
 * What is wrong with a keyword expression, by the dialect's problem code (keyword-dialect.ts).
 * One text per code, naming the usual causes; the position and the text there locate it.
 * The dialect's own `problem.message` is finer but English only: it stays for logs and tests.
 */
export const EXPRESSION_PROBLEM_TEXTS: Readonly<Record<ExpressionProblemCode, MessageTemplate>> = {
  EXPRESSION_EMPTY: { en: 'The expression is empty.', ja: '式が空です。' },
  EXPRESSION_TOO_LONG: {
    en: 'The expression is too long: keep it within {maxChars} characters and {maxOperands} operands, with small repetition counts.',
    ja: '式が長すぎます。{maxChars} 文字以内、オペランド {maxOperands} 個以内とし、繰り返し回数を小さくしてください。',
  },
  EXPRESSION_SYNTAX: {
    en: 'The syntax is not valid: look for an empty alternative ("a|"), an empty group "()", a lone "{{" or "\\", a reversed range in "[…]", or two operands without .AND. or .OR. between them.',
    ja: '構文が正しくありません。空の選択肢 (「a|」)、空のグループ「()」、単独の「{{」や「\\」、「[…]」内の逆順の範囲、.AND. または .OR. でつながれていない 2 つのオペランドがないか確認してください。',
  },
  EXPRESSION_WORD_BOUNDARY_MIDDLE: {
    en: '"\\b" (word boundary) can only start or end an expression or an operand.',
    ja: '「\\b」(単語の境界) は式またはオペランドの先頭か末尾でのみ使用できます。',
  },
  EXPRESSION_UNBALANCED: {
    en: 'A parenthesis or bracket has no partner: close every "(" and "[" ("[:" with ":]"), or escape the character ("\\(", "\\]").',
    ja: '括弧の対応が取れていません。「(」と「[」(「[:」は「:]」) を閉じるか、文字として使う場合は「\\(」「\\]」のようにエスケープしてください。',
  },
  EXPRESSION_BAD_REPETITION: {
    en: 'A repetition is not valid: write {{n}}, {{n,}} or {{n,m}} after something to repeat, the maximum not below the minimum and at most {maxRepeat}.',
    ja: '繰り返しの指定が正しくありません。繰り返す対象の後に {{n}}、{{n,}}、{{n,m}} の形式で指定してください (最大回数は最小回数以上、上限は {maxRepeat} 回)。',
  },
  EXPRESSION_OPERATOR_OPERAND_MISSING: {
    en: 'A keyword operator (.AND., .OR., .NOT., .REG., .WILD.) has no operand on one side.',
    ja: 'キーワード演算子 (.AND.、.OR.、.NOT.、.REG.、.WILD.) の片側にオペランドがありません。',
  },
  EXPRESSION_UNSUPPORTED: {
    en: 'The expression uses something the CEGP dialect does not support: groups such as "(?:…)", escapes such as "\\p" or "\\8", collating elements, or keyword operators inside parentheses.',
    ja: 'CEGP の式では使用できない構文が含まれています (「(?:…)」などのグループ、「\\p」「\\8」などのエスケープ、照合要素、括弧内のキーワード演算子)。',
  },
};

/** Where a problem is, prefixed to its text when the dialect knows the position. */
export const EXPRESSION_PROBLEM_AT: MessageTemplate = {
  en: 'At character {position} ("{near}"): {text}',
  ja: '{position} 文字目 (「{near}」): {text}',
};

/** Characters of the expression shown from the problem's position on. */
const NEAR_CHARS = 12;

/** The problem's text in both languages, to show or to pass as a LocalizedText parameter. */
export function expressionProblemText(problem: ExpressionProblem, source: string): LocalizedText {
  const text = renderBoth(EXPRESSION_PROBLEM_TEXTS[problem.code], {
    maxChars: MAX_EXPRESSION_LENGTH,
    maxOperands: MAX_OPERANDS,
    maxRepeat: MAX_REPEAT_COUNT,
  });
  const at = problem.position;
  if (at === null || at >= source.length || problem.code === 'EXPRESSION_TOO_LONG') return text;
  let near = source.slice(at, at + NEAR_CHARS);
  if (/[\uD800-\uDBFF]$/.test(near)) near = near.slice(0, -1); // never half a surrogate pair
  if (at + NEAR_CHARS < source.length) near += '…';
  return renderBoth(EXPRESSION_PROBLEM_AT, { position: at + 1, near, text });
}
