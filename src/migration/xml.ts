// Adapter: the export's XML members (shared/spec/imsva-export-format.md §2) into the
// order-preserving XmlElement tree, and the strict text decoding the reader also uses for
// imss.ini. Sole importer of fast-xml-parser and iconv-lite.
//
// The order of checks matters: bytes are decoded strictly first (a wrong declaration must
// not turn into mojibake that parses), then DTDs are refused on the decoded text before any
// parser sees it (no XXE, no entity expansion: fast-xml-parser also runs with entity
// processing off), then well-formedness is checked with line numbers, then the tree is
// built. Only the five predefined entities and character references are decoded, by this
// file (XML 1.0 §4.6, §4.1), never by the parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { bundleErrors, type XmlElement } from './bundle.js';

/**
 * Deepest element nesting accepted. The deepest path the format defines is about eight
 * levels (policyList/rule/conditions/content/subject/keywordList); 64 leaves room for
 * anything IMSVA might add while keeping the tree walk's recursion and the parser's
 * tag stack small on hostile input.
 */
export const MAX_XML_DEPTH = 64;

/**
 * How far into a member the XML declaration is looked for. The declaration must open the
 * document (XML 1.0 §2.8); a real one is under 100 bytes, so 1 KiB bounds the scan.
 */
const MAX_DECLARATION_BYTES = 1024;

/**
 * Declared charset labels (case-insensitive) → decoder. The Shift_JIS family decodes as
 * CP932 (Windows-31J), the superset Japanese Windows and IMSVA tools actually write (NEC
 * and IBM extensions such as ①), as the WHATWG Encoding Standard does for every
 * Shift_JIS label.
 */
const DECODERS: Record<string, 'utf-8' | 'cp932' | 'euc-jp'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  'windows-31j': 'cp932',
  cp932: 'cp932',
  ms932: 'cp932',
  'euc-jp': 'euc-jp',
  eucjp: 'euc-jp',
  'x-euc-jp': 'euc-jp',
};

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A reference as XML 1.0 §4.1 writes it, limited to what needs no DTD. */
const REFERENCE = /^&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/;
/** The longest reference REFERENCE can match (`&#x10FFFF;` is 10). */
const MAX_REFERENCE_CHARS = 12;
/** Characters XML 1.0 §2.2 excludes, literal or referenced. */
const ILLEGAL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const TEXT = '#text';
const CDATA = '#cdata';
const ATTRS = ':@';

/**
 * Decodes a member's bytes in the named charset, refusing bytes that are not valid in it
 * (rather than replacing them) and charsets outside UTF-8, Shift_JIS and EUC-JP.
 */
export function decodeText(path: string, bytes: Uint8Array, encoding: string): string {
  const decoder = DECODERS[encoding.trim().toLowerCase()];
  const invalid = () => bundleErrors.error('BUNDLE_ENCODING_INVALID', { path, encoding });
  if (!decoder) throw invalid();
  if (decoder === 'utf-8') {
    try {
      // fatal: malformed sequences throw instead of becoming U+FFFD; the BOM is dropped.
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw invalid();
    }
  }
  // A UTF-8 BOM in front of Shift_JIS or EUC-JP text contradicts the declaration.
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) throw invalid();
  // iconv-lite has no fatal mode: it writes U+FFFD for every undecodable sequence. Neither
  // charset can encode U+FFFD itself, so its presence proves an invalid byte.
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), decoder);
  if (text.includes('\uFFFD')) throw invalid();
  return text;
}

/** Parses one XML member of the export and returns its root element. */
export function parseXmlMember(path: string, bytes: Uint8Array): XmlElement {
  const encoding = declaredEncoding(bytes) ?? 'UTF-8';
  // XML 1.0 §2.11: every line end is read as \n; this also keeps line numbers honest.
  const text = decodeText(path, bytes, encoding).replace(/\r\n?/g, '\n');
  // Anywhere, even inside a comment or CDATA: an export never needs the words, and a
  // plain text search cannot be fooled by markup the parser would read differently.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw bundleErrors.error('BUNDLE_XML_DTD', { path });

  const malformed = (detail: string) => bundleErrors.error('BUNDLE_XML_MALFORMED', { path, detail });
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw malformed(`line ${verdict.err.line}: ${verdict.err.msg}`);
  const problem = characterProblem(text);
  if (problem) throw malformed(problem);

  let nodes: OrderedNode[];
  try {
    nodes = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      cdataPropName: CDATA,
      textNodeName: TEXT,
      ignoreDeclaration: true,
      ignorePiTags: true,
      processEntities: false,
      htmlEntities: false,
      maxNestedTags: MAX_XML_DEPTH,
    }).parse(text) as OrderedNode[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw malformed(/nested/i.test(message) ? tooDeep() : message);
  }
  const roots = nodes.filter((node) => elementName(node) !== undefined);
  // The validator accepts several top-level elements; a document has exactly one (§2.1).
  if (roots.length !== 1) throw malformed(roots.length === 0 ? 'no root element' : 'more than one root element');
  return toElement(roots[0]!, 1, malformed);
}

