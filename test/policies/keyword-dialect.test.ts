import { describe, expect, it } from 'vitest';
import {
  MAX_EXPRESSION_LENGTH,
  MAX_REPORTED_MATCHES,
  compileKeywordList,
  evaluateKeywordList,
  matchExpression,
  validateExpression,
  type CompiledExpression,
  type KeywordListSpec,
} from '../../src/policies/keyword-dialect.js';

function compile(source: string, caseSensitive = false): CompiledExpression {
  const result = validateExpression(source, { caseSensitive });
  if (!result.ok) throw new Error(`${source}: ${result.problem.code} ${result.problem.message}`);
  return result.compiled;
}

const matches = (source: string, text: string, caseSensitive = false): boolean =>
  matchExpression(compile(source, caseSensitive), text).matched;

describe('regex dialect translations', () => {
  it.each([
    // [expression, a text it matches, a text it does not match]
    ['a.c', 'abc', 'a\nc'],
    ['C:\\\\temp', 'C:\\temp', 'C:temp'],
    ['\\a', 'ring\x07', 'ring'],
    ['\\f\\r\\t\\v', '\f\r\t\v', 'frtv'],
    ['a\\nb', 'a\nb', 'anb'],
    ['\\7', '\x07', '7'],
    ['\\12', 'x\ny', '12'],
    ['\\101\\102', 'AB', '101102'],
    ['\\x41\\x2e', 'A.', 'x41'],
    ['\\(\\d+\\)', 'call (12)', 'call 12'],
    ['1\\+1\\?', 'is 1+1?', 'is 11'],
    ['\\$5\\.00', 'pay $5.00', 'pay $5x00'],
    ['\\[x\\]\\{y\\}', '[x]{y}', 'x y'],
    ['a\\|b', 'a|b', 'a'],
    ['\\^\\*', '^*', '^^'],
    ['[abc]x', 'bx', 'dx'],
    ['[a-c]+z', 'cabz', 'dz'],
    ['id[^0-9]', 'idX', 'id7'],
    ['[]x]', ']', 'y'],
    ['[\\]\\-]', '-', 'x'],
    ['[[:digit:]]+', 'order 42', 'forty'],
    ['[[:xdigit:]]{4}', 'BEEF', 'BEXF'],
    ['[[:alpha:][:blank:]]+!', 'hi there!', '42!!'],
    ['[[:punct:]]', 'a,b', 'ab'],
    ['a[:digit:]b', 'atb', 'a1b'],
    ['^Subject', 'x\nSubject: hi', 'Re: Subject'],
    ['end$', 'the end\r\nnext', 'endless'],
    ['ab?c', 'ac', 'abbc'],
    ['ab*c', 'abbbc', 'a-c'],
    ['ab+c', 'abc', 'ac'],
    ['^a{3}$', 'aaa', 'aaaa'],
    ['^a{2,}$', 'aaaaa', 'a'],
    ['^a{1,2}b', 'aab', 'aaab'],
    ['(pass|pin)word', 'your pinword', 'your keyword'],
    ['\\s\\S', ' x', '  '],
    ['\\d\\D', '1a', '12'],
    ['\\w\\W', '_!', 'a_'],
    ['[\\d\\s]+-', '1 2-', 'x-'],
    ['[\\b]', 'a\bb', 'ab'],
    ['\\b', 'x\by', 'x y'],
    ['機密|社外秘', 'これは社外秘です', 'これは公開情報です'],
    ['[機密]{2}', '機密情報', '機情'],
    ['社外秘.資料', '社外秘の資料', '社外秘資料'],
    ['😀+', 'hi 😀😀', 'hi'],
  ])('%j matches %j and not %j', (source, hit, miss) => {
    expect(matches(source, hit)).toBe(true);
    expect(matches(source, miss)).toBe(false);
  });

  it('reports what matched with UTF-16 indexes, for the test area', () => {
    expect(matchExpression(compile('機密|社外秘'), 'これは社外秘です。機密')).toEqual({
      matched: true,
      matches: [
        { text: '社外秘', index: 3 },
        { text: '機密', index: 9 },
      ],
    });
  });

  it(`reports at most ${MAX_REPORTED_MATCHES} matches`, () => {
    const result = matchExpression(compile('x'), 'x'.repeat(100));
    expect(result.matched).toBe(true);
    expect(result.matches).toHaveLength(MAX_REPORTED_MATCHES);
  });

  it('ends a line match before the CR of a CRLF line ending', () => {
    expect(matchExpression(compile('^Total: {NUMBER}$'), 'Hi\r\nTotal: 42\r\nBye').matches).toEqual([{ text: 'Total: 42\r', index: 4 }]);
  });
});

