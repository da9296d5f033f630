// Texts of analysis items, in English and Japanese, by code. A code is stable; texts may
// improve. `{x}` are parameters: a value, a term in both languages (ITEM_TERMS), or a pair
// `x` / `xJa`. Pure.
import { render, type LocalizedText, type MessageParams } from '../platform/errors.js';

interface ItemText {
  en: string;
  ja: string;
  fixEn: string;
  fixJa: string;
}

const T: Record<string, ItemText> = {
  OK: { en: '{what} is migrated as it is.', ja: '{what}はそのまま移行されます。', fixEn: '', fixJa: '' },
  RULE_POP3: {
    en: 'Rule "{rule}" applies to POP3, which CEGP does not scan; the rule is not migrated.',
    ja: 'ルール「{rule}」は POP3 に適用されていますが、CEGP は POP3 をスキャンしないため移行されません。',
    fixEn: 'Nothing to migrate; remove the rule or protect POP3 mailboxes elsewhere.',
    fixJa: '移行は不要です。必要に応じて別の方法で POP3 メールボックスを保護してください。',
  },
  RULE_SPLIT_DIRECTION: {
    en: 'Rule "{rule}" applies to incoming and outgoing mail; it becomes one inbound and one outbound rule.',
    ja: 'ルール「{rule}」は受信と送信の両方に適用されているため、受信ルールと送信ルールの 2 つに分割されます。',
    fixEn: 'Confirm both rules.',
    fixJa: '2 つのルールを確認してください。',
  },
  RULE_SPLIT_TYPE: {
    en: 'Rule "{rule}" mixes {families}; it becomes one CEGP rule per policy type, each with the same recipients, senders and actions.',
    ja: 'ルール「{rule}」には {families} の条件が混在しているため、ポリシーの種類ごとに同じ受信者・送信者・処理を持つルールに分割されます。',
    fixEn: 'Confirm each rule; note that the conditions no longer need to hit together.',
    fixJa: '各ルールを確認してください。条件の組み合わせ (AND) は維持されません。',
  },
  MATCH_ALL_UNSUPPORTED: {
    en: '"All conditions matched" is supported by content filtering only; the {type} rule "{rule}" becomes Any Match, which matches more messages.',
    ja: '「すべての条件に一致」はコンテンツフィルタのみで使用できます。{type} ルール「{rule}」は「いずれかに一致」となり、より多くのメッセージに一致します。',
    fixEn: 'Review the criteria, then mark the rule fixed and enable it.',
    fixJa: '条件を見直してから、ルールを修正済みにして有効にしてください。',
  },
  CONDITION_UNSUPPORTED: {
    en: 'The condition {condition} of rule "{rule}" has no CEGP equivalent and is not migrated.',
    ja: 'ルール「{rule}」の条件 {condition} は CEGP に相当する機能がないため移行されません。',
    fixEn: '',
    fixJa: '',
  },
  CONDITION_UNSUPPORTED_RULE: {
    en: 'Rule "{rule}" loses its unsupported conditions ({conditions}); with {match}, the remaining criteria {effect}.',
    ja: 'ルール「{rule}」のサポート対象外の条件 ({conditions}) は削除されます。{match} のため、残りの条件は {effect}。',
    fixEn: 'Review the criteria.',
    fixJa: '条件を確認してください。',
  },
  CONDITION_UNSUPPORTED_ALL: {
    en: 'Rule "{rule}" has only conditions CEGP does not support; the rule is not migrated.',
    ja: 'ルール「{rule}」の条件はすべて CEGP でサポートされていないため、ルールは移行されません。',
    fixEn: 'Recreate the protection by hand if it is still needed.',
    fixJa: '必要な場合は手動で同等の設定を作成してください。',
  },
  CRITERION_ANY_ONLY: {
    en: 'The criterion "{criterion}" of rule "{rule}" exists in CEGP under Any Match only; under All Match it is dropped, so the rule matches more messages.',
    ja: 'ルール「{rule}」の条件「{criterion}」は CEGP では「いずれかに一致」でのみ使用できるため削除され、ルールはより多くのメッセージに一致します。',
    fixEn: 'Rework the rule (for example split it into an Any Match rule), then mark it fixed.',
    fixJa: 'ルールを見直し (「いずれかに一致」のルールに分けるなど)、修正済みにしてください。',
  },
  CRITERION_INBOUND_ONLY: {
    en: 'The criterion "{criterion}" exists for inbound rules only; it is dropped from the outbound rule "{rule}".',
    ja: '条件「{criterion}」は受信ルールでのみ使用できるため、送信ルール「{rule}」から削除されます。',
    fixEn: 'Review the rule, then mark it fixed.',
    fixJa: 'ルールを確認し、修正済みにしてください。',
  },
  TRUE_FILE_TYPE_UNSUPPORTED: {
    en: 'True file type(s) {types} of rule "{rule}" are not supported by CEGP and are removed{rest}.',
    ja: 'ルール「{rule}」の真のファイル形式 {types} は CEGP でサポートされていないため削除されます{rest}。',
    fixEn: 'Check that the remaining file types still cover what you need.',
    fixJa: '残りのファイル形式で十分か確認してください。',
  },
  TRUE_FILE_TYPE_UNKNOWN: {
    en: 'The true file type "{type}" of rule "{rule}" is unknown and is removed.',
    ja: 'ルール「{rule}」の真のファイル形式「{type}」は不明なため削除されます。',
    fixEn: 'Choose the file type again in CEGP, then mark the rule fixed.',
    fixJa: 'CEGP でファイル形式を選び直し、ルールを修正済みにしてください。',
  },
  LDAP_USER_STATIC: {
    en: 'LDAP user {dn} in rule "{rule}" becomes the static address {mail}.',
    ja: 'ルール「{rule}」の LDAP ユーザ {dn} は固定のメールアドレス {mail} になります。',
    fixEn: 'Confirm the address.',
    fixJa: 'アドレスを確認してください。',
  },
  LDAP_GROUP_UNSYNCED: {
    en: 'LDAP group {dn} in rule "{rule}" {state}.',
    ja: 'ルール「{rule}」の LDAP グループ {dn} は{state}。',
    fixEn: 'Synchronise the directory with the Directory Synchronization Tool and add the group to the rule, then mark it fixed.',
    fixJa: 'ディレクトリ同期ツールでディレクトリを同期し、ルールにグループを追加してから修正済みにしてください。',
  },
  GROUP_INTERNAL_COPY: {
    en: 'Address group "{name}" is used on the organization side and holds addresses outside your managed domains ({addresses}); it is copied as "{copy}" without them.',
    ja: 'アドレスグループ「{name}」は組織側で使用されており、管理対象ドメイン外のアドレス ({addresses}) が含まれているため、それらを除いた「{copy}」としてコピーされます。',
    fixEn: 'Confirm the internal copy.',
    fixJa: '内部用のコピーを確認してください。',
  },
  GROUP_INTERNAL_COPY_RULE: {
    en: 'Rule "{rule}" uses "{copy}" instead of "{name}" on the organization side.',
    ja: 'ルール「{rule}」の組織側では「{name}」の代わりに「{copy}」が使用されます。',
    fixEn: 'Confirm the rule.',
    fixJa: 'ルールを確認してください。',
  },
  GROUP_INTERNAL_ADDRESS: {
    en: 'The addresses {addresses} on the organization side of rule "{rule}" are outside your managed domains and are removed.',
    ja: 'ルール「{rule}」の組織側のアドレス {addresses} は管理対象ドメイン外のため削除されます。',
    fixEn: 'Confirm the rule.',
    fixJa: 'ルールを確認してください。',
  },
  GROUP_WILDCARD_INTERNAL: {
    en: 'Address group "{name}" holds wildcard-domain addresses ({addresses}), which internal groups cannot hold; they are left out of "{copy}".',
    ja: 'アドレスグループ「{name}」にはワイルドカードドメインのアドレス ({addresses}) が含まれていますが、内部グループでは使用できないため「{copy}」から除外されます。',
    fixEn: 'Confirm the internal copy.',
    fixJa: '内部用のコピーを確認してください。',
  },
  GROUP_WILDCARD_ADDRESS: {
    en: 'The wildcard-domain addresses {addresses} on the organization side of rule "{rule}" are removed: the organization side cannot hold wildcard domains.',
    ja: 'ルール「{rule}」の組織側のワイルドカードドメインのアドレス {addresses} は削除されます (組織側ではワイルドカードドメインを使用できません)。',
    fixEn: 'Confirm the rule.',
    fixJa: 'ルールを確認してください。',
  },
  ACTION_TARGET_UNMANAGED: {
    en: 'The {action} target(s) {targets} of rule "{rule}" are outside your managed domains; the action is removed.',
    ja: 'ルール「{rule}」の {action} の宛先 {targets} は管理対象ドメイン外のため、この処理は削除されます。',
    fixEn: 'Use an address in your own domains, then mark the rule fixed.',
    fixJa: '自社ドメインのアドレスを指定してから、ルールを修正済みにしてください。',
  },
  BCC_WITH_TERMINAL: {
    en: 'Rule "{rule}" sends a BCC together with "{intercept}", which CEGP does not allow; the BCC is removed.',
    ja: 'ルール「{rule}」では BCC と「{intercept}」が併用されていますが、CEGP では併用できないため BCC は削除されます。',
    fixEn: 'Move the BCC to a rule without a terminal action, then mark this rule fixed.',
    fixJa: 'BCC を終了処理のない別のルールに移してから、このルールを修正済みにしてください。',
  },
  ACTION_UNSUPPORTED: {
    en: 'The action {action} of rule "{rule}" has no CEGP equivalent and is not migrated.',
    ja: 'ルール「{rule}」の処理 {action} は CEGP に相当する機能がないため移行されません。',
    fixEn: '',
    fixJa: '',
  },
  ACTION_UNSUPPORTED_RULE: {
    en: 'Rule "{rule}" {effect} after its unsupported actions are removed.',
    ja: 'ルール「{rule}」はサポート対象外の処理を削除した後、{effect}。',
    fixEn: 'Review the actions.',
    fixJa: '処理を確認してください。',
  },
  ENCRYPT_INBOUND: {
    en: 'Rule "{rule}" encrypts inbound mail; CEGP encrypts outbound mail only, so the action is removed.',
    ja: 'ルール「{rule}」は受信メールを暗号化しますが、CEGP の暗号化は送信メールのみのため、この処理は削除されます。',
    fixEn: 'Review the rule, then mark it fixed.',
    fixJa: 'ルールを確認し、修正済みにしてください。',
  },
  XHEADER_RESERVED: {
    en: 'The X-header "{header}" of rule "{rule}" starts with a reserved prefix (X-TM, X-MT); the action is removed.',
    ja: 'ルール「{rule}」の X ヘッダ「{header}」は予約済みの接頭辞 (X-TM、X-MT) で始まるため、この処理は削除されます。',
    fixEn: 'Choose another header name, then mark the rule fixed.',
    fixJa: '別のヘッダ名を指定してから、ルールを修正済みにしてください。',
  },
  EXPRESSION_INVALID: {
    en: 'The expression "{expression}" of keyword list "{list}" is not valid in CEGP and is dropped. {problem}',
    ja: 'キーワードリスト「{list}」の式「{expression}」は CEGP で使用できないため削除されます。{problem}',
    fixEn: 'Rewrite the expression in the keyword list, test it in the test area, then mark the rules that use the list fixed.',
    fixJa: 'キーワードリストの式を書き直してテストエリアで確認し、このリストを使用するルールを修正済みにしてください。',
  },
  EXPRESSION_INVALID_RULE: {
    en: 'Rule "{rule}" uses keyword list "{list}", which lost invalid expressions.',
    ja: 'ルール「{rule}」が使用するキーワードリスト「{list}」から無効な式が削除されています。',
    fixEn: 'Fix the keyword list, then mark the rule fixed.',
    fixJa: 'キーワードリストを修正してから、ルールを修正済みにしてください。',
  },
  NOTIFICATION_VARIABLE_UNSUPPORTED: {
    en: 'Notification "{name}" uses {variables}, which CEGP does not support; they are removed from its text.',
    ja: '通知「{name}」で使用されている {variables} は CEGP でサポートされていないため、本文から削除されます。',
    fixEn: 'Confirm the notification text.',
    fixJa: '通知の本文を確認してください。',
  },
  REFERENCE_MISSING: {
    en: 'Rule "{rule}" refers to {kind} "{ref}", which the export does not contain; the reference is removed.',
    ja: 'ルール「{rule}」が参照する {kind}「{ref}」がエクスポートファイルに含まれていないため、参照は削除されます。',
    fixEn: 'Choose the right object in the rule, then mark it fixed.',
    fixJa: 'ルールで正しいオブジェクトを選択してから、修正済みにしてください。',
  },
  DLP_PREDEFINED: {
    en: 'The predefined DLP {what} "{name}" is not migrated: CEGP ships its own predefined {what}s.',
    ja: '定義済みの DLP {what}「{name}」は移行されません。CEGP には独自の定義済み{what}があります。',
    fixEn: 'Select the matching CEGP predefined item if the rule needs it.',
    fixJa: '必要に応じて CEGP の定義済み項目を選択してください。',
  },
  DLP_CUSTOM: {
    en: 'The custom DLP {what} "{name}" is migrated.',
    ja: 'カスタム DLP {what}「{name}」は移行されます。',
    fixEn: '',
    fixJa: '',
  },
  IP_LIST_NOT_APPLIED: {
    en: 'The approved list does not apply to "Email Reputation and IP Profiler" on IMSVA, so it is not migrated.',
    ja: 'IMSVA の承認済みリストは「Email Reputation と IP Profiler」に適用されていないため、移行されません。',
    fixEn: 'Add the addresses to Approved IP Addresses by hand if needed.',
    fixJa: '必要に応じて承認済み IP アドレスに手動で追加してください。',
  },
  IP_LIST_DISABLED: {
    en: 'The {list} is disabled in the export and is not migrated.',
    ja: '{list}はエクスポートファイルで無効になっているため移行されません。',
    fixEn: '',
    fixJa: '',
  },
  IP_PRIVATE: {
    en: 'The private address {value} in the {list} is not migrated.',
    ja: '{list}のプライベートアドレス {value} は移行されません。',
    fixEn: '',
    fixJa: '',
  },
  IP_FROM_DOMAIN: {
    en: 'The domain entry {value} in the {list} is not migrated (CEGP lists hold IP addresses only).',
    ja: '{list}のドメイン {value} は移行されません (CEGP のリストは IP アドレスのみです)。',
    fixEn: '',
    fixJa: '',
  },
  IP_BLOCK_TEMPORARY: {
    en: 'The temporarily blocked entry {value} is not migrated (only "Block permanently" entries are).',
    ja: '一時的にブロックするエントリ {value} は移行されません (「常にブロック」のエントリのみ移行されます)。',
    fixEn: '',
    fixJa: '',
  },
  IP_INVALID: {
    en: 'The entry "{value}" in the {list} is not an IP address or CIDR block and is not migrated.',
    ja: '{list}のエントリ「{value}」は IP アドレスでも CIDR でもないため移行されません。',
    fixEn: '',
    fixJa: '',
  },
  SENDER_MATCHING_CHANGED: {
    en: '{what} is migrated; CEGP matches {matching}, not the header sender only.',
    ja: '{what}は移行されます。CEGP では{matching}を照合します (ヘッダの送信者のみではありません)。',
    fixEn: 'Confirm that the peers still match as intended.',
    fixJa: 'ピアが意図どおりに一致するか確認してください。',
  },
  DKIM_EXEMPT_UNSUPPORTED: {
    en: 'The exempt domains {domains} of the DKIM signature for {domain} are not supported by CEGP and are dropped.',
    ja: '{domain} の DKIM 署名の除外ドメイン {domains} は CEGP でサポートされていないため削除されます。',
    fixEn: 'Confirm DKIM signing.',
    fixJa: 'DKIM 署名を確認してください。',
  },
  DMARC_IMSS: {
    en: 'DMARC settings in an IMSS export are not migrated (only IMSVA has them).',
    ja: 'IMSS のエクスポートファイルの DMARC 設定は移行されません (IMSVA のみが対象です)。',
    fixEn: 'Configure DMARC in CEGP by hand.',
    fixJa: 'CEGP で DMARC を手動で設定してください。',
  },
  AREA_NOT_MIGRATED: {
    en: '{what} is not migrated: {reason}',
    ja: '{what} は移行されません: {reason}',
    fixEn: 'Recreate the setting in CEGP by hand if you still need it.',
    fixJa: '必要な場合は CEGP で手動で設定してください。',
  },
  FILE_IGNORED: {
    en: 'The file {file} is not part of the export format and is ignored.',
    ja: 'ファイル {file} はエクスポート形式に含まれないため無視されます。',
    fixEn: '',
    fixJa: '',
  },
  ROUTE_EMPTY: {
    en: 'Rule "{rule}" has no {side} left after the changes above; it now applies to {fallback}.',
    ja: 'ルール「{rule}」には上記の変更の結果、{side}が残っていないため、{fallback}に適用されます。',
    fixEn: 'Choose the {side} again, then mark the rule fixed.',
    fixJa: '{side}を選び直してから、ルールを修正済みにしてください。',
  },
  ACTIONS_EMPTY: {
    en: 'Rule "{rule}" has no action left after the changes above.',
    ja: 'ルール「{rule}」には上記の変更の結果、処理が残っていません。',
    fixEn: 'Choose an action, then mark the rule fixed.',
    fixJa: '処理を選択してから、ルールを修正済みにしてください。',
  },
  LDAP_NOT_SYNCED: {
    en: 'IMSS/IMSVA used LDAP, but no directory has been synchronised to CEGP yet.',
    ja: 'IMSS/IMSVA は LDAP を使用していますが、まだ CEGP にディレクトリが同期されていません。',
    fixEn:
      'Run the Directory Synchronization Tool (or syncDirectoryGroups) before importing; rules with LDAP groups are otherwise imported as Needs fix.',
    fixJa:
      'インポート前にディレクトリ同期ツール (または syncDirectoryGroups) を実行してください。実行しない場合、LDAP グループを使うルールは「修正が必要です」としてインポートされます。',
  },
  DOMAIN_NOT_VERIFIED: {
    en: 'The domain(s) {domains} used by the rules are not verified in CEGP.',
    ja: 'ルールで使用されているドメイン {domains} は CEGP で確認されていません。',
    fixEn: 'Publish the tmes= TXT record and verify the domain(s) before importing.',
    fixJa: 'インポート前に tmes= の TXT レコードを公開してドメインを確認してください。',
  },
  DOMAIN_NOT_VERIFIED_RULE: {
    en: 'Rule "{rule}" protects {domains}, which is not verified in CEGP.',
    ja: 'ルール「{rule}」の対象ドメイン {domains} は CEGP で確認されていません。',
    fixEn: 'Verify the domain, then mark the rule fixed.',
    fixJa: 'ドメインを確認してから、ルールを修正済みにしてください。',
  },
};

