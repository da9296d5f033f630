// Draws a MigrationReport as the downloadable PDF: A4, the six sections of the CEGP data
// analysis / data migration report (docs/cegp/imss-imsva-migration.md §7), in the
// report's locale. Adapter: the only importer of pdfkit; it lays out, the wording is
// report-text.ts.
//
// Japanese needs a CJK font (the PDF standard fonts have no kana or kanji): Noto Sans JP,
// embedded as a subset, regular for text and bold for headings.
//
// Rows are drawn here rather than with pdfkit's table(): it neither repeats header rows
// on a new page nor mixes styles inside a cell (pdfkit 0.20 js/table).
//
// Memory stays bounded by one page: the footer says "n / N", and pdfkit can only know N
// by keeping every page open (`bufferPages`: 10,000 items = 835 pages ≈ 360 MB above the
// fonts' baseline, measured). So the report is laid out twice: a counting pass measures
// every detail row (recording its heights) and moves the cursor without drawing it, into
// a discarded output; a writing pass draws from the recorded heights, each page's footer
// with N known just before pdfkit ends the page and hands its bytes to `write`. Both passes
// break pages from the same numbers (checked: a mismatch throws rather than print a wrong N).
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { ItemCategory, MigrationReport, ReportItem } from './report.js';
import { REPORT_TEXT, reportTimes, type ReportText } from './report-text.js';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
};

/**
 * Longest text drawn in one detail cell. Item text comes partly from the uploaded export
 * (rule names, addresses); a row must fit on one page: two cells of 400 kanji in the
 * source/destination column (the narrowest at ~20 kanji a line) take about 500 pt of the
 * 740 pt an A4 page offers at 7.5 pt.
 */
const MAX_CELL_CHARS = 400;

/**
 * Longest word whose layout stays cached, how many may, and how often the cache is pruned
 * (forgetWordLayouts): pruning walks the whole cache, so not at every page.
 */
const MAX_CACHED_WORD_CHARS = 16;
const MAX_CACHED_WORD_LAYOUTS = 20_000;
const PRUNE_EVERY_PAGES = 16;

const MARGIN = { top: 48, bottom: 56, left: 48, right: 48 };
const PAGE_WIDTH = 595.28; // A4 in points
const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
const CELL_PADDING = 4;
const PARA_GAP = 2;
const LINE_GAP = 1.5;
const SIZE = { title: 20, heading: 13, body: 9.5, table: 8.5, detail: 7.5, footer: 7.5 };
const COLOR = { text: '#1f2933', muted: '#5f6b7a', rule: '#c9d1db', headerFill: '#eef2f6', accent: '#d71920' };
const CATEGORY_COLOR: Record<ItemCategory, string> = {
  NOT_SUPPORTED: '#5f6b7a',
  ERROR: '#c0392b',
  WARNING: '#a85d00',
  SUCCESS: '#1e7e45',
};
/** Category over code, source path over destination, message over fix. */
const DETAIL_WIDTHS = [124, 164, CONTENT_WIDTH - 124 - 164];

type Doc = PDFKit.PDFDocument;
interface Para {
  text: string;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'right';
}
type Cell = Para[];

const CATEGORIES: ItemCategory[] = ['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'];