describe('\\b word boundaries', () => {
  it('asserts a boundary at the start and end', () => {
    expect(matches('\\bcat\\b', 'a cat!')).toBe(true);
    expect(matches('\\bcat\\b', 'concatenate')).toBe(false);
    expect(matches('\\bcat', 'cats')).toBe(true);
    expect(matches('cat\\b', 'cats')).toBe(false);
  });

  it('applies to each operand of a keyword operator', () => {
    expect(matches('\\bcat\\b .AND. \\bdog\\b', 'cat and dog')).toBe(true);
    expect(matches('\\bcat\\b .AND. \\bdog\\b', 'cat and hotdog')).toBe(false);
  });

  it('is a backspace inside brackets even mid-expression', () => {
    expect(matches('a[\\b]c', 'a\bc')).toBe(true);
  });

  it('is an escaped backslash then "b" when written \\\\b', () => {
    expect(matches('x\\\\by', 'x\\by')).toBe(true);
  });
});

describe('shorthands', () => {
  it.each([
    ['{D}{3}-{D}{4}', 'tel 123-4567', 'tel 12-4567'],
    ['{L}{2}{D}', 'JP7', '777'],
    ['a{SP}b', 'a@b', 'a-b'],
    ['a{SP}b', 'a\\b', 'a/b'],
    ['#{NUMBER}', '#2024', '#x'],
    ['^{WORD}$', 'Hello', 'Hello1'],
    ['a{CR}b', 'a\rb', 'a\nb'],
    ['a{LF}b', 'a\nb', 'a\rb'],
    ['a{LWSP}b', 'a\tb', 'a\nb'],
    ['a{CRLF}b', 'a\r\nb', 'a\nb'],
    ['a{WSP}b', 'a \t\f b', 'ab'],
    ['a{ALLC}b', 'a-b', 'a\nb'],
    ['{NUMBER}円', '価格 1500円', '価格 円'],
  ])('%j matches %j and not %j', (source, hit, miss) => {
    expect(matches(source, hit)).toBe(true);
    expect(matches(source, miss)).toBe(false);
  });

  it('leaves shorthands inside brackets as plain characters', () => {
    expect(matches('^[{D}]+$', '{D}')).toBe(true);
    expect(matches('^[{D}]+$', '7')).toBe(false);
  });

  it('leaves shorthands inside double quotes as literal text', () => {
    expect(matches('"{D}"', 'type "{D}" here')).toBe(true);
    expect(matches('"{D}"', 'type "7" here')).toBe(false);
    expect(matches('"{UNKNOWN}"', 'x"{UNKNOWN}"')).toBe(true);
    expect(matches('"{D}" {D}', '"{D}" 7')).toBe(true);
  });

  it('still treats repetitions inside double quotes as repetitions', () => {
    expect(matches('"a{2}"', '"aa"')).toBe(true);
  });
});

describe('keyword operators', () => {
  it.each([
    ['invoice .AND. payment', 'invoice ... payment due', 'invoice only'],
    ['invoice.AND.payment', 'payment for invoice', 'payment only'],
    ['invoice .OR. receipt', 'your receipt', 'your order'],
    ['.NOT. unsubscribe', 'hello', 'click unsubscribe'],
    ['invoice .AND. .NOT. draft', 'invoice final', 'invoice draft'],
    ['.REG. inv[0-9]+', 'inv42', 'inv'],
    ['.WILD. *.exe', 'run setup.exe now', 'run setup.zip'],
    ['.WILD. a?c', 'xabcx', 'a\nc'],
    ['.WILD. [1]', 'see [1]', 'see 1'],
    ['.NOT. .WILD. *.exe', 'setup.zip', 'setup.exe'],
    // (a OR b) AND c, left to right
    ['a .OR. b .AND. c', 'a c', 'a only'],
    ['社外秘 .AND. 添付', '社外秘の添付ファイル', '社外秘です'],
  ])('%j matches %j and not %j', (source, hit, miss) => {
    expect(matches(source, hit)).toBe(true);
    expect(matches(source, miss)).toBe(false);
  });

  it('reports matches only for operands that count positively', () => {
    expect(matchExpression(compile('invoice .AND. .NOT. draft .OR. memo'), 'memo: invoice').matches).toEqual([
      { text: 'memo', index: 0 },
      { text: 'invoice', index: 6 },
    ]);
  });

  it('treats escaped or quoted operators as text', () => {
    expect(matches('x\\.AND\\.y', 'x.AND.y')).toBe(true);
    expect(matches('"a .OR. b"', 'say "a .OR. b"')).toBe(true);
    expect(matches('"a .OR. b"', 'a')).toBe(false);
  });
});

