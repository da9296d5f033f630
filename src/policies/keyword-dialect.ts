// CEGP keyword expressions (Policy Objects → Keywords and Expressions): validator and
// linear-time matcher. Rules: docs/cegp/policies-and-content-filtering.md §4.
// Expressions come from imported configurations and run on attacker-controlled mail, so the
// mail text is only ever searched by re2js (RE2: linear time, no backtracking). JS RegExp
// touches only the expression source, at most MAX_EXPRESSION_LENGTH chars.
//
// Choices where the vendor notes are silent:
// - `\n` is newline; `\` + digit is octal (`\7`, `\12`, `\101`; a leading 0-3 takes up to
//   three digits, 4-7 up to two). `\8`, `\9` and letter escapes outside the table (`\B`,
//   `\p`, `\A`…) are EXPRESSION_UNSUPPORTED rather than guessed; an escaped ASCII punctuation
//   character (`\-`, `\@`, `\/`, as in POSIX tools) is that character.
// - `\b` is a word boundary at the very start or end of an operand, a backspace inside `[]`
//   or when it is the whole operand, and EXPRESSION_WORD_BOUNDARY_MIDDLE elsewhere. Word
//   characters, `\w` and the POSIX classes are ASCII (C locale, as in RE2), so `\b` never
//   asserts a boundary next to Japanese text; plain Japanese literals match fine.
// - REG_NEWLINE semantics (POSIX regcomp): `.` and `[^…]` never match a newline, `^`/`$` are
//   line anchors. `$` also matches before a CRLF (mail lines end in CRLF, RFC 5322 §2.1), so a
//   reported match may end with that "\r". Characters are Unicode code points, not bytes;
//   match indexes are UTF-16 offsets into the text (JS string indexes).
// - Shorthands (`{D}`, `{NUMBER}`…) are upper-case and act as one atom (`{D}{3}` = three
//   digits). Between a pair of double quotes they stay literal text (`"{D}"` matches the five
//   characters `"{D}"`); the quote marks are ordinary characters to match, and a lone `"` with
//   no partner quotes nothing. Inside brackets `{D}` is just the characters `{`, `D`, `}`.
// - Empty alternatives (`a|`, `|a`) and `()` are EXPRESSION_SYNTAX: they would match every
//   message. A lone `}` is literal (POSIX ERE); a lone `{` or `]` is an error.
// - Keyword operators are upper-case, recognised outside brackets, quotes and escapes (write
//   `\.AND\.` for the text). `.NOT.` is a prefix binding tightest (and may precede `.REG.`/
//   `.WILD.`); `.AND.` and `.OR.` have equal precedence, left to right: `a .OR. b .AND. c` is
//   `(a OR b) AND c`. Operators inside parentheses are EXPRESSION_UNSUPPORTED. Whitespace
//   touching an operator separates; anywhere else (e.g. a plain expression " fax") it is text.
//   Two operands with no `.AND.`/`.OR.` between them (`a .NOT. b`) are EXPRESSION_SYNTAX.
// - `.WILD.` operands search like regex operands (anywhere in the text); `*`/`?` stay within a
//   line, like `.`; every other character, `\` included, is literal.
// - Matches are reported only for operands that count positively (not under `.NOT.`), sorted by
//   index. A keyword list with no (valid) expressions never matches, in any mode: a list whose
//   expressions were all rejected on import must not fire on every message. `score` is the sum
//   over matched expressions in every mode; SCORE with a null threshold never matches.
//   `hits[].expressionIndex` indexes `list.expressions` (invalid expressions are left out).
import { RE2JS } from 're2js';
import { ExpressionProblemError, expressionProblem, type ExpressionProblem } from './keyword-problem.js';
import { translateRegex, translateWildcard } from './keyword-translate.js';

/** The vendor UI's field size order; also bounds the parse of the source. */
export const MAX_EXPRESSION_LENGTH = 1024;
/** A "test area" shows a handful of hits; also bounds the reporting scans per operand. */
export const MAX_REPORTED_MATCHES = 20;
/** Text beyond this is not scanned: 10 MiB of text is far beyond any decoded body part worth a keyword scan. */
export const MAX_SCANNED_TEXT_CHARS = 10 * 1024 * 1024;
/** Each operand is one linear scan, so cost = operands × text length; 32 is plenty for real lists. */
export const MAX_OPERANDS = 32;
/** RE2 per-character work grows with program size; `\d{1000}` is ~1,000, so 10,000 allows real patterns. */
export const MAX_PROGRAM_SIZE = 10_000;

/** Internal: a compiled expression is a boolean tree over independent RE2 searches. */
export type ExpressionNode =
  | { kind: 'term'; pattern: RE2JS }
  | { kind: 'not'; operand: ExpressionNode }
  | { kind: 'and' | 'or'; left: ExpressionNode; right: ExpressionNode };

export interface CompiledExpression {
  source: string;
  caseSensitive: boolean;
  /** Opaque: evaluate with matchExpression. */
  readonly root: ExpressionNode;
}

