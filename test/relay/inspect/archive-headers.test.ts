import { describe, expect, it } from 'vitest';
import { rarProtection, sevenZipProtection } from '../../../src/relay/inspect/archive-headers.js';
import { lzmaDecode } from '../../../src/relay/inspect/lzma-decode.js';
import { rar4, rar5, sevenZip, TEN_NOPASS_7Z, TEN_PASS_7Z } from '../../support/inspect-fixtures.js';

/** `printf '請求書 社外秘 請求書 社外秘 請求書 社外秘 confidential confidential\n' | xz --format=lzma`: props, dictionary, size, data. */
const LZMA_ALONE =
  '5d00008000ffffffffffffffff00742acd6e65af44bd5b3c1a4e3859d8879c7d7006f2c38668f3f3232fac00ff800c66d90c278712c061d893ffffbff60000';

const reader = (b: Buffer) => async (at: number, n: number) => b.subarray(at, at + n);

describe('sevenZipProtection', () => {
  it('sees an encrypted header (kEncodedHeader whose coder is 7zAES 06F10701)', async () => {
    // kEncodedHeader, kPackInfo…, kUnPackInfo, kFolder, 1 folder, external 0, 1 coder, flag 0x24 (id size 4, has props), 06 F1 07 01
    const header = Buffer.from([
      0x17, 0x06, 0x00, 0x01, 0x09, 0x10, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x24, 0x06, 0xf1, 0x07, 0x01, 0x00,
    ]);
    const b = sevenZip(header);
    expect(await sevenZipProtection(reader(b), b.length)).toMatchObject({ encrypted: true, where: '7z header (7zAES)' });
  });

  it('sees a 7zAES coder in a plain header', async () => {
    const header = Buffer.from([0x01, 0x04, 0x06, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x02, 0x24, 0x06, 0xf1, 0x07, 0x01, 0x00, 0x00]);
    const b = sevenZip(header);
    expect(await sevenZipProtection(reader(b), b.length)).toMatchObject({ encrypted: true });
  });

  it('reports the limit for an encoded header it cannot decode (a coder other than LZMA)', async () => {
    // One coder 21 (LZMA2) with a 1-byte property.
    const header = Buffer.from([
      0x17, 0x06, 0x00, 0x01, 0x09, 0x10, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x21, 0x21, 0x01, 0x18, 0x0c, 0x20, 0x00,
    ]);
    const b = sevenZip(header);
    const r = await sevenZipProtection(reader(b), b.length);
    expect(r?.encrypted).toBe(false);
    expect(r?.limit).toMatch(/compressed with a coder/);
  });
});

describe("7z headers compressed with LZMA (7-Zip's default)", () => {
  it('decodes the header and finds the 7zAES coder of a password-protected archive', async () => {
    expect(TEN_PASS_7Z[32 + Number(TEN_PASS_7Z.readBigUInt64LE(12))]).toBe(0x17);
    expect(await sevenZipProtection(reader(TEN_PASS_7Z), TEN_PASS_7Z.length)).toEqual({
      encrypted: true,
      where: '7z coder 7zAES',
      limit: null,
    });
    expect(await sevenZipProtection(reader(TEN_NOPASS_7Z), TEN_NOPASS_7Z.length)).toEqual({
      encrypted: false,
      where: '7z header',
      limit: null,
    });
  });

  it('lzmaDecode reproduces xz --format=lzma output byte for byte', () => {
    const alone = Buffer.from(LZMA_ALONE, 'hex');
    const text = '請求書 社外秘 請求書 社外秘 請求書 社外秘 confidential confidential\n';
    const out = lzmaDecode(alone.subarray(13), alone.subarray(0, 5), Buffer.byteLength(text));
    expect(Buffer.from(out!).toString('utf8')).toBe(text);
  });

  it('lzmaDecode returns (null or bytes of the asked size) on garbage, never throws or runs on', () => {
    let x = 12345;
    for (let n = 0; n < 200; n++) {
      const junk = Buffer.alloc(64 + n);
      for (let i = 0; i < junk.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        junk[i] = x >>> 24;
      }
      const out = lzmaDecode(junk, Buffer.from([0x5d, 0, 0, 0x80, 0]), 4096);
      if (out) expect(out.length).toBe(4096);
    }
    expect(lzmaDecode(Buffer.alloc(10), Buffer.from([0xff, 0, 0, 0, 0]), 10)).toBeNull();
  });
});

describe('rarProtection', () => {
  it('reads RAR 4 main-header (MHD_PASSWORD) and file (LHD_PASSWORD) flags', async () => {
    for (const [main, file, encrypted] of [
      [0x0080, 0, true],
      [0, 0x0004, true],
      [0, 0, false],
    ] as const) {
      const b = rar4(main, file);
      expect((await rarProtection(reader(b), b.length))?.encrypted).toBe(encrypted);
    }
  });

  it('reads RAR 5 encryption headers (type 4) and file encryption records', async () => {
    for (const [kind, encrypted] of [
      ['headers-encrypted', true],
      ['file-encrypted', true],
      ['plain', false],
    ] as const) {
      const b = rar5(kind);
      expect((await rarProtection(reader(b), b.length))?.encrypted, kind).toBe(encrypted);
    }
  });
});
