// Hostile and broken mail: the rewriter rewrites what it can or says why it could not; it never throws.
import { existsSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modification } from '../../src/policies/engine/verdict.js';
import { MAX_HEADER_BLOCK_BYTES, MAX_MIME_PARTS, rewriteMessage } from '../../src/relay/rewrite-message.js';
import { MAX_STAMP_PART_BYTES } from '../../src/relay/stamp-part.js';
import { entity, multipartBody, type TempFiles, tempFiles } from '../support/eml.js';

let files: TempFiles;
let serial = 0;
beforeAll(async () => {
  files = await tempFiles('rewrite-hostile');
});
afterAll(() => files.cleanup());

async function attempt(message: Buffer, modifications: Modification[]) {
  const n = ++serial;
  const inPath = await files.write(`in-${n}.eml`, message);
  const outPath = files.path(`out-${n}.eml`);
  const result = await rewriteMessage({ inPath, outPath, modifications });
  return { result, outPath, out: existsSync(outPath) ? await files.read(`out-${n}.eml`) : null };
}

const everything: Modification[] = [
  { type: 'INSERT_X_HEADER', name: 'X-Checked', value: 'yes' },
  { type: 'TAG_SUBJECT', text: '[!]' },
  { type: 'INSERT_STAMP', text: 'STAMP', html: '<b>STAMP</b>', position: 'END' },
  { type: 'DELETE_ATTACHMENTS', partPaths: ['2'] },
];

describe('rewriteMessage: hostile input', () => {
  it('rewrites a multipart whose closing delimiter is missing', async () => {
    const body = multipartBody('b', [entity(['Content-Type: text/plain'], 'text'), entity(['Content-Type: application/zip'], 'PK')], {
      unclosed: true,
    });
    const { result, out } = await attempt(entity(['Subject: s', 'Content-Type: multipart/mixed; boundary=b'], body), everything);
    expect(result.ok).toBe(true);
    const mail = await simpleParser(out!);
    expect(mail.subject).toBe('[!] s');
    expect(mail.text).toContain('STAMP');
    expect(mail.attachments).toEqual([]);
  });

  it('survives garbage header lines, NUL and 8-bit bytes, and an unterminated last line', async () => {
    const message = Buffer.concat([
      Buffer.from(
        'no colon here\r\n: empty name\r\nSubject: \x00\xff\xfe broken =?x-unknown?Q?abc?=\r\n\tfolded\r\nContent-Type: text/plain; charset="\r\n\r\n',
        'latin1',
      ),
      Buffer.from('body without newline \x00\x01', 'latin1'),
    ]);
    const { result, out } = await attempt(message, everything);
    expect(result.ok).toBe(true);
    const mail = await simpleParser(out!);
    expect(mail.subject?.startsWith('[!] ')).toBe(true);
    expect(mail.text).toContain('STAMP');
    expect(result.modifications[3]!.parts[0]!.outcome).toBe('NOT_FOUND');
  });

  it('tolerates broken base64 and QP in a part it stamps, nested multiparts that never close, and an empty multipart', async () => {
    const broken = entity(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], '!!!not*base64===\r\nQUJD');
    const qp = entity(['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], '<p>=ZZ=\r\n=E3=81</p>');
    const inner = entity(['Content-Type: multipart/alternative; boundary=inner'], multipartBody('inner', [broken, qp], { unclosed: true }));
    const empty = entity(['Content-Type: multipart/mixed; boundary=empty'], 'just a preamble\r\n--empty--\r\n');
    const message = entity(['Subject: s', 'Content-Type: multipart/mixed; boundary=outer'], multipartBody('outer', [inner, empty]));
    const { result, out } = await attempt(message, everything);
    expect(result.ok).toBe(true);
    await expect(simpleParser(out!)).resolves.toBeTruthy();
  });

  it('refuses a header block over MAX_HEADER_BLOCK_BYTES with a clear failure and no output file', async () => {
    const huge = `X-Junk: ${'a'.repeat(MAX_HEADER_BLOCK_BYTES + 10)}`;
    const { result, out } = await attempt(entity([huge, 'Subject: s'], 'x'), everything);
    expect(result).toMatchObject({ ok: false, error: { code: 'MIME_LIMIT_EXCEEDED' } });
    expect(out).toBeNull();
  });

  it('refuses more than MAX_MIME_PARTS parts', async () => {
    const parts = Array.from({ length: MAX_MIME_PARTS + 5 }, () => entity(['Content-Type: text/plain'], 'p'));
    const { result } = await attempt(entity(['Content-Type: multipart/mixed; boundary=m'], multipartBody('m', parts)), everything);
    expect(result).toMatchObject({ ok: false, error: { code: 'MIME_LIMIT_EXCEEDED' } });
  });

  it('says INPUT_UNREADABLE for a missing input file', async () => {
    const result = await rewriteMessage({ inPath: files.path('missing.eml'), outPath: files.path('never.eml'), modifications: everything });
    expect(result).toMatchObject({ ok: false, error: { code: 'INPUT_UNREADABLE' } });
    expect(existsSync(files.path('never.eml'))).toBe(false);
  });

  it('does not throw on random bytes', async () => {
    let seed = 7;
    const random = Buffer.alloc(64 * 1024);
    for (let i = 0; i < random.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      random[i] = seed & 0xff;
    }
    const { result } = await attempt(
      Buffer.concat([Buffer.from('Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n'), random]),
      everything,
    );
    expect(typeof result.ok).toBe('boolean');
  });

  it('passes a text part over MAX_STAMP_PART_BYTES through unchanged and records the stamp as skipped', async () => {
    const big = `${'0123456789abcdef'.repeat(4)}\r\n`.repeat(Math.ceil(MAX_STAMP_PART_BYTES / 66) + 10);
    const message = entity(
      ['Subject: big', 'Content-Type: multipart/mixed; boundary=m'],
      multipartBody('m', [entity(['Content-Type: text/plain'], big), entity(['Content-Type: text/html'], '<p>small</p>')]),
    );
    const { result, out } = await attempt(message, [everything[2]!]);
    expect(result.ok).toBe(true);
    expect(result.modifications[0]!.parts.map((p) => [p.partPath, p.outcome])).toEqual([
      ['1', 'STAMP_SKIPPED'],
      ['2', 'STAMPED'],
    ]);
    expect(out!.includes(Buffer.from(big, 'latin1'))).toBe(true);
  });
});
