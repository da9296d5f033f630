import iconv from 'iconv-lite';
import libmime from 'libmime';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modification } from '../../src/policies/engine/verdict.js';
import { type RewriteResult, rewriteMessage } from '../../src/relay/rewrite-message.js';
import { base64Lines, entity, jis, KONNICHIWA_JIS, multipartBody, type TempFiles, tempFiles } from '../support/eml.js';

let files: TempFiles;
let serial = 0;
beforeAll(async () => {
  files = await tempFiles('rewrite');
});
afterAll(() => files.cleanup());

async function rewrite(message: Buffer, modifications: Modification[]): Promise<{ result: RewriteResult; out: Buffer; mail: ParsedMail }> {
  const n = ++serial;
  const inPath = await files.write(`in-${n}.eml`, message);
  const result = await rewriteMessage({ inPath, outPath: files.path(`out-${n}.eml`), modifications });
  expect(result.ok).toBe(true);
  const out = await files.read(`out-${n}.eml`);
  return { result, out, mail: await simpleParser(out) };
}

const top = ['From: a@example.com', 'To: b@example.net', 'Message-ID: <m1@example.com>', 'MIME-Version: 1.0'];
const stampEnd: Modification = {
  type: 'INSERT_STAMP',
  text: '[外部メール] 注意してください',
  html: '<p class="stamp">[外部メール] 注意</p>',
  position: 'END',
};
const stampBegin: Modification = { ...stampEnd, position: 'BEGINNING' };

/** mixed > alternative (UTF-8 text QP, UTF-8 HTML base64) + a PDF attachment. */
function utf8Message(): Buffer {
  const text = entity(
    ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
    '=E6=9C=AC=E6=96=87=E3=81=A7=E3=81=99',
  );
  const html = entity(
    ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64'],
    base64Lines('<html><head><title>t</title></head><BODY class="x">\r\n<p>本文です</p>\r\n</body></html>'),
  );
  const pdf = entity(
    ['Content-Type: application/pdf; name=a.pdf', 'Content-Disposition: attachment; filename=a.pdf', 'Content-Transfer-Encoding: base64'],
    base64Lines('%PDF-1.4 fake'),
  );
  const alternative = entity(['Content-Type: multipart/alternative; boundary="alt"'], multipartBody('alt', [text, html]));
  return entity([...top, 'Subject: Hello', 'Content-Type: multipart/mixed; boundary="mix"'], multipartBody('mix', [alternative, pdf]));
}

describe('rewriteMessage: no change', () => {
  it('copies the message byte for byte when there is nothing to do', async () => {
    const message = utf8Message();
    const { result, out } = await rewrite(message, []);
    expect(result.unchanged).toBe(true);
    expect(out.equals(message)).toBe(true);
  });

  it('copies byte for byte when no modification applies, and says why per modification', async () => {
    const message = Buffer.concat([utf8Message(), Buffer.from('\n\n  trailing junk without CRLF', 'latin1')]);
    const { result, out } = await rewrite(message, [
      { type: 'DELETE_ATTACHMENTS', partPaths: ['9'] },
      { type: 'INSERT_X_HEADER', name: 'Bad Name', value: 'v' },
    ]);
    expect(out.equals(message)).toBe(true);
    expect(result.unchanged).toBe(true);
    expect(result.modifications[0]!.parts).toEqual([{ partPath: '9', outcome: 'NOT_FOUND', detail: 'no such part' }]);
    expect(result.modifications[1]).toMatchObject({ applied: false, detail: 'INVALID_HEADER_NAME' });
  });
});

