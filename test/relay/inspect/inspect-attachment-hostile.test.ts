// Hostile attachments: bombs, entry floods, and damaged files of every type inspection reads.
// Each must come back bounded, with what was cut named, and never throw.
import { deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectAttachment } from '../../../src/relay/inspect/inspect-attachment.js';
import { MAX_ARCHIVE_ENTRIES, MAX_ENTRY_BYTES } from '../../../src/relay/inspect/inspection-budget.js';
import {
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

async function inspect(name: string, bytes: Uint8Array) {
  return inspectAttachment({
    path: dir.write(name, bytes),
    sizeBytes: bytes.length,
    filename: name,
    declaredType: 'application/octet-stream',
  });
}

describe('zip bombs', () => {
  it('inflates no entry past MAX_ENTRY_BYTES and the attachment no further than its total, whatever the headers claim', async () => {
    // 32 MiB that open like a nested ZIP (so the whole entry is wanted), 32 KiB deflated, declared as 4 GiB.
    const data = Buffer.alloc(32 * 1024 * 1024);
    data.write('PK\x03\x04', 0, 'latin1');
    const compressed = deflateRawSync(data);
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `part${i}.zip`, method: 8, compressed, declaredSize: 0xffffffff }));
    entries.push({ name: 'last.com', method: 0, compressed: Buffer.from(EICAR_TEXT), declaredSize: EICAR_TEXT.length });
    const r = await inspect('bomb.zip', rawZip(entries));
    expect(r.archiveEntries).toHaveLength(7);
    expect(r.archiveEntries[0]).toMatchObject({ name: 'part0.zip', sizeBytes: 0xffffffff, trueType: 'zip' });
    const items = r.cuts.map((c) => c.item);
    expect(items).toContain('ENTRY_BYTES');
    expect(items).toContain('INFLATED_BYTES');
    expect(r.cuts.find((c) => c.item === 'ENTRY_BYTES')!.detail).toContain(MAX_ENTRY_BYTES.toLocaleString('en-US'));
  });

  it('lists at most MAX_ARCHIVE_ENTRIES of a 100,000-entry archive and records the cut', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}.txt`, data: '' }));
    const r = await inspect('flood.zip', rawZip(entries));
    expect(r.archiveEntries).toHaveLength(MAX_ARCHIVE_ENTRIES);
    expect(r.cuts).toContainEqual({ item: 'ARCHIVE_ENTRIES', detail: 'archive entries after 1,000 not listed (flood.zip has 100,000)' });
  });
});

/** A deterministic byte scrambler (xorshift) for damaged copies. */
function scramble(bytes: Uint8Array, seed: number, count: number): Buffer {
  const out = Buffer.from(bytes);
  let x = seed;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[(x >>> 0) % out.length] = x & 0xff;
  }
  return out;
}

describe('damaged files', () => {
  const samples: Record<string, Uint8Array> = {
    zip: zipSync({ 'a.txt': strToU8('hello'), 'inner.zip': zipSync({ 'eicar.com': strToU8(EICAR_TEXT) }) }),
    docm: zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': strToU8('<w:document><w:p><w:t>text</w:t></w:p></w:document>'),
      'word/vbaProject.bin': oleFile({ 'VBA/dir': 'x' }),
    }),
    doc: oleFile({ WordDocument: wordFib(0x0100), 'Macros/VBA/dir': 'x' }),
    xls: oleFile({
      Workbook: biff([
        [0x0809, Buffer.alloc(16)],
        [0x002f, Buffer.alloc(8)],
      ]),
    }),
    pdf: pdf(['<< /Type /Catalog /OpenAction 2 0 R >>', objectStream(5, ['<< /S /JavaScript /JS (x) >>'])], '/Encrypt 9 0 R'),
    '7z': sevenZip(Buffer.from([0x17, 0x06, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x24, 0x06, 0xf1, 0x07, 0x01, 0x00])),
    '7z-lzma-header': TEN_PASS_7Z,
    rar4: rar4(0, 4),
    rar5: rar5('file-encrypted'),
    exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(0x3a), Buffer.from([0xff, 0xff, 0xff, 0x7f])]),
    text: Buffer.from('\x1b$B%F%9%H\x1b(B and some \xe3\x81\x82 bytes', 'latin1'),
  };

  for (const [type, bytes] of Object.entries(samples)) {
    it(`${type}: truncated anywhere or scrambled, inspection returns and never throws`, async () => {
      const variants: Buffer[] = [];
      for (const fraction of [0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
        variants.push(Buffer.from(bytes.subarray(0, Math.floor(bytes.length * fraction))));
      for (let seed = 1; seed <= 12; seed++) variants.push(scramble(bytes, seed * 7919, 1 + (seed % 6) * 4));
      for (const [i, v] of variants.entries()) {
        const r = await inspect(`${type}-${i}`, v);
        expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
        // Every reader handles damage itself: nothing reached the last-resort catch.
        expect(r.cuts.map((c) => c.item)).not.toContain('INSPECTION');
      }
    });
  }

  it('an empty file is nothing at all', async () => {
    const r = await inspect('empty', new Uint8Array(0));
    expect(r).toMatchObject({ trueType: null, archiveEntries: [], protection: null, activeContent: [], text: '', malware: null });
  });
});
