// One piece of content (the attachment, or an entry inside one of its archives): its true
// type, and what its format can hide, by family: archives are listed and descended
// (zip-inspect.ts), compound files opened (ole-inspect.ts), PDFs scanned (pdf-inspect.ts),
// 7z and RAR headers read (archive-headers.ts), text decoded (text-decode.ts). Findings go
// into the shared InspectionState; the return value is the content's true type. The text of
// PDFs is not extracted (criterion 13 then sees only text, HTML, XML and Office 2007+ text).
import { rarProtection, sevenZipProtection } from './archive-headers.js';
import type { ByteSource } from './byte-source.js';
import { addCut, formatCount, TEXT_BYTES_PER_CHAR } from './inspection-budget.js';
import { type ContentNode, type InspectionState, noteActiveContent, noteProtection, noteText, whereIn } from './inspection-state.js';
import { inspectOle } from './ole-inspect.js';
import { xmlText } from './ooxml.js';
import { scanPdfSource } from './pdf-inspect.js';
import { EICAR_NAME, isEicar } from './signatures.js';
import { decodeText } from './text-decode.js';
import { detectSignature } from './true-type.js';
import { inspectZip } from './zip-inspect.js';

export async function inspectContent(source: ByteSource, node: ContentNode, st: InspectionState): Promise<string | null> {
  const head = await source.read(0, st.budget.headBytes);
  if (!node.truncated && isEicar(head, source.sizeBytes) && !st.malware) st.malware = { name: EICAR_NAME, where: whereIn(node) };
  const sig = await detectSignature(head, source, node.filename, node.declaredType);
  switch (sig.family) {
    case 'zip':
      return openArchive(source, node, st);
    case 'cfb':
      return openCompoundFile(source, node, st);
    case 'pdf':
      await scanPdf(source, node, st);
      return 'pdf';
    case '7z':
    case 'rar': {
      const found = await (sig.family === '7z' ? sevenZipProtection : rarProtection)((at, n) => source.read(at, n), source.sizeBytes);
      if (found?.encrypted)
        noteProtection(st, { kind: sig.family === '7z' ? 'SEVEN_ZIP_ENCRYPTED' : 'RAR_ENCRYPTED', where: whereIn(node, found.where) });
      if (found?.limit) addCut(st.cuts, 'ARCHIVE', `${whereIn(node)}: ${found.limit}`);
      return sig.trueType;
    }
    case 'text':
      await readText(source, head, node, st, sig.trueType === 'html');
      return sig.trueType;
    default:
      return sig.trueType;
  }
}

async function openArchive(source: ByteSource, node: ContentNode, st: InspectionState): Promise<string> {
  if (node.depth + 1 > st.budget.maxArchiveDepth) {
    addCut(st.cuts, 'DEPTH', `archives nested deeper than ${st.budget.maxArchiveDepth} levels not opened (${whereIn(node)})`);
    return 'zip';
  }
  if (node.truncated) {
    addCut(st.cuts, 'ENTRY_BYTES', `${whereIn(node)}: larger than the entry budget, not opened`);
    return 'zip';
  }
  return inspectZip(source, node, st, (child, childNode) => inspectContent(child, childNode, st));
}

async function openCompoundFile(source: ByteSource, node: ContentNode, st: InspectionState): Promise<string | null> {
  if (node.truncated || source.sizeBytes > st.budget.maxOleBytes) {
    addCut(st.cuts, 'OLE_BYTES', `${whereIn(node)}: OLE file over ${formatCount(st.budget.maxOleBytes)} bytes (or cut) not opened`);
    return null;
  }
  const bytes = source.buffer ?? (await source.read(0, source.sizeBytes));
  const found = inspectOle(bytes);
  if (!found) {
    addCut(st.cuts, 'OLE', `${whereIn(node)}: OLE file unreadable`);
    return null;
  }
  noteProtection(st, found.protection && { ...found.protection, where: whereIn(node, found.protection.where) });
  for (const fact of found.activeContent) noteActiveContent(st, { ...fact, where: whereIn(node, fact.where) });
  return found.trueType;
}

async function scanPdf(source: ByteSource, node: ContentNode, st: InspectionState): Promise<void> {
  const scan = await scanPdfSource(source, st.budget);
  if (node.truncated) addCut(st.cuts, 'ENTRY_BYTES', `${whereIn(node)}: PDF read only to ${formatCount(source.sizeBytes)} bytes`);
  if (scan.encrypted) noteProtection(st, { kind: 'PDF_ENCRYPTED', where: whereIn(node, 'trailer /Encrypt') });
  for (const hit of scan.hits) noteActiveContent(st, { kind: hit.kind, where: whereIn(node, hit.where) });
  for (const cut of scan.cuts) addCut(st.cuts, cut.item, node.chain.length ? `${whereIn(node)}: ${cut.detail}` : cut.detail);
}

/**
 * Text within the TEXT budget: at most TEXT_BYTES_PER_CHAR bytes per character left, read
 * from the head when it holds them, else streamed from the source.
 */
async function readText(source: ByteSource, head: Buffer, node: ContentNode, st: InspectionState, html: boolean): Promise<void> {
  const room = st.budget.maxTextChars - st.textChars;
  if (room <= 0) {
    addCut(st.cuts, 'TEXT_CHARS', `attachment text after ${formatCount(st.budget.maxTextChars)} characters not scanned`);
    return;
  }
  const want = Math.min(source.sizeBytes, room * TEXT_BYTES_PER_CHAR);
  let bytes = head;
  if (want > head.length) {
    const parts: Buffer[] = [];
    for await (const chunk of source.chunks(0, want)) parts.push(chunk);
    bytes = Buffer.concat(parts);
  }
  const cut = node.truncated || source.sizeBytes > bytes.length;
  const slice = bytes.subarray(0, want);
  const text = decodeText(slice, node.charset, cut);
  // HTML is read as the body's text/html parts are: its text without the tags.
  noteText(st, html ? xmlText(text, room) : text, whereIn(node));
  if (source.sizeBytes > want || node.truncated)
    addCut(st.cuts, 'TEXT_CHARS', `text after ${formatCount(want)} bytes not scanned (${whereIn(node)})`);
}
