// Pure. The message-level content-filtering criteria that need no keyword scan
// (docs/cegp/policies-and-content-filtering.md §3 rows 1–3, 5, 7, 9, 15, 18). Comparators:
// `>` strictly greater, `<=` less or equal.
// Readings: From: and Reply-To: compare as addresses (case-insensitive, route-match.ts's
// normalization); a missing From: or Reply-To: has nothing to differ from, so rows 2–3 do
// not match; row 2 never matches a blank envelope sender (§3). Row 18 counts the message's
// envelope recipients, all of them (not only those of one split verdict).
import { parseAddress } from '../route-match.js';
import type { Criterion, SizeOp } from '../rule.js';
import { outcome, type CriterionContext, type CriterionOutcome } from './criterion-outcome.js';
import { evidence } from './evidence-messages.js';

const compare = (op: SizeOp, value: number, threshold: number) => (op === 'GT' ? value > threshold : value <= threshold);
const norm = (a: string) => parseAddress(a)?.address ?? a.trim().toLowerCase();

type MessageCriterion = Extract<
  Criterion,
  {
    type:
      | 'ENVELOPE_SENDER_BLANK'
      | 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE'
      | 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO'
      | 'MESSAGE_SIZE'
      | 'SUBJECT_BLANK'
      | 'BODY_BLANK'
      | 'ATTACHMENT_COUNT'
      | 'RECIPIENT_COUNT';
  }
>;

export function evaluateMessageCriterion(c: MessageCriterion, ctx: CriterionContext): CriterionOutcome {
  const f = ctx.facts;
  const sender = f.envelope.sender.trim().replace(/^<(.*)>$/, '$1');
  switch (c.type) {
    case 'ENVELOPE_SENDER_BLANK':
      return sender === ''
        ? outcome(c.type, true, [evidence('ENVELOPE_SENDER_BLANK')])
        : outcome(c.type, false, [evidence('ENVELOPE_SENDER_PRESENT', { sender })]);
    case 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE': {
      if (sender === '') return outcome(c.type, false, [evidence('BLANK_ENVELOPE_NEVER_DIFFERS')]);
      if (!f.headerFrom) return outcome(c.type, false, [evidence('HEADER_FROM_MISSING')]);
      const differs = norm(f.headerFrom) !== norm(sender);
      const params = { from: f.headerFrom, otherName: 'ENVELOPE', other: sender };
      return outcome(c.type, differs, [evidence(differs ? 'SENDERS_DIFFER' : 'SENDERS_SAME', params)]);
    }
    case 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO': {
      if (!f.headerFrom) return outcome(c.type, false, [evidence('HEADER_FROM_MISSING')]);
      if (!f.replyTo) return outcome(c.type, false, [evidence('REPLY_TO_MISSING')]);
      const differs = norm(f.headerFrom) !== norm(f.replyTo);
      const params = { from: f.headerFrom, otherName: 'REPLY_TO', other: f.replyTo };
      return outcome(c.type, differs, [evidence(differs ? 'SENDERS_DIFFER' : 'SENDERS_SAME', params)]);
    }
    case 'MESSAGE_SIZE': {
      const hit = compare(c.op, f.sizeBytes, c.bytes);
      return outcome(c.type, hit, [
        evidence('SIZE_COMPARED', { what: 'MESSAGE', size: f.sizeBytes, op: c.op, threshold: c.bytes, result: hit }),
      ]);
    }
    case 'SUBJECT_BLANK': {
      const blank = f.subject.trim() === '';
      return outcome(c.type, blank, [evidence(blank ? 'SUBJECT_BLANK' : 'SUBJECT_PRESENT')]);
    }
    case 'BODY_BLANK':
      return outcome(c.type, f.bodyBlank, [evidence(f.bodyBlank ? 'BODY_BLANK' : 'BODY_PRESENT')]);
    case 'ATTACHMENT_COUNT': {
      const hit = compare(c.op, f.attachments.length, c.count);
      const ev = evidence('COUNT_COMPARED', {
        what: 'ATTACHMENTS',
        count: f.attachments.length,
        op: c.op,
        threshold: c.count,
        result: hit,
      });
      return outcome(c.type, hit, [ev]);
    }
    case 'RECIPIENT_COUNT': {
      const n = f.envelope.recipients.length;
      const hit = compare(c.op, n, c.count);
      return outcome(c.type, hit, [
        evidence('COUNT_COMPARED', { what: 'RECIPIENTS', count: n, op: c.op, threshold: c.count, result: hit }),
      ]);
    }
  }
}
