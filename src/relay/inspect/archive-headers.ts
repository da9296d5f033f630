// Password protection of 7z and RAR archives (criterion 16, docs/cegp/policies-and-content-
// filtering.md §3), read from their headers with a bounded number of small positional reads.
// Pure: the caller passes the reader. Neither format's data is decompressed.
import { lzmaDecode } from './lzma-decode.js';
import { RAR4_SIGNATURE, RAR5_SIGNATURE, SEVEN_ZIP_SIGNATURE, startsWith } from './signatures.js';

export type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

export interface HeaderProtection {
  encrypted: boolean;
  where: string;
  /** What the bounded read could not tell, for a cut. */
  limit: string | null;
}

/**
 * 1 MiB of a 7z "next header": the header lists every file (names in UTF-16, sizes,
 * times), about 100 bytes a file, so a 10,000-file archive's plain header fits.
 */
export const SEVEN_ZIP_MAX_HEADER_BYTES = 1024 * 1024;
/** 7-Zip's method id for 7zAES (DOC/Methods.txt: 06F10701). */
const SEVEN_ZIP_AES = [0x06, 0xf1, 0x07, 0x01] as const;
const K_HEADER = 0x01;
const K_ENCODED_HEADER = 0x17;

/**
 * 7z (DOC/7zFormat.txt): the 32-byte start header points to the next header. An encoded
 * header (kEncodedHeader) whose coder is 7zAES means the header itself is encrypted
 * (7z -mhe=on); a plain header (kHeader, 7z -mhc=off) names each folder's coders, and a
 * 7zAES coder there means encrypted contents. 7-Zip's default compresses the header with
 * LZMA: it is decoded (lzma-decode.ts, at most SEVEN_ZIP_MAX_HEADER_BYTES) and searched the
 * same way. Limit: a header compressed any other way (LZMA2, filters) is reported as a limit.
 */
export async function sevenZipProtection(read: ReadAt, sizeBytes: number): Promise<HeaderProtection | null> {
  const start = await read(0, 32);
  if (!startsWith(start, SEVEN_ZIP_SIGNATURE) || start.length < 32) return null;
  const offset = u64(start, 12);
  const size = u64(start, 20);
  const at = 32 + offset;
  if (size === 0 || at >= sizeBytes) return null;
  const header = await read(at, Math.min(size, SEVEN_ZIP_MAX_HEADER_BYTES));
  const aes = findCoder(header, SEVEN_ZIP_AES);
  if (header[0] === K_ENCODED_HEADER) {
    if (aes) return { encrypted: true, where: '7z header (7zAES)', limit: null };
    const decoded = await decodeHeader(header, read, sizeBytes);
    if (!decoded)
      return { encrypted: false, where: '7z header', limit: '7z header is compressed with a coder this reader does not decode' };
    if (findCoder(decoded, SEVEN_ZIP_AES)) return { encrypted: true, where: '7z coder 7zAES', limit: null };
    return { encrypted: false, where: '7z header', limit: null };
  }
  if (header[0] === K_HEADER && aes) return { encrypted: true, where: '7z coder 7zAES', limit: null };
  const limit = size > SEVEN_ZIP_MAX_HEADER_BYTES ? `7z header after ${SEVEN_ZIP_MAX_HEADER_BYTES} bytes not read` : null;
  return { encrypted: false, where: '7z header', limit };
}

const K_END = 0x00;
const K_PACK_INFO = 0x06;
const K_UNPACK_INFO = 0x07;
const K_FOLDER = 0x0b;
const K_CODERS_UNPACK_SIZE = 0x0c;
const K_SIZE = 0x09;
/** 7-Zip's method id for LZMA (DOC/Methods.txt: 030101). */
const SEVEN_ZIP_LZMA = [0x03, 0x01, 0x01] as const;

/**
 * The header behind kEncodedHeader: its StreamsInfo names one packed stream (position, size),
 * one folder with one coder and the unpacked size. Only a lone LZMA coder is decoded (what
 * 7-Zip writes for -mhc=on), to at most SEVEN_ZIP_MAX_HEADER_BYTES; anything else is null.
 */
