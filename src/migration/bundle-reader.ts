// Adapter: an uploaded IMSS/IMSVA export (.dat, a ZIP; docs/export-format.md
// §1) into a Bundle. Sole importer of yauzl. It refuses what cannot be read safely (unsafe
// paths, bombs, damage, DTDs, wrong charsets, element floods and element names the format
// does not define) and checks nothing else about the content: the hidden key and versions
// are the analyzer's. It runs in the analysis worker thread (analysis-pool.ts).
//
// Every size is enforced on the bytes actually produced while inflating, not on the
// headers, which an attacker writes: a header is only used to refuse early.
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { ExpectedError, type LocalizedText } from '../platform/errors.js';
import { bundleDetail, bundleErrors, withLibraryWords, type Bundle, type XmlElement } from './bundle.js';
import { parseIni } from './ini.js';
import { memberSchema } from './export-schema.js';
import { decodeText, exportElementBudget, parseXmlMember } from './xml.js';
import { collectGarbage } from '../platform/memory.js';

/** Members above this size are followed by a collection (see platform/memory.ts). */
const LARGE_MEMBER_BYTES = 4 * 1024 * 1024;

export interface BundleLimits {
  maxEntries: number;
  /** Uncompressed bytes one member may expand to. */
  maxMemberBytes: number;
  /** Uncompressed ÷ compressed above which a member (past RATIO_FLOOR_BYTES) is a bomb. */
  maxRatio: number;
  /** Uncompressed bytes of all members together. */
  maxTotalBytes: number;
}

/** An export has about ten members; 1,000 leaves room for extras and stops entry floods. */
export const MAX_ENTRIES = 1000;
/**
 * 16 MiB per member. The largest member of the benchmark's export (the size:
 * `npm run generate:export -- --rules 10000 --groups 2000 --addresses-per-group 50
 * --keyword-lists 500 --ip-entries 20000`) is policy/rules.xml at 6.6 MB; this is about five
 * twice and a half that. A member is held inflated, then decoded (twice its size as a
 * string), while it is parsed.
 */
export const MAX_MEMBER_BYTES = 16 * 1024 * 1024;
/**
 * 24 MiB for all members together: the benchmark's export inflates to 12.6 MB in total, so
 * this is about twice the largest legitimate export (memory grows with the bytes held, and
 * the element bound above is what meets the 600 MB ceiling; see xml.ts). Per-member limits alone let an upload
 * of a few MB inflate to hundreds (several members each under its own limit, at 66:1, a
 * ratio a real XML member can reach); this bound is what caps the analysis's memory.
 */
export const MAX_TOTAL_UNCOMPRESSED_BYTES = 24 * 1024 * 1024;
/** Deflated text rarely exceeds 10:1 at scale; 100:1 over a megabyte is a compression bomb. */
export const MAX_RATIO = 100;
/**
 * The ratio is judged only past 1 MiB of output: a tiny, repetitive XML member (an empty
 * list, a 4 KB file of indentation) legitimately deflates beyond 100:1, and a megabyte
 * costs nothing to inflate.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimits> = {
  maxEntries: MAX_ENTRIES,
  maxMemberBytes: MAX_MEMBER_BYTES,
  maxRatio: MAX_RATIO,
  maxTotalBytes: MAX_TOTAL_UNCOMPRESSED_BYTES,
};

const MANIFEST = 'manifest.xml';
const INI = 'imss.ini';
/** The XML members of spec §1; any other file is listed in extraFiles, never read. */
export const KNOWN_XML_MEMBERS: readonly string[] = [
  'policy/rules.xml',
  'policy/objects.xml',
  'policy/approved-lists.xml',
  'policy/other.xml',
  'sender-filtering.xml',
  'admin/dkim-signatures.xml',
  'admin/settings.xml',
  'euq/settings.xml',
];
/** APPNOTE 4.4.5: 0 stored, 8 deflated — what IMSVA writes and what the spec allows. */
const STORED = 0;
const DEFLATED = 8;
/** APPNOTE 4.3.7: local file header signature; an EOCD-less file opening with it is a cut-off ZIP. */
const LOCAL_HEADER_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_SIGNATURE = [0x50, 0x4b, 0x05, 0x06];
const MIB = 1024 * 1024;

/**
 * The upload as bytes, or as the file it was kept in: from a file, only the members that are
 * read are ever in memory (yauzl reads the central directory and each entry at its offset),
 * so files the reader only lists cost nothing however large the upload.
 */
export type BundleInput = { fileName: string; bytes: Uint8Array } | { fileName: string; path: string };

