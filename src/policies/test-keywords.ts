// The keyword test area (Policy Objects → Keywords and Expressions → Test): a keyword list,
// stored or typed, run against a pasted sample, each expression with its verdict and
// matches. Also the one reading of a stored KeywordList row as a matcher spec, which the
// relay's engine uses too. Pure.
import {
  compileKeywordList,
  evaluateKeywordList,
  validateExpression,
  type ExpressionMatch,
  type KeywordListMatch,
  type KeywordListSpec,
} from './keyword-dialect.js';
import type { ExpressionProblem } from './keyword-problem.js';
import { policyErrors } from './errors.js';

/** The test area runs on pasted samples; a bound keeps one request cheap (about 1 MB of text scanned per expression). */
export const MAX_TEST_TEXT_CHARS = 1_000_000;

/** A KeywordList row's columns; `expressions` is its JSON column. */
export interface KeywordListRow {
  match: KeywordListMatch;
  threshold: number | null;
  expressions: unknown;
}

/** The matcher spec of a stored keyword list; entries that are not expressions are left out. */
export function keywordListSpecOf(row: KeywordListRow): KeywordListSpec {
  const entries = Array.isArray(row.expressions) ? row.expressions : [];
  return {
    match: row.match,
    threshold: row.threshold,
    expressions: entries
      .filter(
        (e): e is { expression: string; caseSensitive?: unknown; score?: unknown } =>
          typeof e === 'object' && e !== null && typeof (e as { expression?: unknown }).expression === 'string',
      )
      .map((e) => ({ source: e.expression, caseSensitive: e.caseSensitive === true, score: typeof e.score === 'number' ? e.score : 1 })),
  };
}

export interface ExpressionTestResult {
  index: number;
  expression: string;
  valid: boolean;
  problem: ExpressionProblem | null;
  matched: boolean;
  matches: ExpressionMatch[];
}

export interface KeywordTestResult {
  matched: boolean;
  score: number;
  expressions: ExpressionTestResult[];
}

/** Runs the list on the sample; a sample over MAX_TEST_TEXT_CHARS is refused (KEYWORD_TEST_TEXT_TOO_LONG). */
export function testKeywords(spec: KeywordListSpec, text: string, field = 'input.text'): KeywordTestResult {
  if (text.length > MAX_TEST_TEXT_CHARS) throw policyErrors.error('KEYWORD_TEST_TEXT_TOO_LONG', { max: MAX_TEST_TEXT_CHARS }, field);
  const { list, problems } = compileKeywordList(spec);
  const evaluation = evaluateKeywordList(list, text);
  let validIndex = 0;
  const expressions = spec.expressions.map((e, index) => {
    const problem = problems.find((p) => p.index === index)?.problem ?? null;
    const v = problem ? null : validateExpression(e.source, { caseSensitive: e.caseSensitive });
    const hit = problem ? undefined : evaluation.hits.find((h) => h.expressionIndex === validIndex);
    if (!problem) validIndex++;
    return {
      index,
      expression: e.source,
      valid: !problem && v?.ok === true,
      problem,
      matched: hit !== undefined,
      matches: hit?.matches ?? [],
    };
  });
  return { matched: evaluation.matched, score: evaluation.score, expressions };
}