async function decodeHeader(header: Uint8Array, read: ReadAt, sizeBytes: number): Promise<Uint8Array | null> {
  const r = new SevenZipReader(header, 1);
  if (r.byte() !== K_PACK_INFO) return null;
  const packPos = r.number();
  if (r.number() !== 1 || r.byte() !== K_SIZE) return null;
  const packSize = r.number();
  // kCRC and other properties of the packed stream: skipped up to PackInfo's kEnd.
  for (let b = r.byte(); r.ok && b !== K_END; b = r.byte()) {}
  if (r.byte() !== K_UNPACK_INFO || r.byte() !== K_FOLDER || r.number() !== 1 || r.byte() !== 0) return null;
  if (r.number() !== 1) return null;
  const flag = r.byte();
  const id = r.bytes(flag & 0x0f);
  if (flag & 0x10 || !(flag & 0x20) || id.length !== 3 || !startsWith(id, SEVEN_ZIP_LZMA)) return null;
  const props = r.bytes(r.number());
  if (r.byte() !== K_CODERS_UNPACK_SIZE) return null;
  const unpackSize = r.number();
  if (!r.ok || packPos < 0 || packSize < 0 || unpackSize < 0) return null;
  if (unpackSize > SEVEN_ZIP_MAX_HEADER_BYTES || packSize > SEVEN_ZIP_MAX_HEADER_BYTES) return null;
  const at = 32 + packPos;
  if (at + packSize > sizeBytes) return null;
  return lzmaDecode(await read(at, packSize), props, unpackSize);
}

/** Reads 7z's NUMBER (7zFormat.txt): the first byte's leading 1 bits count the bytes that follow. */
class SevenZipReader {
  ok = true;
  constructor(
    private readonly b: Uint8Array,
    private at: number,
  ) {}

  byte(): number {
    if (this.at >= this.b.length) {
      this.ok = false;
      return -1;
    }
    return this.b[this.at++]!;
  }

  bytes(n: number): Uint8Array {
    const out = this.b.subarray(this.at, this.at + Math.max(0, n));
    this.at += Math.max(0, n);
    if (out.length < n) this.ok = false;
    return out;
  }

  number(): number {
    const first = this.byte();
    if (first < 0) return -1;
    let mask = 0x80;
    let value = 0;
    for (let i = 0; i < 8; i++) {
      if ((first & mask) === 0) return value + (first & (mask - 1)) * 2 ** (8 * i);
      const b = this.byte();
      if (b < 0) return -1;
      value += b * 2 ** (8 * i);
      mask >>= 1;
    }
    return value;
  }
}

/** A coder entry: the flag byte's low nibble is the id size (4), then the id. */
function findCoder(bytes: Uint8Array, id: readonly number[]): boolean {
  for (let i = 1; i + id.length <= bytes.length; i++) {
    if ((bytes[i - 1]! & 0x0f) === id.length && startsWith(bytes, id, i)) return true;
  }
  return false;
}

/** RAR blocks walked at most: one per file plus a few; a 100,000-file RAR is cut (limit). */
export const RAR_MAX_BLOCKS = 10_000;
const RAR4_MAIN = 0x73;
const RAR4_FILE = 0x74;
const RAR4_END = 0x7b;
/** RAR 4 technote: MHD_PASSWORD (block headers encrypted), LHD_PASSWORD (file encrypted), LONG_BLOCK, LHD_LARGE. */
const MHD_PASSWORD = 0x0080;
const LHD_PASSWORD = 0x0004;
const LONG_BLOCK = 0x8000;
const LHD_LARGE = 0x0100;

