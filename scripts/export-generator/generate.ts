// Generator of valid IMSS/IMSVA configuration exports (`.dat` = ZIP) in the layout of
// docs/export-format.md, for tests and the benchmark. Pure: no fs, no clock.
import { zipSync, type Zippable } from 'fflate';
import { buildAdminSettings, buildEuqSettings, buildIni, buildManifest, buildOtherPolicy } from './admin.js';
import { buildCaseFragments } from './cases.js';
import { createContext } from './context.js';
import { buildObjects } from './objects.js';
import { resolveOptions, type GenerateOptions } from './options.js';
import { buildRules } from './rules.js';
import { buildApprovedLists, buildDkimSignatures, buildSenderFiltering } from './sender-lists.js';
import { encodeText, xmlDocument } from './xml.js';

export type { GenerateOptions } from './options.js';
export { GENERATED_CASES, generatedCasesFor, OPTION_CASES, type CaseCode } from './cases.js';

/**
 * ZIP entry time. fflate writes DOS times from the Date's *local* fields, so a Date built
 * from local fields gives the same bytes in every time zone.
 */
const ZIP_MTIME = new Date(2024, 4, 22, 15, 39, 24);

/** Every member of the export, path → bytes, in a fixed order. */
export function generateExportMembers(partial: Partial<GenerateOptions>): Record<string, Uint8Array> {
  const opts = resolveOptions(partial);
  const ctx = createContext(opts);
  // Case fragments draw no random numbers: the same seed gives the same clean settings
  // with or without cases.
  const cases = opts.cases === 'all' ? buildCaseFragments(ctx) : undefined;
  const xml = (lines: string[]): Uint8Array => encodeText(xmlDocument(opts.xmlEncoding, lines), opts.xmlEncoding);

  const objects = buildObjects(ctx, cases);
  const members: Record<string, Uint8Array> = {
    'manifest.xml': xml(buildManifest(ctx)),
    'imss.ini': new TextEncoder().encode(buildIni(ctx, cases)),
    'policy/rules.xml': xml(buildRules(ctx, objects.catalog, cases)),
    'policy/objects.xml': xml(objects.xml),
    'policy/approved-lists.xml': xml(buildApprovedLists(ctx, cases)),
    'policy/other.xml': xml(buildOtherPolicy(ctx, cases)),
    'sender-filtering.xml': xml(buildSenderFiltering(ctx, cases)),
  };
  // DKIM signing exists in IMSVA only (domain notes §5).
  if (opts.product === 'IMSVA') members['admin/dkim-signatures.xml'] = xml(buildDkimSignatures(ctx, cases));
  members['admin/settings.xml'] = xml(buildAdminSettings(ctx, cases));
  members['euq/settings.xml'] = xml(buildEuqSettings(ctx, cases));
  return members;
}

/** The export as a ZIP (deflate), byte-identical for identical options. */
export function generateExport(partial: Partial<GenerateOptions>): Uint8Array {
  const members = generateExportMembers(partial);
  const files: Zippable = {};
  for (const [path, bytes] of Object.entries(members)) files[path] = [bytes, { mtime: ZIP_MTIME }];
  return zipSync(files, { level: 6, mtime: ZIP_MTIME });
}

/** `Config_Files_YYYYMMDD_HHMMSS.dat`, from the date's local fields as the appliance names it. */
export function exportFileName(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}`;
  const time = `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
  return `Config_Files_${day}_${time}.dat`;
}
