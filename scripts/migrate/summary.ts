// What the operator command prints on stdout: the pre-migration check (the wizard's step 2
// table, docs/cegp/imss-imsva-migration.md §2) and the import result (step 3). Pure:
// data in, text out, in Japanese or English.
import type { ImportSummary } from '../../src/migration/apply-plan.js';
import type { Prerequisite } from '../../src/migration/plan.js';
import type { ItemCategory } from '../../src/migration/reports/report.js';
import type { Locale } from '../../src/platform/errors.js';

/** ERROR items listed under the table; the rest are in the analysis report. */
export const ERROR_ITEMS_SHOWN = 5;

const CATEGORIES: ItemCategory[] = ['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'];

const TEXT = {
  en: {
    category: { NOT_SUPPORTED: 'Not supported', ERROR: 'Error', WARNING: 'Warning', SUCCESS: 'Successful' },
    analysisOf: (file: string, mode: string) => `Pre-migration check of ${file} (${mode})`,
    mode: { MERGE: 'Merge', OVERWRITE: 'Overwrite' },
    tenant: 'Tenant',
    source: 'Source',
    run: 'Run',
    categoryHeader: ['Category', 'Count'],
    prerequisites: 'Prerequisites',
    met: 'met',
    notMet: 'NOT MET',
    errors: (shown: number, total: number) => (shown < total ? `Errors (first ${shown} of ${total})` : 'Errors'),
    analysisReport: 'Analysis report',
    imported: 'Import COMPLETED',
    failed: 'Import FAILED; nothing was changed.',
    refused: 'The export was refused; nothing was analysed or imported.',
    cancelled: 'cancelled, nothing imported',
    notConfirmed:
      'Not imported: stdin is not a terminal, so nobody could confirm the import, and --yes was not given. The run was cancelled; run the command again with --yes to import.',
    database: 'Database',
    sqlite: (file: string) => `SQLite ${file}`,
    postgresql: (where: string, db: string, user: string | null) => `PostgreSQL ${where}, database ${db}${user ? `, user ${user}` : ''}`,
    fixedReset: (n: number, names: string[]) =>
      `Warning: ${n} rule${n === 1 ? '' : 's'} marked Fixed before this import ${n === 1 ? 'is' : 'are'} back to Needs fix (disabled): ${names.join(', ')}${n > names.length ? ` and ${n - names.length} more` : ''}`,
    reportWritten: (label: string) => `${label} written to`,
    summary: {
      rules: 'Rules imported',
      rulesDisabled: 'Rules disabled (Needs fix)',
      removedRules: 'Rules removed (Overwrite)',
      addressGroups: 'Address groups',
      keywordLists: 'Keyword lists',
      listEntries: 'List entries',
      notifications: 'Notifications',
      stamps: 'Stamps',
      dlpTemplates: 'DLP templates',
      dlpIdentifiers: 'DLP identifiers',
      senderAuthSettings: 'DKIM/DMARC settings',
    },
    migrationReport: 'Migration report',
    reportHint: 'served by the running server, npm start; the link works for one hour',
  },
  ja: {
    category: { NOT_SUPPORTED: 'サポート対象外', ERROR: 'エラー', WARNING: '警告', SUCCESS: '成功' },
    analysisOf: (file: string, mode: string) => `${file} の移行前チェック (${mode})`,
    mode: { MERGE: '統合', OVERWRITE: '上書き' },
    tenant: 'テナント',
    source: '移行元',
    run: '移行タスク',
    categoryHeader: ['分類', '件数'],
    prerequisites: '前提条件',
    met: '満たしている',
    notMet: '満たしていない',
    errors: (shown: number, total: number) => (shown < total ? `エラー (${total} 件中 ${shown} 件)` : 'エラー'),
    analysisReport: 'データ分析レポート',
    imported: 'インポート完了 (COMPLETED)',
    failed: 'インポート失敗 (FAILED)。何も変更されていません。',
    refused: 'エクスポートファイルは受け付けられませんでした。解析もインポートも行われていません。',
    cancelled: 'キャンセルしました。何もインポートされていません (cancelled, nothing imported)',
    notConfirmed:
      'インポートしていません。標準入力が端末ではないため確認できず、--yes も指定されていません。移行タスクはキャンセルしました。インポートするには --yes を付けて実行し直してください。',
    database: 'データベース',
    sqlite: (file: string) => `SQLite ${file}`,
    postgresql: (where: string, db: string, user: string | null) =>
      `PostgreSQL ${where}、データベース ${db}${user ? `、ユーザー ${user}` : ''}`,
    fixedReset: (n: number, names: string[]) =>
      `注意: 修正済みにしていたルール ${n} 件が、このインポートで「修正が必要です」(無効) に戻りました: ${names.join('、')}${n > names.length ? ` ほか ${n - names.length} 件` : ''}`,
    reportWritten: (label: string) => `${label}の保存先`,
    summary: {
      rules: 'インポートしたルール',
      rulesDisabled: '無効化したルール (要修正)',
      removedRules: '削除したルール (上書き)',
      addressGroups: 'アドレスグループ',
      keywordLists: 'キーワードリスト',
      listEntries: 'リストのエントリ',
      notifications: '通知',
      stamps: 'スタンプ',
      dlpTemplates: 'DLP テンプレート',
      dlpIdentifiers: 'DLP 識別子',
      senderAuthSettings: 'DKIM/DMARC 設定',
    },
    migrationReport: 'データ移行レポート',
    reportHint: '起動中のサーバ (npm start) から取得できます。リンクの有効期限は 1 時間です',
  },
} as const;

