// Japanese mail through the real relay: the same subject, body and file names in ISO-2022-JP,
// Shift_JIS, EUC-JP and UTF-8 (test/fixtures/mail/, built by scripts/fixtures/make-mail-fixtures.ts),
// RFC 2231 names and CP932 names inside ZIPs, match keyword and name rules exactly as the
// UTF-8 message does: same outcome, same matched text in the trace.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { at, cp932Zip, file, mailWith, rfc2231File, textMail, utf8Zip } from '../support/relay-e2e-mail.js';
import { OUTSIDER, type Outcome, type RelayE2e, startRelayE2e, USER } from '../support/relay-e2e.js';

/** The texts of the Japanese fixtures (scripts/fixtures/make-mail-fixtures.ts JAPANESE_TEXT, JAPANESE_SUBJECT): NEC specials, half-width kana, an IBM extension kanji, the wave dash. */
const JAPANESE_TEXT = 'お支払いのお願い①（株）ｱｲｳｴｵ 髙橋様 ～ 請求書を送付します。';
const JAPANESE_SUBJECT = '【重要】お支払いのお願い①';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));

/** The matched text of each criterion of the rule's step: what the trace shows an administrator. */
const matchedTexts = (o: Outcome, ruleId: string) =>
  o
    .step(ruleId)
    .criteria.map((c) => [c.type, c.evidence.filter((e) => e.code.endsWith('_MATCHED')).map((e) => e.params.text ?? e.params.name)]);