describe('rewriteMessage: headers', () => {
  it('inserts X-headers at the top in order, non-ASCII values as encoded-words', async () => {
    const { out, mail, result } = await rewrite(utf8Message(), [
      { type: 'INSERT_X_HEADER', name: 'X-Policy', value: '機密 confidential' },
      { type: 'INSERT_X_HEADER', name: 'X-Second', value: 'plain' },
    ]);
    const lines = out.toString('latin1').split('\r\n');
    expect(lines[0]).toMatch(/^X-Policy: =\?UTF-8\?B\?/);
    expect(lines[1]).toBe('X-Second: plain');
    expect(libmime.decodeWords(String(mail.headers.get('x-policy')))).toBe('機密 confidential');
    expect(result.modifications.every((m) => m.applied)).toBe(true);
    expect(mail.attachments[0]!.content.toString()).toBe('%PDF-1.4 fake');
  });

  it('tags an ASCII subject and keeps it ASCII', async () => {
    const { out, mail } = await rewrite(utf8Message(), [{ type: 'TAG_SUBJECT', text: '[SPAM]' }]);
    expect(mail.subject).toBe('[SPAM] Hello');
    expect(out.toString('latin1')).toContain('\r\nSubject: [SPAM] Hello\r\n');
  });

  it('tags an ISO-2022-JP subject: decoded, prefixed, re-encoded as UTF-8', async () => {
    const message = entity([...top, 'Subject: =?ISO-2022-JP?B?GyRCJEgkaiQiJDkkKBsoQg==?=', 'Content-Type: text/plain'], 'body\r\n');
    const { mail, out } = await rewrite(message, [{ type: 'TAG_SUBJECT', text: '[注意]' }]);
    expect(mail.subject).toBe('[注意] とりあすえ');
    expect(out.toString('latin1')).toMatch(/Subject: =\?UTF-8\?B\?/);
    expect(mail.text).toBe('body\n');
  });

  it('tags a raw 8-bit Shift_JIS subject as the parser reads it (CP932), not byte by byte', async () => {
    const subject = Buffer.concat([Buffer.from('Subject: ', 'latin1'), iconv.encode('請求書です', 'cp932')]).toString('latin1');
    const { mail } = await rewrite(entity([...top, subject, 'Content-Type: text/plain'], 'body\r\n'), [
      { type: 'TAG_SUBJECT', text: '[注意]' },
    ]);
    expect(mail.subject).toBe('[注意] 請求書です');
  });

  it('tags a raw 8-bit UTF-8 subject (RFC 6532) and a raw Latin-1-looking UTF-8 one alike', async () => {
    const subject = Buffer.concat([Buffer.from('Subject: ', 'latin1'), Buffer.from('Café 請求書')]).toString('latin1');
    const { mail } = await rewrite(entity([...top, subject, 'Content-Type: text/plain'], 'body\r\n'), [
      { type: 'TAG_SUBJECT', text: '[注意]' },
    ]);
    expect(mail.subject).toBe('[注意] Café 請求書');
  });

  it('adds a Subject when the message has none', async () => {
    const { mail } = await rewrite(entity(top, 'x\r\n'), [{ type: 'TAG_SUBJECT', text: '[SPAM]' }]);
    expect(mail.subject).toBe('[SPAM]');
  });
});

