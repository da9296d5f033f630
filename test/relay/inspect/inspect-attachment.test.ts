import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectAttachment } from '../../../src/relay/inspect/inspect-attachment.js';
import { TRUE_FILE_TYPES } from '../../../src/policies/true-file-types.js';
import {
  AES_EXTRA,
  biff,
  EICAR_TEXT,
  fixtureDir,
  objectStream,
  oleFile,
  pdf,
  rar4,
  rar5,
  rawZip,
  sevenZip,
  TEN_PASS_7Z,
  wordFib,
} from '../../support/inspect-fixtures.js';

const dir = fixtureDir();
afterAll(() => dir.remove());

async function inspect(name: string, bytes: Uint8Array | string, declaredType = 'application/octet-stream', charset?: string) {
  const path = dir.write(name, bytes);
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  return inspectAttachment({ path, sizeBytes: size, filename: name, declaredType, charset });
}

function docm(extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/><Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    ),
    'word/document.xml': strToU8(
      '<w:document><w:body><w:p><w:r><w:t>社外秘 &amp; 機密</w:t></w:r></w:p><w:p><w:r><w:t>second</w:t></w:r></w:p></w:body></w:document>',
    ),
    'word/_rels/document.xml.rels': strToU8(
      '<Relationships><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
    ),
    'word/vbaProject.bin': oleFile({ 'VBA/dir': 'x', PROJECT: 'ID=""' }),
    ...extra,
  });
}

