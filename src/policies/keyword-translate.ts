// Translates one operand of a CEGP keyword expression (the POSIX-subset regex dialect, or a
// .WILD. wildcard) into RE2 syntax for re2js. See keyword-dialect.ts for the dialect rules and
// the choices made where the vendor notes are silent. Sources here are at most
// MAX_EXPRESSION_LENGTH chars, so the JS RegExps below only ever see bounded admin input,
// never mail text.
import { expressionProblem } from './keyword-problem.js';

/** RE2's own limit on a repetition count (`a{1001}` is refused by RE2 itself). */
export const MAX_REPEAT_COUNT = 1000;

/** Shorthands (vendor table), each an atom so `{D}{3}` and `{NUMBER}+` quantify as a whole. */
const SHORTHANDS: Record<string, string> = {
  D: '[0-9]',
  L: '[A-Za-z]',
  SP: '[(),;.\\\\<>@\\[\\]:]',
  NUMBER: '[0-9]+',
  WORD: '[A-Za-z]+',
  CR: '\\r',
  LF: '\\n',
  LWSP: '[ \\t]',
  CRLF: '\\r\\n',
  WSP: '[ \\t\\f]+',
  ALLC: '.',
};

/** POSIX classes, ASCII (C locale) as in RE2; `word` serves `\w` = `[_[:alnum:]]`. */
const POSIX_CLASSES = new Set([
  'alpha',
  'digit',
  'alnum',
  'cntrl',
  'blank',
  'space',
  'graph',
  'print',
  'punct',
  'lower',
  'upper',
  'xdigit',
]);

/** Meta-symbols as RE2 bracket items (usable both inside and outside brackets). */
const META_CLASSES: Record<string, string> = {
  s: '[:space:]',
  S: '[:^space:]',
  d: '[:digit:]',
  D: '[:^digit:]',
  w: '[:word:]',
  W: '[:^word:]',
};

const CONTROL_ESCAPES: Record<string, number> = { a: 0x07, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };

const REPEAT = /^\{([0-9]+)(,([0-9]*))?\}/;
const SHORTHAND = /^\{([A-Za-z]+)\}/;
const MALFORMED_REPEAT = /^\{[0-9,]/;

const hex = (cp: number): string => `\\x{${cp.toString(16)}}`;
const isAsciiAlnum = (ch: string): boolean => /^[0-9A-Za-z]$/.test(ch);

interface Cursor {
  src: string;
  pos: number;
  /** Offset of the operand in the whole expression, for problem positions. */
  base: number;
  caseSensitive: boolean;
  quoted: boolean;
}

type Piece = { re: string; kind: 'atom' | 'anchor' };
type BracketItem = { kind: 'char'; cp: number } | { kind: 'class'; re: string };

/** Translates a regex operand; throws ExpressionProblemError. */
export function translateRegex(src: string, base: number, caseSensitive: boolean): string {
  const c: Cursor = { src, pos: 0, base, caseSensitive, quoted: false };
  const re = parseAlternation(c);
  if (c.pos < src.length) expressionProblem('EXPRESSION_UNBALANCED', 'A ")" has no matching "(".', base + c.pos);
  return re;
}

/** `.WILD.` operand: `*` any run of characters, `?` one character (within a line, like `.`). */
export function translateWildcard(src: string): string {
  let out = '';
  for (const ch of src) out += ch === '*' ? '[^\\n]*' : ch === '?' ? '[^\\n]' : hex(ch.codePointAt(0) ?? 0);
  return out;
}

function parseAlternation(c: Cursor): string {
  const start = c.pos;
  const branches = [parseConcat(c)];
  while (c.src[c.pos] === '|') {
    c.pos++;
    branches.push(parseConcat(c));
  }
  if (branches.length > 1 && branches.some((b) => b === '')) {
    // `a|` or `|a` would match every message: almost certainly a typo, so refuse it.
    expressionProblem('EXPRESSION_SYNTAX', 'An alternative on one side of "|" is empty.', c.base + start);
  }
  return branches.join('|');
}

function parseConcat(c: Cursor): string {
  let out = '';
  let last: 'none' | 'atom' | 'anchor' | 'quantified' = 'none';
  while (c.pos < c.src.length) {
    const ch = c.src[c.pos];
    if (ch === '|' || ch === ')') break;
    const quantifier = readQuantifier(c);
    if (quantifier !== null) {
      if (last !== 'atom') {
        const what = last === 'quantified' ? 'follows another repetition' : 'has nothing to repeat';
        expressionProblem('EXPRESSION_BAD_REPETITION', `The repetition "${quantifier.text}" ${what}.`, c.base + quantifier.at);
      }
      out += quantifier.re;
      last = 'quantified';
      continue;
    }
    const piece = parseAtom(c);
    out += piece.re;
    last = piece.kind;
  }
  return out;
}

/** Reads `? * + {n} {n,} {n,m}` at the cursor, or returns null (leaving the cursor) for anything else. */
function readQuantifier(c: Cursor): { re: string; text: string; at: number } | null {
  const at = c.pos;
  const ch = c.src[at];
  if (ch === '*' || ch === '+' || ch === '?') {
    c.pos++;
    return { re: ch, text: ch, at };
  }
  if (ch !== '{') return null;
  const rest = c.src.slice(at);
  const m = REPEAT.exec(rest);
  if (m) {
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? null : Number(m[3]);
    if (max !== null && max < min)
      expressionProblem('EXPRESSION_BAD_REPETITION', `In "${m[0]}" the maximum is below the minimum.`, c.base + at);
    if (Math.max(min, max ?? 0) > MAX_REPEAT_COUNT) {
      expressionProblem('EXPRESSION_BAD_REPETITION', `"${m[0]}" repeats more than ${MAX_REPEAT_COUNT} times.`, c.base + at);
    }
    c.pos += m[0].length;
    return { re: m[0], text: m[0], at };
  }
  if (SHORTHAND.test(rest)) return null;
  if (MALFORMED_REPEAT.test(rest)) {
    expressionProblem('EXPRESSION_BAD_REPETITION', 'A repetition must be {n}, {n,} or {n,m}.', c.base + at);
  }
  return expressionProblem('EXPRESSION_SYNTAX', 'A literal "{" must be written "\\{".', c.base + at);
}

function parseAtom(c: Cursor): Piece {
  const at = c.pos;
  const ch = c.src[at];
  switch (ch) {
    case '(':
      return parseGroup(c);
    case '[':
      return { re: parseBracket(c), kind: 'atom' };
    case ']':
      return expressionProblem('EXPRESSION_UNBALANCED', 'A "]" has no matching "[" (write "\\]" for the character).', c.base + at);
    case '.':
      c.pos++;
      return { re: '.', kind: 'atom' };
    case '^':
      c.pos++;
      return { re: '^', kind: 'anchor' };
    case '$':
      c.pos++;
      // Mail lines end in CRLF (RFC 5322 §2.1); RE2's multi-line `$` stops only before "\n".
      return { re: '(?:\\r?$)', kind: 'anchor' };
    case '\\':
      return parseEscape(c);
    case '{':
      return parseShorthand(c);
    case '"':
      c.pos++;
      if (c.quoted) c.quoted = false;
      else if (c.src.indexOf('"', at + 1) !== -1) c.quoted = true;
      return { re: hex(0x22), kind: 'atom' };
    default: {
      const cp = c.src.codePointAt(at) ?? 0;
      c.pos += cp > 0xffff ? 2 : 1;
      return { re: hex(cp), kind: 'atom' };
    }
  }
}

function parseGroup(c: Cursor): Piece {
  const open = c.pos;
  if (c.src[open + 1] === '?') {
    expressionProblem('EXPRESSION_UNSUPPORTED', 'Groups like "(?:...)" or "(?i)" are not part of the dialect.', c.base + open);
  }
  c.pos++;
  const inner = parseAlternation(c);
  if (c.src[c.pos] !== ')') expressionProblem('EXPRESSION_UNBALANCED', 'This "(" is never closed.', c.base + open);
  c.pos++;
  if (inner === '') expressionProblem('EXPRESSION_SYNTAX', 'The group "()" is empty.', c.base + open);
  return { re: `(?:${inner})`, kind: 'atom' };
}

function parseShorthand(c: Cursor): Piece {
  const at = c.pos;
  const m = SHORTHAND.exec(c.src.slice(at));
  if (!m) return expressionProblem('EXPRESSION_SYNTAX', 'A literal "{" must be written "\\{".', c.base + at);
  c.pos += m[0].length;
  if (c.quoted) return { re: [...m[0]].map((ch) => hex(ch.codePointAt(0) ?? 0)).join(''), kind: 'atom' };
  const expansion = SHORTHANDS[m[1]];
  if (expansion === undefined) {
    expressionProblem('EXPRESSION_SYNTAX', `"${m[0]}" is neither a shorthand nor a repetition.`, c.base + at);
  }
  return { re: `(?:${expansion})`, kind: 'atom' };
}

function parseEscape(c: Cursor): Piece {
  const at = c.pos;
  if (c.src[at + 1] === 'b') {
    c.pos += 2;
    if (c.src === '\\b') return { re: hex(0x08), kind: 'atom' }; // "alone": backspace (vendor notes)
    if (at === 0 || c.pos === c.src.length) return { re: '\\b', kind: 'anchor' };
    return expressionProblem(
      'EXPRESSION_WORD_BOUNDARY_MIDDLE',
      '"\\b" is a word boundary only at the start or end of an expression.',
      c.base + at,
    );
  }
  const item = readEscape(c);
  return { re: item.kind === 'char' ? hex(item.cp) : `[${item.re}]`, kind: 'atom' };
}

/** Escapes shared by both contexts (`\b` is handled by the callers). Cursor is on the "\". */
function readEscape(c: Cursor): BracketItem {
  const at = c.pos;
  const ch = c.src[at + 1];
  if (ch === undefined) return expressionProblem('EXPRESSION_SYNTAX', 'The expression ends with a lone "\\".', c.base + at);
  c.pos += 2;
  if (ch in CONTROL_ESCAPES) return { kind: 'char', cp: CONTROL_ESCAPES[ch] };
  if (ch in META_CLASSES) return { kind: 'class', re: META_CLASSES[ch] };
  if (ch === 'x') {
    const digits = /^[0-9A-Fa-f]{2}/.exec(c.src.slice(c.pos, c.pos + 2));
    if (!digits) expressionProblem('EXPRESSION_SYNTAX', '"\\x" must be followed by two hex digits.', c.base + at);
    c.pos += 2;
    return { kind: 'char', cp: parseInt(digits[0], 16) };
  }
  if (/[0-7]/.test(ch)) {
    // \n, \nn, \mnn (m 0-3): a leading 0-3 takes up to two more digits, 4-7 up to one.
    const more = ch <= '3' ? 2 : 1;
    const digits = new RegExp(`^[0-7]{0,${more}}`).exec(c.src.slice(c.pos, c.pos + more))?.[0] ?? '';
    c.pos += digits.length;
    return { kind: 'char', cp: parseInt(ch + digits, 8) };
  }
  if (isAsciiAlnum(ch) || ch.charCodeAt(0) > 0x7e) {
    // \B, \p, \A, \8 (back-reference) … mean something in other dialects; refuse, don't guess.
    return expressionProblem('EXPRESSION_UNSUPPORTED', `"\\${ch}" is not an escape of this dialect.`, c.base + at);
  }
  return { kind: 'char', cp: ch.charCodeAt(0) }; // \. \( \{ … and any other ASCII punctuation
}

function parseBracket(c: Cursor): string {
  const open = c.pos;
  c.pos++;
  const negate = c.src[c.pos] === '^';
  if (negate) c.pos++;
  const items: string[] = [];
  let first = true;
  for (;;) {
    if (c.pos >= c.src.length) expressionProblem('EXPRESSION_UNBALANCED', 'This "[" is never closed.', c.base + open);
    if (c.src[c.pos] === ']' && !first) break;
    first = false;
    const lo = readBracketItem(c);
    const dash = c.src[c.pos] === '-' && c.pos + 1 < c.src.length && c.src[c.pos + 1] !== ']';
    if (!dash) {
      items.push(lo.kind === 'char' ? hex(lo.cp) : lo.re);
      continue;
    }
    const dashAt = c.pos;
    c.pos++;
    const hi = readBracketItem(c);
    if (lo.kind !== 'char' || hi.kind !== 'char' || hi.cp < lo.cp) {
      expressionProblem('EXPRESSION_SYNTAX', 'Invalid range in a bracket expression.', c.base + dashAt);
    }
    items.push(`${hex(lo.cp)}-${hex(hi.cp)}`);
  }
  c.pos++;
  // REG_NEWLINE semantics (POSIX regcomp): a non-matching list never matches a newline.
  return negate ? `[^${items.join('')}\\n]` : `[${items.join('')}]`;
}

function readBracketItem(c: Cursor): BracketItem {
  const at = c.pos;
  const ch = c.src[at];
  const next = c.src[at + 1];
  if (ch === '[' && next === ':') {
    const end = c.src.indexOf(':]', at + 2);
    if (end === -1) return expressionProblem('EXPRESSION_UNBALANCED', 'This "[:" class is never closed with ":]".', c.base + at);
    let name = c.src.slice(at + 2, end);
    if (!POSIX_CLASSES.has(name)) return expressionProblem('EXPRESSION_SYNTAX', `"[:${name}:]" is not a POSIX class.`, c.base + at);
    if (!c.caseSensitive && (name === 'lower' || name === 'upper')) name = 'alpha';
    c.pos = end + 2;
    return { kind: 'class', re: `[:${name}:]` };
  }
  if (ch === '[' && (next === '=' || next === '.')) {
    return expressionProblem('EXPRESSION_UNSUPPORTED', 'Collating elements "[= =]" and "[. .]" are not supported.', c.base + at);
  }
  if (ch === '\\') {
    if (next === 'b') {
      c.pos += 2;
      return { kind: 'char', cp: 0x08 };
    }
    return readEscape(c);
  }
  const cp = c.src.codePointAt(at) ?? 0;
  c.pos += cp > 0xffff ? 2 : 1;
  return { kind: 'char', cp };
}
