// The keyword criteria (§3 rows 4, 6, 8, 13) with the list modes of §4: which expression
// matched which text where, Japanese text, lists that never match, texts cut to the budget.
import { describe, expect, it } from 'vitest';
import type { SpecKeywordList } from '../../../src/policies/engine/policy-spec.js';
import { attachment, codes, criterion, facts } from '../../support/engine-builders.js';

const list = (id: string, expressions: string[], more: Partial<SpecKeywordList> = {}): SpecKeywordList => ({
  id,
  name: id,
  match: 'ANY',
  threshold: null,
  expressions: expressions.map((expression) => ({ expression, caseSensitive: false, score: 1 })),
  ...more,
});

describe('subject and body keywords', () => {
  it('row 6: reports the list, expression, matched text and place', () => {
    const r = criterion([{ type: 'SUBJECT_KEYWORDS', keywordListIds: ['k'] }], facts({ subject: 'URGENT: wire transfer' }), {
      keywordLists: [list('k', ['wire\\s+transfer', 'invoice'])],
    });
    expect(r.result).toMatchObject({
      matched: true,
      evidence: [
        { code: 'KEYWORD_MATCHED', params: { list: 'k', expression: 'wire\\s+transfer', text: 'wire transfer', where: 'SUBJECT' } },
      ],
    });
    expect(r.verdict.policyEvents[0]).toMatchObject({ threatType: 'CONTENT', threatName: 'wire transfer' });
    expect(r.verdict.quarantine?.reason).toBe('Content');
  });

  it('row 8: Japanese keywords match Japanese body text', () => {
    const r = criterion(
      [{ type: 'BODY_KEYWORDS', keywordListIds: ['jp'] }],
      facts({ bodyText: 'お世話になっております。請求書を送付します。' }),
      {
        keywordLists: [list('jp', ['請求書', '振込先'])],
      },
    );
    expect(r.result.evidence[0]).toMatchObject({ code: 'KEYWORD_MATCHED', params: { text: '請求書', where: 'BODY' } });
  });

  it('row 8: no expression in the body: not matched, said so', () => {
    const r = criterion([{ type: 'BODY_KEYWORDS', keywordListIds: ['k'] }], facts(), { keywordLists: [list('k', ['confidential'])] });
    expect(r.result).toMatchObject({ matched: false, evidence: [{ code: 'KEYWORD_NOT_MATCHED', params: { list: 'k', where: 'BODY' } }] });
    expect(r.step.outcome).toBe('NOT_MATCHED');
  });

  it('All specified needs every expression; Not the specified matches when none is present', () => {
    const all = list('all', ['report', 'attached'], { match: 'ALL' });
    const not = list('not', ['confidential', 'secret'], { match: 'NOT' });
    const body = [{ type: 'BODY_KEYWORDS' as const, keywordListIds: ['all'] }];
    expect(criterion(body, facts(), { keywordLists: [all] }).result.matched).toBe(true);
    expect(criterion(body, facts({ bodyText: 'the report' }), { keywordLists: [all] }).result.matched).toBe(false);
    const r = criterion([{ type: 'BODY_KEYWORDS', keywordListIds: ['not'] }], facts(), { keywordLists: [not] });
    expect(r.result).toMatchObject({ matched: true, evidence: [{ code: 'KEYWORD_NONE_PRESENT' }] });
    expect(
      criterion([{ type: 'BODY_KEYWORDS', keywordListIds: ['not'] }], facts({ bodyText: 'top secret' }), { keywordLists: [not] }).result
        .matched,
    ).toBe(false);
  });

  it('a score list fires when the matched scores reach the threshold', () => {
    const scored: SpecKeywordList = {
      id: 's',
      name: 's',
      match: 'SCORE',
      threshold: 5,
      expressions: [
        { expression: 'free', caseSensitive: false, score: 3 },
        { expression: 'winner', caseSensitive: false, score: 2 },
      ],
    };
    const c = [{ type: 'BODY_KEYWORDS' as const, keywordListIds: ['s'] }];
    const hit = criterion(c, facts({ bodyText: 'Free prize for the winner' }), { keywordLists: [scored] }).result;
    expect(hit.matched).toBe(true);
    expect(hit.evidence.find((e) => e.code === 'KEYWORD_SCORE')?.params).toMatchObject({ score: 5, threshold: 5 });
    expect(criterion(c, facts({ bodyText: 'Free prize' }), { keywordLists: [scored] }).result.matched).toBe(false);
  });

  it('a list with no valid expression never matches, and the trace says why (no throw)', () => {
    const r = criterion([{ type: 'BODY_KEYWORDS', keywordListIds: ['bad'] }], facts({ bodyText: 'anything' }), {
      keywordLists: [list('bad', ['(', 'a\\bb'])],
    });
    expect(r.result.matched).toBe(false);
    expect(codes(r.step)).toEqual(['KEYWORD_EXPRESSION_INVALID', 'KEYWORD_EXPRESSION_INVALID', 'KEYWORD_LIST_NO_VALID_EXPRESSION']);
  });

  it('a list that no longer exists reads as not matched', () => {
    const r = criterion([{ type: 'SUBJECT_KEYWORDS', keywordListIds: ['gone'] }], facts());
    expect(r.result).toMatchObject({ matched: false, evidence: [{ code: 'KEYWORD_LIST_MISSING', params: { id: 'gone' } }] });
  });

  it("text beyond the budget's characters per evaluation is not scanned", () => {
    const f = facts({ bodyText: `${'a'.repeat(50)}needle` });
    const s = { keywordLists: [list('k', ['needle'])] };
    const c = [{ type: 'BODY_KEYWORDS' as const, keywordListIds: ['k'] }];
    const r = criterion(c, f, s);
    expect(r.result.matched).toBe(true);
    // The same message with a 40-character window.
    const cut = criterion(c, f, s, {}, { budget: { textCharsPerEvaluation: 40 } }).result;
    expect(cut.matched).toBe(false);
    expect(cut.evidence[0]).toMatchObject({ code: 'KEYWORD_TEXT_CUT', params: { scanned: 40, length: 56 } });
  });
});

