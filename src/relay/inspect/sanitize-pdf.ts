// Adapter (fs): a PDF's active content neutralised in place. Each action name found in an
// uncompressed object (/JavaScript, /JS, /OpenAction, /AA, /Launch, also #xx-escaped) is
// renamed to a name of the same length that no reader acts on (/JavaScript → /JavaScrip_,
// /AA → /A_), so every byte offset in the xref table stays valid and no object moves. The
// result is scanned again and only returned when nothing active is left.
import { open, rm } from 'node:fs/promises';
import { withFileSource } from './byte-source.js';
import { DEFAULT_INSPECTION_BUDGET } from './inspection-budget.js';
import { scanPdfSource } from './pdf-inspect.js';
import type { SanitizeResult } from './sanitize-result.js';

export async function sanitizePdf(path: string, outPath: string): Promise<SanitizeResult> {
  const budget = DEFAULT_INSPECTION_BUDGET;
  return withFileSource(path, async (source) => {
    if (source.sizeBytes > budget.maxPdfScanBytes)
      return { sanitized: false, reason: 'PDF larger than the scan budget: not all of it was read' };
    const scan = await scanPdfSource(source, budget);
    if (scan.encrypted) return { sanitized: false, reason: 'encrypted PDF: its streams cannot be read' };
    if (scan.hits.some((h) => h.patch === null)) {
      return { sanitized: false, reason: 'active content inside compressed object streams cannot be renamed in place' };
    }
    if (scan.cuts.length > 0) return { sanitized: false, reason: `PDF not scanned whole: ${scan.cuts[0]!.detail}` };
    const patches = scan.hits.map((h) => h.patch!).sort((a, b) => a.start - b.start);
    const out = await open(outPath, 'w');
    try {
      for await (const chunk of source.chunks()) {
        await out.write(chunk);
      }
      for (const p of patches) {
        const raw = await source.read(p.start, p.end - p.start);
        await out.write(neutralName(raw), 0, raw.length, p.start);
      }
    } finally {
      await out.close();
    }
    const again = await withFileSource(outPath, (s) => scanPdfSource(s, budget));
    if (again.hits.length > 0) {
      await rm(outPath, { force: true });
      return { sanitized: false, reason: 'active content remained after renaming' };
    }
    return { sanitized: true, reason: `${patches.length} active-content name(s) renamed in place` };
  });
}

/**
 * The same number of bytes naming nothing: the last byte becomes "_", or, when the name ends
 * in a #xx escape, the escape becomes "___" (a half-replaced escape would be malformed).
 */
export function neutralName(raw: Uint8Array): Buffer {
  const out = Buffer.from(raw);
  const n = out.length;
  if (n >= 3 && out[n - 3] === 0x23) out.fill(0x5f, n - 3);
  else if (n > 0) out[n - 1] = 0x5f;
  return out;
}
