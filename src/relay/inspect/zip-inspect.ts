// Adapter: ZIP archives and Office 2007+ packages inside an attachment, through yauzl (random
// access: the central directory, then each entry at its offset; never the whole file). Lists
// entry names (criterion 10), finds encrypted entries (16) and vbaProject.bin (17), reads each
// entry's head for its true type and the EICAR test file, its text when it is text, and the
// whole entry when it is itself an archive, Office or PDF file (handed back to `inspectEntry`).
// Every bound is on bytes actually inflated; the sizes in the headers are the sender's.
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import type { ArchiveEntryFact } from '../../policies/engine/message-facts.js';
import { bufferSource, type ByteSource } from './byte-source.js';
import { addCut, formatCount, TEXT_BYTES_PER_CHAR } from './inspection-budget.js';
import {
  type ContentNode,
  type InspectionState,
  noteActiveContent,
  noteProtection,
  noteText,
  WHERE_SEPARATOR,
  whereIn,
} from './inspection-state.js';
import { CONTENT_TYPES_PART, isVbaProjectPart, ooxmlKind, ooxmlTextParts, xmlText } from './ooxml.js';
import {
  CFB_SIGNATURE,
  looksLikeText,
  RAR4_SIGNATURE,
  RAR5_SIGNATURE,
  SEVEN_ZIP_SIGNATURE,
  startsWith,
  ZIP_SIGNATURES,
} from './signatures.js';
import { decodeZipName, zipEntryEncryption } from './zip-names.js';

export type InspectEntry = (source: ByteSource, node: ContentNode) => Promise<string | null>;

/** APPNOTE 4.4.5: stored and deflated, what this reader inflates; others are listed, not read. */
const STORED = 0;
const DEFLATED = 8;
/** Entries read whole (to MAX_ENTRY_BYTES) to be opened: archives, compound files (PDFs by their header). */
const WHOLE_SIGNATURES: readonly (readonly number[])[] = [
  ...ZIP_SIGNATURES,
  CFB_SIGNATURE,
  SEVEN_ZIP_SIGNATURE,
  RAR4_SIGNATURE,
  RAR5_SIGNATURE,
];
/** [Content_Types].xml is a few KiB; 256 KiB is a package of thousands of parts. */
const CONTENT_TYPES_MAX_BYTES = 256 * 1024;

interface Listed {
  name: string;
  entry: yauzl.Entry;
  encryption: ReturnType<typeof zipEntryEncryption>;
}

/** Inspects the ZIP in `source`; returns its true type (zip, docx, xlsx, pptx). */
export async function inspectZip(source: ByteSource, node: ContentNode, st: InspectionState, inspectEntry: InspectEntry): Promise<string> {
  let zip: yauzl.ZipFile;
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false, strictFileNames: false };
  try {
    zip = source.path ? await yauzl.openPromise(source.path, options) : await yauzl.fromBufferPromise(source.buffer!, options);
  } catch {
    addCut(st.cuts, 'ARCHIVE', `${whereIn(node)}: ZIP unreadable (damaged or cut off); entries not listed`);
    return 'zip';
  }
  try {
    const listed = await listEntries(zip, node, st);
    const names = listed.map((l) => l.name);
    const ct = listed.find((l) => l.name === CONTENT_TYPES_PART);
    const ctText = ct ? await readText(zip, ct.entry, CONTENT_TYPES_MAX_BYTES, st) : null;
    const kind = ooxmlKind(names, ctText);
    if (kind) await inspectPackage(zip, listed, node, st, inspectEntry);
    else await inspectArchive(zip, listed, node, st, inspectEntry);
    return kind ?? 'zip';
  } finally {
    zip.close();
  }
}

async function listEntries(zip: yauzl.ZipFile, node: ContentNode, st: InspectionState): Promise<Listed[]> {
  const listed: Listed[] = [];
  const max = st.budget.maxArchiveEntries;
  try {
    for await (const entry of zip.eachEntry()) {
      if (st.recordsRead >= max) {
        addCut(
          st.cuts,
          'ARCHIVE_ENTRIES',
          `archive entries after ${formatCount(max)} not listed (${whereIn(node)} has ${formatCount(zip.entryCount)})`,
        );
        break;
      }
      st.recordsRead++;
      const name = decodeZipName(entry);
      if (name.endsWith('/') || name.endsWith('\\')) continue;
      listed.push({ name, entry, encryption: zipEntryEncryption(entry) });
    }
  } catch {
    addCut(st.cuts, 'ARCHIVE', `${whereIn(node)}: ZIP directory damaged; entries after ${formatCount(listed.length)} not listed`);
  }
  return listed;
}

/** An archive: every entry is a fact; encrypted ones are protection; the others are opened. */
async function inspectArchive(zip: yauzl.ZipFile, listed: Listed[], node: ContentNode, st: InspectionState, inspectEntry: InspectEntry) {
  const inArchive = node.chain.length > 0 ? node.chain.slice(1).join(WHERE_SEPARATOR) : '';
  for (const { name, entry, encryption } of listed) {
    const fact: ArchiveEntryFact = { name, sizeBytes: entry.uncompressedSize, encrypted: encryption !== 'none', trueType: null };
    if (inArchive) fact.inArchive = inArchive;
    st.archiveEntries.push(fact);
    const child = childNode(node, name);
    if (encryption !== 'none') {
      noteProtection(st, { kind: encryption === 'aes' ? 'ZIP_AES' : 'ZIP_ENCRYPTED_ENTRY', where: whereIn(child) });
      continue;
    }
    if (isVbaProjectPart(name)) noteActiveContent(st, { kind: 'OFFICE_MACRO', where: whereIn(child) });
    fact.trueType = await openEntry(zip, entry, child, st, inspectEntry);
  }
}

