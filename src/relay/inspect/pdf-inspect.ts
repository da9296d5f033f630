// A PDF read through the scanner (pdf-scan.ts): its first MAX_PDF_SCAN_BYTES in chunks, and
// for a longer file its last PDF_TAIL_BYTES, where the trailer says /Encrypt. Shared by
// inspection and the sanitizer, which needs the hits' byte ranges.
import type { ByteSource } from './byte-source.js';
import { addCut, formatCount, type InspectionBudget, PDF_TAIL_BYTES } from './inspection-budget.js';
import { PdfScanner, type PdfScanResult } from './pdf-scan.js';

export interface PdfFileScan extends PdfScanResult {
  /** Bytes after the scanned head were not scanned (apart from the tail). */
  partial: boolean;
}

export async function scanPdfSource(source: ByteSource, budget: InspectionBudget): Promise<PdfFileScan> {
  const limits = {
    maxStreams: budget.maxPdfStreams,
    maxStreamBytes: budget.maxPdfStreamBytes,
    maxInflatedBytes: budget.maxPdfInflatedBytes,
  };
  const scanner = new PdfScanner(limits);
  const end = Math.min(source.sizeBytes, budget.maxPdfScanBytes);
  for await (const chunk of source.chunks(0, end)) scanner.push(chunk);
  const result = scanner.finish();
  const partial = source.sizeBytes > end;
  if (partial) {
    addCut(result.cuts, 'PDF_BYTES', `PDF bytes after ${formatCount(end)} not scanned (of ${formatCount(source.sizeBytes)})`);
    const tailStart = Math.max(end, source.sizeBytes - PDF_TAIL_BYTES);
    const tail = new PdfScanner(limits);
    tail.push(await source.read(tailStart, source.sizeBytes - tailStart));
    const t = tail.finish();
    // The tail starts mid-object: its hits have no object numbers and no safe byte ranges.
    for (const hit of t.hits) result.hits.push({ ...hit, patch: null });
    if (t.encrypted) result.encrypted = true;
  }
  if (result.encrypted) {
    addCut(result.cuts, 'PDF_STREAMS', 'encrypted PDF: its streams are ciphertext, only uncompressed dictionaries were scanned');
  }
  return { ...result, partial };
}
