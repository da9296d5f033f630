// A keyword expression's problem reads in the reader's language wherever it is shown: the
// text of each problem code, where it is, and the migration item of an expression the import
// drops (its message is stored in both languages at analysis).
import { describe, expect, it } from 'vitest';
import { generateExport } from '../../scripts/export-generator/generate.js';
import { analyzeUpload } from '../../src/migration/analyze-upload.js';
import { EXPRESSION_PROBLEM_TEXTS, expressionProblemText } from '../../src/policies/errors.js';
import { validateExpression } from '../../src/policies/keyword-dialect.js';
import type { ExpressionProblem } from '../../src/policies/keyword-problem.js';
import { latinWords } from '../support/latin-words.js';

function problemOf(source: string): ExpressionProblem {
  const v = validateExpression(source, { caseSensitive: false });
  if (v.ok) throw new Error(`${source} is valid`);
  return v.problem;
}

describe('expressionProblemText', () => {
  it.each([
    ['(abc', 'EXPRESSION_UNBALANCED', 'At character 1 ("(abc"): A parenthesis', '1 文字目 (「(abc」): 括弧の対応が取れていません。'],
    [
      'abc\\bdef',
      'EXPRESSION_WORD_BOUNDARY_MIDDLE',
      'At character 4 ("\\bdef"): "\\b" (word boundary)',
      '4 文字目 (「\\bdef」): 「\\b」(単語の境界)',
    ],
    [
      'a{3,1}',
      'EXPRESSION_BAD_REPETITION',
      'At character 2 ("{3,1}"): A repetition is not valid: write {n}',
      '2 文字目 (「{3,1}」): 繰り返しの指定が正しくありません。',
    ],
    [
      'a .AND.',
      'EXPRESSION_OPERATOR_OPERAND_MISSING',
      'At character 3 (".AND."): A keyword operator',
      '3 文字目 (「.AND.」): キーワード演算子',
    ],
  ])('%s: %s, located, in both languages', (source, code, en, ja) => {
    const problem = problemOf(source);
    expect(problem.code).toBe(code);
    const text = expressionProblemText(problem, source);
    expect(text.en.startsWith(en), text.en).toBe(true);
    expect(text.ja.startsWith(ja), text.ja).toBe(true);
  });

  it('has a text for every problem code, and none for the position of an empty or too long one', () => {
    expect(expressionProblemText(problemOf('  '), '  ')).toEqual(EXPRESSION_PROBLEM_TEXTS.EXPRESSION_EMPTY);
    const long = 'a'.repeat(2000);
    expect(expressionProblemText(problemOf(long), long).ja).toBe(
      '式が長すぎます。1024 文字以内、オペランド 32 個以内とし、繰り返し回数を小さくしてください。',
    );
  });

  it('quotes a dozen characters of a long expression, never half a surrogate pair', () => {
    const source = `${'x'.repeat(5)}(${'😀'.repeat(10)}`;
    const text = expressionProblemText(problemOf(source), source);
    expect(text.ja).toMatch(/^6 文字目 \(「\(😀{5}…」\)/u);
  });
});

describe('a dropped expression in the analysis', () => {
  it('is explained in Japanese without English words', async () => {
    const bytes = generateExport({ seed: 7, product: 'IMSVA', cases: 'all', domains: ['example.co.jp'], rules: 10 });
    const { analysis } = await analyzeUpload('Config.dat', bytes, {
      managedDomains: [{ name: 'example.co.jp', verified: true }],
      directoryGroupDns: [],
      directorySynchronized: true,
      imssMinBuild: 1361,
      imsvaMinBuild: 2011,
    });
    const items = analysis.items.filter((i) => i.code === 'EXPRESSION_INVALID' && i.sourcePath.includes('/expression['));
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) {
      const quoted = [...i.messageJa.matchAll(/「([^」]*)」/g)].map((m) => m[1]!);
      expect(latinWords(i.messageJa, quoted), i.messageJa).toEqual([]);
      expect(i.messageJa).not.toContain(i.message.split('. ')[1] ?? '\u0000');
      expect(i.message).toMatch(/is not valid in CEGP and is dropped\. /);
    }
  });
});
