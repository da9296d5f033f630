// Codes of the tracking searches (Logs → Mail Tracking, Policy Events, Quarantine → Query),
// of the quarantine operations, of the message simulation and of captured-message downloads.
// Pure: templates only. Codes are never renamed.
import { defineErrors } from '../platform/errors.js';

export const trackingErrors = defineErrors({
  TRACKING_ADDRESS_PATTERN_INVALID: {
    en: '"{pattern}" is not an address search pattern: give an address, or use * as the local part or domain (*@example.com, name*@example.com, name@*.example.com, *@*). The local part may not start with * unless it is *, and the domain may not end with * unless it is *.',
    ja: '「{pattern}」はアドレスの検索パターンではありません。アドレスを指定するか、ローカル部またはドメインに * を使用してください (*@example.com、name*@example.com、name@*.example.com、*@*)。ローカル部は * そのもの以外で * から始めることはできず、ドメインは * そのもの以外で * で終わることはできません。',
  },
  TRACKING_ADDRESS_PATTERN_TOO_MANY: {
    en: 'Give at most {max} addresses in one search field (separated by ";", a tab or a line break); this one has {count}.',
    ja: '1 つの検索フィールドに指定できるアドレスは {max} 個までです (「;」、タブ、改行で区切ります)。{count} 個指定されています。',
  },
  TRACKING_SEARCH_TOO_LONG: {
    en: 'The search text is {length} characters long; at most {max} are accepted.',
    ja: '検索文字列が {length} 文字あります。{max} 文字以内で指定してください。',
  },
  TRACKING_SUBJECT_TOO_MANY_TERMS: {
    en: 'The subject search has {count} words or phrases; at most {max} are accepted.',
    ja: '件名の検索語 (単語またはフレーズ) が {count} 個あります。{max} 個以内で指定してください。',
  },
  TRACKING_PERIOD_INVALID: {
    en: 'The period ends ({before}) before it starts ({after}).',
    ja: '期間の終了 ({before}) が開始 ({after}) より前です。',
  },
  TRACKING_CURSOR_INVALID: {
    en: 'This cursor does not come from this list; start again without "after".',
    ja: 'このカーソルはこの一覧のものではありません。「after」を指定せずにやり直してください。',
  },
  TRACKING_BACKWARD_PAGING_UNSUPPORTED: {
    en: 'This list pages forward only (newest first): use "first" and "after", not "last" or "before".',
    ja: 'この一覧は新しい順に前方へのみページングできます。「last」「before」ではなく「first」「after」を使用してください。',
  },
  TRACKING_WAIT_TIMEOUT_INVALID: {
    en: 'timeoutSeconds must be between 0 and {max}; {value} was given.',
    ja: 'timeoutSeconds は 0 から {max} の範囲で指定してください ({value} が指定されました)。',
  },
  RELAY_NOT_RUNNING: {
    en: 'The relay of this server does not offer "{operation}" yet.',
    ja: 'このサーバーのリレーはまだ「{operation}」に対応していません。',
  },
  QUARANTINE_IDS_REQUIRED: {
    en: 'Select at least one quarantined message.',
    ja: '隔離メッセージを 1 件以上選択してください。',
  },
  QUARANTINE_TOO_MANY_IDS: {
    en: 'At most {max} quarantined messages can be handled at once; {count} were selected.',
    ja: '一度に処理できる隔離メッセージは {max} 件までです ({count} 件選択されています)。',
  },
  QUARANTINE_NOT_FOUND: {
    en: 'The quarantined message {id} does not exist (it was released, deleted or expired).',
    ja: '隔離メッセージ {id} は存在しません (配信、削除、または期限切れになっています)。',
  },
  SIMULATION_SOURCE_REQUIRED: {
    en: 'Give the message either as raw (the text of an .eml) or as file (an upload), not both.',
    ja: 'メッセージは raw (.eml のテキスト) か file (アップロード) のどちらか一方で指定してください。',
  },
  SIMULATION_MESSAGE_TOO_LARGE: {
    en: 'The message is {sizeBytes} bytes; at most {maxBytes} bytes (150 MB, the Advanced tier limit) can be simulated.',
    ja: 'メッセージのサイズは {sizeBytes} バイトです。シミュレーションできるのは {maxBytes} バイト (150 MB、Advanced のサイズ上限) までです。',
  },
  SIMULATION_RECIPIENTS_REQUIRED: {
    en: 'Give at least one envelope recipient.',
    ja: 'エンベロープ受信者を 1 つ以上指定してください。',
  },
  SIMULATION_TOO_MANY_RECIPIENTS: {
    en: 'At most {max} envelope recipients can be simulated; {count} were given.',
    ja: 'シミュレーションできるエンベロープ受信者は {max} 件までです ({count} 件指定されています)。',
  },
  SIMULATION_ADDRESS_INVALID: {
    en: '"{address}" is not an email address.',
    ja: '「{address}」はメールアドレスではありません。',
  },
  CAPTURE_NOT_FOUND: {
    en: 'This captured message does not exist.',
    ja: 'この受信メッセージは存在しません。',
  },
  CAPTURE_LINK_INVALID: {
    en: 'This download link is not valid (it was changed, or signed by another server); ask the API for a new downloadUrl.',
    ja: 'このダウンロードリンクは無効です (変更されたか、別のサーバーが署名したリンクです)。API から新しい downloadUrl を取得してください。',
  },
  CAPTURE_LINK_EXPIRED: {
    en: 'This download link expired at {expiredAt}; ask the API for a new downloadUrl.',
    ja: 'このダウンロードリンクは {expiredAt} に期限切れになりました。API から新しい downloadUrl を取得してください。',
  },
  CAPTURE_METHOD_NOT_ALLOWED: {
    en: 'Download captured messages with GET.',
    ja: '受信メッセージは GET でダウンロードしてください。',
  },
});
