import { describe, expect, it } from 'vitest';
import { PdfScanner, scanPdfBytes } from '../../../src/relay/inspect/pdf-scan.js';
import { DEFAULT_INSPECTION_BUDGET } from '../../../src/relay/inspect/inspection-budget.js';
import { objectStream, pdf, pdfStream } from '../../support/inspect-fixtures.js';

const limits = { maxStreams: 8, maxStreamBytes: 1024 * 1024, maxInflatedBytes: 4 * 1024 * 1024 };
const catalog = '<< /Type /Catalog /Pages 2 0 R >>';
const pages = '<< /Type /Pages /Kids [] /Count 0 >>';

describe('PdfScanner', () => {
  it('finds nothing in a plain PDF with a compressed page stream', () => {
    const r = scanPdfBytes(pdf([catalog, pages, pdfStream('', 'BT /F1 12 Tf (Hello /JS) Tj ET', true)]), limits);
    expect(r.hits).toEqual([]);
    expect(r.encrypted).toBe(false);
  });

  it('finds /JavaScript and /OpenAction in uncompressed objects, with their object numbers', () => {
    const r = scanPdfBytes(pdf(['<< /Type /Catalog /OpenAction 3 0 R >>', pages, '<< /S /JavaScript /JS (app.alert(1)) >>']), limits);
    expect(r.hits.map((h) => [h.kind, h.where])).toEqual([
      ['PDF_OPEN_ACTION', 'object 1 /OpenAction'],
      ['PDF_JAVASCRIPT', 'object 3 /JavaScript'],
      ['PDF_JAVASCRIPT', 'object 3 /JS'],
    ]);
    expect(r.hits.every((h) => h.patch !== null)).toBe(true);
  });

  it('decodes #xx escapes in names (/J#61vaScript, /L#61unch)', () => {
    const r = scanPdfBytes(pdf([catalog, pages, '<< /S /J#61vaScript /J#53 (x) >>', '<< /S /L#61unch /F (calc.exe) >>']), limits);
    expect(r.hits.map((h) => h.where)).toEqual(['object 3 /JavaScript', 'object 3 /JS', 'object 4 /Launch']);
  });

  it('ignores names inside strings and comments', () => {
    const r = scanPdfBytes(pdf([catalog, pages, '<< /Title (see /JavaScript \\) /AA) >>\n% /OpenAction in a comment']), limits);
    expect(r.hits).toEqual([]);
  });

  it('is not blinded by an unbalanced "(" in junk between objects', () => {
    const bytes = pdf([catalog, pages]);
    const junk = Buffer.concat([
      bytes.subarray(0, 20),
      Buffer.from('( junk\n'),
      Buffer.from('3 0 obj\n<< /Title (a) >>\nendobj\n4 0 obj\n<< /JS (x) >>\nendobj\n'),
    ]);
    expect(scanPdfBytes(junk, limits).hits.map((h) => h.where)).toEqual(['object 4 /JS']);
  });

  it('inflates a FlateDecode object stream and finds /OpenAction and /AA inside it', () => {
    const objStm = objectStream(10, ['<< /Type /Catalog /OpenAction 11 0 R >>', '<< /Type /Annot /AA << /E 12 0 R >> >>']);
    const r = scanPdfBytes(pdf([pages, objStm]), limits);
    expect(r.hits.map((h) => [h.kind, h.where, h.patch])).toEqual([
      ['PDF_OPEN_ACTION', 'object stream 2 /OpenAction', null],
      ['PDF_ADDITIONAL_ACTIONS', 'object stream 2 /AA', null],
    ]);
  });

  it('sees /Encrypt in the trailer', () => {
    const r = scanPdfBytes(pdf([catalog, pages, '<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>'], '/Encrypt 3 0 R'), limits);
    expect(r.encrypted).toBe(true);
  });

  it('gives the same answer whatever the chunking (names and endstream split across chunks)', () => {
    const bytes = pdf([
      '<< /Type /Catalog /OpenAction 3 0 R >>',
      objectStream(10, ['<< /S /JavaScript /JS (1) >>']),
      pdfStream('', 'q endstrea Q', false),
      '<< /S /J#61vaScript >>',
    ]);
    const whole = scanPdfBytes(bytes, limits);
    for (const size of [1, 2, 3, 7, 64]) {
      const s = new PdfScanner(limits);
      for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
      expect(s.finish().hits).toEqual(whole.hits);
    }
    expect(whole.hits.length).toBe(4);
  });

  it('stops inflating after the stream budget and says so', () => {
    const streams = Array.from({ length: 5 }, (_, i) => objectStream(20 + i, ['<< /OpenAction 1 0 R >>']));
    const r = scanPdfBytes(pdf([catalog, ...streams]), { ...limits, maxStreams: 2 });
    expect(r.hits.length).toBe(2);
    expect(r.cuts.map((c) => c.item)).toContain('PDF_STREAMS');
  });

  it('caps one stream inflating far past its size (a Flate bomb)', () => {
    const bomb = pdfStream('', Buffer.alloc(DEFAULT_INSPECTION_BUDGET.maxPdfStreamBytes * 2, 0x20), true);
    const r = scanPdfBytes(pdf([catalog, bomb]), limits);
    expect(r.cuts.some((c) => c.detail.includes('inflated only to'))).toBe(true);
  });
});