describe('inspectAttachment: true file type', () => {
  it('maps signatures to the vocabulary, ignoring the name', async () => {
    const mz = Buffer.alloc(256);
    mz.write('MZ', 0, 'latin1');
    mz.writeUInt32LE(0x80, 0x3c);
    mz.write('PE\0\0', 0x80, 'latin1');
    const dll = Buffer.from(mz);
    dll.writeUInt16LE(0x2102, 0x80 + 22);
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0ef0dad0000000049454e44ae426082',
      'hex',
    );
    const tar = Buffer.alloc(1024);
    tar.write('a.txt');
    tar.write('0000644\0', 100);
    tar.write('ustar\x0000', 257, 'latin1');
    tar.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of tar.subarray(0, 512)) sum += b;
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const iso = Buffer.alloc(0x9000);
    iso.write('\x01CD001\x01', 0x8000, 'latin1');
    const bmp = Buffer.alloc(64);
    bmp.write('BM');
    bmp.writeUInt32LE(64, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    const cases: [string, Uint8Array, string | null][] = [
      ['invoice.pdf.exe', mz, 'exe'],
      ['helper.dll', dll, 'dll'],
      ['photo.jpg', png, 'png'],
      ['a.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'gif'],
      ['a.rtf', Buffer.from('{\\rtf1\\ansi hello}'), 'rtf'],
      ['a.gz', Buffer.from('1f8b0800000000000003030000000000000000', 'hex'), 'gzip'],
      ['page.txt', Buffer.from('<!DOCTYPE html><html><body>hi</body></html>'), 'html'],
      ['data.bin', Buffer.from('<?xml version="1.0"?><a/>'), 'xml'],
      ['run.vbs', Buffer.from('WScript.Echo "hi"'), 'vbs'],
      ['a.jpg', Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb', 'hex'), 'jpeg'],
      ['a.tif', Buffer.from('49492a000800000000000000', 'hex'), 'tiff'],
      ['a.bmp', bmp, 'bmp'],
      ['a.cab', Buffer.concat([Buffer.from('MSCF\0\0\0\0'), Buffer.alloc(32)]), 'cab'],
      ['a.lzh', Buffer.concat([Buffer.from('\x1f\x00-lh5-', 'latin1'), Buffer.alloc(32)]), 'lha'],
      ['a.mp4', Buffer.concat([Buffer.from('00000018667479706d703432', 'hex'), Buffer.from('00000000mp42isom'), Buffer.alloc(16)]), 'mp4'],
      [
        'a.mp3',
        Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.from('fffb9064', 'hex'), Buffer.alloc(64)]),
        'mp3',
      ],
      ['a.tar', tar, 'tar'],
      ['a.iso', iso, 'iso'],
      ['a.lnk', Buffer.concat([Buffer.from('4c0000000114020000000000c000000000000046', 'hex'), Buffer.alloc(64)]), 'lnk'],
      ['notes.txt', Buffer.from('just words'), null],
      ['random.bin', Buffer.from([0, 1, 2, 3, 250, 251, 0, 9]), null],
    ];
    for (const [name, bytes, type] of cases) {
      const r = await inspect(name, bytes);
      expect(r.trueType, name).toBe(type);
      if (type) expect(TRUE_FILE_TYPES.has(type)).toBe(true);
    }
  });

  it('tells docx/xlsx/pptx from a ZIP by the package, docm as docx, and an encrypted package as not docx', async () => {
    expect((await inspect('a.docm', docm())).trueType).toBe('docx');
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    expect((await inspect('a.xlsx', xlsx)).trueType).toBe('xlsx');
    const pptx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'ppt/presentation.xml': strToU8('<p/>') });
    expect((await inspect('a.pptx', pptx)).trueType).toBe('pptx');
    expect((await inspect('a.zip', zipSync({ 'word/document.xml': strToU8('<x/>') }))).trueType).toBe('zip');
    const encrypted = await inspect('secret.docx', oleFile({ EncryptionInfo: Buffer.alloc(64), EncryptedPackage: Buffer.alloc(256) }));
    expect(encrypted.trueType).toBeNull();
    expect(encrypted.protection).toEqual({ kind: 'OFFICE_ENCRYPTED', where: 'EncryptionInfo + EncryptedPackage' });
  });

  it('tells doc/xls/ppt/msi from a compound file by its streams', async () => {
    expect((await inspect('a.doc', oleFile({ WordDocument: wordFib(0) }))).trueType).toBe('doc');
    expect(
      (
        await inspect(
          'a.xls',
          oleFile({
            Workbook: biff([
              [0x0809, Buffer.alloc(16)],
              [0x000a, Buffer.alloc(0)],
            ]),
          }),
        )
      ).trueType,
    ).toBe('xls');
    expect((await inspect('a.ppt', oleFile({ 'PowerPoint Document': Buffer.alloc(64) }))).trueType).toBe('ppt');
    expect((await inspect('setup.msi', oleFile({ x: 'y' }, '84100c000000000000c0000000000046'))).trueType).toBe('msi');
  });

  it('hashes the whole file', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
    const r = await inspect('big.bin', bytes);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('inspectAttachment: ZIP listing', () => {
  it('lists UTF-8-flagged, unflagged UTF-8 and CP932 names (ソ and 表 kept whole)', async () => {
    const flagged = zipSync({ '請求書.pdf': strToU8('x') });
    expect((await inspect('f.zip', flagged)).archiveEntries.map((e) => e.name)).toEqual(['請求書.pdf']);
    const zip = rawZip([
      { name: Buffer.from('資料/見積.xlsx'), data: 'a' },
      { name: iconv.encode('ソフト一覧表.txt', 'cp932'), data: 'b' },
      { name: iconv.encode('フォルダ\\表.doc', 'cp932'), data: 'c' },
    ]);
    const r = await inspect('names.zip', zip);
    expect(r.trueType).toBe('zip');
    expect(r.archiveEntries.map((e) => e.name)).toEqual(['資料/見積.xlsx', 'ソフト一覧表.txt', 'フォルダ\\表.doc']);
  });

  it('marks encrypted entries and reports the protection (traditional and AES)', async () => {
    const r = await inspect(
      'locked.zip',
      rawZip([
        { name: 'open.txt', data: 'hi' },
        { name: 'secret.xlsx', data: 'zz', flags: 1 },
      ]),
    );
    expect(r.archiveEntries.map((e) => [e.name, e.encrypted])).toEqual([
      ['open.txt', false],
      ['secret.xlsx', true],
    ]);
    expect(r.protection).toEqual({ kind: 'ZIP_ENCRYPTED_ENTRY', where: 'locked.zip › secret.xlsx' });
    const aes = await inspect('aes.zip', rawZip([{ name: 'a.pdf', data: 'zz', method: 99, flags: 1, extra: AES_EXTRA }]));
    expect(aes.protection).toEqual({ kind: 'ZIP_AES', where: 'aes.zip › a.pdf' });
  });

  it('reads only the head of binary entries: big images make no cut', async () => {
    const jpeg = Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(300 * 1024, 0)]);
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`photo${i}.jpg`, jpeg]));
    const r = await inspect('photos.zip', zipSync(files));
    expect(r.archiveEntries).toHaveLength(40);
    expect(r.archiveEntries.every((e) => e.trueType === 'jpeg')).toBe(true);
    expect(r.cuts).toEqual([]);
  });

  it('gives each entry its true type and finds a macro document inside the archive', async () => {
    const zip = zipSync({ 'a.docm': docm(), 'b.txt': strToU8('plain words') });
    const r = await inspect('report.zip', zip);
    expect(r.archiveEntries.map((e) => [e.name, e.trueType])).toEqual([
      ['a.docm', 'docx'],
      ['b.txt', null],
    ]);
    expect(r.activeContent).toEqual([{ kind: 'OFFICE_MACRO', where: 'report.zip › a.docm › word/vbaProject.bin' }]);
    expect(r.text).toContain('plain words');
    expect(r.text).toContain('社外秘 & 機密');
  });
});

