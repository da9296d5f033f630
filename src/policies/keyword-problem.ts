// What is wrong with a keyword expression: the problem codes of the CEGP dialect
// (keyword-dialect.ts) and the error the translator (keyword-translate.ts) throws to report
// one. Texts for each code are in errors.ts. Pure.

export type ExpressionProblemCode =
  | 'EXPRESSION_EMPTY'
  | 'EXPRESSION_TOO_LONG'
  | 'EXPRESSION_SYNTAX'
  | 'EXPRESSION_WORD_BOUNDARY_MIDDLE'
  | 'EXPRESSION_UNBALANCED'
  | 'EXPRESSION_BAD_REPETITION'
  | 'EXPRESSION_OPERATOR_OPERAND_MISSING'
  | 'EXPRESSION_UNSUPPORTED';

export interface ExpressionProblem {
  code: ExpressionProblemCode;
  message: string;
  /** 0-based char offset in the source when known */
  position: number | null;
}

/** Thrown inside the translator, caught and returned as a result by validateExpression. */
export class ExpressionProblemError extends Error {
  readonly problem: ExpressionProblem;
  constructor(problem: ExpressionProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

export function expressionProblem(code: ExpressionProblemCode, message: string, position: number | null): never {
  throw new ExpressionProblemError({ code, message, position });
}
