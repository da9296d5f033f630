// Pure. The work one message may cost the engine. Mail text is attacker-controlled and a
// tenant may hold thousands of keyword expressions, so every scan is charged to a budget
// created per evaluation (never module state). When an item runs out, the evaluation goes
// on: what could not be examined reads as "not matched", the step that ran out says so in
// its note and the verdict in `budgetExhausted` — never a hang, never a throw.
//
// Derivation (measured on Node 20, re2js 1.x: ~15 million characters per second for the
// literal, class and alternation patterns of real keyword lists, i.e. ~70 ms per MiB):
// - one keyword expression over one text costs at most MAX_TEXT_CHARS_PER_EVALUATION chars,
//   scanned twice when it matches (the test, then the match report: keyword-dialect.ts),
//   so ≤ 2 × 1 Mi chars ≈ 140 ms;
// - all evaluations of one message together scan at most MAX_SCANNED_CHARS (30 M chars ≈
//   2 s of one core in the worst case: a 1 MiB body against 30 expressions), which the
//   relay's per-message timeout absorbs;
// - MAX_EXPRESSION_EVALUATIONS bounds the per-call overhead on short texts (1,000-expression
//   lists over a subject and a dozen headers): 20,000 × ~5 µs ≈ 100 ms;
// - attachment criteria walk at most MAX_ATTACHMENTS_EXAMINED attachments and
//   MAX_ARCHIVE_ENTRIES_EXAMINED archive entries each: a name is compared with every
//   pattern of the criterion (≤ ~100 patterns × a 255-character name ≈ 25 k steps), so
//   2,000 entries ≈ 50 M steps ≈ 50 ms per criterion.

/** Characters of one text a keyword list is evaluated on; the rest is not scanned (KEYWORD_TEXT_CUT). */
export const MAX_TEXT_CHARS_PER_EVALUATION = 1_048_576;
/** Characters scanned by all keyword and DLP evaluations of one message (each expression counts its text). */
export const MAX_SCANNED_CHARS = 30_000_000;
/** Keyword expressions evaluated on one message (one expression on one text counts one). */
export const MAX_EXPRESSION_EVALUATIONS = 20_000;
/** Attachments one attachment criterion examines. */
export const MAX_ATTACHMENTS_EXAMINED = 250;
/** Archive entries one attachment criterion examines, over all attachments. */
export const MAX_ARCHIVE_ENTRIES_EXAMINED = 2_000;

export interface EvaluationBudget {
  textCharsPerEvaluation: number;
  scannedChars: number;
  expressionEvaluations: number;
  attachmentsExamined: number;
  archiveEntriesExamined: number;
}

export const DEFAULT_BUDGET: Readonly<EvaluationBudget> = {
  textCharsPerEvaluation: MAX_TEXT_CHARS_PER_EVALUATION,
  scannedChars: MAX_SCANNED_CHARS,
  expressionEvaluations: MAX_EXPRESSION_EVALUATIONS,
  attachmentsExamined: MAX_ATTACHMENTS_EXAMINED,
  archiveEntriesExamined: MAX_ARCHIVE_ENTRIES_EXAMINED,
};

/** The budget item that ran out (Evidence BUDGET_EXHAUSTED { item, limit }). */
export type BudgetItem = 'SCANNED_CHARS' | 'EXPRESSION_EVALUATIONS' | 'ATTACHMENTS' | 'ARCHIVE_ENTRIES';

/** What is left of one message's budget; `exhausted` is the first item that ran out. */
export class BudgetMeter {
  readonly limits: EvaluationBudget;
  private chars: number;
  private evaluations: number;
  exhausted: { item: BudgetItem; limit: number } | null = null;

  constructor(overrides: Partial<EvaluationBudget> = {}) {
    this.limits = { ...DEFAULT_BUDGET, ...overrides };
    this.chars = this.limits.scannedChars;
    this.evaluations = this.limits.expressionEvaluations;
  }

  /** Charges `expressions` evaluations over `chars` characters each; false (and exhausted) when that does not fit. */
  chargeScan(expressions: number, chars: number): boolean {
    if (this.exhausted && (this.exhausted.item === 'SCANNED_CHARS' || this.exhausted.item === 'EXPRESSION_EVALUATIONS')) return false;
    if (expressions > this.evaluations) return this.exhaust('EXPRESSION_EVALUATIONS', this.limits.expressionEvaluations);
    if (expressions * chars > this.chars) return this.exhaust('SCANNED_CHARS', this.limits.scannedChars);
    this.evaluations -= expressions;
    this.chars -= expressions * chars;
    return true;
  }

  /** Records that an attachment walk stopped at its bound. */
  exhaust(item: BudgetItem, limit: number): false {
    this.exhausted ??= { item, limit };
    return false;
  }
}