describe('case sensitivity', () => {
  it('follows the per-expression flag', () => {
    expect(matches('Secret', 'top SECRET', false)).toBe(true);
    expect(matches('Secret', 'top SECRET', true)).toBe(false);
    expect(matches('Secret', 'top Secret', true)).toBe(true);
    expect(matches('.WILD. *.EXE', 'setup.exe', false)).toBe(true);
    expect(matches('.WILD. *.EXE', 'setup.exe', true)).toBe(false);
  });

  it('makes [:lower:] and [:upper:] mean [:alpha:] when case-insensitive', () => {
    expect(matches('^[[:upper:]]+$', 'abc', false)).toBe(true);
    expect(matches('^[[:lower:]]+$', 'ABC', false)).toBe(true);
    expect(matches('^[[:upper:]]+$', 'abc', true)).toBe(false);
    expect(matches('^[[:upper:]]+$', 'ABC', true)).toBe(true);
  });
});

describe('invalid expressions', () => {
  it.each([
    ['', 'EXPRESSION_EMPTY', null],
    ['   ', 'EXPRESSION_EMPTY', null],
    ['a'.repeat(MAX_EXPRESSION_LENGTH + 1), 'EXPRESSION_TOO_LONG', MAX_EXPRESSION_LENGTH],
    ['\\s{1000}'.repeat(12), 'EXPRESSION_TOO_LONG', 0],
    ['{XYZ}', 'EXPRESSION_SYNTAX', 0],
    ['price {d}', 'EXPRESSION_SYNTAX', 6],
    ['a{', 'EXPRESSION_SYNTAX', 1],
    ['\\x4', 'EXPRESSION_SYNTAX', 0],
    ['abc\\', 'EXPRESSION_SYNTAX', 3],
    ['[z-a]', 'EXPRESSION_SYNTAX', 2],
    ['[[:letter:]]', 'EXPRESSION_SYNTAX', 1],
    ['yes|', 'EXPRESSION_SYNTAX', 0],
    ['a()b', 'EXPRESSION_SYNTAX', 1],
    ['a .NOT. b', 'EXPRESSION_SYNTAX', 2],
    ['ca\\bt', 'EXPRESSION_WORD_BOUNDARY_MIDDLE', 2],
    ['\\bcat\\b \\bdog\\b', 'EXPRESSION_WORD_BOUNDARY_MIDDLE', 5],
    ['(confidential', 'EXPRESSION_UNBALANCED', 0],
    ['confidential)', 'EXPRESSION_UNBALANCED', 12],
    ['[0-9', 'EXPRESSION_UNBALANCED', 0],
    ['ab]', 'EXPRESSION_UNBALANCED', 2],
    ['*abc', 'EXPRESSION_BAD_REPETITION', 0],
    ['a{3,2}', 'EXPRESSION_BAD_REPETITION', 1],
    ['a**', 'EXPRESSION_BAD_REPETITION', 2],
    ['a+?', 'EXPRESSION_BAD_REPETITION', 2],
    ['a|+b', 'EXPRESSION_BAD_REPETITION', 2],
    ['^*', 'EXPRESSION_BAD_REPETITION', 1],
    ['a{,3}', 'EXPRESSION_BAD_REPETITION', 1],
    ['a{1001}', 'EXPRESSION_BAD_REPETITION', 1],
    ['(a{1000}){2}', 'EXPRESSION_BAD_REPETITION', 0],
    ['invoice .AND.', 'EXPRESSION_OPERATOR_OPERAND_MISSING', 8],
    ['.OR. receipt', 'EXPRESSION_OPERATOR_OPERAND_MISSING', 0],
    ['a .AND. .OR. b', 'EXPRESSION_OPERATOR_OPERAND_MISSING', 2],
    ['a .AND. .NOT.', 'EXPRESSION_OPERATOR_OPERAND_MISSING', 8],
    ['.WILD.   ', 'EXPRESSION_OPERATOR_OPERAND_MISSING', 0],
    ['(a .AND. b)', 'EXPRESSION_UNSUPPORTED', 3],
    ['\\p{Han}', 'EXPRESSION_UNSUPPORTED', 0],
    ['(?i)secret', 'EXPRESSION_UNSUPPORTED', 0],
    ['(a)\\8', 'EXPRESSION_UNSUPPORTED', 3],
    ['[[=a=]]', 'EXPRESSION_UNSUPPORTED', 1],
  ])('%j → %s at %s', (source, code, position) => {
    const result = validateExpression(source, { caseSensitive: false });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatchObject({ code, position });
      expect(result.problem.message.length).toBeGreaterThan(0);
    }
  });
});

