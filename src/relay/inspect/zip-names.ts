// ZIP entry names as CEGP reads them (criterion 10 "also inspects names inside compressed
// attachments", docs/cegp/policies-and-content-filtering.md §3). Pure.
//
// APPNOTE 4.4.4 bit 11: the name is UTF-8. Without it the name is in "the IBM PC character
// set" by the letter, but in Japanese mail it is CP932 (Windows Explorer, Lhaplus) or UTF-8
// without the flag (Info-ZIP, macOS). So: flag → UTF-8; else strict UTF-8 when the bytes are
// valid UTF-8 (CP932 text with bytes ≥ 0x80 almost never is); else CP932. Then NFC, as macOS
// writes NFD. A backslash is never turned into "/" here: in CP932 0x5C is the trail byte of
// ソ (83 5C) and 表 (95 5C), and yauzl's default decoding would split those names.
import iconv from 'iconv-lite';

const UTF8_FLAG = 0x0800;
/** APPNOTE 4.6.9: Info-ZIP Unicode Path Extra Field. */
const UNICODE_PATH_EXTRA = 0x7075;

export interface RawZipName {
  generalPurposeBitFlag: number;
  fileNameRaw: Uint8Array;
  extraFields: readonly { id: number; data: Uint8Array }[];
}

export function decodeZipName(entry: RawZipName): string {
  const raw = entry.fileNameRaw;
  if (entry.generalPurposeBitFlag & UTF8_FLAG) return utf8Lenient(raw).normalize('NFC');
  const unicodePath = unicodePathExtra(entry);
  if (unicodePath !== null) return unicodePath.normalize('NFC');
  const strict = utf8Strict(raw);
  if (strict !== null) return strict.normalize('NFC');
  return iconv.decode(Buffer.from(raw), 'cp932').normalize('NFC');
}

function utf8Lenient(raw: Uint8Array): string {
  return new TextDecoder('utf-8').decode(raw);
}

export function utf8Strict(raw: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
}

/**
 * The 0x7075 field (version 1, CRC-32 of the raw name, UTF-8 name): used only when its CRC
 * matches the raw name, as APPNOTE requires (a stale field belongs to an older name).
 */
function unicodePathExtra(entry: RawZipName): string | null {
  const field = entry.extraFields.find((f) => f.id === UNICODE_PATH_EXTRA);
  if (!field || field.data.length < 6 || field.data[0] !== 1) return null;
  const d = field.data;
  const crc = (d[1]! | (d[2]! << 8) | (d[3]! << 16) | (d[4]! << 24)) >>> 0;
  if (crc !== crc32(entry.fileNameRaw)) return null;
  return utf8Strict(d.subarray(5));
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** APPNOTE 4.4.4 bit 0: traditional PKWARE encryption (also set on AES entries). */
export const ENCRYPTED_FLAG = 0x0001;
/** WinZip AE-x (AES) entries: compression method 99 and the 0x9901 extra field. */
export const AES_METHOD = 99;
export const AES_EXTRA = 0x9901;

export type ZipEntryEncryption = 'none' | 'zipcrypto' | 'aes';

export function zipEntryEncryption(entry: RawZipName & { compressionMethod: number }): ZipEntryEncryption {
  if (entry.compressionMethod === AES_METHOD || entry.extraFields.some((f) => f.id === AES_EXTRA)) return 'aes';
  return entry.generalPurposeBitFlag & ENCRYPTED_FLAG ? 'zipcrypto' : 'none';
}