describeEachDatabase('Japanese mail end to end', (kind) => {
  let e: RelayE2e;
  beforeAll(async () => {
    e = await startRelayE2e(kind);
  });
  afterAll(async () => e?.close());

  it('an ISO-2022-JP, Shift_JIS or EUC-JP subject and body match the keyword rules as the UTF-8 message does', async () => {
    const subject = await e.keywordList('件名', ['お支払いのお願い①']);
    // The whole text as one literal expression: every character must decode as in UTF-8 (～ is U+FF5E, not U+301C).
    const body = await e.keywordList('本文', [JAPANESE_TEXT]);
    const ruleId = await e.addRule({
      name: '請求書詐欺',
      criteriaMode: 'ALL_MATCH',
      criteria: [
        { type: 'SUBJECT_KEYWORDS', keywordListIds: [subject] },
        { type: 'BODY_KEYWORDS', keywordListIds: [body] },
      ],
      intercept: { action: 'QUARANTINE' },
    });
    try {
      const names = ['utf-8.eml', 'iso-2022-jp.eml', 'shift-jis.eml', 'euc-jp.eml'];
      const sent = await Promise.all(names.map((n) => e.send(fixture(n))));
      const outcomes = [];
      for (const s of sent) outcomes.push(await e.outcome(s));
      const utf8 = outcomes[0]!;
      expect(utf8.message.status).toBe('QUARANTINED');
      expect(utf8.message.subject).toBe(JAPANESE_SUBJECT);
      expect(matchedTexts(utf8, ruleId)).toEqual([
        ['SUBJECT_KEYWORDS', ['お支払いのお願い①']],
        ['BODY_KEYWORDS', [JAPANESE_TEXT]],
      ]);
      for (const [i, o] of outcomes.entries()) {
        expect({ fixture: names[i], status: o.message.status, subject: o.message.subject }).toEqual({
          fixture: names[i],
          status: 'QUARANTINED',
          subject: JAPANESE_SUBJECT,
        });
        expect(matchedTexts(o, ruleId)).toEqual(matchedTexts(utf8, ruleId));
        expect(o.quarantined[0]).toMatchObject({ ruleName: '請求書詐欺', reason: 'Content', subject: JAPANESE_SUBJECT });
      }
      // Other Japanese text does not match: the rule is not matching everything Japanese.
      const other = await e.outcome(await e.send(textMail('=?UTF-8?B?5Lya6K2w44Gu44GK55+l44KJ44Gb?=', '会議のお知らせです。\r\n')));
      expect(other.message.status).toBe('DELIVERED');
      expect(other.step(ruleId).outcome).toBe('NOT_MATCHED');
      expect(other.captured[0]!.parsed.subject).toBe('会議のお知らせ');
    } finally {
      await e.deleteRule(ruleId);
    }
  });

  it('Japanese attachment names (RFC 2231 in ISO-2022-JP or UTF-8, raw CP932) match name rules as UTF-8 names do', async () => {
    const ruleId = await e.addRule({
      name: '見積書の添付',
      criteria: [{ type: 'ATTACHMENT_NAME', values: ['見積書（株）①.pdf', '請求書①.xls'] }],
      intercept: { action: 'QUARANTINE' },
    });
    try {
      const pdfUtf8 = mailWith('見積', [rfc2231File('見積書（株）①.pdf', 'UTF-8', '%PDF-1.4\n', 'application/pdf')]);
      const xlsUtf8 = mailWith('請求', [rfc2231File('請求書①.xls', 'UTF-8', 'xls')]);
      const [fixtureSent, pdfSent, xlsSent] = await Promise.all([
        e.send(fixture('japanese-filenames.eml')),
        e.send(pdfUtf8),
        e.send(xlsUtf8),
      ]);
      const fromFixture = await e.outcome(fixtureSent);
      expect(fromFixture.message.status).toBe('QUARANTINED');
      // The fixture carries 見積書（株）①.pdf as RFC 2231 ISO-2022-JP and 請求書①.xls as raw CP932 bytes.
      const names = fromFixture
        .step(ruleId)
        .criteria[0]!.evidence.filter((x) => x.code === 'ATTACHMENT_NAME_MATCHED')
        .map((x) => x.params.name);
      expect(names).toEqual(['見積書（株）①.pdf', '請求書①.xls']);
      for (const [sent, name] of [
        [pdfSent, '見積書（株）①.pdf'],
        [xlsSent, '請求書①.xls'],
      ] as const) {
        const o = await e.outcome(sent);
        expect(o.message.status).toBe('QUARANTINED');
        expect(o.step(ruleId).criteria[0]!.evidence.find((x) => x.code === 'ATTACHMENT_NAME_MATCHED')?.params.name).toBe(name);
      }
      // A different Japanese name does not match.
      const other = await e.outcome(
        await e.send(mailWith('議事録', [rfc2231File('議事録.pdf', 'Shift_JIS', '%PDF-1.4\n', 'application/pdf')])),
      );
      expect(other.message.status).toBe('DELIVERED');
      expect(other.captured[0]!.parsed.attachments.map((a) => a.filename)).toEqual(['議事録.pdf']);
    } finally {
      await e.deleteRule(ruleId);
    }
  });

  it('a Japanese stamp and subject tag go into ISO-2022-JP, Shift_JIS and EUC-JP mail, which reads as the UTF-8 one does', async () => {
    const stamp = await e.stamp('社外注意', '社外からのメールです：%SUBJECT%', 'BEGINNING');
    const ruleId = await e.addRule({
      name: '社外スタンプ',
      criteriaMode: 'NO_CRITERIA',
      criteria: [],
      modifyActions: [
        { type: 'INSERT_STAMP', stampId: stamp },
        { type: 'TAG_SUBJECT', text: '[社外]' },
      ],
    });
    try {
      const names = ['utf-8.eml', 'iso-2022-jp.eml', 'shift-jis.eml', 'euc-jp.eml'];
      const sent = await Promise.all(names.map((n) => e.send(fixture(n))));
      const delivered = [];
      for (const [i, s] of sent.entries()) {
        const o = await e.outcome(s);
        expect(o.message.status).toBe('DELIVERED');
        const p = o.captured[0]!.parsed;
        // The stamp is written in the part's own charset: the part keeps its declaration.
        expect(o.captured[0]!.raw.toString('latin1')).toContain(`charset=${['UTF-8', 'ISO-2022-JP', 'Shift_JIS', 'EUC-JP'][i]}`);
        delivered.push({ subject: p.subject, text: p.text });
      }
      expect(delivered[0]).toEqual({
        subject: `[社外] ${JAPANESE_SUBJECT}`,
        text: `社外からのメールです：${JAPANESE_SUBJECT}\n\n${JAPANESE_TEXT}\n`,
      });
      for (const d of delivered) expect(d).toEqual(delivered[0]);
    } finally {
      await e.deleteRule(ruleId);
    }
  });

  it('a raw 8-bit Shift_JIS subject (no encoded-word, as old Japanese mailers send) matches and is tagged as decoded', async () => {
    const list = await e.keywordList('生の件名', ['請求書']);
    await e.withRule(
      {
        name: '生SJIS',
        criteria: [{ type: 'SUBJECT_KEYWORDS', keywordListIds: [list] }],
        modifyActions: [{ type: 'TAG_SUBJECT', text: '[注意]' }],
      },
      async (id) => {
        const raw = Buffer.concat([
          Buffer.from(`From: ${OUTSIDER}\r\nTo: ${USER}\r\nSubject: `),
          iconv.encode('請求書です', 'cp932'),
          Buffer.from('\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n'),
          iconv.encode('本文\r\n', 'cp932'),
        ]);
        const o = await e.outcome(await e.send(raw));
        expect(o.message.subject).toBe('請求書です');
        expect(matchedTexts(o, id)).toEqual([['SUBJECT_KEYWORDS', ['請求書']]]);
        expect(o.captured[0]!.parsed.subject).toBe('[注意] 請求書です');
      },
    );
  });

  it('a CP932 name inside a ZIP matches the name rule as the same name in UTF-8 does', async () => {
    const ruleId = await e.addRule({
      name: 'ZIP内の請求書',
      criteria: [{ type: 'ATTACHMENT_NAME', values: ['請求書①.xls'] }],
      intercept: { action: 'QUARANTINE' },
    });
    try {
      const [cp932, utf8, other] = await Promise.all([
        e.send(mailWith('zip', [file('archive.zip', cp932Zip('請求書①.xls'), 'application/zip')])),
        e.send(mailWith('zip', [file('archive.zip', utf8Zip('請求書①.xls'), 'application/zip')])),
        e.send(mailWith('zip', [file('archive.zip', cp932Zip('見積書①.xls'), 'application/zip')])),
      ]);
      const texts = [];
      for (const s of [cp932, utf8]) {
        const o = await e.outcome(s);
        expect(o.message.status).toBe('QUARANTINED');
        texts.push(matchedTexts(o, ruleId));
      }
      expect(texts[0]).toEqual([['ATTACHMENT_NAME', ['archive.zip › 請求書①.xls']]]);
      expect(texts[1]).toEqual(texts[0]);
      expect((await e.outcome(other)).message.status).toBe('DELIVERED');
    } finally {
      await e.deleteRule(ruleId);
    }
  });

  it('a notification with the original attached (message/rfc822), Japanese subject and tokens, to two recipients', async () => {
    const r = await e.t.gql(
      'mutation($i: PolicyNotificationInput!) { addPolicyNotification(input: $i) { policyNotification { id } userErrors { code message } } }',
      {
        i: {
          name: '隔離通知',
          fromAddress: at('postmaster'),
          toAddresses: [at('admin'), at('admin2')],
          subject: '隔離: %SUBJECT%',
          body: 'ルール %RULENAME% / 検出 %DETECTED% / 宛先 %RCPTS% / ID %MAILID%',
          attachOriginal: true,
        },
      },
    );
    const n = r.data.addPolicyNotification.policyNotification.id as string;
    const list = await e.keywordList('機密', ['機密']);
    await e.withRule(
      {
        name: '機密の隔離',
        criteria: [{ type: 'BODY_KEYWORDS', keywordListIds: [list] }],
        intercept: { action: 'QUARANTINE' },
        monitorActions: [{ type: 'NOTIFY', notificationId: n }],
      },
      async () => {
        const sent = await e.send(mailWith('機密の件', [file('a.txt', 'x', 'text/plain')], '機密情報です\r\n'));
        const o = await e.outcome(sent);
        expect(o.message.status).toBe('QUARANTINED');
        expect(o.generated).toMatchObject([
          { origin: 'NOTIFICATION', envelopeRecipients: [at('admin'), at('admin2')], status: 'DELIVERED' },
        ]);
        const note = o.generated[0]!.captured[0]!;
        expect(note.envelopeRecipients).toEqual([at('admin'), at('admin2')]);
        expect(note.parsed.subject).toBe('隔離: 機密の件');
        expect(note.parsed.text).toContain(`ルール 機密の隔離 / 検出 機密 / 宛先 ${USER} / ID ${sent.mailId}`);
        const original = note.parsed.attachments.find((a) => a.contentType === 'message/rfc822')!;
        expect((await simpleParser(original.content)).subject).toBe('機密の件');
      },
    );
  });
});