export interface AnalysisView {
  runId: string;
  tenant: string;
  fileName: string;
  mode: 'MERGE' | 'OVERWRITE';
  source: string | null;
  counts: Partial<Record<ItemCategory, number>>;
  prerequisites: Prerequisite[];
  errorItems: { code: string; message: string; messageJa: string }[];
  report: ReportOutput | null;
}

/** Where a report can be had: its signed link on the server, and the PDF written with --report-dir. */
export interface ReportOutput {
  url: string;
  file: string | null;
}

/** The database the command works on, without any password. */
export type DatabaseView = { kind: 'sqlite'; file: string } | { kind: 'postgresql'; url: string };

export function renderDatabase(db: DatabaseView, locale: Locale): string {
  const t = TEXT[locale];
  if (db.kind === 'sqlite') return `${t.database}: ${t.sqlite(db.file)}\n`;
  const u = new URL(db.url);
  const where = `${u.hostname}:${u.port || '5432'}`;
  const name = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)';
  return `${t.database}: ${t.postgresql(where, name, u.username ? decodeURIComponent(u.username) : null)}\n`;
}

function reportLines(label: string, report: ReportOutput | null, locale: Locale): string[] {
  if (!report) return [];
  const t = TEXT[locale];
  return ['', `${label}: ${report.url} (${t.reportHint})`, ...(report.file ? [`${t.reportWritten(label)}: ${report.file}`] : [])];
}

export function renderAnalysis(v: AnalysisView, locale: Locale): string {
  const t = TEXT[locale];
  const lines = [
    t.analysisOf(v.fileName, t.mode[v.mode]),
    ...table([[t.run, v.runId], [t.tenant, v.tenant], ...(v.source ? [[t.source, v.source]] : [])]),
    '',
  ];
  lines.push(...table([[...t.categoryHeader], ...CATEGORIES.map((c) => [t.category[c], String(v.counts[c] ?? 0)])], [false, true]), '');
  lines.push(t.prerequisites);
  lines.push(...table(v.prerequisites.map((p) => [p.met ? `[${t.met}]` : `[${t.notMet}]`, p.code, pick(locale, p.message, p.messageJa)])));
  const errorTotal = v.counts.ERROR ?? 0;
  if (v.errorItems.length) {
    lines.push('', t.errors(v.errorItems.length, errorTotal));
    lines.push(...table(v.errorItems.map((i) => [i.code, pick(locale, i.message, i.messageJa)])));
  }
  lines.push(...reportLines(t.analysisReport, v.report, locale));
  return `${lines.join('\n')}\n`;
}

export function renderImport(runId: string, summary: ImportSummary, report: ReportOutput | null, locale: Locale): string {
  const t = TEXT[locale];
  const keys = Object.keys(t.summary) as (keyof typeof t.summary)[];
  const lines = [
    `${t.imported}: ${t.run} ${runId}`,
    ...table(
      keys.map((k) => [t.summary[k], String(summary[k] ?? 0)]),
      [false, true],
    ),
  ];
  if (summary.fixedRulesReset > 0) lines.push('', t.fixedReset(summary.fixedRulesReset, summary.fixedRulesResetNames));
  lines.push(...reportLines(t.migrationReport, report, locale));
  return `\n${lines.join('\n')}\n`;
}

export function renderNotConfirmed(locale: Locale): string {
  return `${TEXT[locale].notConfirmed}\n`;
}

export function renderFailure(kind: 'failed' | 'refused', code: string, message: string, locale: Locale): string {
  return `${TEXT[locale][kind]}\n  ${code}: ${message}\n`;
}

export function renderCancelled(locale: Locale): string {
  return `${TEXT[locale].cancelled}\n`;
}

function pick(locale: Locale, en: string, ja: string): string {
  return locale === 'ja' && ja ? ja : en;
}

/** Rows padded to column widths (the last column is left ragged); `right` aligns numbers. */
function table(rows: string[][], right: boolean[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return rows.map(
    (row) =>
      '  ' +
      row
        .map((cell, i) => {
          if (i === row.length - 1 && !right[i]) return cell;
          const pad = ' '.repeat(widths[i]! - displayWidth(cell));
          return right[i] ? pad + cell : cell + pad;
        })
        .join('  '),
  );
}

/**
 * Terminal columns of a string: East Asian Wide and Fullwidth characters take two (Unicode
 * UAX #11). The ranges cover kana, CJK ideographs, Hangul and full-width forms, which is
 * all the labels and messages here use.
 */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}
