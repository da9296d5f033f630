// Every evidence code has an English and a Japanese text, and every evidence the engine
// produces in these scenarios renders with all its placeholders filled, in both languages.
import { describe, expect, it } from 'vitest';
import { EVIDENCE_TEMPLATES, evidenceMessage } from '../../../src/policies/engine/evidence-messages.js';
import type { Evidence, Verdict } from '../../../src/policies/engine/verdict.js';
import { attachment, evaluate, facts, rule, spec, when } from '../../support/engine-builders.js';

function allEvidence(v: Verdict): Evidence[] {
  return [
    ...v.trace.flatMap((t) => [
      ...t.route,
      ...(t.note ? [t.note] : []),
      ...t.criteria.flatMap((c) => c.evidence),
      ...t.actions.flatMap((a) => (a.reason ? [a.reason] : [])),
    ]),
    ...(v.budgetExhausted ? [v.budgetExhausted] : []),
    ...v.cuts,
  ];
}

describe('evidence messages', () => {
  it('every code has both languages, the Japanese one written in Japanese', () => {
    for (const [code, t] of Object.entries(EVIDENCE_TEMPLATES)) {
      expect(t.en.length, code).toBeGreaterThan(0);
      expect(t.ja, code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('renders what the engine produces with every placeholder filled', () => {
    const kw = {
      id: 'k',
      name: 'k',
      match: 'ANY' as const,
      threshold: 2,
      expressions: [
        { expression: 'report', caseSensitive: false, score: 1 },
        { expression: '(', caseSensitive: false, score: 1 },
      ],
    };
    const scored = { ...kw, id: 's', name: 's', match: 'SCORE' as const };
    const rules = [
      when([{ type: 'MALWARE' }], {
        name: 'V',
        type: 'VIRUS_SCAN',
        intercept: 'NONE',
        modifyActions: [{ type: 'CLEAN_MALWARE' }, { type: 'DELETE_ATTACHMENTS' }],
      }),
      when([{ type: 'SPAM', threat: 'SPAM', level: 'LOW' }], { name: 'S', type: 'SPAM_FILTERING', intercept: 'NONE' }),
      when(
        [
          { type: 'ENVELOPE_SENDER_BLANK' },
          { type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' },
          { type: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO' },
          { type: 'HEADER_KEYWORDS', headers: ['X-None', 'Subject'], keywordListIds: ['k', 'gone'] },
          { type: 'MESSAGE_SIZE', op: 'GT', bytes: 1 },
          { type: 'SUBJECT_KEYWORDS', keywordListIds: ['s'] },
          { type: 'SUBJECT_BLANK' },
          { type: 'BODY_BLANK' },
          { type: 'ATTACHMENT_NAME', selected: false, patterns: ['*.pdf'] },
          { type: 'ATTACHMENT_MIME_TYPE', selected: true, types: ['application/pdf'] },
          { type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: true, types: ['exe'] },
          { type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: ['k'] },
          { type: 'ATTACHMENT_SIZE', op: 'LE', bytes: 10 },
          { type: 'ATTACHMENT_COUNT', op: 'GT', count: 0 },
          { type: 'ATTACHMENT_PASSWORD_PROTECTED' },
          { type: 'ATTACHMENT_ACTIVE_CONTENT' },
          { type: 'RECIPIENT_COUNT', op: 'LE', count: 3 },
        ],
        {
          name: 'C',
          intercept: 'CHANGE_RECIPIENT',
          interceptOptions: { recipients: ['x@example.co.jp'] },
          modifyActions: [
            { type: 'SANITIZE', deleteIfUnable: false },
            { type: 'INSERT_STAMP', stampId: 'gone' },
          ],
          monitorActions: [{ type: 'BCC', recipients: ['a@example.co.jp'] }],
        },
      ),
      when([{ type: 'DLP', templateIds: ['t', 'gone'], predefinedTemplates: ['P'] }], {
        name: 'D',
        type: 'DLP',
        intercept: 'DELETE',
        modifyActions: [{ type: 'ENCRYPT' }],
      }),
      rule({ name: 'off', enabled: false }),
      when([{ type: 'SUBJECT_BLANK' }], {
        name: 'ex',
        exceptions: [{ sender: { kind: 'ANYONE', entries: [] }, recipient: { kind: 'ANYONE', entries: [] } }],
      }),
    ];
    const s = spec({
      rules,
      keywordLists: [kw, scored],
      dlpTemplates: [{ id: 't', name: 'T', predefined: false, identifiers: ['e', 'f', 'missing'] }],
      dlpIdentifiers: [
        { name: 'e', kind: 'EXPRESSION', definition: { text: 'report' } },
        { name: 'f', kind: 'FILE_ATTRIBUTE', definition: { minSizeKB: '0' } },
      ],
    });
    const f = facts({
      replyTo: 'other@x.example',
      recipients: ['bob@example.co.jp', 'ann@pending.example'],
      headers: [{ name: 'subject', value: 'report' }],
      cuts: [{ item: 'PARTS', detail: 'after 100 parts' }],
      signals: { gtube: false, headerSignals: [{ kind: 'spam', level: 'low', raw: '' }] },
      attachments: [
        attachment({
          filename: null,
          malware: { name: 'Eicar', where: 'x' },
          protection: { kind: 'ZIP_AES', where: 'entry' },
          activeContent: [{ kind: 'PDF_LAUNCH', where: 'obj 1' }],
          text: 'report',
          trueType: null,
          archiveEntries: [{ name: 'in.docx', sizeBytes: 1, encrypted: true, trueType: 'docx' }],
        }),
      ],
    });
    const verdicts = evaluate(s, f, { budget: { scannedChars: 20 } }).verdicts;
    const evidence = verdicts.flatMap((v) => allEvidence(v.verdict));
    const seen = new Set(evidence.map((e) => e.code));
    expect(seen.size).toBeGreaterThan(35);
    for (const e of evidence) {
      for (const locale of ['en', 'ja'] as const) {
        const text = evidenceMessage(e, locale);
        expect(text, `${e.code} ${locale}: ${text}`).not.toMatch(/\{\w+\}/);
        expect(text).not.toMatch(new RegExp(`^${e.code}`));
      }
    }
  });

  it("renders places, comparators and results in the reader's language", () => {
    const e: Evidence = { code: 'SIZE_COMPARED', params: { what: 'ATTACHMENT', size: 3, op: 'GT', threshold: 2, result: true } };
    expect(evidenceMessage(e, 'en')).toBe('Attachment size 3 bytes > 2 bytes: matched.');
    expect(evidenceMessage(e, 'ja')).toBe('添付ファイルのサイズ 3 バイト > 2 バイト: 一致。');
    const k: Evidence = { code: 'KEYWORD_MATCHED', params: { list: 'L', expression: 'x', text: 'x', where: 'HEADER', field: 'X-Spam' } };
    expect(evidenceMessage(k, 'en')).toBe('Keyword list "L": expression "x" matched "x" in header X-Spam.');
    expect(evidenceMessage(k, 'ja')).toBe('キーワードリスト「L」: 式「x」がヘッダー X-Spamの「x」に一致しました。');
    expect(evidenceMessage({ code: 'FROM_THE_FUTURE', params: { a: 1 } }, 'en')).toBe('FROM_THE_FUTURE {"a":1}');
  });
});