describe('rewriteMessage: stamps', () => {
  it('stamps UTF-8 text (QP) and HTML (base64) parts at the end, and leaves the attachment alone', async () => {
    const { mail, result } = await rewrite(utf8Message(), [stampEnd]);
    expect(mail.text).toMatch(/^本文です\n+\[外部メール\] 注意してください\n*$/);
    expect(mail.html).toMatch(/<p>本文です<\/p>\r?\n<p class="stamp">\[外部メール\] 注意<\/p><\/body><\/html>$/);
    expect(result.modifications[0]!.parts.map((p) => [p.partPath, p.outcome])).toEqual([
      ['1.1', 'STAMPED'],
      ['1.2', 'STAMPED'],
    ]);
    expect(mail.attachments.map((a) => a.content.toString())).toEqual(['%PDF-1.4 fake']);
  });

  it('stamps at the beginning: before the text, right after the <body> tag', async () => {
    const { mail } = await rewrite(utf8Message(), [stampBegin]);
    expect(mail.text).toMatch(/^\[外部メール\] 注意してください\n\n本文です/);
    expect(mail.html).toMatch(/<\/head><BODY class="x"><p class="stamp">\[外部メール\] 注意<\/p>\r?\n<p>本文です<\/p>/);
  });

  it('stamps an ISO-2022-JP 7bit part in ISO-2022-JP and keeps it 7bit', async () => {
    const message = entity(
      [...top, 'Subject: jis', 'Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
      jis(KONNICHIWA_JIS, '\r\n'),
    );
    expect((await simpleParser(message)).text).toBe('こんにちは\n');
    const { out, mail, result } = await rewrite(message, [stampEnd]);
    expect(mail.text).toBe('こんにちは\n\n[外部メール] 注意してください\n');
    expect(out.every((b) => b < 0x80)).toBe(true);
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'text/plain', params: { charset: 'ISO-2022-JP' } });
    expect(String(mail.headers.get('content-transfer-encoding'))).toBe('7bit');
    expect(result.modifications[0]!.parts[0]).toMatchObject({ outcome: 'STAMPED', detail: 'text/plain; in its charset ISO-2022-JP' });
  });

  it('stamps an ISO-2022-JP HTML part after <body> without splitting a JIS run', async () => {
    // "<body" inside the JIS run (bytes 3C 62 6F 64 79 ...) is kanji, not a tag
    const html = jis('<html>', [0x3c, 0x62, 0x6f, 0x64], '<body>', KONNICHIWA_JIS, '</body></html>');
    const message = entity([...top, 'Subject: jis', 'Content-Type: text/html; charset=iso-2022-jp'], html);
    const before = (await simpleParser(message)).html as string;
    const { mail } = await rewrite(message, [stampBegin]);
    expect(mail.html).toBe(before.replace('<body>', '<body><p class="stamp">[外部メール] 注意</p>'));
  });

  it('stamps a Shift_JIS 8bit part in Shift_JIS and keeps it 8bit', async () => {
    const body = iconv.encode('お世話になっております。\r\n', 'shift_jis');
    const message = entity(
      [...top, 'Subject: sjis', 'Content-Type: text/plain; charset=Shift_JIS', 'Content-Transfer-Encoding: 8bit'],
      body,
    );
    const { out, mail } = await rewrite(message, [stampBegin]);
    expect(mail.text).toBe('[外部メール] 注意してください\n\nお世話になっております。\n');
    expect(out.includes(body)).toBe(true); // the original bytes are untouched
    expect(out.includes(iconv.encode('[外部メール] 注意してください', 'shift_jis'))).toBe(true);
    expect(String(mail.headers.get('content-transfer-encoding'))).toBe('8bit');
  });

  it('re-declares a part as UTF-8 when the stamp cannot be written in its charset', async () => {
    const body = iconv.encode('<html><body>見積書</body></html>', 'shift_jis');
    const message = entity(
      [...top, 'Subject: sjis', 'Content-Type: text/html; charset=shift_jis', 'Content-Transfer-Encoding: 8bit'],
      body,
    );
    const { mail, result } = await rewrite(message, [{ ...stampEnd, html: '<p>😀 외부</p>' }]);
    expect(mail.html).toBe('<html><body>見積書<p>😀 외부</p></body></html>');
    expect(mail.headers.get('content-type')).toMatchObject({ params: { charset: 'utf-8' } });
    expect(result.modifications[0]!.parts[0]).toMatchObject({ outcome: 'STAMPED', redeclaredCharset: 'utf-8' });
  });

  it('re-declares an ISO-2022-JP 7bit part as UTF-8 quoted-printable for a stamp JIS cannot write', async () => {
    const message = entity([...top, 'Subject: jis', 'Content-Type: text/plain; charset=ISO-2022-JP'], jis(KONNICHIWA_JIS, '\r\n'));
    const { mail } = await rewrite(message, [{ ...stampEnd, text: 'ｶﾀｶﾅ 😀' }]);
    expect(mail.text).toBe('こんにちは\n\nｶﾀｶﾅ 😀\n');
    expect(mail.headers.get('content-type')).toMatchObject({ params: { charset: 'utf-8' } });
    expect(String(mail.headers.get('content-transfer-encoding'))).toBe('quoted-printable');
  });

  it('keeps the transfer encoding of quoted-printable and base64 parts', async () => {
    const { out } = await rewrite(utf8Message(), [stampEnd]);
    const raw = out.toString('latin1');
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=E6=9C=AC/);
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n[A-Za-z0-9+/]{76}\r\n/);
  });

  it('puts the stamp at the start / end of HTML that has no body tag', async () => {
    const message = entity([...top, 'Subject: h', 'Content-Type: text/html; charset=utf-8'], '<p>x</p>');
    expect((await rewrite(message, [stampBegin])).mail.html).toBe('<p class="stamp">[外部メール] 注意</p><p>x</p>');
    expect((await rewrite(message, [stampEnd])).mail.html).toBe('<p>x</p><p class="stamp">[外部メール] 注意</p>');
  });

  it('does not stamp attachments or the parts of a forwarded message/rfc822', async () => {
    const inner = entity(['Subject: forwarded', 'Content-Type: text/plain'], 'inner text');
    const forwarded = entity(['Content-Type: message/rfc822', 'Content-Disposition: inline'], inner);
    const note = entity(
      ['Content-Type: text/plain; name=notes.txt', 'Content-Disposition: attachment; filename=notes.txt'],
      'attached text',
    );
    const text = entity(['Content-Type: text/plain; charset=us-ascii'], 'see below');
    const message = entity(
      [...top, 'Subject: fw', 'Content-Type: multipart/mixed; boundary="m"'],
      multipartBody('m', [text, note, forwarded]),
    );
    const { mail, result } = await rewrite(message, [{ ...stampEnd, text: 'STAMP' }]);
    expect(result.modifications[0]!.parts.map((p) => p.partPath)).toEqual(['1']);
    expect(mail.text).toMatch(/^see below\n\nSTAMP\n[\s\S]*inner text$/);
    expect(mail.attachments.map((a) => a.content.toString())).toEqual(['attached text']);
  });

  it('stamps a single-part message (the root part) and a format=flowed part without joining lines', async () => {
    const message = entity([...top, 'Subject: f', 'Content-Type: text/plain; charset=utf-8; format=flowed'], 'line one \r\nline two\r\n');
    const { mail, result } = await rewrite(message, [{ ...stampBegin, text: '> quoted-looking stamp  \nsecond' }]);
    // the stamp's "> …" line is space-stuffed (RFC 3676 §4.4), so it is not read as a quote; "line one " still flows into "line two"
    expect(mail.text).toBe('> quoted-looking stamp\nsecond\n\nline one line two');
    expect(result.modifications[0]!.parts[0]!.partPath).toBe('');
  });
});
