// Assembles the data analysis / data migration report of a run. Pure.
import type { AnalysisItem } from '../plan.js';
import type { ItemCategory, MigrationReport, ReportKind, ReportLocale } from './report.js';

export interface RunForReport {
  fileName: string;
  mode: 'MERGE' | 'OVERWRITE';
  product: string | null;
  version: string | null;
  build: string | null;
  language: string | null;
  counts: Partial<Record<ItemCategory, number>>;
}

export type ItemForReport = AnalysisItem;

const ORDER: ItemCategory[] = ['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'];

const NEXT_STEPS = {
  ANALYSIS: {
    en: [
      'Read the Error and Not supported items above; fix the export on IMSS/IMSVA and analyse again if needed (analysis changed nothing in CEGP).',
      'Verify every domain and synchronise the directory first if the prerequisites say so.',
      'Continue with the import (confirmMigration), or cancel it.',
    ],
    ja: [
      '上記のエラーとサポート対象外の項目を確認し、必要に応じて IMSS/IMSVA 側で修正して再度解析してください (解析では CEGP の設定は変更されていません)。',
      '前提条件に未達の項目がある場合は、ドメインの確認とディレクトリの同期を先に行ってください。',
      'インポート (confirmMigration) を実行するか、キャンセルしてください。',
    ],
  },
  MIGRATION: {
    en: [
      'In Inbound and Outbound Protection, filter the policies by migration status Error: fix each rule, mark it fixed, then enable it.',
      'Filter by Warning: check each rule and confirm it.',
      'Reorder the rules per domain if needed.',
      'Check IP Reputation (approved and blocked IP addresses), DKIM verification, DMARC, Time-of-Click Protection, DKIM signing and the policy objects.',
      'Then change the MX records to point at CEGP (cutover).',
    ],
    ja: [
      '受信保護と送信保護のポリシーを移行ステータス「エラー」で絞り込み、各ルールを修正して修正済みにしてから有効にしてください。',
      '「警告」で絞り込み、各ルールを確認して確認済みにしてください。',
      '必要に応じてドメインごとにルールの順序を変更してください。',
      'IP レピュテーション (承認済み・ブロックする IP アドレス)、DKIM 検証、DMARC、Time-of-Click Protection、DKIM 署名、ポリシーオブジェクトを確認してください。',
      'その後、MX レコードを CEGP に向けて切り替えてください。',
    ],
  },
};

export function buildReport(kind: ReportKind, locale: ReportLocale, run: RunForReport, items: ItemForReport[], generatedAt: Date, account: string): MigrationReport {
  return {
    kind,
    locale,
    basicInformation: {
      generatedAt: generatedAt.toISOString(),
      account,
      mode: run.mode,
      fileName: run.fileName,
      product: run.product ?? '',
      version: run.version ?? '',
      build: run.build ?? '',
      language: run.language ?? '',
    },
    summary: ORDER.map((category) => ({ category, count: run.counts[category] ?? 0 })),
    items: items.map((i) => ({
      code: i.code,
      category: i.category,
      sourcePath: i.sourcePath,
      destination: i.destination,
      message: locale === 'ja' ? i.messageJa : i.message,
      fix: locale === 'ja' ? i.fixJa : i.fix,
    })),
    nextSteps: NEXT_STEPS[kind][locale],
  };
}
