// Byte signatures the inspection reads itself, and the mapping of file-type's answers to the
// project's true-file-type vocabulary (src/policies/true-file-types.ts; criterion 12 of
// docs/cegp/policies-and-content-filtering.md §3: "uses file-header signatures"). Pure.

/**
 * The EICAR test file (eicar.org, "Anti-Malware Testfile"): 68 characters, then optionally
 * whitespace (space, tab, CR, LF, Ctrl-Z), the whole at most 128 bytes. Built from two halves so
 * this source file is not itself the test file to a scanner that reads loosely.
 */
export const EICAR = Buffer.from(`X5O!P%@AP[4\\PZX54(P^)7CC)7}$${'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!'}$H+H*`, 'latin1');
export const EICAR_MAX_BYTES = 128;
export const EICAR_NAME = 'Eicar_test_file';

/** True when `head` is the whole file (`sizeBytes` long) and that file is the EICAR test file. */
export function isEicar(head: Uint8Array, sizeBytes: number): boolean {
  if (sizeBytes < EICAR.length || sizeBytes > EICAR_MAX_BYTES || head.length < sizeBytes) return false;
  for (let i = 0; i < EICAR.length; i++) if (head[i] !== EICAR[i]) return false;
  for (let i = EICAR.length; i < sizeBytes; i++) {
    const b = head[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a && b !== 0x1a) return false;
  }
  return true;
}

export function startsWith(head: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (head.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (head[at + i] !== sig[i]) return false;
  return true;
}

export const ZIP_SIGNATURES: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];
/** [MS-CFB] 2.2: the compound file header signature. */
export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
/** 7z format (7-Zip DOC/7zFormat.txt): '7', 'z', BC AF 27 1C. */
export const SEVEN_ZIP_SIGNATURE = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] as const;
/** RAR 1.5–4.x "Rar!\x1a\x07\x00" and RAR 5 "Rar!\x1a\x07\x01\x00" (rarlab technote). */
export const RAR4_SIGNATURE = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00] as const;
export const RAR5_SIGNATURE = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00] as const;

/**
 * ECMA-119 (ISO 9660) §8: volume descriptors start at sector 16 (byte 32,768) with a type
 * byte and "CD001"; UDF (ECMA-167) puts "BEA01" in the same place. file-type 21 has no ISO
 * detector, so this is read here (the head holds 64 KiB).
 */
const ISO_DESCRIPTOR_AT = [0x8001, 0x8801, 0x9001] as const;
const ISO_IDS = [Buffer.from('CD001', 'latin1'), Buffer.from('BEA01', 'latin1')] as const;

export function isIsoImage(head: Uint8Array): boolean {
  return ISO_DESCRIPTOR_AT.some((at) => ISO_IDS.some((id) => startsWith(head, [...id], at)));
}

/** PE/COFF: IMAGE_FILE_DLL in the COFF header's Characteristics (Microsoft PE format §"Characteristics"). */
const IMAGE_FILE_DLL = 0x2000;

/**
 * exe or dll for an MZ file: the PE header's offset is at 0x3C; Characteristics is 22 bytes
 * past "PE\0\0". A DOS MZ program without a PE header is an exe. `peHeader` is the 24 bytes
 * at e_lfanew (the caller reads them when they lie beyond the head), or null if unreadable.
 */
export function peKind(peHeader: Uint8Array | null): 'exe' | 'dll' {
  if (!peHeader || !startsWith(peHeader, [0x50, 0x45, 0, 0]) || peHeader.length < 24) return 'exe';
  const characteristics = peHeader[22]! | (peHeader[23]! << 8);
  return characteristics & IMAGE_FILE_DLL ? 'dll' : 'exe';
}

/** e_lfanew of an MZ header, or null when the head is too short. */
export function peHeaderOffset(head: Uint8Array): number | null {
  if (head.length < 0x40) return null;
  return (head[0x3c]! | (head[0x3d]! << 8) | (head[0x3e]! << 16) | (head[0x3f]! << 24)) >>> 0;
}

/**
 * file-type's extension → the vocabulary. ZIP-based formats that are not Office 2007+
 * (jar, apk, odt, epub, xpi…) are ZIP archives to a mail filter: their entries are listed
 * and their true type is zip. OOXML answers are re-decided from the ZIP listing (ooxml.ts).
 */
const FILE_TYPE_MAP: Readonly<Record<string, string>> = {
  exe: 'exe',
  zip: 'zip',
  jar: 'zip',
  apk: 'zip',
  xpi: 'zip',
  epub: 'zip',
  odt: 'zip',
  ods: 'zip',
  odp: 'zip',
  odg: 'zip',
  ott: 'zip',
  ots: 'zip',
  otp: 'zip',
  otg: 'zip',
  '3mf': 'zip',
  vsdx: 'zip',
  docx: 'docx',
  docm: 'docx',
  dotx: 'docx',
  dotm: 'docx',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xltx: 'xlsx',
  xltm: 'xlsx',
  pptx: 'pptx',
  pptm: 'pptx',
  potx: 'pptx',
  potm: 'pptx',
  ppsx: 'pptx',
  ppsm: 'pptx',
  '7z': '7z',
  rar: 'rar',
  gz: 'gzip',
  'tar.gz': 'gzip',
  tar: 'tar',
  cab: 'cab',
  lzh: 'lha',
  pdf: 'pdf',
  rtf: 'rtf',
  jpg: 'jpeg',
  gif: 'gif',
  png: 'png',
  apng: 'png',
  bmp: 'bmp',
  tif: 'tiff',
  mp3: 'mp3',
  mp4: 'mp4',
  m4v: 'mp4',
  m4a: 'mp4',
  iso: 'iso',
  xml: 'xml',
  lnk: 'lnk',
};

export function mapFileTypeExt(ext: string | undefined): string | null {
  return ext ? (FILE_TYPE_MAP[ext] ?? null) : null;
}

/**
 * Plain text by its bytes: no NUL (UTF-16 is recognised by its BOM) and almost no other C0
 * controls (ESC is ISO-2022-JP's shift, Ctrl-Z an old end-of-file mark).
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return true;
  let controls = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b && b !== 0x1a) controls++;
  }
  return controls * 100 <= head.length;
}

/**
 * Text-like types have no signature. html and xml are told by their first markup (after a
 * BOM and whitespace, case-insensitive); scripts (js, vbs, ps1) have nothing to tell them
 * from other text, so a text file is one when its name or declared type says so. A script
 * renamed .txt is text: nothing runs a .txt by a double click.
 */
export function textTrueType(head: Uint8Array, filename: string | null, declaredType: string): string | null {
  const start = Buffer.from(head.subarray(0, 1024))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<head') || start.startsWith('<body'))
    return 'html';
  if (start.startsWith('<?xml')) return start.includes('<html') ? 'html' : 'xml';
  const ext = filename?.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1];
  if (ext === 'js' || ext === 'jse' || declaredType === 'application/javascript' || declaredType === 'text/javascript') return 'js';
  if (ext === 'vbs' || ext === 'vbe' || declaredType === 'text/vbscript') return 'vbs';
  if (ext === 'ps1' || ext === 'psm1') return 'ps1';
  if (ext === 'htm' || ext === 'html' || declaredType === 'text/html') return 'html';
  return null;
}