describe('hostile input', () => {
  it('completes a catastrophic-backtracking pattern on a long text', () => {
    const text = `${'a'.repeat(50_000)}!`;
    expect(matchExpression(compile('(a+)+$'), text)).toEqual({ matched: false, matches: [] });
    expect(matchExpression(compile('(a|aa)*b .OR. (.*)*x'), text).matched).toBe(false);
  });
});

describe('keyword lists', () => {
  const spec = (match: KeywordListSpec['match'], threshold: number | null = null): KeywordListSpec => ({
    match,
    threshold,
    expressions: [
      { source: '社外秘', caseSensitive: false, score: 5 },
      { source: '\\bconfidential\\b', caseSensitive: false, score: 3 },
      { source: 'INTERNAL', caseSensitive: true, score: 1 },
    ],
  });
  const run = (s: KeywordListSpec, text: string) => {
    const { list, problems } = compileKeywordList(s);
    expect(problems).toEqual([]);
    return evaluateKeywordList(list, text);
  };

  it('ANY fires when one expression is present', () => {
    expect(run(spec('ANY'), 'これは社外秘です').matched).toBe(true);
    expect(run(spec('ANY'), 'internal memo').matched).toBe(false);
  });

  it('ALL fires only when every expression is present', () => {
    expect(run(spec('ALL'), '社外秘 Confidential INTERNAL').matched).toBe(true);
    expect(run(spec('ALL'), '社外秘 Confidential internal').matched).toBe(false);
  });

  it('NOT fires when none of the expressions is present', () => {
    expect(run(spec('NOT'), 'lunch menu')).toEqual({ matched: true, score: 0, hits: [] });
    expect(run(spec('NOT'), 'confidential').matched).toBe(false);
  });

  it('SCORE fires when the summed scores reach the threshold', () => {
    const result = run(spec('SCORE', 8), 'CONFIDENTIAL: 社外秘');
    expect(result).toMatchObject({ matched: true, score: 8 });
    expect(result.hits.map((h) => h.expressionIndex)).toEqual([0, 1]);
    expect(result.hits[0].matches).toEqual([{ text: '社外秘', index: 14 }]);
    expect(run(spec('SCORE', 8), '社外秘 INTERNAL')).toMatchObject({ matched: false, score: 6 });
    expect(run(spec('SCORE', null), '社外秘 confidential INTERNAL').matched).toBe(false);
  });

  it('reports invalid expressions by index and leaves them out', () => {
    const { list, problems } = compileKeywordList({
      match: 'ALL',
      threshold: null,
      expressions: [
        { source: 'ok', caseSensitive: false, score: 1 },
        { source: '(broken', caseSensitive: false, score: 1 },
      ],
    });
    expect(problems).toEqual([{ index: 1, problem: expect.objectContaining({ code: 'EXPRESSION_UNBALANCED' }) }]);
    expect(list.expressions.map((e) => e.source)).toEqual(['ok']);
    expect(evaluateKeywordList(list, 'ok').matched).toBe(true);
  });

  it('never fires with no valid expressions, in any mode', () => {
    for (const match of ['ANY', 'ALL', 'NOT', 'SCORE'] as const) {
      const { list } = compileKeywordList({ match, threshold: 0, expressions: [{ source: '[', caseSensitive: false, score: 1 }] });
      expect(evaluateKeywordList(list, 'anything').matched).toBe(false);
    }
  });
});
