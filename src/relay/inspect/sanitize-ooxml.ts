// Adapter (yauzl in, fflate out): an Office 2007+ package rewritten without its VBA project.
// The parts vbaProject.bin, its relationships (…/_rels/vbaProject.bin.rels) and vbaData.xml
// are dropped; the relationship pointing at vbaProject.bin and the content-type entries naming
// it are removed from the XML that remains, so Office opens the result without a repair
// prompt. The main part keeps its macro-enabled content type: the file keeps its name (.docm),
// and Office accepts a macro-enabled package without macros, not a .docm typed as .docx.
import { open, rm } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { Zip, ZipDeflate } from 'fflate';
import yauzl from 'yauzl';
import { MAX_ARCHIVE_ENTRIES, MAX_ENTRY_BYTES } from './inspection-budget.js';
import { CONTENT_TYPES_PART, isVbaProjectPart } from './ooxml.js';
import type { SanitizeResult } from './sanitize-result.js';
import { decodeZipName, zipEntryEncryption } from './zip-names.js';

/**
 * 256 MiB written at most: a package inflates to a few times its size, and a mail attachment
 * is at most 150 MB (docs/cegp/policies-and-content-filtering.md §8); past this it is a bomb.
 */
export const SANITIZE_MAX_INFLATED_BYTES = 256 * 1024 * 1024;

export async function sanitizeOoxml(path: string, outPath: string): Promise<SanitizeResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false });
  } catch {
    return { sanitized: false, reason: 'package unreadable' };
  }
  const out = await open(outPath, 'w');
  let result: SanitizeResult;
  try {
    result = await rewrite(zip, async (bytes) => {
      await out.write(bytes);
    });
  } catch {
    result = { sanitized: false, reason: 'package damaged' };
  } finally {
    zip.close();
    await out.close();
  }
  if (!result.sanitized) await rm(outPath, { force: true });
  return result;
}

async function rewrite(zip: yauzl.ZipFile, write: (bytes: Uint8Array) => Promise<void>): Promise<SanitizeResult> {
  if (zip.entryCount > MAX_ARCHIVE_ENTRIES) return { sanitized: false, reason: `package has more than ${MAX_ARCHIVE_ENTRIES} parts` };
  const pending: Uint8Array[] = [];
  let failed: Error | null = null;
  const writer = new Zip((err, chunk) => {
    if (err) failed = err;
    else pending.push(chunk);
  });
  const flush = async (): Promise<void> => {
    for (const chunk of pending.splice(0)) await write(chunk);
  };
  let removed = 0;
  let inflated = 0;
  for await (const entry of zip.eachEntry()) {
    const name = decodeZipName(entry);
    if (isMacroPart(name)) {
      removed++;
      continue;
    }
    if (zipEntryEncryption(entry) !== 'none') return { sanitized: false, reason: `part ${name} is encrypted` };
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
      return { sanitized: false, reason: `part ${name} uses method ${entry.compressionMethod}` };
    const file = new ZipDeflate(name, { level: 6 });
    writer.add(file);
    const edit = name === CONTENT_TYPES_PART ? withoutVbaContentTypes : name.endsWith('.rels') ? withoutVbaRelationships : null;
    const raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
    const data = entry.compressionMethod === 8 ? raw.pipe(createInflateRaw()) : raw;
    if (data !== raw) raw.on('error', (err) => data.destroy(err));
    const held: Buffer[] = [];
    let heldBytes = 0;
    try {
      for await (const chunk of data as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        if (inflated > SANITIZE_MAX_INFLATED_BYTES) return { sanitized: false, reason: 'package inflates past the sanitizer bound' };
        if (edit && heldBytes + chunk.length <= MAX_ENTRY_BYTES) {
          held.push(chunk);
          heldBytes += chunk.length;
          continue;
        }
        // XML too large to edit in memory goes through unchanged (Office then repairs a dangling reference).
        for (const h of held.splice(0)) file.push(h);
        file.push(chunk);
        await flush();
      }
    } finally {
      raw.unpipe();
      raw.destroy();
    }
    if (held.length > 0) file.push(Buffer.from(edit!(Buffer.concat(held).toString('utf8')), 'utf8'), true);
    else file.push(new Uint8Array(0), true);
    await flush();
    if (failed) throw failed;
  }
  writer.end();
  await flush();
  if (removed === 0) return { sanitized: false, reason: 'no vbaProject.bin part found' };
  return { sanitized: true, reason: `removed ${removed} VBA part(s)` };
}

function isMacroPart(name: string): boolean {
  const lower = name.toLowerCase();
  return isVbaProjectPart(lower) || lower.endsWith('vbaproject.bin.rels') || lower.endsWith('/vbadata.xml');
}

/** Drops <Override PartName=".../vbaProject.bin|vbaData.xml"> and the vbaProject <Default>. */
export function withoutVbaContentTypes(xml: string): string {
  return removeElements(xml, ['Override', 'Default'], (el) => {
    const lower = el.toLowerCase();
    return lower.includes('vbaproject.bin"') || lower.includes('vbadata.xml"') || lower.includes('application/vnd.ms-office.vbaproject"');
  });
}

/** Drops <Relationship> elements whose target is vbaProject.bin. */
export function withoutVbaRelationships(xml: string): string {
  return removeElements(xml, ['Relationship'], (el) => el.toLowerCase().includes('vbaproject.bin"'));
}

/**
 * Removes the elements named `tags` (self-closing, or with their closing tag) for which
 * `drop` holds. One pass with indexOf: no regular expression runs over the package's XML.
 */
function removeElements(xml: string, tags: readonly string[], drop: (element: string) => boolean): string {
  let out = '';
  let at = 0;
  for (;;) {
    let lt = xml.indexOf('<', at);
    while (lt >= 0 && !tags.some((t) => xml.startsWith(t, lt + 1) && /[\s/>]/.test(xml[lt + 1 + t.length] ?? '')))
      lt = xml.indexOf('<', lt + 1);
    if (lt < 0) return out + xml.slice(at);
    const gt = xml.indexOf('>', lt);
    if (gt < 0) return out + xml.slice(at);
    const tag = tags.find((t) => xml.startsWith(t, lt + 1))!;
    let end = gt + 1;
    if (xml[gt - 1] !== '/') {
      const close = xml.indexOf(`</${tag}>`, gt);
      end = close < 0 ? gt + 1 : close + tag.length + 3;
    }
    const element = xml.slice(lt, end);
    out += xml.slice(at, lt) + (drop(element) ? '' : element);
    at = end;
  }
}
