import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectAttachment } from '../../../src/relay/inspect/inspect-attachment.js';
import { sanitizeAttachment } from '../../../src/relay/inspect/sanitize-attachment.js';
import { withoutVbaContentTypes, withoutVbaRelationships } from '../../../src/relay/inspect/sanitize-ooxml.js';
import { fixtureDir, objectStream, oleFile, pdf, wordFib } from '../../support/inspect-fixtures.js';

const dir = fixtureDir();
afterAll(() => dir.remove());

async function roundTrip(name: string, bytes: Uint8Array) {
  const path = dir.write(name, bytes);
  const fact = await inspectAttachment({ path, sizeBytes: bytes.length, filename: name, declaredType: 'application/octet-stream' });
  const outPath = `${path}.clean`;
  const result = await sanitizeAttachment(path, fact, outPath);
  const after = result.sanitized
    ? await inspectAttachment({ path: outPath, sizeBytes: 0, filename: name, declaredType: 'application/octet-stream' })
    : null;
  return { fact, result, after, outPath };
}

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/><Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/></Types>';
const RELS =
  '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>';

describe('sanitizeAttachment: Office 2007+', () => {
  it('rewrites a docm without its VBA parts, relationship and content types; the text survives', async () => {
    const docm = zipSync({
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      'word/document.xml': strToU8('<w:document><w:p><w:t>見積書</w:t></w:p></w:document>'),
      'word/_rels/document.xml.rels': strToU8(RELS),
      'word/vbaProject.bin': oleFile({ 'VBA/dir': 'x' }),
      'word/_rels/vbaProject.bin.rels': strToU8('<Relationships/>'),
      'word/vbaData.xml': strToU8('<wne:vbaSuppData/>'),
    });
    const { fact, result, after, outPath } = await roundTrip('a.docm', docm);
    expect(fact.activeContent).toHaveLength(1);
    expect(result).toEqual({ sanitized: true, reason: 'removed 3 VBA part(s)' });
    expect(after?.activeContent).toEqual([]);
    expect(after?.trueType).toBe('docx');
    expect(after?.text).toBe('見積書\n');
    const parts = unzipSync(readFileSync(outPath));
    expect(Object.keys(parts).sort()).toEqual(['[Content_Types].xml', 'word/_rels/document.xml.rels', 'word/document.xml']);
    expect(strFromU8(parts['word/_rels/document.xml.rels']!)).not.toContain('vbaProject');
    expect(strFromU8(parts['[Content_Types].xml']!)).not.toMatch(/vbaProject|vbaData/);
  });

  it('edits the XML element by element, keeping the rest byte for byte', () => {
    expect(withoutVbaRelationships(RELS)).toBe(
      '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    );
    expect(withoutVbaContentTypes(CONTENT_TYPES)).toBe(
      '<?xml version="1.0"?><Types><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    );
  });

  it('cannot remove macros from an Office 97–2003 file or from a docm inside a zip', async () => {
    const doc = await roundTrip('a.doc', oleFile({ WordDocument: wordFib(0), 'Macros/VBA/dir': 'x' }));
    expect(doc.result).toEqual({ sanitized: false, reason: 'macros in an Office 97–2003 file (doc) cannot be removed' });
    const inner = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': strToU8('<x/>'),
      'word/vbaProject.bin': strToU8('x'),
    });
    const zipped = await roundTrip('r.zip', zipSync({ 'a.docm': inner }));
    expect(zipped.result.sanitized).toBe(false);
  });
});

describe('sanitizeAttachment: PDF', () => {
  it('renames action names in place (same length, offsets intact), including escaped ones', async () => {
    const bytes = pdf([
      '<< /Type /Catalog /OpenAction 3 0 R /AA << /WC 3 0 R >> >>',
      '<< /Type /Pages >>',
      '<< /S /J#61vaScript /JS (app.alert(1)) >>',
    ]);
    const { fact, result, after, outPath } = await roundTrip('a.pdf', bytes);
    expect(fact.activeContent.map((a) => a.kind).sort()).toEqual([
      'PDF_ADDITIONAL_ACTIONS',
      'PDF_JAVASCRIPT',
      'PDF_JAVASCRIPT',
      'PDF_OPEN_ACTION',
    ]);
    expect(result).toEqual({ sanitized: true, reason: '4 active-content name(s) renamed in place' });
    expect(after?.activeContent).toEqual([]);
    const out = readFileSync(outPath, 'latin1');
    expect(out.length).toBe(bytes.length);
    expect(out).toContain('/OpenActio_ 3 0 R /A_ <<');
    expect(out).toContain('/S /J#61vaScrip_ /J_ (app.alert(1))');
    // The xref offsets still point at "N 0 obj".
    const xref = out.slice(out.indexOf('xref'));
    for (const m of xref.matchAll(/^(\d{10}) 00000 n/gm)) expect(out.slice(Number(m[1]), Number(m[1]) + 5)).toMatch(/^\d+ 0 o/);
  });

  it('cannot when the action is inside a compressed object stream, or the PDF is encrypted', async () => {
    const hidden = await roundTrip('b.pdf', pdf(['<< /Type /Pages >>', objectStream(5, ['<< /Type /Catalog /OpenAction 6 0 R >>'])]));
    expect(hidden.result).toEqual({
      sanitized: false,
      reason: 'active content inside compressed object streams cannot be renamed in place',
    });
    const enc = await roundTrip('c.pdf', pdf(['<< /Type /Catalog /OpenAction 2 0 R >>', '<< /Filter /Standard >>'], '/Encrypt 2 0 R'));
    expect(enc.result.sanitized).toBe(false);
  });
});
