// Hand-written IMSS/IMSVA exports kept as readable folders under test/fixtures/exports/,
// zipped at test time. Files go into the ZIP as their bytes on disk (Shift_JIS and EUC-JP
// members are stored in that charset), with a fixed time so the ZIP is reproducible.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable } from 'fflate';
import iconv from 'iconv-lite';

const EXPORTS_DIR = fileURLToPath(new URL('../fixtures/exports/', import.meta.url));
/** fflate writes DOS times from local fields: a Date built from local fields is zone-proof. */
const ZIP_MTIME = new Date(2024, 4, 22, 15, 39, 24);

/** Names of the fixture folders, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(EXPORTS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** The members of one fixture: ZIP path (with `/`) → bytes, sorted by path. */
export function fixtureMembers(name: string): Record<string, Uint8Array> {
  if (!fixtureNames().includes(name)) throw new Error(`No export fixture named "${name}" (have: ${fixtureNames().join(', ')}).`);
  const members: Record<string, Uint8Array> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
      else members[`${prefix}${e.name}`] = new Uint8Array(readFileSync(join(dir, e.name)));
    }
  };
  walk(join(EXPORTS_DIR, name), '');
  return members;
}

/** The fixture as a `.dat` (ZIP, deflate). */
export function fixtureExport(name: string): Uint8Array {
  const files: Zippable = {};
  for (const [path, bytes] of Object.entries(fixtureMembers(name))) files[path] = [bytes, { mtime: ZIP_MTIME }];
  return zipSync(files, { level: 6, mtime: ZIP_MTIME });
}

/**
 * Text of an export member: XML in the charset its declaration names (UTF-8 when none),
 * anything else (imss.ini) as UTF-8.
 */
export function memberText(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^<\?xml[^>]*encoding="([^"]+)"/.exec(head)?.[1] ?? 'UTF-8';
  if (/^utf-?8$/i.test(declared)) return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return iconv.decode(bytes, declared);
}
