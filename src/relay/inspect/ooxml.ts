// Office 2007+ (OOXML, ECMA-376 Part 2 Open Packaging Conventions) told from a ZIP listing,
// and the text of its main parts for keyword criteria. Pure.
//
// A package has [Content_Types].xml; its main part's content type says the application
// (the macro-enabled types too: docm/xlsm/pptm count as docx/xlsx/pptx, as CEGP's list has
// no separate entries). When [Content_Types].xml cannot be read the conventional main part
// names decide. Macros are the part vbaProject.bin (ECMA-376 has no other place for VBA).

export const CONTENT_TYPES_PART = '[Content_Types].xml';

const MAIN_TYPES: readonly [string, 'docx' | 'xlsx' | 'pptx'][] = [
  ['wordprocessingml.document.main+xml', 'docx'],
  ['wordprocessingml.template.main+xml', 'docx'],
  ['ms-word.document.macroenabled.main+xml', 'docx'],
  ['ms-word.template.macroenabledtemplate.main+xml', 'docx'],
  ['spreadsheetml.sheet.main+xml', 'xlsx'],
  ['spreadsheetml.template.main+xml', 'xlsx'],
  ['ms-excel.sheet.macroenabled.main+xml', 'xlsx'],
  ['ms-excel.template.macroenabled.main+xml', 'xlsx'],
  ['ms-excel.sheet.binary.macroenabled.main', 'xlsx'],
  ['presentationml.presentation.main+xml', 'pptx'],
  ['presentationml.slideshow.main+xml', 'pptx'],
  ['presentationml.template.main+xml', 'pptx'],
  ['ms-powerpoint.presentation.macroenabled.main+xml', 'pptx'],
  ['ms-powerpoint.slideshow.macroenabled.main+xml', 'pptx'],
  ['ms-powerpoint.template.macroenabled.main+xml', 'pptx'],
];

/** docx, xlsx, pptx, or null when the ZIP is not an Office 2007+ package. */
export function ooxmlKind(names: readonly string[], contentTypes: string | null): 'docx' | 'xlsx' | 'pptx' | null {
  if (!names.includes(CONTENT_TYPES_PART)) return null;
  if (contentTypes) {
    const lower = contentTypes.toLowerCase();
    for (const [type, kind] of MAIN_TYPES) if (lower.includes(type)) return kind;
  }
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml') || names.includes('xl/workbook.bin')) return 'xlsx';
  if (names.includes('ppt/presentation.xml')) return 'pptx';
  return null;
}

export function isVbaProjectPart(name: string): boolean {
  return name.toLowerCase().endsWith('vbaproject.bin');
}

/** The parts whose text CEGP-like keyword scanning reads, in reading order (slides by number). */
export function ooxmlTextParts(names: readonly string[]): string[] {
  const slides = names.filter((n) => /^ppt\/slides\/slide\d{1,6}\.xml$/.test(n)).sort((a, b) => slideNumber(a) - slideNumber(b));
  return [...names.filter((n) => n === 'word/document.xml' || n === 'xl/sharedStrings.xml'), ...slides];
}

function slideNumber(name: string): number {
  return Number(name.slice('ppt/slides/slide'.length, -'.xml'.length));
}

/**
 * Elements that end a paragraph or a cell's string (OOXML; and HTML's blocks, as HTML
 * attachments are read with this too): a line break keeps words apart.
 */
const BREAKS = new Set([
  'w:p',
  'a:p',
  'si',
  'w:br',
  'a:br',
  'w:cr',
  'row',
  'c',
  'p',
  'div',
  'li',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

/**
 * The character data of an XML part with tags removed, entities decoded, a newline after
 * paragraph-like elements and a tab for w:tab, at most `maxChars`. Linear: one pass with
 * indexOf, no regular expression over the part.
 */
export function xmlText(xml: string, maxChars: number): string {
  let out = '';
  let at = 0;
  while (at < xml.length && out.length < maxChars) {
    const lt = xml.indexOf('<', at);
    const text = lt < 0 ? xml.slice(at) : xml.slice(at, lt);
    if (text) out += decodeEntities(text);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) break;
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('!--')) {
      const end = xml.indexOf('-->', lt);
      at = end < 0 ? xml.length : end + 3;
      continue;
    }
    const closing = tag.startsWith('/');
    const selfClosing = tag.endsWith('/');
    const name = tagName(closing ? tag.slice(1) : tag).toLowerCase();
    if (name === 'w:tab') out += '\t';
    else if (name === 'br' || (BREAKS.has(name) && (closing || selfClosing))) out += '\n';
    at = gt + 1;
  }
  return out.length > maxChars ? out.slice(0, maxChars) : out;
}

function tagName(tag: string): string {
  let end = 0;
  while (end < tag.length && tag[end] !== ' ' && tag[end] !== '/' && tag[end] !== '\t' && tag[end] !== '\n' && tag[end] !== '\r') end++;
  return tag.slice(0, end);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML 1.0 §4.6 predefined entities and character references; anything else is left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let at = 0;
  while (at < text.length) {
    const amp = text.indexOf('&', at);
    if (amp < 0) {
      out += text.slice(at);
      break;
    }
    out += text.slice(at, amp);
    const semi = text.indexOf(';', amp);
    const ref = semi > amp && semi - amp <= 10 ? text.slice(amp + 1, semi) : null;
    const value = ref === null ? undefined : ref.startsWith('#') ? charRef(ref) : ENTITIES[ref];
    if (value === undefined) {
      out += '&';
      at = amp + 1;
    } else {
      out += value;
      at = semi + 1;
    }
  }
  return out;
}

function charRef(ref: string): string | undefined {
  const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
