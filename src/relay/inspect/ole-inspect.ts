// Adapter: OLE compound files ([MS-CFB]) through cfb (SheetJS), the sole importer of cfb.
// file-type calls every such file "cfb"; the streams inside tell Word 97–2003 (WordDocument),
// Excel (Workbook, or Book for BIFF5), PowerPoint (PowerPoint Document) and Windows Installer
// (the root CLSID); whether it is encrypted (criterion 16); and whether it carries VBA macros
// (criterion 17), docs/cegp/policies-and-content-filtering.md §3.
//
// An encrypted Office 2007+ file is a CFB holding EncryptionInfo and EncryptedPackage
// ([MS-OFFCRYPTO] 2.3.4.1); CEGP detects Office 2007+ "only if not encrypted", so its true
// type is reported as unknown (null), not docx, and its protection is OFFICE_ENCRYPTED.
import CFB from 'cfb';
import type { CFB$Container, CFB$Entry } from 'cfb';
import type { ActiveContentFact, ProtectionFact } from '../../policies/engine/message-facts.js';
import { startsWith } from './signatures.js';

export interface OleFindings {
  trueType: string | null;
  protection: ProtectionFact | null;
  activeContent: ActiveContentFact[];
}

/** [MS-MSI]/Windows Installer: the root storage's CLSID {000C1084-0000-0000-C000-000000000046}, as cfb spells it. */
const MSI_CLSIDS = new Set(['84100c000000000000c0000000000046', '86100c000000000000c0000000000046']);
/** [MS-DOC] 2.5.2 FibBase: at offset 0x0A, bit fEncrypted (0x0100) of the flags word. */
const FIB_FLAGS_OFFSET = 0x0a;
const FIB_ENCRYPTED = 0x0100;
/** [MS-XLS] 2.4.117 FilePass (0x002F); 2.4.103 EOF (0x000A) ends the globals substream. */
const BIFF_FILEPASS = 0x002f;
const BIFF_EOF = 0x000a;
/** Records read before FilePass: it follows BOF and a few records, so 1,000 is ample. */
const BIFF_MAX_RECORDS = 1000;
/**
 * [MS-PPT] 2.4.x VBAInfoContainer (recVer 0xF, recInstance 1, RT_VbaInfo 0x03FF, length
 * 0x14) followed by VBAInfoAtom (recVer 2, RT_VbaInfoAtom 0x0400, length 0x0C): PowerPoint
 * 97–2003 keeps its VBA project inside the PowerPoint Document stream, not as a storage.
 */
const PPT_VBA_INFO = [0x1f, 0x00, 0xff, 0x03, 0x14, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x04, 0x0c, 0x00, 0x00, 0x00] as const;

/** Reads a whole compound file (the caller bounds its size); null when cfb cannot read it. */
export function inspectOle(bytes: Buffer): OleFindings | null {
  let container: CFB$Container;
  try {
    container = CFB.read(bytes, { type: 'buffer' });
  } catch {
    return null;
  }
  const streams = new Map<string, CFB$Entry>();
  const storages = new Set<string>();
  container.FullPaths.forEach((full, i) => {
    const entry = container.FileIndex[i];
    // "Root Entry/Macros/VBA/" → "macros/vba"; names compare case-insensitively ([MS-CFB] 2.6.4).
    const path = full.split('/').slice(1).filter(Boolean).join('/').toLowerCase();
    if (!entry || !path) return;
    if (entry.type === 1) storages.add(path);
    else if (entry.type === 2) streams.set(path, entry);
  });
  const root = container.FileIndex[0];
  const activeContent = macros(storages, streams);

  if (streams.has('encryptioninfo') && streams.has('encryptedpackage')) {
    return { trueType: null, protection: { kind: 'OFFICE_ENCRYPTED', where: 'EncryptionInfo + EncryptedPackage' }, activeContent };
  }
  const word = streams.get('worddocument');
  if (word) {
    const fib = content(word);
    const flags = fib.length > FIB_FLAGS_OFFSET + 1 ? fib[FIB_FLAGS_OFFSET]! | (fib[FIB_FLAGS_OFFSET + 1]! << 8) : 0;
    const protection: ProtectionFact | null =
      flags & FIB_ENCRYPTED ? { kind: 'OFFICE_ENCRYPTED', where: 'WordDocument FIB fEncrypted' } : null;
    return { trueType: 'doc', protection, activeContent };
  }
  const book = streams.get('workbook') ?? streams.get('book');
  if (book) {
    const protection: ProtectionFact | null = hasFilePass(content(book)) ? { kind: 'OFFICE_ENCRYPTED', where: 'Workbook FILEPASS' } : null;
    return { trueType: 'xls', protection, activeContent };
  }
  const ppt = streams.get('powerpoint document');
  if (ppt) {
    if (indexOf(content(ppt), PPT_VBA_INFO) >= 0) activeContent.push({ kind: 'OFFICE_MACRO', where: 'PowerPoint Document VBAInfo' });
    // [MS-PPT] 2.1.3: an encrypted presentation keeps its properties in EncryptedSummary.
    const protection: ProtectionFact | null = streams.has('encryptedsummary')
      ? { kind: 'OFFICE_ENCRYPTED', where: 'EncryptedSummary' }
      : null;
    return { trueType: 'ppt', protection, activeContent };
  }
  if (root && MSI_CLSIDS.has(root.clsid?.toLowerCase() ?? '')) return { trueType: 'msi', protection: null, activeContent };
  return { trueType: null, protection: null, activeContent };
}

/**
 * A VBA project is a storage named VBA holding a "dir" stream ([MS-OVBA] 2.2): Word keeps it
 * in Macros/VBA, Excel in _VBA_PROJECT_CUR/VBA, embedded objects deeper; each is reported once.
 */
function macros(storages: Set<string>, streams: Map<string, CFB$Entry>): ActiveContentFact[] {
  const found: ActiveContentFact[] = [];
  for (const storage of storages) {
    if ((storage === 'vba' || storage.endsWith('/vba')) && streams.has(`${storage}/dir`)) {
      found.push({ kind: 'OFFICE_MACRO', where: displayPath(storage) });
    }
  }
  return found;
}

const DISPLAY: Readonly<Record<string, string>> = {
  macros: 'Macros',
  vba: 'VBA',
  _vba_project_cur: '_VBA_PROJECT_CUR',
  objectpool: 'ObjectPool',
};

function displayPath(path: string): string {
  return path
    .split('/')
    .map((p) => DISPLAY[p] ?? p)
    .join('/');
}

function content(entry: CFB$Entry): Uint8Array {
  const c = entry.content as Uint8Array | number[] | undefined;
  if (!c) return new Uint8Array(0);
  return c instanceof Uint8Array ? c : Uint8Array.from(c);
}

/** BIFF records are (type u16, length u16, data); FilePass sits in the globals substream. */
function hasFilePass(stream: Uint8Array): boolean {
  let at = 0;
  for (let n = 0; n < BIFF_MAX_RECORDS && at + 4 <= stream.length; n++) {
    const type = stream[at]! | (stream[at + 1]! << 8);
    const length = stream[at + 2]! | (stream[at + 3]! << 8);
    if (type === BIFF_FILEPASS) return true;
    if (type === BIFF_EOF && n > 0) return false;
    at += 4 + length;
  }
  return false;
}

function indexOf(haystack: Uint8Array, needle: readonly number[]): number {
  const first = needle[0]!;
  for (let i = haystack.indexOf(first); i >= 0 && i + needle.length <= haystack.length; i = haystack.indexOf(first, i + 1)) {
    if (startsWith(haystack, needle, i)) return i;
  }
  return -1;
}
