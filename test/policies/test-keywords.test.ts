// The keyword test area (Policy Objects → Keywords and Expressions → Test) and the one reading
// of a stored KeywordList row as a matcher spec (docs/cegp/policies-and-content-filtering.md §4).
import { describe, expect, it } from 'vitest';
import { ExpectedError } from '../../src/platform/errors.js';
import type { KeywordListSpec } from '../../src/policies/keyword-dialect.js';
import { keywordListSpecOf, MAX_TEST_TEXT_CHARS, testKeywords } from '../../src/policies/test-keywords.js';

describe('keywordListSpecOf', () => {
  it('reads each stored expression with its flag and score', () => {
    expect(
      keywordListSpecOf({
        match: 'SCORE',
        threshold: 5,
        expressions: [
          { expression: '社外秘', caseSensitive: false, score: 5, description: 'confidential' },
          { expression: 'INTERNAL', caseSensitive: true, score: 0 },
        ],
      }),
    ).toEqual({
      match: 'SCORE',
      threshold: 5,
      expressions: [
        { source: '社外秘', caseSensitive: false, score: 5 },
        { source: 'INTERNAL', caseSensitive: true, score: 0 },
      ],
    });
  });

  it.each([null, undefined, 'not json', 42, { expression: 'x' }])('reads the column %j, not a list, as no expressions', (expressions) => {
    expect(keywordListSpecOf({ match: 'ANY', threshold: null, expressions })).toEqual({ match: 'ANY', threshold: null, expressions: [] });
  });

  it('leaves out entries that are not expressions and reads odd flags and scores as the defaults', () => {
    const spec = keywordListSpecOf({
      match: 'ALL',
      threshold: null,
      expressions: [
        null,
        'bare string',
        7,
        [],
        {},
        { expression: 12 },
        { source: 'wrong key' },
        { expression: 'kept' },
        { expression: 'flag as text', caseSensitive: 'true', score: '3' },
        { expression: 'flag as number', caseSensitive: 1, score: null },
        { expression: '' },
      ],
    });
    expect(spec.expressions).toEqual([
      { source: 'kept', caseSensitive: false, score: 1 },
      { source: 'flag as text', caseSensitive: false, score: 1 },
      { source: 'flag as number', caseSensitive: false, score: 1 },
      // An empty expression is still an expression: the test area reports it as invalid.
      { source: '', caseSensitive: false, score: 1 },
    ]);
  });
});

describe('testKeywords', () => {
  const spec = (match: KeywordListSpec['match'], threshold: number | null = null): KeywordListSpec => ({
    match,
    threshold,
    expressions: [
      { source: '社外秘', caseSensitive: false, score: 5 },
      { source: '(broken', caseSensitive: false, score: 100 },
      { source: 'INTERNAL', caseSensitive: true, score: 2 },
      { source: '\\bconfidential\\b', caseSensitive: false, score: 3 },
    ],
  });
  const sample = 'CONFIDENTIAL: 社外秘 internal';

  it('gives each expression its verdict and matches, an invalid one its problem, in the order typed', () => {
    expect(testKeywords(spec('ANY'), sample)).toEqual({
      matched: true,
      score: 8,
      expressions: [
        { index: 0, expression: '社外秘', valid: true, problem: null, matched: true, matches: [{ text: '社外秘', index: 14 }] },
        {
          index: 1,
          expression: '(broken',
          valid: false,
          problem: { code: 'EXPRESSION_UNBALANCED', message: expect.any(String), position: 0 },
          matched: false,
          matches: [],
        },
        { index: 2, expression: 'INTERNAL', valid: true, problem: null, matched: false, matches: [] },
        {
          index: 3,
          expression: '\\bconfidential\\b',
          valid: true,
          problem: null,
          matched: true,
          matches: [{ text: 'CONFIDENTIAL', index: 0 }],
        },
      ],
    });
  });

  it('gives the list verdict of its match mode, each expression still showing whether it is present', () => {
    const verdict = (s: KeywordListSpec, text = sample) => {
      const result = testKeywords(s, text);
      return { matched: result.matched, score: result.score, present: result.expressions.map((e) => e.matched) };
    };
    expect(verdict(spec('ALL'))).toEqual({ matched: false, score: 8, present: [true, false, false, true] });
    expect(verdict(spec('ALL'), `${sample} INTERNAL`)).toEqual({ matched: true, score: 10, present: [true, false, true, true] });
    expect(verdict(spec('NOT'))).toEqual({ matched: false, score: 8, present: [true, false, false, true] });
    expect(verdict(spec('NOT'), 'lunch menu')).toEqual({ matched: true, score: 0, present: [false, false, false, false] });
    expect(verdict(spec('SCORE', 8))).toEqual({ matched: true, score: 8, present: [true, false, false, true] });
    expect(verdict(spec('SCORE', 9))).toEqual({ matched: false, score: 8, present: [true, false, false, true] });
  });

  it('reports an empty list as matching nothing', () => {
    expect(testKeywords({ match: 'NOT', threshold: null, expressions: [] }, 'anything')).toEqual({
      matched: false,
      score: 0,
      expressions: [],
    });
  });

  it('tests a stored row as read by keywordListSpecOf', () => {
    const row = { match: 'ANY' as const, threshold: null, expressions: [{ expression: '.WILD. *.exe' }, 'junk', { expression: '' }] };
    const result = testKeywords(keywordListSpecOf(row), 'run setup.exe');
    expect(result.matched).toBe(true);
    expect(result.expressions.map((e) => [e.index, e.valid, e.matched, e.problem?.code ?? null])).toEqual([
      [0, true, true, null],
      [1, false, false, 'EXPRESSION_EMPTY'],
    ]);
  });

  it(`refuses a sample over MAX_TEST_TEXT_CHARS (${MAX_TEST_TEXT_CHARS}) characters, before scanning it`, () => {
    const list: KeywordListSpec = { match: 'ANY', threshold: null, expressions: [{ source: 'z', caseSensitive: false, score: 1 }] };
    const tooLong = 'a'.repeat(MAX_TEST_TEXT_CHARS + 1);
    expect(() => testKeywords(list, tooLong)).toThrow(ExpectedError);
    try {
      testKeywords(list, tooLong, 'input.sample');
    } catch (err) {
      expect(err).toBeInstanceOf(ExpectedError);
      const e = err as ExpectedError;
      expect({ code: e.code, field: e.field }).toEqual({ code: 'KEYWORD_TEST_TEXT_TOO_LONG', field: 'input.sample' });
      expect(e.messageIn('en')).toBe(`The sample text is longer than ${MAX_TEST_TEXT_CHARS} characters.`);
      expect(e.messageIn('ja')).toBe(`サンプルテキストが ${MAX_TEST_TEXT_CHARS} 文字を超えています。`);
    }
    expect.assertions(5);
  });

  it('takes a sample of exactly MAX_TEST_TEXT_CHARS characters', () => {
    const list: KeywordListSpec = { match: 'ANY', threshold: null, expressions: [{ source: 'z$', caseSensitive: true, score: 1 }] };
    const result = testKeywords(list, `${'a'.repeat(MAX_TEST_TEXT_CHARS - 1)}z`);
    expect(result.matched).toBe(true);
    expect(result.expressions[0]!.matches).toEqual([{ text: 'z', index: MAX_TEST_TEXT_CHARS - 1 }]);
  });
});