export async function readBundle(input: BundleInput, limits: Partial<BundleLimits> = {}): Promise<Bundle> {
  const max: BundleLimits = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  let sizeBytes: number;
  let zip: yauzl.ZipFile;
  if ('path' in input) {
    sizeBytes = (await stat(input.path)).size;
    zip = await openZipFile(input.path);
  } else {
    sizeBytes = input.bytes.byteLength;
    zip = await openZip(Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength));
  }
  try {
    const entries = await listEntries(zip, max);
    // The headers are the attacker's, but a header that already admits too much needs no inflating.
    // Only members that are read count: other files are listed, never inflated or held.
    let declared = 0;
    for (const [path, entry] of entries) if (isReadMember(path)) declared += entry.uncompressedSize;
    if (declared > max.maxTotalBytes) throw totalTooLarge(max);
    const inflated = { bytes: 0 };
    const budget = exportElementBudget();
    const manifestEntry = entries.get(MANIFEST);
    if (!manifestEntry) throw bundleErrors.error('BUNDLE_INVALID', { detail: bundleDetail('MANIFEST_MISSING') });
    const iniEntry = entries.get(INI);
    if (!iniEntry) throw bundleErrors.error('BUNDLE_INVALID', { detail: bundleDetail('INI_MISSING') });

    const manifest = parseXmlMember(MANIFEST, await readMember(zip, MANIFEST, manifestEntry, max, inflated), { budget });
    const iniCharset = manifest.attrs.iniCharset ?? 'UTF-8';
    const ini = parseIni(decodeText(INI, await readMember(zip, INI, iniEntry, max, inflated), iniCharset));

    const xml = new Map<string, XmlElement>();
    const extraFiles: string[] = [];
    for (const [path, entry] of entries) {
      if (path === MANIFEST || path === INI) continue;
      if (KNOWN_XML_MEMBERS.includes(path)) {
        xml.set(path, parseXmlMember(path, await readMember(zip, path, entry, max, inflated), { schema: memberSchema(path), budget }));
        // A large member's text and parser garbage must not pile up under the next one's.
        if (entry.uncompressedSize > LARGE_MEMBER_BYTES) collectGarbage();
      } else extraFiles.push(path);
    }
    return { fileName: input.fileName, sizeBytes, manifest, ini, xml, extraFiles };
  } finally {
    zip.close();
  }
}

async function openZipFile(path: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false });
  } catch (err) {
    const fh = await open(path, 'r');
    const head = Buffer.alloc(4);
    try {
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
    throw notAZip(head, err);
  }
}

/** The refusal for a file yauzl cannot open: a ZIP that was cut off, or never a ZIP. */
function notAZip(head: Uint8Array, err: unknown): ExpectedError {
  const looksLikeZip = [LOCAL_HEADER_SIGNATURE, EMPTY_ZIP_SIGNATURE].some((sig) => sig.every((b, i) => head[i] === b));
  if (looksLikeZip) return bundleErrors.error('BUNDLE_TRUNCATED', { detail: damaged(bundleDetail('ZIP_UNREADABLE'), err) });
  return bundleErrors.error('BUNDLE_INVALID', { detail: bundleDetail('NOT_A_ZIP') });
}

async function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  try {
    // Names are decoded and checked here (strict: a backslash stays visible to the check);
    // sizes and CRCs are checked by readMember on the bytes produced.
    return await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: false,
    });
  } catch (err) {
    // yauzl finds no end-of-central-directory record in both cases; a file that opens like
    // a ZIP was cut off, anything else was never one.
    throw notAZip(buffer, err);
  }
}

/** Files by normalised path, in archive order; directories left out. Refuses on headers alone. */
async function listEntries(zip: yauzl.ZipFile, max: BundleLimits): Promise<Map<string, yauzl.Entry>> {
  // The central directory states the count up front: refuse before reading any record.
  if (zip.entryCount > max.maxEntries) throw bundleErrors.error('BUNDLE_TOO_MANY_ENTRIES', { max: max.maxEntries });
  const files = new Map<string, yauzl.Entry>();
  const seen = new Set<string>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (seen.size >= max.maxEntries) throw bundleErrors.error('BUNDLE_TOO_MANY_ENTRIES', { max: max.maxEntries });
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      // APPNOTE 4.4.17 says "/"; Windows tools sometimes write "\", which means the same.
      const path = name.replace(/\\/g, '/');
      if (isUnsafe(path)) throw bundleErrors.error('BUNDLE_UNSAFE_PATH', { path: name });
      // Two entries with one name would let a checker and an extractor see different files.
      if (seen.has(path)) throw bundleErrors.error('BUNDLE_INVALID', { detail: bundleDetail('ENTRY_REPEATED', { name }) });
      seen.add(path);
      if (path.endsWith('/')) continue;
      refuseByHeader(path, entry, max, isReadMember(path));
      files.set(path, entry);
    }
  } catch (err) {
    throw asBundleError(err, bundleDetail('ZIP_ENTRIES_UNREADABLE'));
  }
  return files;
}

/** The members the reader inflates and parses; any other file is only listed (extraFiles). */
function isReadMember(path: string): boolean {
  return path === MANIFEST || path === INI || KNOWN_XML_MEMBERS.includes(path);
}

/** Absolute (`/x`, `C:\x`, `\\host\x`) or escaping (`..`) names, and names no file system takes. */
function isUnsafe(path: string): boolean {
  if (path === '' || path.includes('\0')) return true;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return true;
  return path.split('/').includes('..');
}

