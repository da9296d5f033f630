// Deleting, sanitizing and cleaning attachments by part path (the paths mailparser reports).
import { readFile, writeFile } from 'node:fs/promises';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modification } from '../../src/policies/engine/verdict.js';
import { type RewriteResult, rewriteMessage } from '../../src/relay/rewrite-message.js';
import type { Sanitizer } from '../../src/relay/sanitize-part.js';
import { base64Lines, entity, multipartBody, type TempFiles, tempFiles } from '../support/eml.js';

let files: TempFiles;
let serial = 0;
beforeAll(async () => {
  files = await tempFiles('rewrite-att');
});
afterAll(() => files.cleanup());

async function rewrite(message: Buffer, modifications: Modification[], sanitize?: Sanitizer) {
  const n = ++serial;
  const inPath = await files.write(`in-${n}.eml`, message);
  const result: RewriteResult = await rewriteMessage({
    inPath,
    outPath: files.path(`out-${n}.eml`),
    modifications,
    ...(sanitize ? { sanitize } : {}),
  });
  expect(result.ok).toBe(true);
  const out = await files.read(`out-${n}.eml`);
  return { result, out, mail: await simpleParser(out) };
}

const top = ['From: a@example.com', 'To: b@example.net', 'Subject: files', 'MIME-Version: 1.0'];
const attachment = (name: string, type: string, content: string, encoding = 'base64') =>
  entity(
    [
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      `Content-Transfer-Encoding: ${encoding}`,
    ],
    encoding === 'base64' ? base64Lines(content) : content,
  );
const text = (body: string) => entity(['Content-Type: text/plain; charset=us-ascii'], body);