export async function rarProtection(read: ReadAt, sizeBytes: number): Promise<HeaderProtection | null> {
  const head = await read(0, 8);
  if (startsWith(head, RAR5_SIGNATURE)) return rar5Protection(read, sizeBytes);
  if (!startsWith(head, RAR4_SIGNATURE)) return null;
  let pos = RAR4_SIGNATURE.length;
  for (let n = 0; n < RAR_MAX_BLOCKS; n++) {
    if (pos + 7 > sizeBytes) return notEncrypted('RAR');
    const h = await read(pos, 40);
    if (h.length < 7) return notEncrypted('RAR');
    const type = h[2]!;
    const flags = u16(h, 3);
    const headSize = u16(h, 5);
    if (headSize < 7) return notEncrypted('RAR');
    if (type === RAR4_MAIN && flags & MHD_PASSWORD) return { encrypted: true, where: 'RAR headers encrypted', limit: null };
    if (type === RAR4_FILE && flags & LHD_PASSWORD) return { encrypted: true, where: 'RAR encrypted file', limit: null };
    if (type === RAR4_END) return notEncrypted('RAR');
    let add = type === RAR4_FILE || flags & LONG_BLOCK ? u32(h, 7) : 0;
    if (type === RAR4_FILE && flags & LHD_LARGE && h.length >= 36) add += u32(h, 32) * 2 ** 32;
    pos += headSize + add;
  }
  return { encrypted: false, where: 'RAR', limit: `RAR blocks after ${RAR_MAX_BLOCKS} not read` };
}

/** RAR 5.0 technote: the header size is a vint of at most 3 bytes (headers ≤ 2 MiB). */
const RAR5_MAX_HEADER_BYTES = 2 * 1024 * 1024;
const RAR5_FILE = 2;
const RAR5_SERVICE = 3;
const RAR5_ENCRYPTION = 4;
const RAR5_END = 5;
const RAR5_EXTRA_ENCRYPTION = 1;

async function rar5Protection(read: ReadAt, sizeBytes: number): Promise<HeaderProtection> {
  let pos = RAR5_SIGNATURE.length;
  for (let n = 0; n < RAR_MAX_BLOCKS; n++) {
    const pre = await read(pos, 4 + 10);
    const headerSize = vint(pre, 4);
    if (!headerSize || headerSize.value === 0 || headerSize.value > RAR5_MAX_HEADER_BYTES) return notEncrypted('RAR');
    const headerStart = pos + 4 + headerSize.length;
    const header = await read(headerStart, headerSize.value);
    if (header.length < headerSize.value) return notEncrypted('RAR');
    const type = vint(header, 0);
    const flags = type && vint(header, type.length);
    if (!type || !flags) return notEncrypted('RAR');
    if (type.value === RAR5_ENCRYPTION) return { encrypted: true, where: 'RAR5 encryption header', limit: null };
    if (type.value === RAR5_END) return notEncrypted('RAR');
    let at = type.length + flags.length;
    const extra = flags.value & 1 ? vint(header, at) : { value: 0, length: 0 };
    if (!extra) return notEncrypted('RAR');
    at += extra.length;
    const data = flags.value & 2 ? vint(header, at) : { value: 0, length: 0 };
    if (!data) return notEncrypted('RAR');
    if ((type.value === RAR5_FILE || type.value === RAR5_SERVICE) && extra.value > 0 && extra.value <= header.length) {
      if (hasEncryptionRecord(header.subarray(header.length - extra.value))) {
        return { encrypted: true, where: 'RAR5 encrypted file', limit: null };
      }
    }
    pos = headerStart + headerSize.value + data.value;
    if (pos >= sizeBytes) return notEncrypted('RAR');
  }
  return { encrypted: false, where: 'RAR', limit: `RAR blocks after ${RAR_MAX_BLOCKS} not read` };
}

/** The extra area is records of (size vint, type vint, data); type 1 in a file header is encryption. */
function hasEncryptionRecord(area: Uint8Array): boolean {
  let at = 0;
  while (at < area.length) {
    const size = vint(area, at);
    if (!size || size.value === 0) return false;
    const type = vint(area, at + size.length);
    if (!type) return false;
    if (type.value === RAR5_EXTRA_ENCRYPTION) return true;
    at += size.length + size.value;
  }
  return false;
}

function notEncrypted(where: string): HeaderProtection {
  return { encrypted: false, where, limit: null };
}

/** RAR5 vint: 7 bits a byte, low first, high bit = more; at most 10 bytes. */
function vint(bytes: Uint8Array, at: number): { value: number; length: number } | null {
  let value = 0;
  for (let i = 0; i < 10; i++) {
    const b = bytes[at + i];
    if (b === undefined) return null;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (!(b & 0x80)) return { value, length: i + 1 };
  }
  return null;
}

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}
