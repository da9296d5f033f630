// The bounds attachment inspection keeps on one attachment, and the record of what it cut.
// Pure. Every number here limits work on attacker-written bytes (an attachment's headers,
// sizes and names are the sender's); each says why it is that size. What had to be cut is a
// BudgetCut (src/policies/engine/message-facts.ts) so the engine's trace can say "not
// scanned" instead of pretending the attachment was clean.
import type { BudgetCut } from '../../policies/engine/message-facts.js';

export interface InspectionBudget {
  /** Bytes read from the start of a file (or entry) for signatures. */
  headBytes: number;
  /** Archive entries listed per attachment, all nesting levels together. */
  maxArchiveEntries: number;
  /** Bytes inflated from one archive entry. */
  maxEntryBytes: number;
  /** Bytes inflated from all entries of the attachment together. */
  maxInflatedBytes: number;
  /** Archive levels opened: the attachment's own archive is level 1. */
  maxArchiveDepth: number;
  /** Characters of text extracted for keyword criteria (criterion 13). */
  maxTextChars: number;
  /** Bytes of an OLE (CFB) file handed to cfb, which holds the whole file. */
  maxOleBytes: number;
  /** Bytes of a PDF scanned from its start. */
  maxPdfScanBytes: number;
  /** Compressed streams of a PDF inflated. */
  maxPdfStreams: number;
  /** Bytes inflated from one PDF stream. */
  maxPdfStreamBytes: number;
  /** Bytes inflated from all streams of one PDF. */
  maxPdfInflatedBytes: number;
}

/**
 * 64 KiB: file-type looks at most at 4,100 bytes except for ISO 9660, whose volume
 * descriptor sits at 32,769 (sector 16 + 1); a PE header's e_lfanew is almost always under
 * 1 KiB; EICAR is 128 bytes at most. 64 KiB covers all with room, and costs nothing.
 */
export const HEAD_BYTES = 64 * 1024;
/**
 * 1,000 names per attachment: real archives mailed as attachments hold tens to a few
 * hundred files; each listed entry becomes a fact (~200 bytes) that crosses to the engine
 * and is matched by every name rule (criterion 10). Past this the listing is cut (a 100,000-
 * entry archive is an evasion, and the trace says so).
 */
export const MAX_ARCHIVE_ENTRIES = 1000;
/**
 * 16 MiB per entry: a nested archive or Office file must be held whole to be opened
 * (ZIP and CFB need random access), and 16 MiB holds the Office documents and inner ZIPs
 * people mail (message size defaults to 10 MB, docs/cegp/policies-and-content-filtering.md §5).
 * Other entries stop after their head or their text budget, far below it.
 */
export const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
/**
 * 64 MiB inflated per attachment: four full entries at the per-entry bound, or a thousand
 * heads. A zip bomb's declared sizes are ignored; this bound is on bytes actually produced.
 */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
/**
 * 3 levels: the attachment's ZIP (1), an archive or Office file inside it (2: "report.zip ›
 * a.docm"), and one more (3: an archive of archives of Office files). Memory is at most
 * depth × MAX_ENTRY_BYTES held at once (48 MiB); deeper nesting is evasion, reported as a cut.
 */
export const MAX_ARCHIVE_DEPTH = 3;
/**
 * 1 Mi characters of attachment text: keyword lists run in linear time (re2js), so the cost
 * is lists × characters; a megabyte is several hundred pages of prose. Half the body-text
 * bound, as an attachment's text is a second, optional place to look.
 */
export const MAX_TEXT_CHARS = 1024 * 1024;
/** UTF-8 needs at most 4 bytes per character: the bytes read for MAX_TEXT_CHARS. */
export const TEXT_BYTES_PER_CHAR = 4;
/**
 * 32 MiB: cfb reads a whole file and copies each stream (about twice the file in memory).
 * Word and Excel 97–2003 files people mail are well under this; a larger one is not
 * opened: its true type stays unknown (null) and it gets a cut.
 */
export const MAX_OLE_BYTES = 32 * 1024 * 1024;
/**
 * 32 MiB of a PDF scanned byte by byte (about 0.1 s); the last PDF_TAIL_BYTES are scanned
 * too, as the trailer (/Encrypt) is at the end.
 */
export const MAX_PDF_SCAN_BYTES = 32 * 1024 * 1024;
/** The end of a large PDF read for its trailer: trailers and xref streams are under a few KiB. */
export const PDF_TAIL_BYTES = 64 * 1024;
/**
 * 256 streams: a PDF has one object stream per ~100–200 objects, so 256 covers the object
 * streams of documents with tens of thousands of objects; page content streams count too.
 */
export const MAX_PDF_STREAMS = 256;
/** 4 MiB per inflated stream: an object stream of 200 objects is tens of KiB. */
export const MAX_PDF_STREAM_BYTES = 4 * 1024 * 1024;
/** 32 MiB inflated per PDF in all: eight streams at the per-stream bound. */
export const MAX_PDF_INFLATED_BYTES = 32 * 1024 * 1024;

export const DEFAULT_INSPECTION_BUDGET: Readonly<InspectionBudget> = {
  headBytes: HEAD_BYTES,
  maxArchiveEntries: MAX_ARCHIVE_ENTRIES,
  maxEntryBytes: MAX_ENTRY_BYTES,
  maxInflatedBytes: MAX_INFLATED_BYTES,
  maxArchiveDepth: MAX_ARCHIVE_DEPTH,
  maxTextChars: MAX_TEXT_CHARS,
  maxOleBytes: MAX_OLE_BYTES,
  maxPdfScanBytes: MAX_PDF_SCAN_BYTES,
  maxPdfStreams: MAX_PDF_STREAMS,
  maxPdfStreamBytes: MAX_PDF_STREAM_BYTES,
  maxPdfInflatedBytes: MAX_PDF_INFLATED_BYTES,
};

/** Adds a cut once: the same item and detail from many entries says it once in the trace. */
export function addCut(cuts: BudgetCut[], item: string, detail: string): void {
  if (!cuts.some((c) => c.item === item && c.detail === detail)) cuts.push({ item, detail });
}

/** "16,777,216" for details people read. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
