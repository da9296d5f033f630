// The translation layer of the keyword dialect: one operand in, the RE2 source out. What the
// translated patterns match is keyword-dialect.test.ts's business; here, what they are, that
// RE2 takes them, and the problem (code and position) each refusal carries.
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { ExpressionProblemError, type ExpressionProblem } from '../../src/policies/keyword-problem.js';
import { MAX_REPEAT_COUNT, translateRegex, translateWildcard } from '../../src/policies/keyword-translate.js';

const r = String.raw;

/** Translates and checks that RE2 compiles the result, as the dialect will. */
function translated(src: string, caseSensitive = false): string {
  const re = translateRegex(src, 0, caseSensitive);
  expect(() => RE2JS.compile(re, RE2JS.MULTILINE)).not.toThrow();
  return re;
}

function problemOf(src: string, base = 0, caseSensitive = false): ExpressionProblem {
  try {
    translateRegex(src, base, caseSensitive);
  } catch (err) {
    if (!(err instanceof ExpressionProblemError)) throw err;
    expect(err.message).toBe(err.problem.message);
    expect(err.problem.message.length).toBeGreaterThan(0);
    return err.problem;
  }
  throw new Error(`${src} translated without a problem`);
}

describe('translateRegex: literals', () => {
  it.each([
    ['abc', r`\x{61}\x{62}\x{63}`],
    ['社外秘', r`\x{793e}\x{5916}\x{79d8}`],
    // One code point, not two surrogate halves.
    ['😀', r`\x{1f600}`],
    // A lone "}" is literal (POSIX ERE), as is a double quote with no partner.
    ['}', r`\x{7d}`],
    ['a"b', r`\x{61}\x{22}\x{62}`],
    [' fax', r`\x{20}\x{66}\x{61}\x{78}`],
    ['', ''],
  ])('%j → %s', (src, re) => {
    expect(translated(src)).toBe(re);
  });

  it('writes "." as any character (RE2 keeps it off newlines) and the anchors as line anchors, "$" before an optional CR', () => {
    expect(translated('a.c')).toBe(r`\x{61}.\x{63}`);
    expect(translated('^a$')).toBe(r`^\x{61}(?:\r?$)`);
  });
});

describe('translateRegex: alternation, groups and repetition', () => {
  it.each([
    ['a|b', r`\x{61}|\x{62}`],
    ['(ab|c)d', r`(?:\x{61}\x{62}|\x{63})\x{64}`],
    ['((a))', r`(?:(?:\x{61}))`],
    ['a?b*c+', r`\x{61}?\x{62}*\x{63}+`],
    ['a{3}', r`\x{61}{3}`],
    ['a{2,}', r`\x{61}{2,}`],
    ['a{0,5}', r`\x{61}{0,5}`],
    ['(ab){2}', r`(?:\x{61}\x{62}){2}`],
    ['[ab]+', r`[\x{61}\x{62}]+`],
    ['.*', '.*'],
  ])('%j → %s', (src, re) => {
    expect(translated(src)).toBe(re);
  });

  it(`takes repetition counts up to MAX_REPEAT_COUNT (${MAX_REPEAT_COUNT}), RE2's own limit`, () => {
    expect(translated(`a{${MAX_REPEAT_COUNT}}`)).toBe(r`\x{61}{${MAX_REPEAT_COUNT}}`);
    expect(translated(`a{1,${MAX_REPEAT_COUNT}}`)).toBe(r`\x{61}{1,${MAX_REPEAT_COUNT}}`);
  });

  it.each([`a{${MAX_REPEAT_COUNT + 1}}`, `a{1,${MAX_REPEAT_COUNT + 1}}`, `a{${MAX_REPEAT_COUNT + 1},}`])(
    'refuses %j: more than MAX_REPEAT_COUNT',
    (src) => {
      expect(problemOf(src)).toMatchObject({ code: 'EXPRESSION_BAD_REPETITION', position: 1 });
      expect(problemOf(src).message).toContain(String(MAX_REPEAT_COUNT));
    },
  );

  it.each([
    ['*a', 'EXPRESSION_BAD_REPETITION', 0],
    ['a**', 'EXPRESSION_BAD_REPETITION', 2],
    ['a{2}{3}', 'EXPRESSION_BAD_REPETITION', 4],
    ['^*', 'EXPRESSION_BAD_REPETITION', 1],
    ['(+a)', 'EXPRESSION_BAD_REPETITION', 1],
    ['a{3,2}', 'EXPRESSION_BAD_REPETITION', 1],
    ['a{,3}', 'EXPRESSION_BAD_REPETITION', 1],
    ['a{1,2,3}', 'EXPRESSION_BAD_REPETITION', 1],
    ['a{', 'EXPRESSION_SYNTAX', 1],
    ['a{b', 'EXPRESSION_SYNTAX', 1],
    ['a|', 'EXPRESSION_SYNTAX', 0],
    ['|a', 'EXPRESSION_SYNTAX', 0],
    ['x(a|)', 'EXPRESSION_SYNTAX', 2],
    ['a()', 'EXPRESSION_SYNTAX', 1],
    ['(a', 'EXPRESSION_UNBALANCED', 0],
    ['a)', 'EXPRESSION_UNBALANCED', 1],
    ['a]', 'EXPRESSION_UNBALANCED', 1],
    ['(?:a)', 'EXPRESSION_UNSUPPORTED', 0],
    ['(?i)a', 'EXPRESSION_UNSUPPORTED', 0],
  ])('refuses %j: %s at %i', (src, code, position) => {
    expect(problemOf(src)).toMatchObject({ code, position });
  });

  it('says why a repetition has nothing to repeat or follows another', () => {
    expect(problemOf('*a').message).toMatch(/nothing to repeat/);
    expect(problemOf('a+*').message).toMatch(/follows another repetition/);
  });
});

