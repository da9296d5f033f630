// The steps a run reports on `migration.progress`, by the step string the use-cases emit
// (start-, confirm- and cancel-migration.ts; run-state.ts emits the failure code with state
// FAILED), with their names in English and Japanese. Pure. The step names are part of the
// public contract (the GraphQL enum MigrationStep): add, never rename.
import type { Locale } from '../platform/errors.js';

interface StepText {
  /** The `step` of the event; null for FAILED, whose event carries the failure code. */
  event: string | null;
  en: string;
  ja: string;
}

const STEPS = {
  UPLOAD_RECEIVED: { event: 'upload received', en: 'Upload received', ja: 'ファイルを受信しました' },
  ANALYSED: { event: 'analysed', en: 'Export analysed', ja: 'エクスポートファイルを解析しました' },
  ITEMS_STORED: { event: 'items stored', en: 'Analysis results saved', ja: '解析結果を保存しました' },
  ANALYSIS_REPORT_READY: { event: 'analysis report ready', en: 'Data analysis report ready', ja: 'データ分析レポートを作成しました' },
  IMPORT_STARTED: { event: 'import started', en: 'Import started', ja: 'インポートを開始しました' },
  REANALYSED: { event: 're-analysed', en: 'Export analysed again against the current settings', ja: '現在の設定に対して再度解析しました' },
  SETTINGS_IMPORTED: { event: 'settings imported', en: 'Settings imported', ja: '設定をインポートしました' },
  MIGRATION_REPORT_READY: { event: 'migration report ready', en: 'Data migration report ready', ja: 'データ移行レポートを作成しました' },
  CANCELLED: { event: 'cancelled', en: 'Cancelled; nothing was imported', ja: 'キャンセルしました。何もインポートされていません' },
  FAILED: { event: null, en: 'Failed (the run tells why)', ja: '失敗しました (理由は移行タスクに表示されます)' },
} as const satisfies Record<string, StepText>;

export type MigrationStep = keyof typeof STEPS;

export const MIGRATION_STEPS = Object.keys(STEPS) as MigrationStep[];

const BY_EVENT = new Map<string, MigrationStep>(
  MIGRATION_STEPS.flatMap((s) => (STEPS[s].event === null ? [] : [[STEPS[s].event, s] as const])),
);

/**
 * The step of a progress event. A step string no entry names is a producer this catalog
 * does not know yet: an Error (a bug), not a made-up step.
 */
export function migrationStepOf(event: { state: string; step: string }): MigrationStep {
  if (event.state === 'FAILED') return 'FAILED';
  const step = BY_EVENT.get(event.step);
  if (!step) throw new Error(`migration progress step "${event.step}" has no entry in progress-steps.ts`);
  return step;
}

export function migrationStepLabel(step: MigrationStep, locale: Locale): string {
  return STEPS[step][locale];
}
