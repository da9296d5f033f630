// Every word of the data analysis and data migration reports, in English and Japanese:
// labels, explanations, next steps, the names CEGP gives the destinations of items, how a
// time is written and the download's file name. The PDF (render-pdf.ts only lays it out),
// the report content over GraphQL (build-report.ts) and the download share it. Japanese
// terms follow the JP migration guide (docs/cegp/imss-imsva-migration.md §2, §7). Pure.
import type { LocalizedText } from '../../platform/errors.js';
import type { ItemCategory, MigrationMode, ReportKind, ReportLocale } from './report.js';

export interface ReportText {
  title: Record<ReportKind, string>;
  headings: [string, string, string, string, string, string];
  about: Record<ReportKind, string[]>;
  basic: { generated: string; account: string; mode: string; file: string; version: string; build: string; language: string };
  modes: Record<MigrationMode, string>;
  glossary: { term: string; description: string; effect: string; modes: Record<MigrationMode, string> };
  categories: Record<ItemCategory, { label: string; meaning: string; effect: string }>;
  summary: { category: string; count: string; total: string };
  detail: { columns: [string, string, string]; fix: string; none: string };
  noSteps: string;
  nextSteps: Record<ReportKind, string[]>;
  /** Before the title in each page's footer: who made the report. */
  footer: string;
}

const EMULATOR_NOTE: LocalizedText = {
  ja: 'このレポートは、CEGP の IMSS/IMSVA 移行ツールを模したエミュレーター cegp-rehearsal が生成しました。トレンドマイクロの製品が生成したレポートではありません。',
  en: 'This report was produced by cegp-rehearsal, an emulator of the CEGP IMSS/IMSVA migration tool. It was not produced by a Trend Micro product.',
};