/** Terms the analyzers pass as parameters (ROUTE_EMPTY's side, an empty target list). */
export const ITEM_TERMS = {
  recipients: { en: 'recipients', ja: '受信者' },
  senders: { en: 'senders', ja: '送信者' },
  exceptionRecipients: { en: 'exception recipients', ja: '例外の受信者' },
  exceptionSenders: { en: 'exception senders', ja: '例外の送信者' },
  noTargets: { en: '(none)', ja: '(指定なし)' },
} as const satisfies Record<string, LocalizedText>;

/** Item codes as shown to users: some texts are variants of one code. */
const CODE_OF: Record<string, string> = {
  GROUP_INTERNAL_COPY_RULE: 'GROUP_INTERNAL_COPY',
  GROUP_INTERNAL_ADDRESS: 'GROUP_INTERNAL_COPY',
  GROUP_WILDCARD_ADDRESS: 'GROUP_WILDCARD_INTERNAL',
  CONDITION_UNSUPPORTED_RULE: 'CONDITION_UNSUPPORTED',
  CONDITION_UNSUPPORTED_ALL: 'CONDITION_UNSUPPORTED',
  ACTION_UNSUPPORTED_RULE: 'ACTION_UNSUPPORTED',
  EXPRESSION_INVALID_RULE: 'EXPRESSION_INVALID',
  DOMAIN_NOT_VERIFIED_RULE: 'DOMAIN_NOT_VERIFIED',
  ACTIONS_EMPTY: 'ACTION_UNSUPPORTED',
};