describe('translateRegex: shorthands', () => {
  it.each([
    ['{D}', '(?:[0-9])'],
    ['{L}', '(?:[A-Za-z])'],
    ['{SP}', r`(?:[(),;.\\<>@\[\]:])`],
    ['{NUMBER}', '(?:[0-9]+)'],
    ['{WORD}', '(?:[A-Za-z]+)'],
    ['{CR}', r`(?:\r)`],
    ['{LF}', r`(?:\n)`],
    ['{LWSP}', r`(?:[ \t])`],
    ['{CRLF}', r`(?:\r\n)`],
    ['{WSP}', r`(?:[ \t\f]+)`],
    ['{ALLC}', '(?:.)'],
  ])('%j → %s', (src, re) => {
    expect(translated(src)).toBe(re);
  });

  it('makes each shorthand one atom, so a repetition applies to all of it', () => {
    expect(translated('{D}{3}')).toBe('(?:[0-9]){3}');
    expect(translated('{NUMBER}+')).toBe('(?:[0-9]+)+');
    expect(translated('{CRLF}?')).toBe(r`(?:\r\n)?`);
  });

  it('leaves a shorthand between double quotes as its characters, but a repetition still repeats', () => {
    expect(translated('"{D}"')).toBe(r`\x{22}\x{7b}\x{44}\x{7d}\x{22}`);
    expect(translated('"{XYZ}"')).toBe(r`\x{22}\x{7b}\x{58}\x{59}\x{5a}\x{7d}\x{22}`);
    expect(translated('"a{2}"')).toBe(r`\x{22}\x{61}{2}\x{22}`);
    // The closing quote ends the quoted span: the shorthand after it expands.
    expect(translated('"{D}"{D}')).toBe(r`\x{22}\x{7b}\x{44}\x{7d}\x{22}(?:[0-9])`);
  });

  it('leaves a shorthand inside brackets as its characters', () => {
    expect(translated('[{D}]')).toBe(r`[\x{7b}\x{44}\x{7d}]`);
  });

  it.each([
    ['{XYZ}', 0],
    ['a{d}', 1],
    ['x{Number}', 1],
  ])('refuses %j: neither a shorthand nor a repetition, at %i', (src, position) => {
    expect(problemOf(src)).toMatchObject({ code: 'EXPRESSION_SYNTAX', position });
  });
});