/**
 * An Office 2007+ package: its parts are not "files in an archive" to a user, so they are not
 * listed; vbaProject.bin is a macro, the text parts feed the keyword criteria, and embedded
 * objects (…/embeddings/…) are opened like archive entries (a macro-enabled workbook inside a
 * document is active content too).
 */
async function inspectPackage(zip: yauzl.ZipFile, listed: Listed[], node: ContentNode, st: InspectionState, inspectEntry: InspectEntry) {
  const textParts = new Set(ooxmlTextParts(listed.map((l) => l.name)));
  for (const { name, entry, encryption } of listed) {
    if (encryption !== 'none') {
      noteProtection(st, { kind: encryption === 'aes' ? 'ZIP_AES' : 'ZIP_ENCRYPTED_ENTRY', where: whereIn(node, name) });
      continue;
    }
    if (isVbaProjectPart(name)) noteActiveContent(st, { kind: 'OFFICE_MACRO', where: whereIn(node, name) });
    else if (name.includes('/embeddings/')) await openEntry(zip, entry, childNode(node, name), st, inspectEntry);
  }
  for (const { name, entry } of listed) {
    if (!textParts.has(name) || st.textChars >= st.budget.maxTextChars) continue;
    const xml = await readText(zip, entry, st.budget.maxEntryBytes, st);
    if (xml !== null && !noteText(st, xmlText(xml, st.budget.maxTextChars - st.textChars), whereIn(node, name))) break;
  }
}

function childNode(node: ContentNode, name: string): ContentNode {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const chain = node.chain.length === 0 ? [node.filename ?? '(attachment)', name] : [...node.chain, name];
  return { chain, depth: node.depth + 1, filename: base, declaredType: '', charset: null, truncated: false };
}

/**
 * Reads an entry's head, decides from it how much more is needed (all of it, to the entry
 * bound, for an archive (ZIP, 7z, RAR), compound file or PDF inside; the text budget for text; nothing more
 * otherwise), and hands the bytes to `inspectEntry`. Returns the entry's true type.
 */
async function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, child: ContentNode, st: InspectionState, inspectEntry: InspectEntry) {
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    addCut(st.cuts, 'ARCHIVE', `archive entries compressed with method ${entry.compressionMethod} not read`);
    return null;
  }
  if (st.inflatedBytes >= st.budget.maxInflatedBytes) {
    addCut(st.cuts, 'INFLATED_BYTES', `archive entries after ${formatCount(st.budget.maxInflatedBytes)} inflated bytes not read`);
    return null;
  }
  let wantedWhole = false;
  const read = await readEntry(zip, entry, st, (head) => {
    wantedWhole = WHOLE_SIGNATURES.some((s) => startsWith(head, s)) || head.subarray(0, 1024).includes('%PDF-');
    if (wantedWhole) return st.budget.maxEntryBytes;
    // Text is read to what is left of the TEXT budget; anything else needs only its head.
    return looksLikeText(head)
      ? Math.max(st.budget.headBytes, (st.budget.maxTextChars - st.textChars) * TEXT_BYTES_PER_CHAR)
      : st.budget.headBytes;
  });
  if (!read) return null;
  if (read.capped && wantedWhole) {
    addCut(st.cuts, 'ENTRY_BYTES', `archive entries read only to ${formatCount(read.bytes.length)} bytes (${whereIn(child)})`);
  }
  return inspectEntry(bufferSource(read.bytes), { ...child, truncated: read.capped });
}

async function readText(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number, st: InspectionState): Promise<string | null> {
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) return null;
  const read = await readEntry(zip, entry, st, () => maxBytes);
  return read ? new TextDecoder('utf-8').decode(read.bytes) : null;
}

/**
 * Inflates an entry (raw Deflate here rather than in yauzl, so stopping closes the inflater:
 * thejoshwolfe/yauzl#27), counting every byte produced against the entry and attachment bounds.
 * `limitAfterHead` sets the entry's bound once its first headBytes are known. Damaged data
 * keeps what came before the damage; null when the entry cannot be opened at all.
 */
async function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  st: InspectionState,
  limitAfterHead: (head: Buffer) => number,
): Promise<{ bytes: Buffer; capped: boolean } | null> {
  let raw: Readable;
  try {
    raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  } catch {
    return null;
  }
  const source: Readable = entry.compressionMethod === DEFLATED ? raw.pipe(createInflateRaw()) : raw;
  if (source !== raw) raw.on('error', (err) => source.destroy(err));
  const chunks: Buffer[] = [];
  let produced = 0;
  let limit = st.budget.headBytes;
  let headSeen = false;
  let capped = false;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      produced += chunk.length;
      st.inflatedBytes += chunk.length;
      if (!headSeen && produced >= st.budget.headBytes) {
        headSeen = true;
        limit = Math.min(limitAfterHead(Buffer.concat(chunks)), st.budget.maxEntryBytes);
      }
      if (produced >= limit || st.inflatedBytes >= st.budget.maxInflatedBytes) {
        capped = true;
        break;
      }
    }
  } catch {
    // Damaged or cut-off data: what was inflated before the damage is still looked at.
  } finally {
    raw.unpipe();
    raw.destroy();
    if (source !== raw) source.destroy();
  }
  const bytes = Buffer.concat(chunks, produced);
  if (!headSeen) return { bytes, capped: false };
  return { bytes: bytes.length > limit ? bytes.subarray(0, limit) : bytes, capped };
}
