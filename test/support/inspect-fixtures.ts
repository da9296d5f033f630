// Attachment fixtures for the inspection tests, built in code from readable parts: ZIPs
// written byte by byte (so names can be unflagged UTF-8 or CP932, and flags, methods, extras
// and declared sizes can lie), OLE files through cfb, PDFs from object text, 7z and RAR
// headers by their technotes. Nothing here is a real-world sample.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import CFB from 'cfb';

export interface RawZipEntry {
  /** The name's bytes as stored (a string is written as UTF-8). */
  name: string | Uint8Array;
  data?: Uint8Array | string;
  /** 0 stored (default), 8 deflated, or any other method number written as is. */
  method?: number;
  flags?: number;
  extra?: Uint8Array;
  /** Data to store as the compressed bytes instead of compressing `data` (bombs). */
  compressed?: Uint8Array;
  /** The uncompressed size the headers claim (default: the data's). */
  declaredSize?: number;
}

/** A ZIP from entries (APPNOTE 4.3: local headers, central directory, end record). */
export function rawZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : Buffer.from(e.name);
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data ?? []);
    const method = e.method ?? 0;
    const body = e.compressed ? Buffer.from(e.compressed) : method === 8 ? deflateRawSync(data) : data;
    const extra = Buffer.from(e.extra ?? []);
    const size = e.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  if (entries.length < 0xffff) return Buffer.concat([...locals, cd, end]);
  // APPNOTE 4.3.14–4.3.15: more than 65,534 entries need the ZIP64 end record and its locator.
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeUInt16LE(45, 12);
  z64.writeUInt16LE(45, 14);
  z64.writeBigUInt64LE(BigInt(entries.length), 24);
  z64.writeBigUInt64LE(BigInt(entries.length), 32);
  z64.writeBigUInt64LE(BigInt(cd.length), 40);
  z64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...locals, cd, z64, locator, end]);
}

/** WinZip AE-2 extra field 0x9901: version 2, vendor "AE", strength 3 (AES-256), method 8. */
export const AES_EXTRA = Buffer.from([0x01, 0x99, 0x07, 0x00, 0x02, 0x00, 0x41, 0x45, 0x03, 0x08, 0x00]);

export const EICAR_TEXT = `X5O!P%@AP[4\\PZX54(P^)7CC)7}$${'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!'}$H+H*`;

/** A compound file with the given streams ("Macros/VBA/dir" makes the storages). */
export function oleFile(streams: Record<string, Uint8Array | string>, rootClsid?: string): Buffer {
  const c = CFB.utils.cfb_new();
  for (const [path, content] of Object.entries(streams)) {
    CFB.utils.cfb_add(c, `/${path}`, typeof content === 'string' ? Buffer.from(content, 'latin1') : Buffer.from(content));
  }
  if (rootClsid) c.FileIndex[0]!.clsid = rootClsid;
  return Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array);
}

/** A WordDocument stream whose FIB has the given flags word at 0x0A. */
export function wordFib(flags: number): Buffer {
  const fib = Buffer.alloc(512);
  fib.writeUInt16LE(0xa5ec, 0);
  fib.writeUInt16LE(flags, 0x0a);
  return fib;
}

/** BIFF8 records: (type, data) pairs. */
export function biff(records: [number, Uint8Array][]): Buffer {
  return Buffer.concat(
    records.map(([type, data]) => {
      const h = Buffer.alloc(4);
      h.writeUInt16LE(type, 0);
      h.writeUInt16LE(data.length, 2);
      return Buffer.concat([h, Buffer.from(data)]);
    }),
  );
}

/**
 * A PDF from object bodies ("<< /Type /Catalog >>", or Buffers for streams), numbered from 1,
 * with a correct xref table and a trailer with `trailer` added to its dictionary.
 */
export function pdf(objects: readonly (string | Buffer)[], trailer = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
      Buffer.from('\nendobj\n'),
    ]);
    parts.push(obj);
    at += obj.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${at}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A stream object body: the dictionary gets /Length (and /Filter /FlateDecode when deflated). */