/** Every text of the catalog: itemText refuses any other key. */
export const ITEM_TEXT_KEYS: readonly string[] = Object.keys(T);

/**
 * Every code an item can carry (what itemText returns), in catalog order: the public
 * contract (the GraphQL enum MigrationItemCode; docs/export-format.md §10). Derived from the
 * texts, so no item can have a code that is not listed.
 */
export const MIGRATION_ITEM_CODES: readonly string[] = [...new Set(ITEM_TEXT_KEYS.map((k) => CODE_OF[k] ?? k))];

/** `params.xJa`, when given, replaces `params.x` in the Japanese text; a LocalizedText fits either. */
export function itemText(textKey: string, params: MessageParams) {
  const t = T[textKey];
  if (!t) throw new Error(`no text for item ${textKey}`);
  const ja: MessageParams = { ...params };
  for (const [k, v] of Object.entries(params)) if (k.endsWith('Ja')) ja[k.slice(0, -2)] = v;
  return {
    code: CODE_OF[textKey] ?? textKey,
    message: render({ en: t.en, ja: t.ja }, params, 'en'),
    messageJa: render({ en: t.en, ja: t.ja }, ja, 'ja'),
    fix: render({ en: t.fixEn, ja: t.fixJa }, params, 'en'),
    fixJa: render({ en: t.fixEn, ja: t.fixJa }, ja, 'ja'),
  };
}
