import { defineErrors, type LocalizedText } from '../platform/errors.js';

export const migrationErrors = defineErrors({
  MIGRATION_NOT_FOUND: { en: 'Migration run {id} was not found in this tenant.', ja: 'このテナントに移行タスク {id} は見つかりません。' },
  /** `action` is MIGRATION_ACTIONS[…]. */
  MIGRATION_STATE_INVALID: {
    en: 'Migration run {id} is {state}; only an analysed run can be {action}.',
    ja: '移行タスク {id} の状態は {state} です。{action}できるのは解析済みのタスクのみです。',
  },
  /** The run left ANALYZING (cancelled, or failed as interrupted by a recovery) before its analysis was stored. */
  MIGRATION_ANALYSIS_SUPERSEDED: {
    en: 'Migration run {id} was stopped while it was being analysed (it is now {state}), so its analysis was not kept. Upload the export again, or restart the run (restartMigration) if it was interrupted.',
    ja: '移行タスク {id} は解析中に停止されたため (現在の状態: {state})、解析結果は保存されていません。エクスポートファイルを再度アップロードするか、中断されたタスクであれば再実行 (restartMigration) してください。',
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
  MIGRATION_BUSY: {
    en: 'Another migration is in progress (an import in this tenant, or too many analyses waiting); try again when it has finished.',
    ja: '別の移行処理が実行中です (このテナントでのインポート、または解析待ちが上限に達しています)。完了してから再度お試しください。',
  },
  MIGRATION_INTERRUPTED: {
    en: 'The server stopped while this run was being processed; nothing was imported. The uploaded file is kept: restart the run (restartMigration) or upload the export again.',
    ja: 'この移行タスクの処理中にサーバーが停止しました。何もインポートされていません。アップロードファイルは保持されています。タスクを再実行 (restartMigration) するか、エクスポートファイルを再度アップロードしてください。',
  },
  MIGRATION_NOT_RESTARTABLE: {
    en: 'Migration run {id} is {state}; only a run interrupted by a server stop can be restarted.',
    ja: '移行タスク {id} の状態は {state} です。再実行できるのは、サーバー停止により中断されたタスクのみです。',
  },
  MIGRATION_ANALYSIS_MEMORY: {
    en: 'Analysing the export needed more than {maxMb} MB of memory, far more than any IMSS/IMSVA export, so it was stopped; nothing was imported.',
    ja: 'エクスポートファイルの解析に {maxMb} MB を超えるメモリが必要になったため、処理を中止しました。何もインポートされていません。',
  },
  MIGRATION_INTERNAL_ERROR: {
    en: 'The migration stopped unexpectedly; nothing was imported.',
    ja: '移行が予期せず停止しました。何もインポートされていません。',
  },
  REPORT_NOT_FOUND: {
    en: "That report does not exist (only the latest run's reports are kept).",
    ja: 'そのレポートは存在しません (最新の移行タスクのレポートのみ保持されます)。',
  },
});

/** What a refused action was, as MIGRATION_STATE_INVALID says it. */
export const MIGRATION_ACTIONS = {
  imported: { en: 'imported', ja: 'インポート' },
  cancelled: { en: 'cancelled', ja: 'キャンセル' },
} as const satisfies Record<string, LocalizedText>;