export function pdfStream(dict: string, data: string | Buffer, flate: boolean): Buffer {
  const raw = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const body = flate ? deflateSync(raw) : raw;
  const head = `<< ${dict} /Length ${body.length}${flate ? ' /Filter /FlateDecode' : ''} >>\nstream\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body, Buffer.from('\nendstream', 'latin1')]);
}

/** An object stream (ISO 32000-1 §7.5.7) holding `objects` numbered from `first`. */
export function objectStream(first: number, objects: readonly string[]): Buffer {
  let offsets = '';
  let body = '';
  objects.forEach((o, i) => {
    offsets += `${first + i} ${body.length} `;
    body += `${o}\n`;
  });
  return pdfStream(`/Type /ObjStm /N ${objects.length} /First ${offsets.length}`, offsets + body, true);
}

/** A 7z file: start header pointing at `header` (the "next header"), after `packed` bytes. */
export function sevenZip(header: Uint8Array, packed: Uint8Array = new Uint8Array(16)): Buffer {
  const start = Buffer.alloc(32);
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]).copy(start);
  start.writeBigUInt64LE(BigInt(packed.length), 12);
  start.writeBigUInt64LE(BigInt(header.length), 20);
  start.writeUInt32LE(crc32(header), 28);
  start.writeUInt32LE(crc32(start.subarray(12, 32)), 8);
  return Buffer.concat([start, Buffer.from(packed), Buffer.from(header)]);
}

/**
 * Real 7-Zip output (7-Zip 26.02, a folder of 12 one-line files named 見積1.txt…): with a
 * password (`7z a -pX ten-pass.7z ten`) and without (`7z a ten-nopass.7z ten`). Both have an
 * LZMA-compressed header (kEncodedHeader), so the password shows only after decoding it.
 */
export const TEN_PASS_7Z = Buffer.from(
  [
    '377abcaf271c00049c9f3264fa0000000000000022000000000000008e10546255894fb7c46bf8e45adf1536c090e36793792778fadac92e5f6b6636',
    '087122950000813307ae0fd00eb03c9f39109c9fa6d533dab22eb0f8e1e1a5e14a72b1b8c60834061b6b04b202ac64302e0f32cc981a6db08889afbb',
    '0672ddc46dfb2cc798bef32ef51d7f9822e01948430efad2ceae4fe2cb40b03fec5d17dac0e3d3fd2bf1eef752e8a3457f8cfa18d3b353562fb386d0',
    'c8aaee48c526ed6b94d76a2ff2fa52069e3636f9e4f225a768a44a02b33e807c8f0130d952bf9e73d739b7090af2aa97ebe1729dabb7ac2ac2ded0b7',
    '7cd9acdb1abaea7d2787df64457e8edabb13b7b1473229a801f4286ed101f01f40250cf6fa3ab7000000170620010980da00070b0100012303010105',
    '5d001000000c825a0a01b09e83910000',
  ].join(''),
  'hex',
);
export const TEN_NOPASS_7Z = Buffer.from(
  [
    '377abcaf271c00048e657cb1de0000000000000022000000000000002b0b5f2f01001a310a31300a31310a31320a320a330a340a350a360a370a380a',
    '390a000000813307ae0fcffcf06c0febea9cbf363dfe7a0dfe39a3f481e3ccf82d67a6d4610049064e37e80fc546f1239f59d8622c9802e43839fa64',
    'ab076a214bdf47060c39e131e587ec0249ceeb302af1313100b7e9972bed658db005f53b7bbcd1dd6382e34330d333966098937491415aa22e87c1cb',
    'dedebc73f151e0c9d47aab581a88d56a51ae11f5e646e3bd5e5ec448a9d252f97335b907dd04098b43f75c3516cc66962155a96834d226d9c2cfc176',
    '0409b48224c3715d3c250000000017061f010980bf00070b01000123030101055d001000000c824a0a017a520f050000',
  ].join(''),
  'hex',
);
/** A RAR 4 archive: main header with `mainFlags`, one file block with `fileFlags`, end block. */
export function rar4(mainFlags: number, fileFlags: number): Buffer {
  const sig = Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]);
  const main = Buffer.alloc(13);
  main[2] = 0x73;
  main.writeUInt16LE(mainFlags, 3);
  main.writeUInt16LE(13, 5);
  const name = Buffer.from('a.txt');
  const data = Buffer.from('hello');
  const file = Buffer.alloc(32 + name.length);
  file[2] = 0x74;
  file.writeUInt16LE(fileFlags | 0x8000, 3);
  file.writeUInt16LE(file.length, 5);
  file.writeUInt32LE(data.length, 7);
  file.writeUInt32LE(data.length, 11);
  file.writeUInt16LE(name.length, 26);
  name.copy(file, 32);
  const end = Buffer.from([0, 0, 0x7b, 0x00, 0x40, 7, 0]);
  return Buffer.concat([sig, main, file, data, end]);
}

function vint(n: number): Buffer {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 0x80);
  } while (n > 0);
  return Buffer.from(out);
}

/** A RAR 5 block: CRC32, header size, then type, flags and `rest` (already vint-encoded fields). */
function rar5Block(type: number, flags: number, rest: Buffer): Buffer {
  const header = Buffer.concat([vint(type), vint(flags), rest]);
  const size = vint(header.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(Buffer.concat([size, header])));
  return Buffer.concat([crc, size, header]);
}

/** RAR 5: main archive header, then either an encryption header (type 4) or a file with an encryption extra record. */
export function rar5(kind: 'headers-encrypted' | 'file-encrypted' | 'plain'): Buffer {
  const sig = Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]);
  const main = rar5Block(1, 0, vint(0));
  if (kind === 'headers-encrypted') return Buffer.concat([sig, main, rar5Block(4, 0, Buffer.concat([vint(0), vint(0), Buffer.alloc(17)]))]);
  const name = Buffer.from('a.txt');
  const fields = Buffer.concat([vint(0), vint(5), vint(0x20), vint(0), vint(0), vint(name.length), name]);
  const extraRecord = kind === 'file-encrypted' ? Buffer.concat([vint(1 + 2), vint(1), vint(0), vint(0)]) : Buffer.alloc(0);
  const flags = (extraRecord.length ? 1 : 0) | 2;
  const pre = Buffer.concat([...(extraRecord.length ? [vint(extraRecord.length)] : []), vint(5)]);
  const file = rar5Block(2, flags, Buffer.concat([pre, fields, extraRecord]));
  return Buffer.concat([sig, main, file, Buffer.from('hello'), rar5Block(5, 0, vint(0))]);
}

/** A temp directory for fixture files, removed by the returned function. */
export function fixtureDir(): { write(name: string, bytes: Uint8Array | string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
  let n = 0;
  return {
    write(name, bytes) {
      const path = join(dir, `${n++}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
      writeFileSync(path, bytes);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