describe('inspectAttachment: EICAR test file', () => {
  it('finds it alone (with trailing whitespace), in a zip, and in a zip in a zip', async () => {
    expect((await inspect('eicar.com', `${EICAR_TEXT}\r\n  `)).malware).toEqual({ name: 'Eicar_test_file', where: 'eicar.com' });
    expect((await inspect('long.txt', `${EICAR_TEXT}${' '.repeat(80)}`)).malware).toBeNull();
    const inner = zipSync({ 'eicar.com': strToU8(EICAR_TEXT) });
    expect((await inspect('one.zip', inner)).malware).toEqual({ name: 'Eicar_test_file', where: 'one.zip › eicar.com' });
    const outer = zipSync({ 'readme.txt': strToU8('hi'), 'inner.zip': inner });
    const r = await inspect('two.zip', outer);
    expect(r.malware).toEqual({ name: 'Eicar_test_file', where: 'two.zip › inner.zip › eicar.com' });
    expect(r.archiveEntries.map((e) => [e.name, e.inArchive ?? ''])).toEqual([
      ['readme.txt', ''],
      ['inner.zip', ''],
      ['eicar.com', 'inner.zip'],
    ]);
  });

  it('does not open archives deeper than the depth budget, and says so', async () => {
    let zip: Uint8Array = zipSync({ 'eicar.com': strToU8(EICAR_TEXT) });
    for (let i = 0; i < 3; i++) zip = zipSync({ [`level${i}.zip`]: zip });
    const r = await inspect('deep.zip', zip);
    expect(r.malware).toBeNull();
    expect(r.cuts.map((c) => c.item)).toContain('DEPTH');
  });
});

describe('inspectAttachment: Office documents', () => {
  it('finds vbaProject.bin in a docm and reads its text', async () => {
    const r = await inspect('a.docm', docm());
    expect(r.activeContent).toEqual([{ kind: 'OFFICE_MACRO', where: 'word/vbaProject.bin' }]);
    expect(r.archiveEntries).toEqual([]);
    expect(r.text).toBe('社外秘 & 機密\nsecond\n');
  });

  it('finds VBA storages in Word and Excel 97–2003 files', async () => {
    const doc = await inspect('a.doc', oleFile({ WordDocument: wordFib(0), 'Macros/VBA/dir': 'x', 'Macros/VBA/ThisDocument': 'y' }));
    expect(doc.activeContent).toEqual([{ kind: 'OFFICE_MACRO', where: 'Macros/VBA' }]);
    const xls = await inspect('a.xls', oleFile({ Workbook: biff([[0x0809, Buffer.alloc(16)]]), '_VBA_PROJECT_CUR/VBA/dir': 'x' }));
    expect(xls.activeContent).toEqual([{ kind: 'OFFICE_MACRO', where: '_VBA_PROJECT_CUR/VBA' }]);
  });

  it('finds a PowerPoint 97–2003 VBA project (VBAInfoContainer) and EncryptedSummary', async () => {
    const vbaInfo = Buffer.from(`1f00ff0314000000020000040c000000${'00'.repeat(12)}`, 'hex');
    const ppt = await inspect(
      'a.ppt',
      oleFile({ 'PowerPoint Document': Buffer.concat([Buffer.alloc(40), vbaInfo]), EncryptedSummary: 'x' }),
    );
    expect(ppt.activeContent).toEqual([{ kind: 'OFFICE_MACRO', where: 'PowerPoint Document VBAInfo' }]);
    expect(ppt.protection).toEqual({ kind: 'OFFICE_ENCRYPTED', where: 'EncryptedSummary' });
  });

  it('sees legacy encryption: the Word FIB flag and the Excel FILEPASS record', async () => {
    expect((await inspect('a.doc', oleFile({ WordDocument: wordFib(0x0100) }))).protection?.kind).toBe('OFFICE_ENCRYPTED');
    expect((await inspect('b.doc', oleFile({ WordDocument: wordFib(0x0000) }))).protection).toBeNull();
    const xls = biff([
      [0x0809, Buffer.alloc(16)],
      [0x002f, Buffer.alloc(54)],
      [0x000a, Buffer.alloc(0)],
    ]);
    expect((await inspect('a.xls', oleFile({ Workbook: xls }))).protection).toEqual({
      kind: 'OFFICE_ENCRYPTED',
      where: 'Workbook FILEPASS',
    });
  });
});

