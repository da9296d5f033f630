// Every content-filtering criterion of docs/cegp/policies-and-content-filtering.md §3 with real
// mail through the real relay: for each, a Quarantine rule added through GraphQL, one message
// that matches (quarantined, the rule's trace step MATCHED with the criterion's evidence) and
// one that does not (delivered to the capture mailbox, NOT_MATCHED). Readings: docs/parity.md
// "Content-filtering criteria (§3): readings". Attachment criteria: policies-e2e-attachments.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { alternativeMail, at, headers, textMail } from '../support/relay-e2e-mail.js';
import { type CriterionCase, param, runCriterionCases } from '../support/relay-e2e-cases.js';
import { mail, OUTSIDER, type RelayE2e, startRelayE2e, USER } from '../support/relay-e2e.js';
import { entity } from '../support/eml.js';

const KB = 1024;

const CASES: CriterionCase[] = [
  {
    name: '1 envelope sender is blank (MAIL FROM:<>, swaks)',
    criteria: () => [{ type: 'ENVELOPE_SENDER_BLANK' }],
    match: { swaks: ['--from', '<>', '--to', USER, '--header', 'Subject: bounce'] },
    matchEvidence: { ENVELOPE_SENDER_BLANK: ['ENVELOPE_SENDER_BLANK'] },
    noMatch: { swaks: ['--from', OUTSIDER, '--to', USER, '--header', 'Subject: not a bounce'] },
    noMatchEvidence: { ENVELOPE_SENDER_BLANK: ['ENVELOPE_SENDER_PRESENT'] },
  },
  {
    name: '2 header sender differs from envelope sender',
    criteria: () => [{ type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' }],
    match: { raw: mail([`From: "CEO" <ceo@lookalike.example>`, `To: ${USER}`, 'Subject: urgent']), from: OUTSIDER },
    matchEvidence: { HEADER_SENDER_DIFFERS_FROM_ENVELOPE: ['SENDERS_DIFFER'] },
    // Addresses compare case-insensitively, display names aside.
    noMatch: { raw: mail([`From: "Sender" <Sender@Outside.Example>`, `To: ${USER}`, 'Subject: same']), from: OUTSIDER },
    noMatchEvidence: { HEADER_SENDER_DIFFERS_FROM_ENVELOPE: ['SENDERS_SAME'] },
  },
  {
    name: '2 header sender differs from envelope sender: a blank envelope sender never differs',
    criteria: () => [{ type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' }],
    match: { raw: mail([`From: ceo@lookalike.example`, `To: ${USER}`, 'Subject: urgent']), from: OUTSIDER },
    matchEvidence: { HEADER_SENDER_DIFFERS_FROM_ENVELOPE: ['SENDERS_DIFFER'] },
    noMatch: { raw: mail([`From: ceo@lookalike.example`, `To: ${USER}`, 'Subject: a bounce']), from: '' },
    noMatchEvidence: { HEADER_SENDER_DIFFERS_FROM_ENVELOPE: ['BLANK_ENVELOPE_NEVER_DIFFERS'] },
  },
  {
    name: '3 header sender differs from Reply-To',
    criteria: () => [{ type: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO' }],
    match: { raw: mail([`From: ${OUTSIDER}`, 'Reply-To: <collect@elsewhere.example>', `To: ${USER}`, 'Subject: pay']) },
    matchEvidence: { HEADER_SENDER_DIFFERS_FROM_REPLY_TO: ['SENDERS_DIFFER'] },
    noMatch: { raw: mail([`From: ${OUTSIDER}`, `Reply-To: "Me" <${OUTSIDER.toUpperCase()}>`, `To: ${USER}`, 'Subject: pay']) },
    noMatchEvidence: { HEADER_SENDER_DIFFERS_FROM_REPLY_TO: ['SENDERS_SAME'] },
  },
  {
    name: '4 specified header matches keyword expressions',
    criteria: (l) => [{ type: 'HEADER_KEYWORDS', values: ['X-Mailer'], keywordListIds: [l.mailer!] }],
    match: { raw: textMail('hello', 'Hello.\r\n', ['X-Mailer: BulkBlaster 9.1']) },
    matchEvidence: { HEADER_KEYWORDS: ['KEYWORD_MATCHED'] },
    // The keyword in another header (Subject) does not count.
    noMatch: { raw: textMail('BulkBlaster news', 'Hello.\r\n', ['X-Mailer: Thunderbird']) },
    noMatchEvidence: { HEADER_KEYWORDS: ['KEYWORD_NOT_MATCHED'] },
  },
  {
    name: '5 message size > 10 KB',
    criteria: () => [{ type: 'MESSAGE_SIZE', operator: 'GT', bytes: 10 * KB }],
    match: { raw: textMail('big', `${'x'.repeat(76)}\r\n`.repeat(200)) },
    matchEvidence: { MESSAGE_SIZE: ['SIZE_COMPARED'] },
    matchCheck: (_o, s) => expect(param(s, 'MESSAGE_SIZE', 'size')).toBeGreaterThan(10 * KB),
    noMatch: { raw: textMail('small') },
    noMatchEvidence: { MESSAGE_SIZE: ['SIZE_COMPARED'] },
    noMatchCheck: (_o, s) => expect(param(s, 'MESSAGE_SIZE', 'result')).toBe(false),
  },
  {
    name: '5 message size <= 10 KB',
    criteria: () => [{ type: 'MESSAGE_SIZE', operator: 'LE', bytes: 10 * KB }],
    match: { raw: textMail('small') },
    matchEvidence: { MESSAGE_SIZE: ['SIZE_COMPARED'] },
    noMatch: { raw: textMail('big', `${'x'.repeat(76)}\r\n`.repeat(200)) },
    noMatchEvidence: { MESSAGE_SIZE: ['SIZE_COMPARED'] },
  },
  {
    name: '6 subject matches keyword expressions',
    criteria: (l) => [{ type: 'SUBJECT_KEYWORDS', keywordListIds: [l.invoice!] }],
    match: { raw: textMail('Your INVOICE is overdue') },
    matchEvidence: { SUBJECT_KEYWORDS: ['KEYWORD_MATCHED'] },
    // Case-insensitive by default (KeywordExpressionInput.caseSensitive = false).
    matchCheck: (o, s) => {
      expect(param(s, 'SUBJECT_KEYWORDS', 'text')).toContain('INVOICE');
      expect(o.quarantined[0]!.reason).toBe('Content');
    },
    // The keyword in the body is not the subject.
    noMatch: { raw: textMail('Hello', 'Please find the invoice.\r\n') },
    noMatchEvidence: { SUBJECT_KEYWORDS: ['KEYWORD_NOT_MATCHED'] },
  },
  {
    name: '7 subject is blank (no Subject: field)',
    criteria: () => [{ type: 'SUBJECT_BLANK' }],
    match: { raw: textMail(null) },
    matchEvidence: { SUBJECT_BLANK: ['SUBJECT_BLANK'] },
    noMatch: { raw: textMail('Hello') },
    noMatchEvidence: { SUBJECT_BLANK: ['SUBJECT_PRESENT'] },
  },
  {
    name: '7 subject is blank (only spaces)',
    criteria: () => [{ type: 'SUBJECT_BLANK' }],
    match: { raw: textMail('   ') },
    matchEvidence: { SUBJECT_BLANK: ['SUBJECT_BLANK'] },
    noMatch: { raw: textMail('.') },
    noMatchEvidence: { SUBJECT_BLANK: ['SUBJECT_PRESENT'] },
  },
  {
    name: '8 body matches keyword expressions (the text of an HTML part)',
    criteria: (l) => [{ type: 'BODY_KEYWORDS', keywordListIds: [l.wire!] }],
    match: {
      raw: alternativeMail('payment', 'Plain version.\r\n', '<html><body><p>Please <b>wire&nbsp;transfer</b> today</p></body></html>\r\n'),
    },
    matchEvidence: { BODY_KEYWORDS: ['KEYWORD_MATCHED'] },
    noMatch: { raw: textMail('wire transfer', 'Nothing to see.\r\n') },
    noMatchEvidence: { BODY_KEYWORDS: ['KEYWORD_NOT_MATCHED'] },
  },
  {
    name: '8 body keywords, a "Not the specified" list (§4): no sign-off in the body',
    criteria: (l) => [{ type: 'BODY_KEYWORDS', keywordListIds: [l.noSignOff!] }],
    match: { raw: textMail('curt', 'Pay now.\r\n') },
    matchEvidence: { BODY_KEYWORDS: ['KEYWORD_NONE_PRESENT'] },
    noMatch: { raw: textMail('polite', 'Pay now.\r\nKind regards\r\n') },
    noMatchEvidence: { BODY_KEYWORDS: ['KEYWORD_NOT_MATCHED'] },
  },
  {
    name: '8 body keywords, a score list (§4): urgent (2) + payment (2) reach the threshold 3',
    criteria: (l) => [{ type: 'BODY_KEYWORDS', keywordListIds: [l.score!] }],
    match: { raw: textMail('pay', 'Urgent: payment overdue.\r\n') },
    matchEvidence: { BODY_KEYWORDS: ['KEYWORD_MATCHED', 'KEYWORD_SCORE'] },
    noMatch: { raw: textMail('pay', 'Urgent: call me.\r\n') },
    noMatchEvidence: { BODY_KEYWORDS: ['KEYWORD_SCORE'] },
  },
  {
    name: '9 body is blank (no text)',
    criteria: () => [{ type: 'BODY_BLANK' }],
    match: { raw: textMail('empty', '') },
    matchEvidence: { BODY_BLANK: ['BODY_BLANK'] },
    noMatch: { raw: textMail('full', 'Some text.\r\n') },
    noMatchEvidence: { BODY_BLANK: ['BODY_PRESENT'] },
  },
  {
    name: '9 body is blank (whitespace only; HTML made only of tags is not blank)',
    criteria: () => [{ type: 'BODY_BLANK' }],
    match: { raw: textMail('spaces', ' \t\r\n\r\n\u3000\r\n') },
    matchEvidence: { BODY_BLANK: ['BODY_BLANK'] },
    noMatch: {
      raw: entity([...headers('tags only'), 'Content-Type: text/html; charset=UTF-8'], '<html><body><img src="cid:x"></body></html>\r\n'),
    },
    noMatchEvidence: { BODY_BLANK: ['BODY_PRESENT'] },
  },
  {
    name: '18 recipient number > 2 (Any Match only)',
    criteria: () => [{ type: 'RECIPIENT_COUNT', operator: 'GT', count: 2 }],
    match: { raw: textMail('to many'), to: [USER, at('a'), at('b')] },
    matchEvidence: { RECIPIENT_COUNT: ['COUNT_COMPARED'] },
    matchCheck: (o, s) => {
      expect(param(s, 'RECIPIENT_COUNT', 'count')).toBe(3);
      expect(o.recipients.map((r) => r.status)).toEqual(['QUARANTINED', 'QUARANTINED', 'QUARANTINED']);
    },
    noMatch: { raw: textMail('to two'), to: [USER, at('a')] },
    noMatchEvidence: { RECIPIENT_COUNT: ['COUNT_COMPARED'] },
  },
  {
    name: 'All Match: subject keyword and header sender ≠ Reply-To together',
    mode: 'ALL_MATCH',
    criteria: (l) => [{ type: 'SUBJECT_KEYWORDS', keywordListIds: [l.invoice!] }, { type: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO' }],
    match: { raw: mail([`From: ${OUTSIDER}`, 'Reply-To: collect@elsewhere.example', `To: ${USER}`, 'Subject: invoice']) },
    matchEvidence: { SUBJECT_KEYWORDS: ['KEYWORD_MATCHED'], HEADER_SENDER_DIFFERS_FROM_REPLY_TO: ['SENDERS_DIFFER'] },
    noMatch: { raw: mail([`From: ${OUTSIDER}`, `To: ${USER}`, 'Subject: invoice']) },
    noMatchEvidence: { SUBJECT_KEYWORDS: ['KEYWORD_MATCHED'], HEADER_SENDER_DIFFERS_FROM_REPLY_TO: ['REPLY_TO_MISSING'] },
  },
];

describeEachDatabase('content-filtering criteria end to end', (kind) => {
  let e: RelayE2e;
  const lists: Record<string, string> = {};
  beforeAll(async () => {
    e = await startRelayE2e(kind);
    lists.mailer = await e.keywordList('mailer', ['BulkBlaster']);
    lists.invoice = await e.keywordList('invoice', ['invoice']);
    lists.wire = await e.keywordList('wire', ['wire transfer']);
    lists.noSignOff = await e.keywordList('no sign-off', ['regards'], 'NOT');
    const score = await e.t.gql(
      'mutation { addKeywordList(input: { name: "score", match: SCORE, threshold: 3, expressions: [{ expression: "urgent", score: 2 }, { expression: "payment", score: 2 }] }) { keywordList { id } } }',
    );
    lists.score = score.data.addKeywordList.keywordList.id;
  });
  afterAll(async () => e?.close());

  runCriterionCases(CASES, () => ({ e, lists }));

  it('1 envelope sender is blank is refused on an outbound rule (inbound only)', async () => {
    await expect(
      e.addRule({
        name: 'outbound blank sender',
        direction: 'OUTBOUND',
        recipients: { kind: 'ANYONE' },
        senders: { kind: 'MY_ORGANIZATION' },
        criteria: [{ type: 'ENVELOPE_SENDER_BLANK' }],
        intercept: { action: 'QUARANTINE' },
      }),
    ).rejects.toThrow(/POLICY_CRITERION_INBOUND_ONLY/);
  });
});
