// Adapter: the export's XML members (docs/export-format.md §2) into the
// order-preserving XmlElement tree, and the strict text decoding the reader also uses for
// imss.ini. Sole importer of saxes and iconv-lite.
//
// The order of checks matters: bytes are decoded strictly first (a wrong declaration must
// not turn into mojibake that parses), then DTDs are refused on the decoded text before any
// parser sees it (no XXE, no entity expansion), then one strict saxes pass checks
// well-formedness (with line numbers) and builds the tree. Only the five predefined
// entities and character references are decoded (XML 1.0 §4.6, §4.1). The open-tag handler
// refuses, as it meets them, an element past the element counts and an element the
// member's schema (export-schema.ts) does not allow there, before a node is made for it.
import { SaxesParser } from 'saxes';
import { ExpectedError, type LocalizedText } from '../platform/errors.js';
import iconv from 'iconv-lite';
import { bundleDetail, bundleErrors, withLibraryWords, type BundleDetail, type XmlElement } from './bundle.js';
import { ANY, type MemberSchema } from './export-schema.js';

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
 * Elements one member may hold. The benchmark's export (npm run generate:export -- --rules
 * 10000 --groups 2000 --addresses-per-group 50 --keyword-lists 500 --ip-entries 20000, the
 * issue's size) has 175,000 in policy/rules.xml, its largest member; 250,000 leaves it
 * 40 % room. Every element costs a tree node (~200 bytes) however small its tag, and the
 * analysis about 1 KB of memory per element in all: 190 MB of `<a/>` would be 47 million
 * nodes, which is what exhausted the heap before this bound.
 */
export const MAX_XML_ELEMENTS_PER_MEMBER = 250_000;
/**
 * Elements of all members together. The benchmark's export has 312,000 and peaks near
 * 470 MB of server memory through analysis, report and import; at about 1.2 KB per element
 * the ceiling of 600 MB for any accepted upload allows about 330,000 (measured with
 * `npm run bench:hostile`, part c, which builds the largest export these bounds accept:
 * 379,000 elements peaked at 637 MB).
 */
export const MAX_XML_ELEMENTS_PER_EXPORT = 330_000;

/** Counts the elements of one export across its members (one budget per export). */
export interface ElementBudget {
  remaining: number;
  max: number;
}

export function exportElementBudget(max = MAX_XML_ELEMENTS_PER_EXPORT): ElementBudget {
  return { remaining: max, max };
}

export interface ParseOptions {
  /** Element names the member may contain; unknown ones are refused as the parser meets them. */
  schema?: MemberSchema;
  budget?: ElementBudget;
  maxElements?: number;
}

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
/** Characters XML 1.0 §2.2 excludes, literal or referenced. */
const ILLEGAL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

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
export function parseXmlMember(path: string, bytes: Uint8Array, opts: ParseOptions = {}): XmlElement {
  const encoding = declaredEncoding(bytes) ?? 'UTF-8';
  // XML 1.0 §2.11: every line end is read as \n; this also keeps line numbers honest.
  const text = decodeText(path, bytes, encoding).replace(/\r\n?/g, '\n');
  // Anywhere, even inside a comment or CDATA: an export never needs the words, and a
  // plain text search cannot be fooled by markup the parser would read differently.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw bundleErrors.error('BUNDLE_XML_DTD', { path });

  const malformed = (detail: LocalizedText) => bundleErrors.error('BUNDLE_XML_MALFORMED', { path, detail });
  const problem = characterProblem(text);
  if (problem) throw malformed(problem);
  return buildTree(path, text, malformed, opts);
}

/**
 * One strict pass (saxes: well-formedness, predefined entities and character references
 * only, one root) that builds the tree directly. A validating pass plus a DOM-like parse
 * and a conversion held three copies of a large member in memory at once.
 */
function buildTree(path: string, text: string, malformed: (detail: LocalizedText) => Error, opts: ParseOptions): XmlElement {
  const parser = new SaxesParser({ position: true });
  const stack: { element: XmlElement; text: string; open: boolean }[] = [];
  const maxElements = opts.maxElements ?? MAX_XML_ELEMENTS_PER_MEMBER;
  const { schema, budget } = opts;
  let elements = 0;
  let root: XmlElement | undefined;
  // One copy of each element name for the whole member (a member uses a few dozen names).
  const names = new Map<string, string>();
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_XML_DEPTH) throw malformed(bundleDetail('XML_TOO_DEEP', { max: MAX_XML_DEPTH }));
    if (RESERVED_NAMES.has(tag.name)) throw malformed(bundleDetail('XML_NAME_RESERVED', { line: parser.line, name: tag.name }));
    // Counted before the node exists: a flood of empty elements stops at the bound.
    if (++elements > maxElements) throw bundleErrors.error('BUNDLE_MEMBER_TOO_MANY_ELEMENTS', { path, max: maxElements });
    if (budget && --budget.remaining < 0) throw bundleErrors.error('BUNDLE_TOO_MANY_ELEMENTS', { path, max: budget.max });
    const open = schema ? allowedHere(schema, stack[stack.length - 1], tag.name, path) : true;
    // fromEntries defines own properties, so no attribute name can reach a prototype.
    const attrs = Object.fromEntries(Object.entries(tag.attributes as Record<string, string>).map(([k, v]) => [k, detached(String(v))]));
    let name = names.get(tag.name);
    if (name === undefined) {
      name = detached(tag.name);
      names.set(tag.name, name);
    }
    const element: XmlElement = { name, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.element.children.push(element);
    else root = element;
    stack.push({ element, text: '', open });
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    const top = stack.pop()!;
    top.element.text = detached(top.text.trim());
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof ExpectedError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const m = /^(\d+):(\d+): (.*)$/s.exec(message);
    if (!m) throw malformed(withLibraryWords(bundleDetail('XML_UNREADABLE'), message));
    const line = Number(m[1]);
    if (/undefined entity/i.test(m[3]!)) throw malformed(undeclaredEntity(text, line) ?? syntaxError(line, m[3]!));
    throw malformed(syntaxError(line, m[3]!));
  }
  if (!root) throw malformed(bundleDetail('XML_NO_ROOT'));
  return root;
}

