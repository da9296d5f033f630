// The message-level criteria of §3 (rows 1–3, 5, 7, 9, 15, 18): match and non-match, with
// the comparator boundaries (`>` strictly greater, `<=` less or equal).
import { describe, expect, it } from 'vitest';
import { attachment, criterion, facts } from '../../support/engine-builders.js';

describe('envelope and header senders', () => {
  it('row 1: a blank envelope sender matches, a present one does not', () => {
    expect(criterion([{ type: 'ENVELOPE_SENDER_BLANK' }], facts({ sender: '' })).result).toMatchObject({
      matched: true,
      evidence: [{ code: 'ENVELOPE_SENDER_BLANK' }],
    });
    expect(criterion([{ type: 'ENVELOPE_SENDER_BLANK' }], facts()).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'ENVELOPE_SENDER_PRESENT', params: { sender: 'alice@partner.example' } }],
    });
  });

  it('row 1 is inbound only: an outbound rule never matches it', () => {
    const f = facts({ direction: 'OUTBOUND', sender: '', recipients: ['x@partner.example'] });
    const r = criterion(
      [{ type: 'ENVELOPE_SENDER_BLANK' }],
      f,
      {},
      { direction: 'OUTBOUND', senders: { kind: 'ANYONE', entries: [] }, recipients: { kind: 'ANYONE', entries: [] } },
    );
    expect(r.result).toMatchObject({ matched: false, evidence: [{ code: 'CRITERION_INBOUND_ONLY' }] });
  });

  it('row 2: From: differing from MAIL FROM matches; the same address in another case does not', () => {
    const c = [{ type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' as const }];
    expect(criterion(c, facts({ headerFrom: 'ceo@example.co.jp' })).result).toMatchObject({
      matched: true,
      evidence: [{ code: 'SENDERS_DIFFER', params: { from: 'ceo@example.co.jp', other: 'alice@partner.example' } }],
    });
    expect(criterion(c, facts({ headerFrom: 'Alice@Partner.Example' })).result.matched).toBe(false);
  });

  it('row 2 never matches a blank envelope sender, nor a message without From:', () => {
    const c = [{ type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' as const }];
    expect(criterion(c, facts({ sender: '', headerFrom: 'ceo@example.co.jp' })).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'BLANK_ENVELOPE_NEVER_DIFFERS' }],
    });
    expect(criterion(c, facts({ headerFrom: null })).result.evidence[0]!.code).toBe('HEADER_FROM_MISSING');
  });

  it('row 3: From: differing from Reply-To: matches; no Reply-To: does not', () => {
    const c = [{ type: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO' as const }];
    expect(criterion(c, facts({ replyTo: 'payments@elsewhere.example' })).result.matched).toBe(true);
    expect(criterion(c, facts({ replyTo: 'alice@partner.example' })).result.evidence[0]!.code).toBe('SENDERS_SAME');
    expect(criterion(c, facts({ replyTo: null })).result.evidence[0]!.code).toBe('REPLY_TO_MISSING');
  });
});

describe('sizes and counts', () => {
  const MB = 1024 * 1024;
  it('row 5: "> 10 MB" is strictly greater; "<= 10 MB" includes 10 MB exactly', () => {
    const gt = [{ type: 'MESSAGE_SIZE' as const, op: 'GT' as const, bytes: 10 * MB }];
    const le = [{ type: 'MESSAGE_SIZE' as const, op: 'LE' as const, bytes: 10 * MB }];
    expect(criterion(gt, facts({ sizeBytes: 10 * MB })).result.matched).toBe(false);
    expect(criterion(gt, facts({ sizeBytes: 10 * MB + 1 })).result).toMatchObject({
      matched: true,
      evidence: [{ code: 'SIZE_COMPARED', params: { what: 'MESSAGE', size: 10 * MB + 1, op: 'GT', threshold: 10 * MB, result: true } }],
    });
    expect(criterion(le, facts({ sizeBytes: 10 * MB })).result.matched).toBe(true);
    expect(criterion(le, facts({ sizeBytes: 10 * MB + 1 })).result.matched).toBe(false);
  });

  it('row 15: the number of attachments, at both boundaries', () => {
    const two = facts({ attachments: [attachment(), attachment({ index: 1 })] });
    expect(criterion([{ type: 'ATTACHMENT_COUNT', op: 'GT', count: 2 }], two).result.matched).toBe(false);
    expect(criterion([{ type: 'ATTACHMENT_COUNT', op: 'GT', count: 1 }], two).result.matched).toBe(true);
    expect(criterion([{ type: 'ATTACHMENT_COUNT', op: 'LE', count: 2 }], two).result.matched).toBe(true);
    expect(criterion([{ type: 'ATTACHMENT_COUNT', op: 'LE', count: 0 }], facts()).result.matched).toBe(true);
  });

  it('row 18 (Any Match only): the envelope recipients of the whole message', () => {
    const f = facts({ recipients: ['a@example.co.jp', 'b@example.co.jp', 'c@example.co.jp'] });
    expect(criterion([{ type: 'RECIPIENT_COUNT', op: 'GT', count: 2 }], f).result).toMatchObject({
      matched: true,
      evidence: [{ code: 'COUNT_COMPARED', params: { what: 'RECIPIENTS', count: 3, op: 'GT', threshold: 2 } }],
    });
    expect(criterion([{ type: 'RECIPIENT_COUNT', op: 'GT', count: 3 }], f).result.matched).toBe(false);
    expect(criterion([{ type: 'RECIPIENT_COUNT', op: 'LE', count: 3 }], f).result.matched).toBe(true);
  });
});

describe('blank subject and body', () => {
  it('row 7: a subject of spaces is blank; a subject is not', () => {
    expect(criterion([{ type: 'SUBJECT_BLANK' }], facts({ subject: '  ' })).result.matched).toBe(true);
    expect(criterion([{ type: 'SUBJECT_BLANK' }], facts()).result).toMatchObject({
      matched: false,
      evidence: [{ code: 'SUBJECT_PRESENT' }],
    });
  });
  it("row 9: the parser's bodyBlank decides", () => {
    expect(criterion([{ type: 'BODY_BLANK' }], facts({ bodyBlank: true, bodyText: '' })).result.matched).toBe(true);
    expect(criterion([{ type: 'BODY_BLANK' }], facts()).result.matched).toBe(false);
  });
});
