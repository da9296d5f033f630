import { describe, expect, it } from 'vitest';
import { rarProtection, sevenZipProtection } from '../../../src/relay/inspect/archive-headers.js';
import { rar4, rar5, sevenZip } from '../../support/inspect-fixtures.js';

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

  it('reports the limit for an LZMA-compressed header with no 7zAES coder visible', async () => {
    const header = Buffer.from([0x17, 0x06, 0x00, 0x01, 0x09, 0x10, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x23, 0x03, 0x01, 0x01, 0x05]);
    const b = sevenZip(header);
    const r = await sevenZipProtection(reader(b), b.length);
    expect(r?.encrypted).toBe(false);
    expect(r?.limit).toMatch(/compressed/);
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
