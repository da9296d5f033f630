// Exports for `npm run bench:hostile`, written by the project's generator
// (scripts/generate-export.ts, what `npm run generate:export` runs), and the largest one
// the server's limits accept. The limits are read from the code at run time (they change),
// never copied: upload size (MIGRATION_MAX_UPLOAD_MB's default), inflated bytes per member
// and in total (src/migration/bundle-reader.ts), XML elements per member and per export
// (src/migration/xml.ts).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import * as bundleReader from '../../src/migration/bundle-reader.js';
import * as xml from '../../src/migration/xml.js';
import { loadConfig } from '../../src/config.js';
import { run, type Children } from './bench-server.js';
import { BENCH_DOMAINS, type BenchSizes } from './migration-options.js';

/** Aim just below the tightest limit (the estimate is linear, the generator's output nearly so): the largest accepted export is the one the ceiling is about. */
const TARGET_SHARE_OF_LIMIT = 0.99;
/** Each retry shrinks by this much; a handful of tries always ends under the limits. */
const SHRINK = 0.9;
const MAX_ATTEMPTS = 4;
/** Counts the generator accepts (scripts/export-generator/options.ts): never scaled past them. */
const GENERATOR_MAX: Partial<Record<keyof BenchSizes, number>> = {
  rules: 100_000,
  addressGroups: 20_000,
  keywordLists: 5_000,
  ipEntries: 200_000,
};

export interface ExportLimits {
  uploadBytes: number;
  memberBytes: number;
  totalBytes: number | null;
  memberElements: number | null;
  exportElements: number | null;
}

export interface ExportMeasure {
  zipBytes: number;
  inflatedBytes: number;
  largestMember: { path: string; bytes: number; elements: number };
  elements: number;
}

const numberOr = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The limits in force in this checkout, as the server would apply them with default settings. */
export function exportLimits(): ExportLimits {
  const reader = bundleReader as Record<string, unknown>;
  const parser = xml as Record<string, unknown>;
  return {
    uploadBytes: loadConfig({}).migration.maxUploadBytes,
    memberBytes: numberOr(reader.MAX_MEMBER_BYTES) ?? Number.POSITIVE_INFINITY,
    totalBytes: numberOr(reader.MAX_TOTAL_UNCOMPRESSED_BYTES),
    memberElements: numberOr(parser.MAX_XML_ELEMENTS_PER_MEMBER),
    exportElements: numberOr(parser.MAX_XML_ELEMENTS_PER_EXPORT),
  };
}

/** Start and empty-element tags: `<` followed by a name's first character (XML 1.0 §3.1). */
function countElements(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] !== 0x3c) continue;
    const c = bytes[i + 1]!;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0x80) n++;
  }
  return n;
}

export function measureExport(path: string): ExportMeasure {
  const zip = readFileSync(path);
  const members = unzipSync(zip);
  let inflatedBytes = 0;
  let elements = 0;
  let largestMember = { path: '', bytes: 0, elements: 0 };
  for (const [name, bytes] of Object.entries(members)) {
    const count = name.endsWith('.xml') ? countElements(bytes) : 0;
    inflatedBytes += bytes.length;
    elements += count;
    if (bytes.length > largestMember.bytes) largestMember = { path: name, bytes: bytes.length, elements: count };
  }
  return { zipBytes: zip.length, inflatedBytes, largestMember, elements };
}

/** Per limit, how many times the measured export fits (< 1: over it). */
export function headroom(m: ExportMeasure, limits: ExportLimits): Record<string, number> {
  const h: Record<string, number> = {
    'upload bytes': limits.uploadBytes / m.zipBytes,
    'bytes of one member': limits.memberBytes / m.largestMember.bytes,
  };
  if (limits.totalBytes !== null) h['inflated bytes'] = limits.totalBytes / m.inflatedBytes;
  // The largest member by bytes is also the one with the most elements in generated exports.
  if (limits.memberElements !== null) h['elements of one member'] = limits.memberElements / Math.max(1, m.largestMember.elements);
  if (limits.exportElements !== null) h.elements = limits.exportElements / Math.max(1, m.elements);
  return h;
}

