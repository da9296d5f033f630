import { defineErrors } from '../platform/errors.js';

export const policyErrors = defineErrors({
  POLICY_RULE_NOT_FOUND: { en: 'Policy rule {id} was not found in this tenant.', ja: 'このテナントにポリシールール {id} は見つかりません。' },
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
    en: 'Rule "{name}" has migration status {status}; only a rule with status {expected} can be {action}.',
    ja: 'ルール「{name}」の移行ステータスは {status} です。{action}できるのは {expected} のルールのみです。',
  },
  POLICY_TYPE_DIRECTION_INVALID: { en: '{type} rules exist for inbound mail only.', ja: '{type} のルールは受信方向のみ作成できます。' },
  POLICY_ROUTE_EMPTY: { en: 'Choose at least one {side}, or "{broad}".', ja: '{side}を 1 つ以上選択するか、「{broad}」を選択してください。' },
  POLICY_ROUTE_ADDRESS_INVALID: { en: '"{address}" is not an address or domain pattern (user@example.com, *@example.com).', ja: '「{address}」はアドレスまたはドメインのパターン (user@example.com、*@example.com) ではありません。' },
  POLICY_ROUTE_WILDCARD_INTERNAL: {
    en: '"{address}" uses a wildcard domain, which the organization side cannot hold (use a hybrid address group on the other side).',
    ja: '「{address}」はワイルドカードドメインのため、組織側では使用できません。',
  },
  POLICY_CRITERIA_REQUIRED: { en: 'Advanced criteria need at least one criterion (or choose No criteria).', ja: '詳細条件には条件を 1 つ以上指定してください (または「条件なし」を選択してください)。' },
  POLICY_CRITERION_ANY_ONLY: {
    en: 'The criterion {criterion} is available under Any Match only.',
    ja: '条件 {criterion} は「いずれかに一致」でのみ使用できます。',
  },
  POLICY_CRITERION_INBOUND_ONLY: { en: 'The criterion {criterion} is available for inbound rules only.', ja: '条件 {criterion} は受信ルールでのみ使用できます。' },
  POLICY_CRITERION_INVALID: { en: 'Criterion {index} ({criterion}) is incomplete or out of range: {detail}.', ja: '条件 {index} ({criterion}) が不完全または範囲外です: {detail}。' },
  POLICY_ACTION_INVALID: { en: '{detail}', ja: '{detailJa}' },
  POLICY_ACTION_TARGET_UNMANAGED: {
    en: 'The {action} target {address} is outside your managed domains.',
    ja: '{action} の宛先 {address} は管理対象ドメイン外です。',
  },
  POLICY_OBJECT_NOT_FOUND: { en: 'The {kind} {id} was not found in this tenant.', ja: 'このテナントに {kind} {id} は見つかりません。' },
  POLICY_OBJECT_NAME_TAKEN: { en: 'A {kind} named "{name}" already exists.', ja: '「{name}」という名前の {kind} はすでに存在します。' },
  POLICY_OBJECT_NAME_INVALID: { en: 'The name must be 1 to 100 characters.', ja: '名前は 1〜100 文字で入力してください。' },
  POLICY_OBJECT_IN_USE: {
    en: 'The {kind} "{name}" is used by {count} rule(s) ({rules}) and cannot be deleted.',
    ja: '{kind}「{name}」は {count} 件のルール ({rules}) で使用されているため削除できません。',
  },
  ADDRESS_GROUP_ADDRESS_INVALID: {
    en: 'Address {index} ("{address}") is not valid for this group: {detail}.',
    ja: 'アドレス {index} (「{address}」) はこのグループでは使用できません: {detailJa}。',
  },
  KEYWORD_EXPRESSION_INVALID: {
    en: 'Expression {index} ("{expression}") is not valid: {detail}',
    ja: '式 {index} (「{expression}」) は無効です: {detail}',
  },
  KEYWORD_LIST_THRESHOLD_REQUIRED: { en: 'A score list needs a threshold of 1 or more.', ja: 'スコアで判定するリストには 1 以上のしきい値が必要です。' },
  LIST_ENTRY_INVALID: { en: '"{value}" is not a valid entry for {list}: {detail}', ja: '「{value}」は {list} のエントリとして無効です: {detailJa}' },
  LIST_ENTRY_NOT_FOUND: { en: 'List entry {id} was not found in this tenant.', ja: 'このテナントにリストのエントリ {id} は見つかりません。' },
});