describe('translateRegex: escapes', () => {
  it.each([
    [r`\a\f\n\r\t\v`, r`\x{7}\x{c}\x{a}\x{d}\x{9}\x{b}`],
    [r`\x41\x2e`, r`\x{41}\x{2e}`],
    [r`\xfF`, r`\x{ff}`],
    // Octal: a leading 0-3 takes up to two more digits, 4-7 up to one.
    [r`\7`, r`\x{7}`],
    [r`\12`, r`\x{a}`],
    [r`\101`, r`\x{41}`],
    [r`\0123`, r`\x{a}\x{33}`],
    [r`\477`, r`\x{27}\x{37}`],
    [r`\18`, r`\x{1}\x{38}`],
    // Escaped punctuation is that character.
    [r`\.\(\)\{\}\[\]\|\^\$\*\+\?\\`, r`\x{2e}\x{28}\x{29}\x{7b}\x{7d}\x{5b}\x{5d}\x{7c}\x{5e}\x{24}\x{2a}\x{2b}\x{3f}\x{5c}`],
    [r`\-\@\/\"`, r`\x{2d}\x{40}\x{2f}\x{22}`],
    // Meta-symbols become POSIX classes (ASCII, as RE2's are).
    [r`\s\S\d\D\w\W`, '[[:space:]][[:^space:]][[:digit:]][[:^digit:]][[:word:]][[:^word:]]'],
  ])('%s → %s', (src, re) => {
    expect(translated(src)).toBe(re);
  });

  it('reads \\b as a word boundary at the start or end, and as a backspace when it is the whole operand', () => {
    expect(translated(r`\bcat\b`)).toBe(r`\b\x{63}\x{61}\x{74}\b`);
    expect(translated(r`\bcat`)).toBe(r`\b\x{63}\x{61}\x{74}`);
    expect(translated(r`\b`)).toBe(r`\x{8}`);
    expect(translated(r`\\b`)).toBe(r`\x{5c}\x{62}`);
  });

  it.each([
    [r`ca\bt`, 'EXPRESSION_WORD_BOUNDARY_MIDDLE', 2],
    [r`\B`, 'EXPRESSION_UNSUPPORTED', 0],
    [r`a\p{Han}`, 'EXPRESSION_UNSUPPORTED', 1],
    [r`\8`, 'EXPRESSION_UNSUPPORTED', 0],
    [r`\A`, 'EXPRESSION_UNSUPPORTED', 0],
    [r`\é`, 'EXPRESSION_UNSUPPORTED', 0],
    [r`\x4`, 'EXPRESSION_SYNTAX', 0],
    [r`\xg0`, 'EXPRESSION_SYNTAX', 0],
    ['abc\\', 'EXPRESSION_SYNTAX', 3],
  ])('refuses %s: %s at %i', (src, code, position) => {
    expect(problemOf(src)).toMatchObject({ code, position });
  });
});