export function bindingLimit(m: ExportMeasure, limits: ExportLimits): { name: string; factor: number } {
  const [name, factor] = Object.entries(headroom(m, limits)).sort((a, b) => a[1] - b[1])[0]!;
  return { name, factor };
}

export async function generateExportFile(children: Children, out: string, sizes: BenchSizes): Promise<void> {
  const args = [
    '--import',
    'tsx',
    'scripts/generate-export.ts',
    '--out',
    out,
    '--rules',
    String(sizes.rules),
    '--groups',
    String(sizes.addressGroups),
    '--addresses-per-group',
    String(sizes.addressesPerGroup),
    '--keyword-lists',
    String(sizes.keywordLists),
    '--ip-entries',
    String(sizes.ipEntries),
    '--domains',
    BENCH_DOMAINS.join(','),
  ];
  const r = await run(children, process.execPath, args);
  if (r.code !== 0) throw new Error(`the export generator failed (exit ${r.code}): ${r.stderr.trim()}`);
}

export function scaleSizes(s: BenchSizes, factor: number): BenchSizes {
  const scale = (key: keyof BenchSizes) =>
    Math.max(1, Math.min(GENERATOR_MAX[key] ?? Number.POSITIVE_INFINITY, Math.floor(s[key] * factor)));
  return {
    ...s,
    rules: scale('rules'),
    addressGroups: scale('addressGroups'),
    keywordLists: scale('keywordLists'),
    ipEntries: scale('ipEntries'),
  };
}

export interface LargestExport {
  sizes: BenchSizes;
  measure: ExportMeasure;
  binding: { name: string; factor: number };
  attempts: number;
}

/**
 * The export of `base`'s proportions scaled up to TARGET_SHARE_OF_LIMIT of the tightest
 * limit, estimated from `baseMeasure` and checked on the generated file (shrunk and
 * generated again while any limit is exceeded). `share` < 1 builds a smaller one (--quick).
 */
export async function buildLargestExport(
  children: Children,
  out: string,
  base: BenchSizes,
  baseMeasure: ExportMeasure,
  limits: ExportLimits,
  share = 1,
): Promise<LargestExport> {
  let factor = bindingLimit(baseMeasure, limits).factor * TARGET_SHARE_OF_LIMIT * share;
  for (let attempt = 1; ; attempt++) {
    const sizes = scaleSizes(base, factor);
    await generateExportFile(children, out, sizes);
    const measure = measureExport(out);
    const binding = bindingLimit(measure, limits);
    if (binding.factor >= 1 || attempt >= MAX_ATTEMPTS) return { sizes, measure, binding, attempts: attempt };
    factor *= Math.min(SHRINK, binding.factor * TARGET_SHARE_OF_LIMIT);
  }
}

/** The member the padding goes in: a file of no format member, which the reader only lists. */
export const PADDING_MEMBER = 'attachments/padding.bin';

/**
 * Pads the export at `path` with a stored member of random bytes (incompressible, so the
 * ZIP grows by as much) until the file is `share` of the upload limit: the upload is then the
 * largest the limits allow in bytes too, not only in elements. Returns the padding's size.
 */
export function padToUploadLimit(path: string, limits: ExportLimits, share = TARGET_SHARE_OF_LIMIT): number {
  const zip = readFileSync(path);
  const room = Math.floor(limits.uploadBytes * share) - zip.length - 1024;
  if (room <= 0) return 0;
  const members = unzipSync(zip);
  writeFileSync(path, zipSync({ ...members, [PADDING_MEMBER]: [new Uint8Array(randomBytes(room)), { level: 0 }] }, { level: 6 }));
  return room;
}