describe('header and attachment keywords', () => {
  it('row 4: every occurrence of the chosen header, by name in any case; an absent header is said', () => {
    const f = facts({
      headers: [
        { name: 'x-mailer', value: 'BulkMailer 3.1' },
        { name: 'received', value: 'from a' },
      ],
    });
    const r = criterion([{ type: 'HEADER_KEYWORDS', headers: ['X-Mailer', 'X-Campaign'], keywordListIds: ['k'] }], f, {
      keywordLists: [list('k', ['bulkmailer'])],
    });
    expect(r.result.matched).toBe(true);
    expect(codes(r.step)).toEqual(['HEADER_ABSENT', 'KEYWORD_MATCHED']);
    expect(r.result.evidence[1]!.params).toMatchObject({ where: 'HEADER', field: 'X-Mailer', text: 'BulkMailer' });
  });

  it('row 13: attachment text, naming the attachment; reported as Content', () => {
    const f = facts({
      attachments: [
        attachment({ filename: 'a.txt', text: 'nothing' }),
        attachment({ index: 1, filename: '機密.txt', text: '社外秘 資料' }),
      ],
    });
    const r = criterion([{ type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: ['k'] }], f, { keywordLists: [list('k', ['社外秘'])] });
    expect(r.result.evidence[0]).toMatchObject({ code: 'KEYWORD_MATCHED', params: { where: 'ATTACHMENT', field: '機密.txt' } });
    expect(r.verdict.policyEvents[0]!.threatType).toBe('CONTENT');
    expect(
      criterion([{ type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: ['k'] }], facts(), { keywordLists: [list('k', ['x'])] }).result,
    ).toMatchObject({
      matched: false,
      evidence: [{ code: 'NO_ATTACHMENTS' }],
    });
  });
});
