// Adapter: the true file type of bytes by their signature (criterion 12, docs/cegp/policies-
// and-content-filtering.md §3), through file-type 21 (the sole importer of file-type) and the
// signatures file-type does not tell apart (PE dll/exe; ZIP, CFB and PDF, which the caller
// opens to decide docx/xlsx/pptx and doc/xls/ppt). The buffer API is used on the head:
// fileTypeFromStream(Readable.from(buffer)) returns undefined (object mode).
import { fileTypeFromBuffer } from 'file-type';
import type { ByteSource } from './byte-source.js';
import {
  CFB_SIGNATURE,
  isIsoImage,
  looksLikeText,
  mapFileTypeExt,
  peHeaderOffset,
  peKind,
  RAR4_SIGNATURE,
  RAR5_SIGNATURE,
  SEVEN_ZIP_SIGNATURE,
  startsWith,
  textTrueType,
  ZIP_SIGNATURES,
} from './signatures.js';

/** How the content is examined further. */
export type ContentFamily = 'zip' | 'cfb' | 'pdf' | '7z' | 'rar' | 'text' | 'other';

export interface SignatureType {
  /** The type by signature alone; zip and cfb are refined by the caller. */
  trueType: string | null;
  family: ContentFamily;
}

/** ISO 32000-1 Annex H.3: readers accept the %PDF- header anywhere in the first 1,024 bytes. */
const PDF_HEADER_WINDOW = 1024;
const PDF_HEADER = Buffer.from('%PDF-', 'latin1');

export async function detectSignature(
  head: Buffer,
  source: ByteSource,
  filename: string | null,
  declaredType: string,
): Promise<SignatureType> {
  if (ZIP_SIGNATURES.some((sig) => startsWith(head, sig))) return { trueType: 'zip', family: 'zip' };
  if (startsWith(head, CFB_SIGNATURE)) return { trueType: null, family: 'cfb' };
  if (startsWith(head, SEVEN_ZIP_SIGNATURE)) return { trueType: '7z', family: '7z' };
  if (startsWith(head, RAR4_SIGNATURE) || startsWith(head, RAR5_SIGNATURE)) return { trueType: 'rar', family: 'rar' };
  const pdfAt = head.subarray(0, PDF_HEADER_WINDOW).indexOf(PDF_HEADER);
  if (pdfAt >= 0) return { trueType: 'pdf', family: 'pdf' };
  if (startsWith(head, [0x4d, 0x5a])) return { trueType: await peType(head, source), family: 'other' };
  if (isIsoImage(head)) return { trueType: 'iso', family: 'other' };
  let ext: string | undefined;
  try {
    ext = (await fileTypeFromBuffer(head))?.ext;
  } catch {
    // A head that makes a detector stumble has no type file-type can tell.
    ext = undefined;
  }
  const mapped = mapFileTypeExt(ext);
  if (mapped) return { trueType: mapped, family: mapped === 'xml' ? 'text' : 'other' };
  // Unmapped text formats file-type knows (ics, vcf, vtt) are text to the keyword criteria.
  if (looksLikeText(head)) return { trueType: textTrueType(head, filename, declaredType), family: 'text' };
  return { trueType: null, family: 'other' };
}

/** The 24 bytes at e_lfanew, read from the head or (bounded) from the file. */
async function peType(head: Buffer, source: ByteSource): Promise<'exe' | 'dll'> {
  const at = peHeaderOffset(head);
  if (at === null || at + 24 > source.sizeBytes) return 'exe';
  const pe = at + 24 <= head.length ? head.subarray(at, at + 24) : await source.read(at, 24);
  return peKind(pe);
}
