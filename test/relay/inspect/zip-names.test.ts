import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeZipName, zipEntryEncryption } from '../../../src/relay/inspect/zip-names.js';

const entry = (raw: Uint8Array, flags = 0, extraFields: { id: number; data: Uint8Array }[] = []) => ({
  generalPurposeBitFlag: flags,
  fileNameRaw: raw,
  extraFields,
});

describe('decodeZipName', () => {
  it('reads a UTF-8-flagged name as UTF-8', () => {
    expect(decodeZipName(entry(Buffer.from('請求書/見積.pdf'), 0x0800))).toBe('請求書/見積.pdf');
  });

  it('reads an unflagged name that is valid UTF-8 as UTF-8 (Info-ZIP, macOS)', () => {
    expect(decodeZipName(entry(Buffer.from('資料.xlsx')))).toBe('資料.xlsx');
  });

  it('reads an unflagged CP932 name as CP932 and keeps ソ and 表 whole (trail byte 0x5C)', () => {
    const raw = iconv.encode('ソフト\\表計算.xls', 'cp932');
    expect([...raw]).toContain(0x5c);
    expect(decodeZipName(entry(raw))).toBe('ソフト\\表計算.xls');
    expect(decodeZipName(entry(iconv.encode('ソ表.txt', 'cp932')))).toBe('ソ表.txt');
  });

  it('normalises NFD (macOS) names to NFC', () => {
    const nfd = 'ファイル.doc'.normalize('NFD');
    expect(decodeZipName(entry(Buffer.from(nfd), 0x0800))).toBe('ファイル.doc');
  });
});

describe('zipEntryEncryption', () => {
  it('tells traditional encryption (flag bit 0) from AES (method 99 / extra 0x9901)', () => {
    const raw = Buffer.from('a');
    expect(zipEntryEncryption({ ...entry(raw, 1), compressionMethod: 8 })).toBe('zipcrypto');
    expect(zipEntryEncryption({ ...entry(raw, 1, [{ id: 0x9901, data: Buffer.alloc(7) }]), compressionMethod: 99 })).toBe('aes');
    expect(zipEntryEncryption({ ...entry(raw), compressionMethod: 8 })).toBe('none');
  });
});
