import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemCategory, MigrationReport, ReportItem, ReportKind, ReportLocale } from '../../../src/migration/reports/report.js';
import { renderReportPdf } from '../../../src/migration/reports/render-pdf.js';

// Text extraction needs poppler-utils (Debian: apt-get install poppler-utils).
const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0;

const BCC_MESSAGE = 'ルール『DDEIにBCCでメール送信』の BCC 先 ddei@10.1.2.3 は管理対象ドメイン外のため削除されました';

const JA_ITEMS: ReportItem[] = [
  {
    code: 'POLICY_RULE_BCC_UNMANAGED',
    category: 'ERROR',
    sourcePath: 'policy/rules.xml#rule[r7]/actions/bcc',
    destination: 'Inbound Protection > Content Filtering > DDEIにBCCでメール送信',
    message: BCC_MESSAGE,
    fix: 'BCC 先を管理対象ドメインのアドレスに変更し、ルールを有効にしてください。',
  },
  {
    code: 'POLICY_CONDITION_CNC_EMAIL',
    category: 'NOT_SUPPORTED',
    sourcePath: 'policy/rules.xml#rule[r12]/conditions/cncEmail',
    destination: '',
    message: 'C&C メール設定は CEGP ではサポートされていないため移行されません。',
    fix: '',
  },
  {
    code: 'ADDRESS_GROUP_INTERNAL_COPY',
    category: 'WARNING',
    sourcePath: 'policy/objects/address-groups.xml#group[g3]',
    destination: 'Administration > Policy Objects > Address Groups > 営業部 - internal',
    message:
      'アドレスグループ「営業部」に管理対象外ドメインのアドレスが含まれるため、それらを除いたコピー「営業部 - internal」を作成しました。',
    fix: '作成されたアドレスグループの内容を確認してください。',
  },
  {
    code: 'POLICY_RULE_MIGRATED',
    category: 'SUCCESS',
    sourcePath: 'policy/rules.xml#rule[r1]/aVeryLongPathSegmentWithoutAnySpacesThatMustWrapInsideItsColumnInsteadOfOverflowingTheMargin',
    destination: 'Inbound Protection > Virus Scan > ウイルス対策ルール',
    message: 'ルール「ウイルス対策ルール」はそのまま移行されます。',
    fix: '',
  },
];

const EN_ITEMS: ReportItem[] = [
  {
    code: 'NOTIFICATION_VARIABLE_UNSUPPORTED',
    category: 'WARNING',
    sourcePath: 'policy/objects/notifications.xml#notification[n2]/body',
    destination: 'Administration > Policy Objects > Notification > Virus found',
    message: 'The variable %HOSTNAME% is not supported by CEGP and was removed from the notification.',
    fix: 'Review the notification text.',
  },
];

function report(kind: ReportKind, locale: ReportLocale, items: ReportItem[], nextSteps: string[]): MigrationReport {
  const count = (category: ItemCategory) => items.filter((i) => i.category === category).length;
  return {
    kind,
    locale,
    basicInformation: {
      generatedAt: '2024-05-22T06:50:39.000Z',
      timeZone: 'Asia/Tokyo',
      account: 'Example Corp (C-0001)',
      mode: 'MERGE',
      fileName: 'Config_Files_20240522_153925.dat',
      product: 'IMSVA',
      version: '9.1',
      build: '2011',
      language: 'ja',
    },
    summary: (['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'] as const).map((category) => ({ category, count: count(category) })),
    items,
    nextSteps,
  };
}

const jaReport = report('ANALYSIS', 'ja', JA_ITEMS, [
  'エラーと警告の項目を確認してください。',
  '必要に応じて IMSS/IMSVA の設定を修正し、再度解析してください。',
]);
const enReport = report('MIGRATION', 'en', EN_ITEMS, ['Review the Error and Warning items.']);