export const REPORT_TEXT: Readonly<Record<ReportLocale, ReportText>> = {
  ja: {
    title: { ANALYSIS: 'データ分析レポート', MIGRATION: 'データ移行レポート' },
    headings: ['このレポートについて', '基本情報', '用語リスト', 'レポートの概要', '詳細なレポート', '次の手順'],
    about: {
      ANALYSIS: [
        'このレポートは、InterScan Messaging Security Suite (IMSS) または InterScan Messaging Security Virtual Appliance (IMSVA) からエクスポートした設定ファイルを、Cloud Email Gateway Protection (CEGP) への移行前に解析した結果です。設定項目ごとに、移行時の扱いを 4 つの分類で示します。',
        '解析では CEGP の設定は一切変更されていません。内容を確認し、必要に応じて IMSS/IMSVA の設定を修正してから移行を実行してください。',
        EMULATOR_NOTE.ja,
      ],
      MIGRATION: [
        'このレポートは、InterScan Messaging Security Suite (IMSS) または InterScan Messaging Security Virtual Appliance (IMSVA) からエクスポートした設定ファイルを、Cloud Email Gateway Protection (CEGP) に移行した結果です。設定項目ごとに、移行の結果を 4 つの分類で示します。',
        'エラーに分類された項目に関係するポリシールールは無効になっています。修正してから有効にしてください。',
        EMULATOR_NOTE.ja,
      ],
    },
    basic: {
      generated: '生成されたレポート',
      account: 'CEGP アカウント',
      mode: '移行モード',
      file: 'IMSS/IMSVA 設定ファイル',
      version: 'IMSS/IMSVA バージョン',
      build: 'ビルド番号',
      language: '言語',
    },
    modes: { MERGE: '統合', OVERWRITE: '上書き' },
    glossary: {
      term: '用語',
      description: '説明',
      effect: '移行: ',
      modes: {
        MERGE: 'IMSS/IMSVA の設定を CEGP の既存の設定に追加します。',
        OVERWRITE: 'CEGP の既存の設定を、インポートした IMSS/IMSVA の設定で置き換えます。',
      },
    },
    categories: {
      NOT_SUPPORTED: {
        label: 'サポート対象外',
        meaning: 'CEGP に相当する機能がない設定です。',
        effect: '移行されません。必要に応じて CEGP で手動で設定してください。',
      },
      ERROR: {
        label: 'エラー',
        meaning: '重大な問題がある設定です。不適切な部分は削除または変更されるため、想定外の結果になる場合があります。',
        effect: '移行されます。影響を受けるポリシールールは、修正して有効にするまで無効になります。',
      },
      WARNING: {
        label: '警告',
        meaning: '軽微な問題がある設定です。CEGP が自動的に調整します。',
        effect: '調整のうえ移行されます。内容を確認してください。',
      },
      SUCCESS: { label: '成功', meaning: 'そのまま移行できる設定です。', effect: '変更なしで移行されます。' },
    },
    summary: { category: '分類', count: '件数', total: '合計' },
    detail: { columns: ['分類 / コード', '移行元 → 移行先', 'メッセージ / 対処'], fix: '対処: ', none: '項目はありません。' },
    noSteps: '追加の手順はありません。',
    nextSteps: {
      ANALYSIS: [
        '上記のエラーとサポート対象外の項目を確認し、必要に応じて IMSS/IMSVA 側で修正して再度解析してください (解析では CEGP の設定は変更されていません)。',
        '前提条件に未達の項目がある場合は、ドメインの確認とディレクトリの同期を先に行ってください。',
        'インポート (confirmMigration) を実行するか、キャンセルしてください。',
      ],
      MIGRATION: [
        '受信保護と送信保護のポリシーを移行ステータス「エラー」で絞り込み、各ルールを修正して修正済みにしてから有効にしてください。',
        '「警告」で絞り込み、各ルールを確認して確認済みにしてください。',
        '必要に応じてドメインごとにルールの順序を変更してください。',
        'IP レピュテーション (承認済み・ブロックする IP アドレス)、DKIM 検証、DMARC、Time-of-Click Protection、DKIM 署名、ポリシーオブジェクトを確認してください。',
        'その後、MX レコードを CEGP に向けて切り替えてください。',
      ],
    },
    footer: 'cegp-rehearsal',
  },
  en: {
    title: { ANALYSIS: 'Data Analysis Report', MIGRATION: 'Data Migration Report' },
    headings: ['About this report', 'Basic information', 'Glossary', 'Report summary', 'Detailed report', 'Next steps'],
    about: {
      ANALYSIS: [
        'This report is the analysis of a configuration file exported from InterScan Messaging Security Suite (IMSS) or InterScan Messaging Security Virtual Appliance (IMSVA), made before migrating it to Cloud Email Gateway Protection (CEGP). For each setting it shows, in four categories, how the setting will be migrated.',
        'The analysis changed nothing in CEGP. Review the results, correct the IMSS/IMSVA settings if needed, then run the migration.',
        EMULATOR_NOTE.en,
      ],
      MIGRATION: [
        'This report is the result of migrating a configuration file exported from InterScan Messaging Security Suite (IMSS) or InterScan Messaging Security Virtual Appliance (IMSVA) to Cloud Email Gateway Protection (CEGP). For each setting it shows, in four categories, how the setting was migrated.',
        'Policy rules affected by Error items are disabled. Fix them, then enable them.',
        EMULATOR_NOTE.en,
      ],
    },
    basic: {
      generated: 'Report generated',
      account: 'CEGP account',
      mode: 'Migration mode',
      file: 'IMSS/IMSVA configuration file',
      version: 'IMSS/IMSVA version',
      build: 'Build number',
      language: 'Language',
    },
    modes: { MERGE: 'Merge', OVERWRITE: 'Overwrite' },
    glossary: {
      term: 'Term',
      description: 'Description',
      effect: 'Effect: ',
      modes: {
        MERGE: 'Adds the IMSS/IMSVA settings to the existing CEGP settings.',
        OVERWRITE: 'Replaces the existing CEGP settings with the imported IMSS/IMSVA settings.',
      },
    },
    categories: {
      NOT_SUPPORTED: {
        label: 'Not supported',
        meaning: 'The setting has no equivalent in CEGP.',
        effect: 'Not migrated. Recreate it manually in CEGP if needed.',
      },
      ERROR: {
        label: 'Error',
        meaning: 'A critical issue: improper parts are removed or changed, so the result may be unexpected.',
        effect: 'Migrated. Affected policy rules stay disabled until an administrator fixes and enables them.',
      },
      WARNING: {
        label: 'Warning',
        meaning: 'A minor issue that CEGP adjusts automatically.',
        effect: 'Migrated with the adjustment. Confirm the result.',
      },
      SUCCESS: { label: 'Successful', meaning: 'The setting migrates as-is.', effect: 'Migrated unchanged.' },
    },
    summary: { category: 'Category', count: 'Count', total: 'Total' },
    detail: { columns: ['Category / Code', 'Source path → Destination', 'Message / Fix'], fix: 'Fix: ', none: 'No items.' },
    noSteps: 'No further steps.',
    nextSteps: {
      ANALYSIS: [
        'Read the Error and Not supported items above; fix the export on IMSS/IMSVA and analyse again if needed (analysis changed nothing in CEGP).',
        'Verify every domain and synchronise the directory first if the prerequisites say so.',
        'Continue with the import (confirmMigration), or cancel it.',
      ],
      MIGRATION: [
        'In Inbound and Outbound Protection, filter the policies by migration status Error: fix each rule, mark it fixed, then enable it.',
        'Filter by Warning: check each rule and confirm it.',
        'Reorder the rules per domain if needed.',
        'Check IP Reputation (approved and blocked IP addresses), DKIM verification, DMARC, Time-of-Click Protection, DKIM signing and the policy objects.',
        'Then change the MX records to point at CEGP (cutover).',
      ],
    },
    footer: 'cegp-rehearsal',
  },
};

/**
 * The CEGP console's names for the places items go to (the analyzers write them in English,
 * as the console's menu path "Inbound Protection > Content Filtering > <rule>"). Only these
 * menu entries are translated, from the left; the first segment that is not one (a rule,
 * group or domain name) and everything after it stay as written.
 */
