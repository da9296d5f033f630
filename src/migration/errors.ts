import { defineErrors } from '../platform/errors.js';

export const migrationErrors = defineErrors({
  MIGRATION_NOT_FOUND: { en: 'Migration run {id} was not found in this tenant.', ja: 'このテナントに移行タスク {id} は見つかりません。' },
  MIGRATION_STATE_INVALID: {
    en: 'Migration run {id} is {state}; only an analysed run can be {action}.',
    ja: '移行タスク {id} の状態は {state} です。{action}できるのは解析済みのタスクのみです。',
  },
  MIGRATION_FILE_MISSING: {
    en: 'The uploaded file of run {id} is no longer available; start a new migration.',
    ja: '移行タスク {id} のアップロードファイルはもう利用できません。新しい移行を開始してください。',
  },
  MIGRATION_IMPORT_FAILED: {
    en: 'The import failed and nothing was changed: {detail}',
    ja: 'インポートに失敗したため、何も変更されていません: {detail}',
  },
  DIRECTORY_GROUP_INVALID: {
    en: 'Directory group {index}: a DN and a name are required, and members must be e-mail addresses.',
    ja: 'ディレクトリグループ {index}: DN と名前は必須で、メンバーはメールアドレスで指定してください。',
  },
  MIGRATION_INTERNAL_ERROR: { en: 'The migration stopped unexpectedly; nothing was imported.', ja: '移行が予期せず停止しました。何もインポートされていません。' },
  REPORT_NOT_FOUND: { en: 'That report does not exist (only the latest run\'s reports are kept).', ja: 'そのレポートは存在しません (最新の移行タスクのレポートのみ保持されます)。' },
});