describe('inspectAttachment: PDF, 7z, RAR', () => {
  it('reports PDF active content, including inside an object stream, and encryption', async () => {
    const js = await inspect('a.pdf', pdf(['<< /Type /Catalog /Names << /JavaScript 2 0 R >> >>', '<< /Names [(x) 3 0 R] >>']));
    expect(js.activeContent).toEqual([{ kind: 'PDF_JAVASCRIPT', where: 'object 1 /JavaScript' }]);
    const hidden = await inspect('b.pdf', pdf(['<< /Type /Pages >>', objectStream(5, ['<< /Type /Catalog /OpenAction 6 0 R >>'])]));
    expect(hidden.activeContent).toEqual([{ kind: 'PDF_OPEN_ACTION', where: 'object stream 2 /OpenAction' }]);
    const enc = await inspect('c.pdf', pdf(['<< /Type /Catalog >>', '<< /Filter /Standard >>'], '/Encrypt 2 0 R'));
    expect(enc.protection).toEqual({ kind: 'PDF_ENCRYPTED', where: 'trailer /Encrypt' });
    expect(enc.cuts.some((c) => c.detail.includes('encrypted PDF'))).toBe(true);
  });

  it('reports 7z and RAR protection', async () => {
    const aesHeader = Buffer.from([0x17, 0x06, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x24, 0x06, 0xf1, 0x07, 0x01, 0x00]);
    const z = await inspect('a.7z', sevenZip(aesHeader));
    expect([z.trueType, z.protection?.kind]).toEqual(['7z', 'SEVEN_ZIP_ENCRYPTED']);
    const r = await inspect('a.rar', rar4(0, 0x0004));
    expect([r.trueType, r.protection?.kind]).toEqual(['rar', 'RAR_ENCRYPTED']);
    const zipped = await inspect('both.zip', zipSync({ 'in.7z': TEN_PASS_7Z, 'in.rar': rar5('headers-encrypted') }));
    expect(zipped.archiveEntries.map((e) => e.trueType)).toEqual(['7z', 'rar']);
    expect(zipped.protection).toEqual({ kind: 'SEVEN_ZIP_ENCRYPTED', where: 'both.zip › in.7z › 7z coder 7zAES' });
  });
});

describe('inspectAttachment: text', () => {
  it('decodes text attachments by the declared charset, else by sniffing', async () => {
    const sjis = iconv.encode('極秘：顧客リスト', 'cp932');
    expect((await inspect('list.csv', sjis, 'text/csv', 'Shift_JIS')).text).toBe('極秘：顧客リスト');
    expect((await inspect('list2.csv', sjis)).text).toBe('極秘：顧客リスト');
    expect((await inspect('e.txt', iconv.encode('極秘', 'euc-jp'), 'text/plain')).text).toBe('極秘');
  });

  it('reads an HTML attachment as its text without tags', async () => {
    const r = await inspect('page.html', '<!DOCTYPE html><html><body><p>社外秘</p><p>A &amp; B</p></body></html>', 'text/html');
    expect(r.trueType).toBe('html');
    expect(r.text).toBe('社外秘\nA & B\n');
  });

  it('stops at the TEXT budget and records the cut', async () => {
    const path = dir.write('big.txt', 'a'.repeat(5000));
    const r = await inspectAttachment({ path, sizeBytes: 5000, filename: 'big.txt', declaredType: 'text/plain' }, { maxTextChars: 1000 });
    expect(r.text.length).toBe(1000);
    expect(r.cuts.map((c) => c.item)).toContain('TEXT_CHARS');
  });

  it('does not report PDF text (not extracted)', async () => {
    expect((await inspect('t.pdf', pdf(['<< /Type /Catalog >>']))).text).toBe('');
  });
});
