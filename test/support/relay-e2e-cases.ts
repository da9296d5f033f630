// The table runner of the criterion end-to-end tests: for each case a Quarantine rule with the
// criterion, a message that matches and one that does not, sent at once, then what the relay
// stored for each (status, the rule's trace step and evidence codes, quarantine, capture).
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import type { TraceStep } from '../../src/policies/engine/verdict.js';
import { evidenceCodes, type Outcome, type RelayE2e, type SentMessage } from './relay-e2e.js';

/** A message and its envelope; `swaks` sends it with swaks instead of nodemailer. */
export interface Sample {
  raw?: Buffer;
  from?: string;
  to?: string[];
  swaks?: string[];
}

export interface CriterionCase {
  name: string;
  /** The criterion inputs; `lists` are the keyword lists made in beforeAll, by name. */
  criteria: (lists: Record<string, string>) => Record<string, unknown>[];
  mode?: 'ALL_MATCH' | 'ANY_MATCH';
  match: Sample;
  /** Evidence codes of the rule's step for the matching message, criterion by criterion. */
  matchEvidence: Record<string, string[]>;
  noMatch: Sample;
  noMatchEvidence: Record<string, string[]>;
  /** More about the rule's step or the stored outcome (evidence parameters, the delivered message). */
  matchCheck?: (o: Outcome, step: TraceStep) => void;
  noMatchCheck?: (o: Outcome, step: TraceStep) => void;
}

const HAS_SWAKS = (() => {
  try {
    execFileSync('swaks', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs a table of criterion cases on one relay (shared with the attachment and Japanese files). */
export function runCriterionCases(cases: CriterionCase[], setup: () => { e: RelayE2e; lists: Record<string, string> }): void {
  for (const [i, c] of cases.entries()) {
    // Rule names are at most 100 characters (validate-rule.ts MAX_RULE_NAME_CHARS).
    const ruleName = `#${i + 1} ${c.name}`.slice(0, 100);
    // swaks comes from Debian's package (.ci/run installs it); without it such a case is skipped, by name.
    const needsSwaks = Boolean(c.match.swaks || c.noMatch.swaks);
    it.skipIf(needsSwaks && !HAS_SWAKS)(needsSwaks ? `${c.name} (needs swaks)` : c.name, async () => {
      const { e, lists } = setup();
      const ruleId = await e.addRule({
        name: ruleName,
        criteriaMode: c.mode ?? 'ANY_MATCH',
        criteria: c.criteria(lists),
        intercept: { action: 'QUARANTINE' },
      });
      try {
        const send = (s: Sample): Promise<SentMessage> =>
          s.swaks ? e.swaks(s.swaks) : e.send(s.raw!, { ...(s.from !== undefined && { from: s.from }), ...(s.to && { to: s.to }) });
        const [hit, miss] = await Promise.all([send(c.match), send(c.noMatch)]);
        const matched = await e.outcome(hit);
        expect(matched.message.status).toBe('QUARANTINED');
        expect(matched.step(ruleId)).toMatchObject({ outcome: 'MATCHED', stoppedProcessing: true });
        expect(evidenceCodes(matched.step(ruleId))).toEqual(expect.objectContaining(codesContaining(c.matchEvidence)));
        expect(matched.quarantined).toMatchObject([{ ruleName }]);
        expect(matched.captured).toEqual([]);
        c.matchCheck?.(matched, matched.step(ruleId));

        const missed = await e.outcome(miss);
        expect(missed.message.status).toBe('DELIVERED');
        expect(missed.step(ruleId).outcome).toBe('NOT_MATCHED');
        expect(evidenceCodes(missed.step(ruleId))).toEqual(expect.objectContaining(codesContaining(c.noMatchEvidence)));
        expect(missed.quarantined).toEqual([]);
        expect(missed.captured.length).toBe(1);
        c.noMatchCheck?.(missed, missed.step(ruleId));
      } finally {
        await e.deleteRule(ruleId);
      }
    });
  }
}

/** A parameter of the first evidence of a criterion in a step. */
export const param = (s: TraceStep, type: string, name: string) => s.criteria.find((c) => c.type === type)?.evidence[0]?.params[name];

const codesContaining = (m: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, expect.arrayContaining(v)]));
