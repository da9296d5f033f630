// parseMessage on the readable corpus test/fixtures/mail/*.eml (written by
// scripts/fixtures/make-mail-fixtures.ts): the facts a policy sees for each kind of message.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { matchExpression, validateExpression } from '../../src/policies/keyword-dialect.js';
import { type AttachmentInspectionLike, type AttachmentToInspect, emptyInspection, parseMessage } from '../../src/relay/parse-message.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');
const tempDir = mkdtempSync(join(tmpdir(), 'parse-message-test-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const JAPANESE_TEXT = 'お支払いのお願い①（株）ｱｲｳｴｵ 髙橋様 ～ 請求書を送付します。';
const JAPANESE_SUBJECT = '【重要】お支払いのお願い①';

/** A fake inspection that records what it was given, with the file's bytes at that moment. */
function recordingInspect() {
  const calls: (AttachmentToInspect & { content: Buffer })[] = [];
  const inspect = async (a: AttachmentToInspect): Promise<AttachmentInspectionLike> => {
    calls.push({ ...a, content: readFileSync(a.path) });
    return emptyInspection();
  };
  return { calls, inspect };
}

async function parseFile(path: string, inspect = recordingInspect().inspect) {
  return parseMessage(
    {
      path,
      sizeBytes: statSync(path).size,
      direction: 'INBOUND',
      envelope: { sender: 'sender@example.jp', recipients: ['user@example.com'] },
    },
    { tempDir, inspect },
  );
}

const parseFixture = (name: string, inspect?: ReturnType<typeof recordingInspect>['inspect']) => parseFile(join(FIXTURES, name), inspect);

/** The fixture with its body charset label replaced, in a temporary file. */
function relabelled(name: string, from: string, to: string): string {
  const bytes = readFileSync(join(FIXTURES, name));
  const path = join(tempDir, `${to}-${name}`);
  writeFileSync(path, Buffer.from(bytes.toString('latin1').replace(`charset=${from}`, `charset=${to}`), 'latin1'));
  return path;
}

function keywordMatches(expression: string, text: string): boolean {
  const compiled = validateExpression(expression, { caseSensitive: false });
  if (!compiled.ok) throw new Error(compiled.problem.message);
  return matchExpression(compiled.compiled, text).matched;
}

describe('parseMessage: Japanese mail', () => {
  it('decodes an ISO-2022-JP subject (B encoded-word) and 7bit body, NEC/IBM extension characters and half-width kana included', async () => {
    const { facts } = await parseFixture('iso-2022-jp.eml');
    expect(facts.subject).toBe(JAPANESE_SUBJECT);
    expect(facts.bodyText.trim()).toBe(JAPANESE_TEXT);
    expect(facts.headers.find((h) => h.name === 'subject')?.value).toBe(JAPANESE_SUBJECT);
  });

  it('decodes a Shift_JIS 8bit body under each of its labels, and a Q encoded-word subject', async () => {
    const { facts } = await parseFixture('shift-jis.eml');
    expect(facts.subject).toBe(JAPANESE_SUBJECT);
    expect(facts.bodyText.trim()).toBe(JAPANESE_TEXT);
    for (const label of ['x-sjis', 'CP932', 'Windows-31J']) {
      const relabelledFacts = (await parseFile(relabelled('shift-jis.eml', 'Shift_JIS', label))).facts;
      expect(relabelledFacts.bodyText.trim(), label).toBe(JAPANESE_TEXT);
    }
  });

  it('decodes EUC-JP and UTF-8 bodies', async () => {
    for (const name of ['euc-jp.eml', 'utf-8.eml']) {
      const { facts } = await parseFixture(name);
      expect(facts.subject, name).toBe(JAPANESE_SUBJECT);
      expect(facts.bodyText.trim(), name).toBe(JAPANESE_TEXT);
    }
  });

  it('gives keyword expressions the same text whatever the Japanese charset', async () => {
    const texts = await Promise.all(
      ['iso-2022-jp.eml', 'shift-jis.eml', 'euc-jp.eml', 'utf-8.eml'].map(async (n) => (await parseFixture(n)).facts),
    );
    for (const facts of texts) {
      expect(facts.bodyText).toBe(texts[3]!.bodyText);
      expect(keywordMatches('髙橋様', facts.bodyText)).toBe(true);
      expect(keywordMatches('（株）', facts.bodyText)).toBe(true);
      expect(keywordMatches('ｱｲｳｴｵ', facts.bodyText)).toBe(true);
      expect(keywordMatches('重要', facts.subject)).toBe(true);
    }
  });

  it('decodes Japanese attachment names: RFC 2231 ISO-2022-JP and UTF-8 with continuations, encoded-word, raw 8-bit Shift_JIS', async () => {
    const { facts } = await parseFixture('japanese-filenames.eml');
    expect(facts.attachments.map((a) => a.filename)).toEqual([
      '見積書（株）①.pdf',
      '売上データ２０２６年.csv',
      '議事録.doc',
      '請求書①.xls',
    ]);
    expect(facts.attachments.map((a) => a.partPath)).toEqual(['2', '3', '4', '5']);
    expect(facts.bodyText).toBe('See the attachments.');
  });

  it('reads a raw 8-bit Shift_JIS Subject (no encoded-word) as CP932, and raw UTF-8 as UTF-8', async () => {
    const path = join(tempDir, 'raw-subject.eml');
    const raw = (subject: Buffer) =>
      Buffer.concat([Buffer.from('From: a@example.jp\r\nSubject: '), subject, Buffer.from('\r\n\r\nbody\r\n')]);
    writeFileSync(path, raw(iconv.encode('お知らせ①', 'cp932')));
    expect((await parseFile(path)).facts.subject).toBe('お知らせ①');
    writeFileSync(path, raw(Buffer.from('お知らせ①')));
    expect((await parseFile(path)).facts.subject).toBe('お知らせ①');
  });
});

describe('parseMessage: structure and attachments', () => {
  it('streams an attachment to a temporary file, sized and hashed, and hands it to inspection', async () => {
    const recorder = recordingInspect();
    const { facts, attachmentFiles } = await parseFixture('zip-attachment.eml', recorder.inspect);
    expect(facts.attachments).toHaveLength(1);
    const [zip] = facts.attachments;
    expect(zip).toMatchObject({ index: 0, partPath: '2', filename: 'archive.zip', declaredType: 'application/zip' });
    const [call] = recorder.calls;
    expect(call?.content.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(zip?.sizeBytes).toBe(call?.content.length);
    const { createHash } = await import('node:crypto');
    expect(zip?.sha256).toBe(createHash('sha256').update(call!.content).digest('hex'));
    expect(call).toMatchObject({ filename: 'archive.zip', declaredType: 'application/zip', sizeBytes: zip?.sizeBytes });
    expect(attachmentFiles).toEqual([call?.path]);
    expect(statSync(call!.path).size).toBe(zip?.sizeBytes);
  });

  it('puts what inspection found into the attachment facts, GTUBE in extracted text included', async () => {
    const gtube = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
    const entry = { name: 'readme.txt', sizeBytes: 15, encrypted: false, trueType: null };
    const { facts } = await parseFixture('zip-attachment.eml', async () => ({
      ...emptyInspection(),
      trueType: 'zip',
      archiveEntries: [entry],
      text: `inside ${gtube}`,
      cuts: [{ item: 'ARCHIVE_ENTRIES', detail: 'example' }],
    }));
    expect(facts.attachments[0]).toMatchObject({ trueType: 'zip', archiveEntries: [entry], text: `inside ${gtube}` });
    expect(facts.signals.gtube).toBe(true);
    expect(facts.cuts).toEqual([{ item: 'ARCHIVE_ENTRIES', detail: 'example' }]);
  });

  it('keeps the declared type of an application/octet-stream part named .pdf', async () => {
    const { facts } = await parseFixture('octet-stream-pdf.eml');
    expect(facts.attachments[0]).toMatchObject({ filename: 'report.pdf', declaredType: 'application/octet-stream' });
  });

  it('makes a text/plain part with name= and no Content-Disposition an attachment, not body text', async () => {
    const recorder = recordingInspect();
    const { facts } = await parseFixture('text-named-part.eml', recorder.inspect);
    expect(facts.bodyText).toBe('The body.');
    expect(facts.attachments).toHaveLength(1);
    expect(facts.attachments[0]).toMatchObject({ filename: 'notes.txt', declaredType: 'text/plain', partPath: '2' });
    expect(recorder.calls[0]?.content.toString()).toBe('The notes file.');
  });

  it('takes the text of both alternatives, the HTML without tags, styles or entities', async () => {
    const { facts } = await parseFixture('alternative.eml');
    expect(facts.bodyText).toBe('Plain version: invoice due.\nHTML version: wire the money & reply');
    expect(facts.bodyBlank).toBe(false);
    expect(facts.attachments).toEqual([]);
  });

  it('reads an HTML-only body as its text: no script, no comment, character references decoded', async () => {
    const { facts } = await parseFixture('html-only.eml');
    expect(facts.bodyText).toBe('Click here\n注意');
    expect(facts.bodyBlank).toBe(false);
  });

  it('calls an empty body and a whitespace-only body blank (criterion 9)', async () => {
    for (const name of ['empty-body.eml', 'whitespace-body.eml']) {
      const { facts } = await parseFixture(name);
      expect(facts.bodyBlank, name).toBe(true);
      expect(facts.bodyText, name).toBe('');
    }
    expect((await parseFixture('gtube.eml')).facts.bodyBlank).toBe(false);
    // "No text and no HTML tags": an HTML body of tags alone has tags, so it is not blank.
    const tagsOnly = join(tempDir, 'tags-only.eml');
    writeFileSync(tagsOnly, 'From: a@example.jp\r\nContent-Type: text/html\r\n\r\n<html><body></body></html>\r\n');
    expect((await parseFile(tagsOnly)).facts).toMatchObject({ bodyBlank: false, bodyText: '' });
    // No body part at all: only an attachment.
    const onlyAttachment = join(tempDir, 'only-attachment.eml');
    writeFileSync(onlyAttachment, 'From: a@example.jp\r\nContent-Type: application/pdf; name=a.pdf\r\n\r\n%PDF-1.4\r\n');
    expect((await parseFile(onlyAttachment)).facts.bodyBlank).toBe(true);
  });

  it('recognises S/MIME signed mail (multipart/signed with a pkcs7-signature)', async () => {
    const { facts } = await parseFixture('smime-signed.eml');
    expect(facts.signed).toBe(true);
    expect(facts.bodyText).toBe('This text is signed.');
    expect(facts.attachments.map((a) => a.declaredType)).toEqual(['application/pkcs7-signature']);
    expect((await parseFixture('alternative.eml')).facts.signed).toBe(false);
  });

  it('recognises opaque S/MIME signed-data, and not enveloped-data', async () => {
    const message = (smimeType: string) =>
      `From: a@example.jp\r\nSubject: opaque\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\r\n`;
    for (const [type, signed] of [
      ['signed-data', true],
      ['enveloped-data', false],
    ] as const) {
      const path = join(tempDir, `opaque-${type}.eml`);
      writeFileSync(path, message(type));
      const { facts } = await parseFile(path);
      expect(facts.signed, type).toBe(signed);
      expect(facts.attachments[0]).toMatchObject({ partPath: '1', declaredType: 'application/pkcs7-mime' });
    }
  });
});

describe('parseMessage: headers and test signals', () => {
  it('gives the header fields in order, decoded, with From and Reply-To addresses in lower case', async () => {
    const { facts } = await parseFixture('signals.eml');
    expect(facts.headers.map((h) => h.name)).toEqual([
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'mime-version',
      'x-rehearsal-signal',
      'x-rehearsal-signal',
      'reply-to',
      'content-type',
    ]);
    expect(facts.headerFrom).toBe('sender@example.jp');
    expect(facts.replyTo).toBe('reply@elsewhere.example');
    expect(facts.messageId).toBe('<fixture@example.jp>');
    expect(facts.envelope).toEqual({ sender: 'sender@example.jp', recipients: ['user@example.com'] });
    expect(facts.direction).toBe('INBOUND');
  });

  it('parses X-Rehearsal-Signal kinds and levels, the level defaulting to HIGHEST, unknown kinds kept', async () => {
    const { facts } = await parseFixture('signals.eml');
    expect(facts.signals.headerSignals).toEqual([
      { kind: 'BEC', level: 'HIGH', raw: 'bec=high' },
      { kind: 'PHISHING', level: 'HIGHEST', raw: 'phishing' },
      { kind: 'GRAYMAIL', level: 'MODERATELY_LOW', raw: 'graymail=moderately-low' },
      { kind: 'Custom-Kind', level: null, raw: 'Custom-Kind=7' },
    ]);
    expect(facts.signals.gtube).toBe(false);
  });

  it('finds GTUBE in the body', async () => {
    const { facts } = await parseFixture('gtube.eml');
    expect(facts.signals.gtube).toBe(true);
  });

  it('finds GTUBE in a text attachment and in the subject', async () => {
    const gtube = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
    const attached = join(tempDir, 'gtube-attached.eml');
    writeFileSync(
      attached,
      `From: a@example.jp\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nclean\r\n--b\r\nContent-Type: text/plain; name="t.txt"\r\nContent-Disposition: attachment; filename="t.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`x ${gtube} y`).toString('base64')}\r\n--b--\r\n`,
    );
    expect((await parseFile(attached)).facts.signals.gtube).toBe(true);
    const subject = join(tempDir, 'gtube-subject.eml');
    writeFileSync(subject, `From: a@example.jp\r\nSubject: ${gtube}\r\n\r\nclean\r\n`);
    expect((await parseFile(subject)).facts.signals.gtube).toBe(true);
  });
});