describe('translateRegex: bracket expressions', () => {
  it.each([
    ['[abc]', r`[\x{61}\x{62}\x{63}]`],
    ['[a-z0-9]', r`[\x{61}-\x{7a}\x{30}-\x{39}]`],
    ['[ぁ-ん]', r`[\x{3041}-\x{3093}]`],
    ['[😀]', r`[\x{1f600}]`],
    // A leading "]" and a "-" at either end are characters.
    ['[]a]', r`[\x{5d}\x{61}]`],
    ['[a-]', r`[\x{61}\x{2d}]`],
    ['[-a]', r`[\x{2d}\x{61}]`],
    // Metacharacters are plain inside brackets.
    ['[.*+?(|)^$]', r`[\x{2e}\x{2a}\x{2b}\x{3f}\x{28}\x{7c}\x{29}\x{5e}\x{24}]`],
    ['[[:digit:][:alpha:]]', '[[:digit:][:alpha:]]'],
    ['[[:xdigit:]_]', r`[[:xdigit:]\x{5f}]`],
    // POSIX classes only inside brackets: this is the set of ":", "d", "i", "g", "t".
    ['a[:digit:]b', r`\x{61}[\x{3a}\x{64}\x{69}\x{67}\x{69}\x{74}\x{3a}]\x{62}`],
    [r`[\d\s]`, '[[:digit:][:space:]]'],
    [r`[\b]`, r`[\x{8}]`],
    [r`[\]\-]`, r`[\x{5d}\x{2d}]`],
    [r`[\x41-\x5a]`, r`[\x{41}-\x{5a}]`],
  ])('%j → %s', (src, re) => {
    expect(translated(src)).toBe(re);
  });

  it('keeps a negated list off newlines (REG_NEWLINE)', () => {
    expect(translated('[^a]')).toBe(r`[^\x{61}\n]`);
    expect(translated('[^]a]')).toBe(r`[^\x{5d}\x{61}\n]`);
    expect(translated('[^[:space:]]')).toBe(r`[^[:space:]\n]`);
  });

  it('reads [:lower:] and [:upper:] as [:alpha:] when case-insensitive only', () => {
    expect(translated('[[:lower:]]', false)).toBe('[[:alpha:]]');
    expect(translated('[[:upper:]]', false)).toBe('[[:alpha:]]');
    expect(translated('[[:lower:]]', true)).toBe('[[:lower:]]');
    expect(translated('[[:upper:]]', true)).toBe('[[:upper:]]');
  });

  it.each([
    ['[z-a]', 'EXPRESSION_SYNTAX', 2],
    [r`[\d-z]`, 'EXPRESSION_SYNTAX', 3],
    ['[a-[:digit:]]', 'EXPRESSION_SYNTAX', 2],
    ['[[:word:]]', 'EXPRESSION_SYNTAX', 1],
    ['[[:Alpha:]]', 'EXPRESSION_SYNTAX', 1],
    ['[[=a=]]', 'EXPRESSION_UNSUPPORTED', 1],
    ['[[.a.]]', 'EXPRESSION_UNSUPPORTED', 1],
    ['[abc', 'EXPRESSION_UNBALANCED', 0],
    ['x[^', 'EXPRESSION_UNBALANCED', 1],
    ['[[:alpha', 'EXPRESSION_UNBALANCED', 1],
  ])('refuses %j: %s at %i', (src, code, position) => {
    expect(problemOf(src)).toMatchObject({ code, position });
  });
});

describe('translateRegex: problem positions', () => {
  it('are offsets in the whole expression: the operand offset plus the place in the operand', () => {
    expect(problemOf('a)', 10)).toMatchObject({ code: 'EXPRESSION_UNBALANCED', position: 11 });
    expect(problemOf(r`ca\bt`, 7)).toMatchObject({ code: 'EXPRESSION_WORD_BOUNDARY_MIDDLE', position: 9 });
    expect(problemOf('[z-a]', 4)).toMatchObject({ code: 'EXPRESSION_SYNTAX', position: 6 });
  });

  it('do not move a word boundary: \\b at the start of a later operand is still at its start', () => {
    expect(translateRegex(r`\bdog`, 12, false)).toBe(r`\b\x{64}\x{6f}\x{67}`);
  });
});

describe('translateWildcard', () => {
  it.each([
    ['*.exe', r`[^\n]*\x{2e}\x{65}\x{78}\x{65}`],
    ['a?c', r`\x{61}[^\n]\x{63}`],
    ['**', r`[^\n]*[^\n]*`],
    // Every other character is literal, regex metacharacters and "\" included.
    [r`[1](\d)`, r`\x{5b}\x{31}\x{5d}\x{28}\x{5c}\x{64}\x{29}`],
    ['{D}|$', r`\x{7b}\x{44}\x{7d}\x{7c}\x{24}`],
    ['😀*', r`\x{1f600}[^\n]*`],
    ['社外秘?', r`\x{793e}\x{5916}\x{79d8}[^\n]`],
    ['', ''],
  ])('%j → %s', (src, re) => {
    const out = translateWildcard(src);
    expect(out).toBe(re);
    expect(() => RE2JS.compile(out)).not.toThrow();
  });

  it('never refuses an operand', () => {
    for (const src of ['(((', '[', '\\', '{', 'a{1001}', '+?*']) expect(() => translateWildcard(src)).not.toThrow();
  });
});