export interface ExpressionMatch {
  text: string;
  index: number;
}

const OPERATORS = ['AND', 'OR', 'NOT', 'REG', 'WILD'] as const;
type Operator = (typeof OPERATORS)[number];
type Token = { kind: 'op'; op: Operator; at: number } | { kind: 'operand'; text: string; at: number };

export function validateExpression(
  source: string,
  opts: { caseSensitive: boolean },
): { ok: true; compiled: CompiledExpression } | { ok: false; problem: ExpressionProblem } {
  if (source.trim() === '')
    return { ok: false, problem: { code: 'EXPRESSION_EMPTY', message: 'The expression is empty.', position: null } };
  if (source.length > MAX_EXPRESSION_LENGTH) {
    const message = `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`;
    return { ok: false, problem: { code: 'EXPRESSION_TOO_LONG', message, position: MAX_EXPRESSION_LENGTH } };
  }
  try {
    const root = parseOperators(tokenize(source), opts.caseSensitive);
    return { ok: true, compiled: { source, caseSensitive: opts.caseSensitive, root } };
  } catch (err) {
    if (err instanceof ExpressionProblemError) return { ok: false, problem: err.problem };
    throw err;
  }
}

/** Does the expression match the text? `matches` lists what matched (at most MAX_REPORTED_MATCHES), for a "test area" UI. */
export function matchExpression(compiled: CompiledExpression, text: string): { matched: boolean; matches: ExpressionMatch[] } {
  const scanned = boundText(text);
  if (!evaluate(compiled.root, scanned)) return { matched: false, matches: [] };
  const matches: ExpressionMatch[] = [];
  for (const pattern of positiveTerms(compiled.root, true)) {
    const m = pattern.matcher(scanned);
    for (let n = 0; n < MAX_REPORTED_MATCHES && m.find(); n++) matches.push({ text: m.group() ?? '', index: m.start() });
  }
  matches.sort((a, b) => a.index - b.index);
  return { matched: true, matches: matches.slice(0, MAX_REPORTED_MATCHES) };
}

export type KeywordListMatch = 'ANY' | 'ALL' | 'NOT' | 'SCORE';

export interface KeywordListSpec {
  match: KeywordListMatch;
  threshold: number | null;
  expressions: { source: string; caseSensitive: boolean; score: number }[];
}

export interface CompiledKeywordList {
  match: KeywordListMatch;
  threshold: number | null;
  expressions: (CompiledExpression & { score: number })[];
}

/** Invalid expressions are reported with their index and left out of the compiled list. */
export function compileKeywordList(spec: KeywordListSpec): {
  list: CompiledKeywordList;
  problems: { index: number; problem: ExpressionProblem }[];
} {
  const expressions: CompiledKeywordList['expressions'] = [];
  const problems: { index: number; problem: ExpressionProblem }[] = [];
  spec.expressions.forEach((e, index) => {
    const result = validateExpression(e.source, { caseSensitive: e.caseSensitive });
    if (result.ok) expressions.push({ ...result.compiled, score: e.score });
    else problems.push({ index, problem: result.problem });
  });
  return { list: { match: spec.match, threshold: spec.threshold, expressions }, problems };
}

export function evaluateKeywordList(
  list: CompiledKeywordList,
  text: string,
): { matched: boolean; score: number; hits: { expressionIndex: number; matches: ExpressionMatch[] }[] } {
  const scanned = boundText(text);
  const hits: { expressionIndex: number; matches: ExpressionMatch[] }[] = [];
  let score = 0;
  list.expressions.forEach((expression, expressionIndex) => {
    const result = matchExpression(expression, scanned);
    if (!result.matched) return;
    hits.push({ expressionIndex, matches: result.matches });
    score += expression.score;
  });
  const total = list.expressions.length;
  let matched = false;
  if (total > 0) {
    if (list.match === 'ANY') matched = hits.length > 0;
    else if (list.match === 'ALL') matched = hits.length === total;
    else if (list.match === 'NOT') matched = hits.length === 0;
    else matched = list.threshold !== null && score >= list.threshold;
  }
  return { matched, score, hits };
}

function boundText(text: string): string {
  if (text.length <= MAX_SCANNED_TEXT_CHARS) return text;
  const end = MAX_SCANNED_TEXT_CHARS;
  const last = text.charCodeAt(end - 1);
  const highSurrogate = last >= 0xd800 && last <= 0xdbff; // don't cut a pair in half
  return text.slice(0, highSurrogate ? end - 1 : end);
}

function evaluate(node: ExpressionNode, text: string): boolean {
  switch (node.kind) {
    case 'term':
      return node.pattern.test(text);
    case 'not':
      return !evaluate(node.operand, text);
    case 'and':
      return evaluate(node.left, text) && evaluate(node.right, text);
    case 'or':
      return evaluate(node.left, text) || evaluate(node.right, text);
  }
}