/** mixed > alternative + a.pdf + (mixed > b.zip + c.txt) + forwarded inline message (with d.pdf) + e.eml attached. */
function nestedMessage(): Buffer {
  const alternative = entity(
    ['Content-Type: multipart/alternative; boundary="alt"'],
    multipartBody('alt', [text('hello'), entity(['Content-Type: text/html'], '<p>hello</p>')]),
  );
  const inner = entity(
    ['Content-Type: multipart/mixed; boundary="in"'],
    multipartBody('in', [attachment('b.zip', 'application/zip', 'PK zip'), attachment('c.txt', 'text/plain', 'c text', '7bit')]),
  );
  const forwardedMail = entity(
    ['Subject: fwd', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="fw"'],
    multipartBody('fw', [text('forwarded body'), attachment('d.pdf', 'application/pdf', '%PDF d')]),
  );
  const forwarded = entity(['Content-Type: message/rfc822', 'Content-Disposition: inline'], forwardedMail);
  const attachedMail = entity(
    ['Content-Type: message/rfc822; name="e.eml"', 'Content-Disposition: attachment; filename="e.eml"'],
    entity(['Subject: e'], 'e body\r\n'),
  );
  return entity(
    [...top, 'Content-Type: multipart/mixed; boundary="mix"'],
    multipartBody('mix', [alternative, attachment('a.pdf', 'application/pdf', '%PDF a'), inner, forwarded, attachedMail]),
  );
}

const summary = (mail: ParsedMail) => mail.attachments.map((a) => `${a.filename}=${a.content.toString('latin1')}`);

describe('rewriteMessage: part paths are mailparser partIds', () => {
  it('deletes exactly the attachment mailparser reported under each partId, and keeps the others byte for byte', async () => {
    const message = nestedMessage();
    const original = await simpleParser(message);
    const all = summary(original);
    expect(original.attachments.map((a) => [a.partId, a.filename])).toEqual([
      ['2', 'a.pdf'],
      ['3.1', 'b.zip'],
      ['3.2', 'c.txt'],
      ['4.2', 'd.pdf'],
      ['5', 'e.eml'],
    ]);
    for (const [i, att] of original.attachments.entries()) {
      const { mail, result } = await rewrite(message, [{ type: 'DELETE_ATTACHMENTS', partPaths: [att.partId!] }]);
      expect(result.modifications[0]!.parts).toEqual([{ partPath: att.partId, outcome: 'DELETED', detail: 'deleted' }]);
      expect(summary(mail)).toEqual(all.filter((_, j) => j !== i));
      expect(mail.text).toContain('hello');
    }
  });

  it('deletes a nested multipart and a forwarded message whole, keeping the outer structure', async () => {
    const { mail, out } = await rewrite(nestedMessage(), [{ type: 'DELETE_ATTACHMENTS', partPaths: ['3', '4'] }]);
    expect(summary(mail)).toEqual(['a.pdf=%PDF a', 'e.eml=Subject: e\r\n\r\ne body\r\n']);
    expect(mail.text).not.toContain('forwarded body');
    expect(out.toString('latin1')).toMatch(/--mix--\r\n$/);
  });

  it('keeps the closing delimiter of the outer multipart when the dropped part is the last one', async () => {
    const message = nestedMessage();
    const withoutLast = message.toString('latin1').replace(/--mix\r\nContent-Type: message\/rfc822; name[\s\S]*(?=--mix--)/, '');
    const { mail, out } = await rewrite(Buffer.from(withoutLast, 'latin1'), [{ type: 'DELETE_ATTACHMENTS', partPaths: ['4'] }]);
    expect(summary(mail)).toEqual(['a.pdf=%PDF a', 'b.zip=PK zip', 'c.txt=c text']);
    expect(out.toString('latin1')).toMatch(/--in--(\r\n)+--mix--\r\n$/);
  });
});

describe('rewriteMessage: deleting', () => {
  it('leaves a valid multipart/mixed with one part', async () => {
    const message = entity(
      [...top, 'Content-Type: multipart/mixed; boundary="mix"'],
      multipartBody('mix', [text('keep me'), attachment('x.exe', 'application/octet-stream', 'MZ')]),
    );
    const { mail, out } = await rewrite(message, [{ type: 'DELETE_ATTACHMENTS', partPaths: ['2'] }]);
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toBe('keep me');
    expect(out.toString('latin1')).toContain('--mix\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nkeep me\r\n--mix--');
  });

  it('puts an empty text part into a multipart whose only part was deleted (RFC 2046 needs one)', async () => {
    const message = entity(
      [...top, 'Content-Type: multipart/mixed; boundary="mix"'],
      multipartBody('mix', [attachment('x.exe', 'application/octet-stream', 'MZ')]),
    );
    const { mail, out } = await rewrite(message, [{ type: 'DELETE_ATTACHMENTS', partPaths: ['1'] }]);
    expect(mail.attachments).toEqual([]);
    expect(out.toString('latin1')).toMatch(/--mix\r\nContent-Type: text\/plain; charset=us-ascii\r\n\r\n\r\n--mix--\r\n$/);
  });

  it('CLEAN_MALWARE deletes the test malware: deleted (uncleanable)', async () => {
    const eicar = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
    const message = entity(
      [...top, 'Content-Type: multipart/mixed; boundary="mix"'],
      multipartBody('mix', [text('hi'), attachment('eicar.com', 'application/octet-stream', eicar)]),
    );
    const { mail, result } = await rewrite(message, [{ type: 'CLEAN_MALWARE', partPaths: ['2'] }]);
    expect(mail.attachments).toEqual([]);
    expect(result.modifications[0]).toMatchObject({
      applied: true,
      parts: [{ partPath: '2', outcome: 'DELETED_UNCLEANABLE', detail: 'deleted (uncleanable)' }],
    });
  });

  it('does not touch attachments inside an S/MIME signed entity (docs/cegp §5)', async () => {
    const signedContent = entity(
      ['Content-Type: multipart/mixed; boundary="in"'],
      multipartBody('in', [text('signed'), attachment('x.pdf', 'application/pdf', '%PDF')]),
    );
    const signature = entity(
      ['Content-Type: application/pkcs7-signature; name=smime.p7s', 'Content-Transfer-Encoding: base64'],
      base64Lines('sig'),
    );
    const message = entity(
      [...top, 'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"'],
      multipartBody('sig', [signedContent, signature]),
    );
    const { out, result } = await rewrite(message, [{ type: 'DELETE_ATTACHMENTS', partPaths: ['1.2'] }]);
    expect(result.modifications[0]!.parts[0]).toMatchObject({ partPath: '1.2', outcome: 'SIGNED_NOT_MODIFIED' });
    expect(out.equals(message)).toBe(true);
  });
});

describe('rewriteMessage: sanitizing', () => {
  const withPdf = () =>
    entity(
      [...top, 'Content-Type: multipart/mixed; boundary="mix"'],
      multipartBody('mix', [
        text('hi'),
        attachment('a.pdf', 'application/pdf', '%PDF /JS (x)', 'quoted-printable'),
        attachment('b.pdf', 'application/pdf', '%PDF b'),
      ]),
    );

  it('hands the decoded part to the sanitizer and puts its output back, base64-encoded', async () => {
    const calls: [string, string][] = [];
    const sanitize: Sanitizer = async (partPath, decodedPath, outPath) => {
      const decoded = await readFile(decodedPath, 'latin1');
      calls.push([partPath, decoded]);
      await writeFile(outPath, decoded.replace('/JS', '/XX'));
      return { sanitized: true, reason: 'JavaScript removed' };
    };
    const { mail, result } = await rewrite(withPdf(), [{ type: 'SANITIZE', partPaths: ['2'], deleteIfUnable: false }], sanitize);
    expect(calls).toEqual([['2', '%PDF /JS (x)']]);
    expect(summary(mail)).toEqual(['a.pdf=%PDF /XX (x)', 'b.pdf=%PDF b']);
    expect(String(mail.attachments[0]!.headers.get('content-transfer-encoding'))).toBe('base64');
    expect(result.modifications[0]!.parts).toEqual([{ partPath: '2', outcome: 'SANITIZED', detail: 'JavaScript removed' }]);
  });

  const unable: Sanitizer = async () => ({ sanitized: false, reason: 'encrypted PDF' });

  it('deletes the part when the sanitizer cannot help and deleteIfUnable is set', async () => {
    const { mail, result } = await rewrite(withPdf(), [{ type: 'SANITIZE', partPaths: ['2'], deleteIfUnable: true }], unable);
    expect(summary(mail)).toEqual(['b.pdf=%PDF b']);
    expect(result.modifications[0]!.parts[0]).toMatchObject({ outcome: 'DELETED_UNABLE_TO_SANITIZE', detail: 'encrypted PDF' });
  });

  it('keeps the part as it was when the sanitizer cannot help, throws, or is missing', async () => {
    const message = withPdf();
    const failing: Sanitizer = async () => {
      throw new Error('engine crashed');
    };
    for (const [sanitize, reason] of [
      [unable, 'encrypted PDF'],
      [failing, 'the sanitizer failed: engine crashed'],
      [undefined, 'no sanitizer is configured'],
    ] as const) {
      const { out, result } = await rewrite(message, [{ type: 'SANITIZE', partPaths: ['2'], deleteIfUnable: false }], sanitize);
      expect(out.equals(message)).toBe(true);
      expect(result.modifications[0]!.parts[0]).toMatchObject({ outcome: 'UNABLE_TO_SANITIZE', detail: reason });
    }
  });

  it('does not sanitize a part that a modification deletes', async () => {
    let called = false;
    const sanitize: Sanitizer = async () => {
      called = true;
      return { sanitized: false, reason: '' };
    };
    const { mail, result } = await rewrite(
      withPdf(),
      [
        { type: 'SANITIZE', partPaths: ['2'], deleteIfUnable: false },
        { type: 'DELETE_ATTACHMENTS', partPaths: ['2'] },
      ],
      sanitize,
    );
    expect(called).toBe(false);
    expect(summary(mail)).toEqual(['b.pdf=%PDF b']);
    expect(result.modifications[0]!.parts[0]).toMatchObject({ outcome: 'SUPERSEDED', detail: 'deleted by modification 1' });
  });
});