function manyItems(n: number): ReportItem[] {
  const categories: ItemCategory[] = ['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'];
  return Array.from({ length: n }, (_, i) => ({
    code: `ITEM_${String(i + 1).padStart(5, '0')}`,
    category: categories[i % 4]!,
    sourcePath: `policy/rules.xml#rule[r${i + 1}]/conditions/keyword`,
    destination: `Inbound Protection > Content Filtering > ルール ${i + 1}`,
    message:
      i % 2 === 0
        ? `ルール ${i + 1} のキーワード式を CEGP の形式に変換しました。`
        : `Rule ${i + 1} keyword expression converted to the CEGP dialect.`,
    fix: i % 3 === 0 ? '変換後の式を確認してください。' : '',
  }));
}

function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

describe('renderReportPdf', () => {
  it('writes a PDF with Noto Sans JP embedded', async () => {
    const pdf = await renderReportPdf(jaReport);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const bytes = pdf.toString('latin1');
    expect(bytes).toMatch(/\/(FontName|BaseFont) \/[A-Z]{6}\+NotoSansJP/);
    expect(bytes).toContain('/FontFile2'); // the TrueType program itself, not just a name
  });

  it('cuts a value too long for one page instead of spilling over the margins', async () => {
    const huge = { ...JA_ITEMS[0]!, destination: 'ルール'.repeat(20_000), message: '長い'.repeat(50_000) };
    const pdf = await renderReportPdf(report('ANALYSIS', 'ja', [huge], []));
    expect(pageCount(pdf)).toBeLessThanOrEqual(3);
  });

  it('breaks 2,000 items over several pages', async () => {
    const pdf = await renderReportPdf(report('MIGRATION', 'ja', manyItems(2000), []));
    expect(pageCount(pdf)).toBeGreaterThan(1);
  });
});

describe.skipIf(!hasPoppler)('renderReportPdf text (pdftotext)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'render-pdf-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function extract(r: MigrationReport, name: string): Promise<{ text: string; flat: string; info: string }> {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, await renderReportPdf(r));
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    // -raw keeps content-stream order, so a wrapped cell stays in one piece; compare without
    // whitespace, since wrapping adds line breaks.
    return { text, flat: text.replace(/\s+/g, ''), info };
  }
  const flat = (s: string) => s.replace(/\s+/g, '');

  it('has the Japanese title, six sections, basic information and items', async () => {
    const { flat: text, info } = await extract(jaReport, 'ja');
    for (const heading of [
      'データ分析レポート',
      'このレポートについて',
      '基本情報',
      '用語リスト',
      'レポートの概要',
      '詳細なレポート',
      '次の手順',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('統合');
    expect(text).toContain(flat('2024/05/22 06:50:39 (UTC)'));
    expect(text).toContain(flat('2024/05/22 15:50:39 (JST)'));
    expect(text).toContain('IMSVA9.1');
    expect(text).toContain(flat(BCC_MESSAGE));
    for (const item of JA_ITEMS) expect(text).toContain(item.code);
    expect(text).toContain('cegp-rehearsal');
    expect(info).toMatch(/Title:\s+データ分析レポート/);
    expect(info).toMatch(/Author:\s+cegp-rehearsal/);
  });

  it('has the English title and headings for an English report', async () => {
    const { flat: text } = await extract(enReport, 'en');
    for (const heading of [
      'Data Migration Report',
      'About this report',
      'Basic information',
      'Glossary',
      'Report summary',
      'Detailed report',
      'Next steps',
    ]) {
      expect(text).toContain(flat(heading));
    }
    expect(text).toContain('Merge');
    expect(text).toContain(EN_ITEMS[0]!.code);
  });

  it('keeps the last of 2,000 items', async () => {
    const { flat: text, info } = await extract(report('MIGRATION', 'ja', manyItems(2000), []), 'many');
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('ITEM_02000');
    expect(text).toContain(`${pages}/${pages}`);
  });
});