export const DESTINATION_NAMES: Readonly<Record<string, string>> = {
  'Inbound Protection': '受信保護',
  'Outbound Protection': '送信保護',
  'Inbound Protection > Virus Scan': 'ウイルス検索',
  'Inbound Protection > Spam Filtering': 'スパムメールフィルタ',
  'Inbound Protection > Content Filtering': 'コンテンツフィルタ',
  'Inbound Protection > Data Loss Prevention': '情報漏えい対策',
  'Outbound Protection > Virus Scan': 'ウイルス検索',
  'Outbound Protection > Spam Filtering': 'スパムメールフィルタ',
  'Outbound Protection > Content Filtering': 'コンテンツフィルタ',
  'Outbound Protection > Data Loss Prevention': '情報漏えい対策',
  'Outbound Protection > DKIM Signing': 'DKIM 署名',
  'Policy Objects': 'ポリシーオブジェクト',
  'Policy Objects > Address Groups': 'アドレスグループ',
  'Policy Objects > Keywords and Expressions': 'キーワードと正規表現',
  'Policy Objects > Notifications': '通知',
  'Policy Objects > Stamps': 'スタンプ',
  'Policy Objects > DLP Data Identifiers': 'DLP データ識別子',
  'Policy Objects > DLP Compliance Templates': 'DLP コンプライアンステンプレート',
  'Policy Objects > Web Reputation Approved List': 'Web レピュテーションの承認済みリスト',
  'Policy Objects > URL Keyword Exception List': 'URL キーワードの例外リスト',
  'IP Reputation': 'IP レピュテーション',
  'IP Reputation > Approved IP Addresses': '承認済み IP アドレス',
  'IP Reputation > Blocked IP Addresses': 'ブロックする IP アドレス',
  'DKIM Verification': 'DKIM 検証',
  'DKIM Verification > Default': '初期設定',
  'DKIM Verification > Default > Ignored Peers': '無視するピア',
  'DKIM Verification > Default (for unspecified domains)': '初期設定 (指定されていないドメイン)',
  'Domain-based Authentication': 'ドメイン認証',
  'Domain-based Authentication > DMARC': 'DMARC',
  Domains: 'ドメイン',
  'Directory Management': 'ディレクトリ管理',
};

const SEPARATOR = ' > ';

/** An item's destination in the reader's language (see DESTINATION_NAMES). */
export function destinationIn(destination: string, locale: ReportLocale): string {
  if (locale === 'en' || destination === '') return destination;
  const segments = destination.split(SEPARATOR);
  const out: string[] = [];
  let path = '';
  let i = 0;
  for (; i < segments.length; i++) {
    path = i === 0 ? segments[0]! : `${path}${SEPARATOR}${segments[i]}`;
    const name = DESTINATION_NAMES[path];
    if (name === undefined) break;
    out.push(name);
  }
  return [...out, ...segments.slice(i)].join(SEPARATOR);
}

/**
 * "2024-05-22T06:50:39Z" as the CEGP report writes it, "2024/05/22 06:50:39 (UTC)", and the
 * same instant in the tenant's time zone, "2024/05/22 15:50:39 (JST)". An invalid time is
 * shown as given; an unknown zone gives the UTC line only.
 */
export function reportTimes(iso: string, timeZone: string | undefined): string[] {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return [iso];
  const lines = [`${wallClock(d, 'UTC')} (UTC)`];
  if (timeZone && timeZone !== 'UTC') {
    try {
      lines.push(`${wallClock(d, timeZone)} (${zoneLabel(d, timeZone)})`);
    } catch {
      // RangeError: not an IANA zone this Node knows; UTC alone is still right.
    }
  }
  return lines;
}

function wallClock(d: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}/${parts.month}/${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * ICU knows a zone's usual abbreviation (JST, CEST, AEST, IST…) only in the locale of its
 * country, so the locales of the sites' countries are asked in turn; a zone none of them
 * names (Asia/Singapore) is labelled by its offset, "UTC+8".
 */
const ABBREVIATION_LOCALES = ['en-US', 'ja-JP', 'en-GB', 'en-AU', 'en-IN'];

function zoneLabel(d: Date, timeZone: string): string {
  for (const locale of ABBREVIATION_LOCALES) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)/.test(name)) return name;
  }
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')
      ?.value ?? 'GMT';
  return offset.replace(/^GMT/, 'UTC');
}

/**
 * The downloaded file's name, "データ分析レポート_<export>_ja.pdf" / "data-analysis-report_<export>_en.pdf",
 * and an ASCII form for clients that ignore `filename*` (RFC 6266 §4.3). Characters of the
 * export's name outside [A-Za-z0-9_.-] become "_" (the name comes from the upload).
 */
export function reportFileName(kind: ReportKind, locale: ReportLocale, exportFileName: string): { name: string; ascii: string } {
  const base = exportFileName.replace(/\.dat$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  const ascii = `${kind === 'ANALYSIS' ? 'data-analysis-report' : 'data-migration-report'}_${base}_${locale}.pdf`;
  return { name: locale === 'ja' ? `${REPORT_TEXT.ja.title[kind]}_${base}_ja.pdf` : ascii, ascii };
}