/** fast-xml-parser's preserveOrder node: `{ name: children, ':@': attrs }`, `{ '#text': s }`, `{ '#cdata': [{ '#text': s }] }`. */
type OrderedNode = Record<string, unknown>;

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRS && key !== TEXT && key !== CDATA && !key.startsWith('?'));
}

function toElement(node: OrderedNode, depth: number, malformed: (detail: string) => Error): XmlElement {
  if (depth > MAX_XML_DEPTH) throw malformed(tooDeep());
  const name = elementName(node)!;
  const rawAttrs = (node[ATTRS] ?? {}) as Record<string, string>;
  // fromEntries defines own properties, so no attribute name can reach a prototype.
  const attrs = Object.fromEntries(
    // §3.3.3: literal whitespace in an attribute value reads as a space; references after.
    Object.entries(rawAttrs).map(([key, value]) => [key, decodeReferences(String(value).replace(/[\t\n]/g, ' '), malformed)]),
  );
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] ?? []) as OrderedNode[]) {
    if (TEXT in child) text += decodeReferences(String(child[TEXT]), malformed);
    else if (CDATA in child) text += ((child[CDATA] ?? []) as OrderedNode[]).map((part) => String(part[TEXT] ?? '')).join('');
    else if (elementName(child) !== undefined) children.push(toElement(child, depth + 1, malformed));
  }
  return { name, attrs, children, text: text.trim() };
}

function decodeReferences(raw: string, malformed: (detail: string) => Error): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let at = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', at)) {
    out += raw.slice(at, amp);
    const char = referencedChar(raw, amp);
    if (char === undefined) throw malformed(`invalid reference "${raw.slice(amp, amp + 12)}"`);
    out += char.value;
    at = amp + char.length;
  }
  return out + raw.slice(at);
}

/** The character a reference at `index` stands for, or undefined when it is not one we allow. */
function referencedChar(text: string, index: number): { value: string; length: number } | undefined {
  const m = REFERENCE.exec(text.slice(index, index + MAX_REFERENCE_CHARS));
  if (!m) return undefined;
  if (m[1]) return { value: PREDEFINED_ENTITIES[m[1]]!, length: m[0].length };
  const code = m[2] !== undefined ? Number.parseInt(m[2], 10) : Number.parseInt(m[3]!, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  const value = String.fromCodePoint(code);
  return ILLEGAL_CHAR.test(value) ? undefined : { value, length: m[0].length };
}

/**
 * What fast-xml-parser's validator lets through but XML 1.0 forbids, with its line:
 * characters outside §2.2 and references other than the predefined entities and character
 * references (an undeclared entity is a well-formedness error, §4.1 WFC: Entity Declared).
 * Comments, CDATA sections and processing instructions may hold a bare `&`; they are
 * blanked first, keeping line breaks so line numbers still count.
 */
function characterProblem(text: string): string | undefined {
  const illegal = ILLEGAL_CHAR.exec(text);
  if (illegal) return `line ${lineOf(text, illegal.index)}: character U+${illegal[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`;
  const blanked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) => m.replace(/[^\n]/g, ' '));
  for (let amp = blanked.indexOf('&'); amp !== -1; amp = blanked.indexOf('&', amp + 1)) {
    if (referencedChar(blanked, amp) === undefined) {
      const shown = /^&[^\s;<&]{0,10};?/.exec(blanked.slice(amp))![0];
      return `line ${lineOf(text, amp)}: "${shown}" is not a predefined entity or a valid character reference`;
    }
  }
  return undefined;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function tooDeep(): string {
  return `too deep: elements nest more than ${MAX_XML_DEPTH} levels`;
}

/** The `encoding` of the XML declaration that opens the member, if it has one. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? UTF8_BOM.length : 0;
  // The declaration is ASCII in every accepted charset, so latin1 reads it byte for byte.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .subarray(start, start + MAX_DECLARATION_BYTES)
    .toString('latin1');
  const declaration = /^<\?xml\s([^?]*)\?>/.exec(head);
  if (!declaration) return undefined;
  return /\bencoding\s*=\s*(["'])([^"']*)\1/.exec(declaration[1]!)?.[2];
}