/** The whole PDF in memory: for tests and small reports; downloads use writeReportPdf. */
export async function renderReportPdf(report: MigrationReport): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await writeReportPdf(report, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/** Writes the PDF chunk by chunk, as pdfkit ends each page; resolves with the page count. */
export async function writeReportPdf(report: MigrationReport, write: (chunk: Buffer) => void): Promise<number> {
  const heights: RowHeights[] = [];
  const total = await layOut(report, { mode: 'count', heights }, null, () => undefined);
  const written = await layOut(report, { mode: 'write', heights }, total, write);
  if (written !== total) throw new Error(`report layout is not deterministic: ${total} pages counted, ${written} written`);
  return written;
}

/** One pass: counts pages when `total` is null, else draws everything with "n / total" footers. */
async function layOut(report: MigrationReport, detail: DetailPass, total: number | null, write: (chunk: Buffer) => void): Promise<number> {
  const labels = REPORT_TEXT[report.locale];
  const title = labels.title[report.kind];
  const generatedAt = new Date(report.basicInformation.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    lang: report.locale === 'ja' ? 'ja-JP' : 'en-US',
    displayTitle: true,
    info: {
      Title: title,
      Author: 'cegp-rehearsal',
      ...(Number.isNaN(generatedAt.getTime()) ? {} : { CreationDate: generatedAt }),
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    // Reading every chunk as it comes keeps pdfkit's readable buffer empty.
    doc.on('data', write);
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT_FILES.regular);
  doc.registerFont('bold', FONT_FILES.bold);
  let page = 1;
  const addPage = doc.addPage.bind(doc);
  // Every new page goes through addPage (ours, and pdfkit's own continueOnNewPage), and
  // without bufferPages it ends the current page: its footer must be drawn first.
  doc.addPage = (options) => {
    if (total !== null) drawFooter(doc, `${labels.footer} — ${title}`, page, total);
    if (page % PRUNE_EVERY_PAGES === 0) forgetWordLayouts(doc);
    page += 1;
    return addPage(options);
  };
  drawReport(doc, report, labels, detail);
  if (total !== null) drawFooter(doc, `${labels.footer} — ${title}`, page, total);
  doc.end();
  await finished;
  return page;
}

/**
 * How a pass treats the detail rows: the counting pass measures each one and records its
 * heights (a few numbers per row) without drawing it; the writing pass draws from them.
 */
interface DetailPass {
  mode: 'count' | 'write';
  heights: RowHeights[];
}
interface RowHeights {
  paraHeights: number[][];
  height: number;
}

function drawReport(doc: Doc, report: MigrationReport, labels: ReportText, detail: DetailPass): void {
  const info = report.basicInformation;
  doc.font('bold').fontSize(SIZE.title).fillColor(COLOR.text).text(labels.title[report.kind]);
  doc
    .moveTo(MARGIN.left, doc.y + 2)
    .lineTo(MARGIN.left + 60, doc.y + 2)
    .lineWidth(2)
    .strokeColor(COLOR.accent)
    .stroke();
  doc.moveDown(0.6);

  heading(doc, 1, labels.headings[0]);
  for (const text of labels.about[report.kind]) paragraph(doc, text);

  heading(doc, 2, labels.headings[1]);
  const basicRows: [string, string[]][] = [
    [labels.basic.generated, reportTimes(info.generatedAt, info.timeZone)],
    [labels.basic.account, [info.account]],
    [labels.basic.mode, [labels.modes[info.mode]]],
    [labels.basic.file, [info.fileName]],
    [labels.basic.version, [`${info.product} ${info.version}`]],
    [labels.basic.build, [info.build]],
    [labels.basic.language, [info.language]],
  ];
  table(
    doc,
    [150, CONTENT_WIDTH - 150],
    SIZE.table,
    null,
    basicRows.map(([k, v]) => [[{ text: k, bold: true }], v.map((text) => ({ text }))]),
  );

  heading(doc, 3, labels.headings[2]);
  const g = labels.glossary;
  const glossaryRows: Cell[][] = [
    ...CATEGORIES.map((c): Cell[] => {
      const { label, meaning, effect } = labels.categories[c];
      return [
        [{ text: label, bold: true, color: CATEGORY_COLOR[c] }],
        [{ text: meaning }, { text: g.effect + effect, color: COLOR.muted }],
      ];
    }),
    [[{ text: labels.modes.MERGE, bold: true }], [{ text: g.modes.MERGE }]],
    [[{ text: labels.modes.OVERWRITE, bold: true }], [{ text: g.modes.OVERWRITE }]],
  ];
  table(doc, [110, CONTENT_WIDTH - 110], SIZE.table, [g.term, g.description], glossaryRows);

  heading(doc, 4, labels.headings[3]);
  const s = labels.summary;
  const right = (text: string, bold = false): Cell => [{ text, bold, align: 'right' }];
  const summaryRows: Cell[][] = report.summary.map(({ category, count }) => [
    [{ text: labels.categories[category].label, color: CATEGORY_COLOR[category] }],
    right(count.toLocaleString('en-US')),
  ]);
  const total = report.summary.reduce((sum, row) => sum + row.count, 0);
  summaryRows.push([[{ text: s.total, bold: true }], right(total.toLocaleString('en-US'), true)]);
  table(doc, [200, 90], SIZE.table, [s.category, { text: s.count, align: 'right' }], summaryRows);

  heading(doc, 5, labels.headings[4]);
  if (report.items.length === 0) paragraph(doc, labels.detail.none);
  else table(doc, DETAIL_WIDTHS, SIZE.detail, labels.detail.columns, detailRows(report.items, labels), detail);

  heading(doc, 6, labels.headings[5]);
  if (report.nextSteps.length === 0) paragraph(doc, labels.noSteps);
  for (const [i, step] of report.nextSteps.entries()) numbered(doc, i + 1, step);
}

/** One row per item, produced as the table asks for it. */
function* detailRows(items: ReportItem[], labels: ReportText): Generator<Cell[]> {
  for (const item of items) {
    const where: Cell = [{ text: clip(item.sourcePath) }];
    if (item.destination) where.push({ text: `→ ${clip(item.destination)}`, color: COLOR.muted });
    const what: Cell = [{ text: clip(item.message) }];
    if (item.fix) what.push({ text: labels.detail.fix + clip(item.fix), color: COLOR.muted });
    yield [
      [{ text: labels.categories[item.category].label, bold: true, color: CATEGORY_COLOR[item.category] }, { text: clip(item.code) }],
      where,
      what,
    ];
  }
}

function clip(text: string): string {
  // By code point, so a surrogate pair is never cut in half.
  return text.length <= MAX_CELL_CHARS
    ? text
    : `${Array.from(text)
        .slice(0, MAX_CELL_CHARS - 1)
        .join('')}…`;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, n: number, text: string): void {
  // Keep a heading with the start of its section.
  ensureSpace(doc, 90);
  if (doc.y > MARGIN.top) doc.moveDown(0.8);
  doc.font('bold').fontSize(SIZE.heading).fillColor(COLOR.text).text(`${n}. ${text}`, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc
    .moveTo(MARGIN.left, doc.y + 1)
    .lineTo(MARGIN.left + CONTENT_WIDTH, doc.y + 1)
    .lineWidth(0.75)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.y += 7;
}

function paragraph(doc: Doc, text: string): void {
  doc
    .font('regular')
    .fontSize(SIZE.body)
    .fillColor(COLOR.text)
    .text(text, MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP, paragraphGap: 5 });
}

function numbered(doc: Doc, n: number, text: string): void {
  const indent = 20;
  doc.font('regular').fontSize(SIZE.body);
  const height = doc.heightOfString(text, { width: CONTENT_WIDTH - indent, lineGap: LINE_GAP });
  ensureSpace(doc, Math.min(height, bottom(doc) - MARGIN.top));
  const y = doc.y;
  doc.fillColor(COLOR.text).text(`${n}.`, MARGIN.left, y, { width: indent, lineBreak: false });
  doc.text(text, MARGIN.left + indent, y, { width: CONTENT_WIDTH - indent, lineGap: LINE_GAP, paragraphGap: 4 });
}

/** Rows that break between pages, never inside; the header row is repeated on each page. */
function table(
  doc: Doc,
  widths: number[],
  size: number,
  header: (string | Para)[] | null,
  rows: Iterable<Cell[]>,
  pass?: DetailPass,
): void {
  const headerRow =
    header &&
    measureRow(
      doc,
      widths,
      size,
      header.map((h) => [{ ...(typeof h === 'string' ? { text: h } : h), bold: true }]),
    );
  const headerHeight = headerRow?.height ?? 0;
  // A row taller than a page (only from text longer than MAX_CELL_CHARS allows) is cut.
  const maxRowHeight = bottom(doc) - MARGIN.top - headerHeight;
  let first = true;
  let index = 0;
  for (const cells of rows) {
    const recorded = pass?.mode === 'write' ? pass.heights[index] : undefined;
    const row: MeasuredRow = recorded ? { cells, ...recorded } : measureRow(doc, widths, size, cells);
    row.height = Math.min(row.height, maxRowHeight);
    if (pass?.mode === 'count') pass.heights.push({ paraHeights: row.paraHeights, height: row.height });
    index += 1;
    const newPage = doc.y + row.height + (first ? headerHeight : 0) > bottom(doc);
    if (newPage) doc.addPage();
    if (headerRow && (first || newPage)) drawRow(doc, widths, size, headerRow, COLOR.headerFill);
    if (pass?.mode === 'count')
      doc.y += row.height; // where drawRow would end
    else drawRow(doc, widths, size, row, null);
    first = false;
  }
  doc.x = MARGIN.left;
  doc.y += 4;
}

interface MeasuredRow {
  cells: Cell[];
  paraHeights: number[][];
  height: number;
}

function paraFont(doc: Doc, para: Para, size: number): void {
  doc.font(para.bold ? 'bold' : 'regular').fontSize(size);
}

function measureRow(doc: Doc, widths: number[], size: number, cells: Cell[]): MeasuredRow {
  const paraHeights = cells.map((cell, i) =>
    cell.map((para) => {
      paraFont(doc, para, size);
      return doc.heightOfString(para.text, { width: widths[i]! - 2 * CELL_PADDING, lineGap: LINE_GAP });
    }),
  );
  const contentHeight = Math.max(0, ...paraHeights.map((hs) => hs.reduce((sum, h) => sum + h, 0) + PARA_GAP * (hs.length - 1)));
  return { cells, paraHeights, height: contentHeight + 2 * CELL_PADDING };
}

function drawRow(doc: Doc, widths: number[], size: number, row: MeasuredRow, fill: string | null): void {
  const top = doc.y;
  const cellBottom = top + row.height - CELL_PADDING;
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  if (fill) doc.rect(MARGIN.left, top, tableWidth, row.height).fillColor(fill).fill();
  let x = MARGIN.left;
  row.cells.forEach((cell, i) => {
    let y = top + CELL_PADDING;
    cell.forEach((para, j) => {
      if (y >= cellBottom) return;
      paraFont(doc, para, size);
      // `height` bounds the text to its cell, so pdfkit never continues it on a new page.
      doc.fillColor(para.color ?? COLOR.text).text(para.text, x + CELL_PADDING, y, {
        width: widths[i]! - 2 * CELL_PADDING,
        lineGap: LINE_GAP,
        align: para.align ?? 'left',
        height: cellBottom - y,
        ellipsis: true,
      });
      y += row.paraHeights[i]![j]! + PARA_GAP;
    });
    x += widths[i]!;
  });
  doc
    .moveTo(MARGIN.left, top + row.height)
    .lineTo(MARGIN.left + tableWidth, top + row.height)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.x = MARGIN.left;
  doc.y = top + row.height;
}

/**
 * pdfkit caches the glyph layout of every "word" (text between spaces) it lays out, per
 * font, for the document's life (EmbeddedFont.layoutCache, pdfkit lib/font/embedded.js).
 * The hits that matter are short: single kana/kanji (UAX #14 breaks Japanese between
 * characters) and English words, looked up again on every row; without them the render is
 * 3–4 times slower (measured). The misses are whole drawn lines of Japanese, unique to
 * their row: 10,000 items cache ≈ 150 MB of them. Every few pages, long entries are
 * dropped; if short ones alone pile up (many distinct names), the cache is emptied.
 */
function forgetWordLayouts(doc: Doc): void {
  const fonts = (doc as unknown as { _fontFamilies: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies;
  // A font is listed under its registered name and its PostScript name: visit it once.
  for (const font of new Set(Object.values(fonts))) {
    const cache = font.layoutCache;
    if (!cache) continue;
    let kept = 0;
    for (const word of Object.keys(cache)) {
      if (word.length > MAX_CACHED_WORD_CHARS) delete cache[word];
      else kept += 1;
    }
    if (kept > MAX_CACHED_WORD_LAYOUTS) font.layoutCache = Object.create(null) as Record<string, unknown>;
  }
}

/**
 * The footer of the current page. Drawn just before the page ends, possibly while pdfkit is
 * wrapping a text onto the next page: the cursor and font are put back afterwards (pdfkit
 * keeps the current font in `_font`/`_fontSize`, lib/mixins/fonts.js, with no getter).
 */
function drawFooter(doc: Doc, footer: string, page: number, total: number): void {
  const state = doc as unknown as { _font: unknown; _fontSize: number };
  const saved = { x: doc.x, y: doc.y, font: state._font, fontSize: state._fontSize };
  doc.save();
  // Text below the bottom margin would make pdfkit open a new page; lift it while drawing.
  doc.page.margins.bottom = 0;
  const y = doc.page.height - MARGIN.bottom + 20;
  doc
    .moveTo(MARGIN.left, y - 6)
    .lineTo(MARGIN.left + CONTENT_WIDTH, y - 6)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  doc.font('regular').fontSize(SIZE.footer).fillColor(COLOR.muted);
  doc.text(footer, MARGIN.left, y, { lineBreak: false });
  const pageLabel = `${page} / ${total}`;
  doc.text(pageLabel, MARGIN.left + CONTENT_WIDTH - doc.widthOfString(pageLabel), y, { lineBreak: false });
  doc.page.margins.bottom = MARGIN.bottom;
  doc.restore();
  state._font = saved.font;
  state._fontSize = saved.fontSize;
  doc.x = saved.x;
  doc.y = saved.y;
}
