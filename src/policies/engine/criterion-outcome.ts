// Pure. What evaluating one criterion gives the rule evaluator: the trace's CriterionResult,
// plus what the actions need (the attachments it matched on, a threat name), and the
// context every criterion reads.
import type { PolicyDirection } from '../../db/enums.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { BudgetMeter } from './evaluation-budget.js';
import type { MessageFacts } from './message-facts.js';
import type { CriterionResult, Evidence } from './verdict.js';

export interface CriterionContext {
  policy: CompiledPolicy;
  facts: MessageFacts;
  meter: BudgetMeter;
  direction: PolicyDirection;
  /**
   * Keyword-list scans already made on this message (list × fields → result): rules that name
   * the same list over the same text scan it once, and are charged to the budget once.
   */
  scans: Map<string, unknown>;
}

export interface CriterionOutcome {
  result: CriterionResult;
  /** Part paths of the attachments it matched on; null: a message-level criterion. */
  partPaths: string[] | null;
  /** What was detected, for %DETECTED% / %VIRUSNAME% and the policy event's threat name. */
  threatName: string | null;
}

/** Evidence lines one criterion keeps: a list with hundreds of hits shows the first ones. */
export const MAX_EVIDENCE_PER_CRITERION = 20;
/** Characters of matched text quoted in evidence (a `.*` match may be a whole line). */
export const MAX_EVIDENCE_TEXT_CHARS = 120;

export function outcome(
  type: CriterionResult['type'],
  matched: boolean,
  evidence: Evidence[],
  partPaths: string[] | null = null,
  threatName: string | null = null,
): CriterionOutcome {
  return { result: { type, matched, evidence: evidence.slice(0, MAX_EVIDENCE_PER_CRITERION) }, partPaths, threatName };
}

/** A text quoted in evidence, cut to MAX_EVIDENCE_TEXT_CHARS without halving a surrogate pair. */
export function quote(text: string): string {
  if (text.length <= MAX_EVIDENCE_TEXT_CHARS) return text;
  let cut = text.slice(0, MAX_EVIDENCE_TEXT_CHARS);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