/** A header that already admits too much is refused before inflating anything. */
/**
 * A file that is only listed costs no memory, so only read members are held to the size
 * bound; a ratio that admits a bomb is refused for every file, as whoever unpacks the
 * kept upload later would inflate it.
 */
function refuseByHeader(path: string, entry: yauzl.Entry, max: BundleLimits, read: boolean): void {
  if (read && entry.uncompressedSize > max.maxMemberBytes) throw tooLarge(path, max);
  if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > max.maxRatio * entry.compressedSize) {
    throw bundleErrors.error('BUNDLE_COMPRESSION_RATIO', { path, max: max.maxRatio });
  }
}

/**
 * Inflates one member, counting the bytes produced: the first chunk past the member limit,
 * or past the ratio once over RATIO_FLOOR_BYTES, stops the inflater, whatever the header
 * claimed. Size and CRC-32 are then compared with the header (yauzl checks neither CRC
 * nor, with validateEntrySizes off, sizes).
 */
async function readMember(
  zip: yauzl.ZipFile,
  path: string,
  entry: yauzl.Entry,
  max: BundleLimits,
  inflated: { bytes: number },
): Promise<Uint8Array> {
  if (entry.isEncrypted()) throw bundleErrors.error('BUNDLE_INVALID', { detail: bundleDetail('MEMBER_ENCRYPTED', { path }) });
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw bundleErrors.error('BUNDLE_INVALID', { detail: bundleDetail('COMPRESSION_METHOD', { path, method: entry.compressionMethod }) });
  }
  const unreadable = bundleDetail('MEMBER_UNREADABLE', { path });
  let raw: Readable;
  try {
    // Raw bytes, inflated here rather than by yauzl, so a refusal can close the inflater
    // (yauzl's destroy leaves it open: thejoshwolfe/yauzl#27).
    raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  } catch (err) {
    throw asBundleError(err, unreadable);
  }
  const source = entry.compressionMethod === DEFLATED ? raw.pipe(createInflateRaw()) : raw;
  if (source !== raw) raw.on('error', (err) => source.destroy(err));

  const chunks: Buffer[] = [];
  let produced = 0;
  let crc = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      produced += chunk.length;
      inflated.bytes += chunk.length;
      if (produced > max.maxMemberBytes) throw tooLarge(path, max);
      if (inflated.bytes > max.maxTotalBytes) throw totalTooLarge(max);
      // compressedSize cannot lie upward: yauzl refuses data running past the file's end.
      if (produced > RATIO_FLOOR_BYTES && produced > max.maxRatio * entry.compressedSize) {
        throw bundleErrors.error('BUNDLE_COMPRESSION_RATIO', { path, max: max.maxRatio });
      }
      crc = crc32(chunk, crc);
      chunks.push(chunk);
    }
  } catch (err) {
    throw asBundleError(err, unreadable);
  } finally {
    // Leaving for-await early destroys `source`; the raw reader is stopped too.
    raw.unpipe();
    raw.destroy();
  }
  if (produced !== entry.uncompressedSize) {
    throw bundleErrors.error('BUNDLE_TRUNCATED', {
      detail: bundleDetail('MEMBER_SIZE_MISMATCH', { path, produced, declared: entry.uncompressedSize }),
    });
  }
  if (crc >>> 0 !== entry.crc32 >>> 0)
    throw bundleErrors.error('BUNDLE_TRUNCATED', { detail: bundleDetail('MEMBER_CRC_MISMATCH', { path }) });
  return Buffer.concat(chunks, produced);
}

function totalTooLarge(max: BundleLimits) {
  return bundleErrors.error('BUNDLE_UNCOMPRESSED_TOO_LARGE', { maxMb: Math.round((max.maxTotalBytes / MIB) * 100) / 100 });
}

function tooLarge(path: string, max: BundleLimits) {
  return bundleErrors.error('BUNDLE_MEMBER_TOO_LARGE', { path, maxMb: Math.round((max.maxMemberBytes / MIB) * 100) / 100 });
}

/** Our refusals pass through; anything yauzl or zlib says about the bytes means damage to `what`. */
function asBundleError(err: unknown, what: LocalizedText): Error {
  if (err instanceof ExpectedError) return err;
  return bundleErrors.error('BUNDLE_TRUNCATED', { detail: damaged(what, err) });
}

/**
 * What was damaged, with the library's words in the English; zlib's code (Z_DATA_ERROR,
 * Z_BUF_ERROR) in both, as something to search for.
 */
function damaged(what: LocalizedText, err: unknown): LocalizedText {
  const code = (err as { code?: unknown } | null)?.code;
  const withCode = typeof code === 'string' && /^Z_[A-Z_]+$/.test(code) ? { en: what.en, ja: `${what.ja} (${code})` } : what;
  return withLibraryWords(withCode, err instanceof Error ? err.message : String(err));
}