/**
 * V8 makes a substring of 13 characters or more a slice that keeps its whole parent string
 * alive (SlicedString::kMinLength); shorter ones are copied.
 */
const SLICE_MIN_LENGTH = 13;

/**
 * `s` as a string of its own. saxes hands out slices of the text it is given, so without
 * this one attribute value kept by the typed source (source.ts) would keep its member's whole
 * decoded text alive (about 24 MB at the bounds, for as long as the analysis worker keeps
 * the parsed export), and every member's text would live until all trees are dropped.
 * A JSON round trip is the cheapest copy V8 offers (about 0.3 µs per value).
 */
function detached(s: string): string {
  return s.length < SLICE_MIN_LENGTH ? s : JSON.parse(JSON.stringify(s));
}

/**
 * saxes's usual complaints (its English), as our own sentences in both languages; `{name}`
 * is the first group. The list follows saxes 6's messages.
 */
const SAXES_PROBLEMS: readonly [RegExp, BundleDetail][] = [
  [/^unclosed tag: (.+)$/s, 'XML_TAG_UNCLOSED'],
  [/^unmatched closing tag: (.+)\.$/s, 'XML_CLOSE_TAG_UNMATCHED'],
  [/^duplicate attribute: (.+)\.$/s, 'XML_ATTRIBUTE_REPEATED'],
  [/^unexpected close tag\.$/, 'XML_CLOSE_TAG_UNEXPECTED'],
  [/^(?:attribute without value|value required)\.$/, 'XML_ATTRIBUTE_NO_VALUE'],
  [/^(?:unquoted attribute value|value must be quoted)\.$/, 'XML_ATTRIBUTE_UNQUOTED'],
  [/^text data outside of root node\.$/, 'XML_TEXT_OUTSIDE_ROOT'],
  [/^documents may contain only one root\.$/, 'XML_SECOND_ROOT'],
  [/^unexpected end\.$/, 'XML_UNEXPECTED_END'],
  [/^document must contain a root element\.$/, 'XML_NO_ROOT'],
];

/** saxes's complaint at `line`: one the list does not know keeps saxes's words in English and says only where in Japanese. */
function syntaxError(line: number, words: string): LocalizedText {
  for (const [pattern, key] of SAXES_PROBLEMS) {
    const m = pattern.exec(words);
    if (m) return bundleDetail(key, { line, name: m[1] ?? '' });
  }
  return { en: `line ${line}: ${words}`, ja: bundleDetail('XML_SYNTAX', { line }).ja };
}

/**
 * Refuses `name` unless the schema allows it inside `parent` (or as the root); answers
 * whether the new element opens a subtree where any names are allowed.
 */
function allowedHere(
  schema: MemberSchema,
  parent: { element: XmlElement; open: boolean } | undefined,
  name: string,
  path: string,
): boolean {
  const unknown = () => bundleErrors.error('BUNDLE_UNKNOWN_ELEMENT', { path, element: name });
  if (!parent) {
    if (name !== schema.root) throw unknown();
    return false;
  }
  if (parent.open) return true;
  const allowed = Object.hasOwn(schema.children, parent.element.name) ? schema.children[parent.element.name] : undefined;
  if (allowed === ANY) return true;
  if (!allowed?.includes(name)) throw unknown();
  return false;
}

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Names the first undeclared entity on `line` (§4.1 WFC: Entity Declared). */
function undeclaredEntity(text: string, line: number): LocalizedText | undefined {
  const lineText = text.split('\n', line)[line - 1] ?? '';
  for (const m of lineText.matchAll(/&([A-Za-z_][\w.-]*);?/g)) {
    if (!PREDEFINED.has(m[1]!)) return bundleDetail('XML_ENTITY_UNDECLARED', { line, entity: m[0] });
  }
  return undefined;
}

/** Names a plain-object tree must not carry as element names. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Characters outside XML 1.0 §2.2, with their line (saxes refuses them too, but this names
 * the character). Undeclared entities and bad references are left to saxes (§4.1).
 */
function characterProblem(text: string): LocalizedText | undefined {
  const illegal = ILLEGAL_CHAR.exec(text);
  if (!illegal) return undefined;
  const character = `U+${illegal[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return bundleDetail('XML_CHARACTER', { line: lineOf(text, illegal.index), character });
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
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