function positiveTerms(node: ExpressionNode, positive: boolean): RE2JS[] {
  if (node.kind === 'term') return positive ? [node.pattern] : [];
  if (node.kind === 'not') return positiveTerms(node.operand, !positive);
  return [...positiveTerms(node.left, positive), ...positiveTerms(node.right, positive)];
}

/** Splits the source at keyword operators; operands keep their offset for problem positions. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let segmentStart = 0;
  let depth = 0;
  let quoted = false;
  const pushOperand = (end: number, operatorFollows: boolean): void => {
    let start = segmentStart;
    let stop = end;
    if (segmentStart > 0) while (start < stop && /\s/.test(source[start])) start++;
    if (operatorFollows) while (stop > start && /\s/.test(source[stop - 1])) stop--;
    if (stop > start) tokens.push({ kind: 'operand', text: source.slice(start, stop), at: start });
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[') {
      i = skipBracket(source, i);
      continue;
    }
    if (ch === '"') quoted = quoted ? false : source.indexOf('"', i + 1) !== -1;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === '.' && !quoted) {
      const op = OPERATORS.find((o) => source.startsWith(`.${o}.`, i));
      if (op !== undefined) {
        if (depth > 0) expressionProblem('EXPRESSION_UNSUPPORTED', `".${op}." cannot be used inside parentheses.`, i);
        pushOperand(i, true);
        tokens.push({ kind: 'op', op, at: i });
        i += op.length + 2;
        segmentStart = i;
        continue;
      }
    }
    i++;
  }
  pushOperand(source.length, false);
  return tokens;
}

/** Index just past the bracket expression starting at `open` (mirrors the translator's rules). */
function skipBracket(source: string, open: number): number {
  let j = open + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  while (j < source.length) {
    const ch = source[j];
    const next = source[j + 1];
    if (ch === '\\') j += 2;
    else if (ch === ']') return j + 1;
    else if (ch === '[' && (next === ':' || next === '=' || next === '.') && source.indexOf(`${next}]`, j + 2) !== -1) {
      j = source.indexOf(`${next}]`, j + 2) + 2;
    } else j++;
  }
  return source.length;
}

function parseOperators(tokens: Token[], caseSensitive: boolean): ExpressionNode {
  const termCount = tokens.filter((t) => t.kind === 'operand').length;
  if (termCount > MAX_OPERANDS) expressionProblem('EXPRESSION_TOO_LONG', `The expression has more than ${MAX_OPERANDS} operands.`, null);
  let k = 0;
  const unary = (): ExpressionNode => {
    const t = tokens[k];
    if (t === undefined || (t.kind === 'op' && (t.op === 'AND' || t.op === 'OR'))) {
      const before = tokens[k - 1];
      const blamed = before?.kind === 'op' ? before : t;
      const side = before?.kind === 'op' ? 'right' : 'left';
      const name = blamed?.kind === 'op' ? `".${blamed.op}."` : 'An operator';
      return expressionProblem('EXPRESSION_OPERATOR_OPERAND_MISSING', `${name} has no operand on its ${side}.`, blamed?.at ?? null);
    }
    k++;
    if (t.kind === 'operand') return compileTerm(t, 'REG', caseSensitive);
    if (t.op === 'NOT') return { kind: 'not', operand: unary() };
    const operand = tokens[k];
    if (operand?.kind !== 'operand') {
      return expressionProblem('EXPRESSION_OPERATOR_OPERAND_MISSING', `".${t.op}." has no operand on its right.`, t.at);
    }
    k++;
    return compileTerm(operand, t.op, caseSensitive);
  };
  let node = unary();
  while (k < tokens.length) {
    const t = tokens[k];
    if (t.kind !== 'op' || (t.op !== 'AND' && t.op !== 'OR')) {
      expressionProblem('EXPRESSION_SYNTAX', 'Join operands with .AND. or .OR. (e.g. "a .AND. .NOT. b").', t.at);
    }
    k++;
    node = { kind: t.op === 'AND' ? 'and' : 'or', left: node, right: unary() };
  }
  return node;
}

function compileTerm(operand: { text: string; at: number }, mode: Operator, caseSensitive: boolean): ExpressionNode {
  const re2Source = mode === 'WILD' ? translateWildcard(operand.text) : translateRegex(operand.text, operand.at, caseSensitive);
  const flags = RE2JS.MULTILINE | (caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(re2Source, flags);
  } catch (err) {
    // The translator emits valid RE2; what is left is RE2's own size limits (nested counts).
    const message = err instanceof Error ? err.message : String(err);
    const code = /repeat|repetition/.test(message) ? 'EXPRESSION_BAD_REPETITION' : 'EXPRESSION_UNSUPPORTED';
    return expressionProblem(code, `The matcher refused this operand: ${message}`, operand.at);
  }
  if (pattern.programSize() > MAX_PROGRAM_SIZE) {
    expressionProblem('EXPRESSION_TOO_LONG', 'The expression expands to too large a pattern; reduce the repetition counts.', operand.at);
  }
  return { kind: 'term', pattern };
}
