// True file types: what an attachment is by its content, not its name (the "true file
// type" criterion, docs/cegp/policies-and-content-filtering.md §3). Pure.

/** True file types the IMSS/IMSVA export knows (docs/export-format.md §5). */
export const TRUE_FILE_TYPES: ReadonlySet<string> = new Set([
  'exe',
  'dll',
  'com',
  'msi',
  'lnk',
  'zip',
  '7z',
  'rar',
  'gzip',
  'tar',
  'cab',
  'lha',
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'rtf',
  'jpeg',
  'gif',
  'png',
  'bmp',
  'tiff',
  'mp3',
  'mp4',
  'html',
  'xml',
  'js',
  'vbs',
  'ps1',
  'iso',
]);

/** Of those, the ones CEGP's criterion does not offer (docs/export-format.md §10). */
export const UNSUPPORTED_TRUE_FILE_TYPES: ReadonlySet<string> = new Set(['msi', 'png', '7z', 'lnk']);

/** The types a CEGP rule may name. */
export const CEGP_TRUE_FILE_TYPES: ReadonlySet<string> = new Set([...TRUE_FILE_TYPES].filter((t) => !UNSUPPORTED_TRUE_FILE_TYPES.has(t)));
