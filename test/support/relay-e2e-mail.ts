// Messages and attachments for the relay's end-to-end tests, built in code from readable
// parts (the MIME helpers of eml.ts, the archive and document builders of inspect-fixtures.ts).
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { base64Lines, entity, multipartBody } from './eml.js';
import { oleFile, pdf, rawZip } from './inspect-fixtures.js';
import { DOMAIN, OUTSIDER, USER } from './relay-e2e.js';

let seq = 0;

/** Header text as it travels: ASCII as is, anything else as one UTF-8 encoded-word (RFC 2047 §2). */
export const encodedWord = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`);

/** The usual headers of a test message: From the outside sender to the e2e user, a unique Message-ID. */
export function headers(subject: string | null, extra: string[] = []): string[] {
  seq++;
  return [
    `From: ${OUTSIDER}`,
    `To: ${USER}`,
    ...(subject === null ? [] : [`Subject: ${encodedWord(subject)}`]),
    'Date: Tue, 01 Dec 2026 10:00:00 +0900',
    `Message-ID: <e2e-${seq}-${Date.now()}@outside.example>`,
    'MIME-Version: 1.0',
    ...extra,
  ];
}

/** A one-part text/plain message. */
export function textMail(subject: string | null, body = 'Hello.\r\n', extra: string[] = []): Buffer {
  return entity(
    [...headers(subject, extra), 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit'],
    Buffer.from(body),
  );
}

export interface Attachment {
  /** The file name as it appears in Content-Disposition (already encoded when it is not ASCII). */
  nameParams: string;
  type: string;
  content: Uint8Array | string;
}

/** An attachment with an ASCII name. */
export const file = (name: string, content: Uint8Array | string, type = 'application/octet-stream'): Attachment => ({
  nameParams: ` filename="${name}"`,
  type: `${type}; name="${name}"`,
  content,
});

/** RFC 2231 §4 `filename*=charset''…`, one piece (no continuations). */
export const rfc2231File = (name: string, charset: string, content: Uint8Array | string, type = 'application/octet-stream'): Attachment => {
  const bytes = charset.toUpperCase() === 'UTF-8' ? Buffer.from(name) : iconv.encode(name, charset);
  const encoded = [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  return { nameParams: ` filename*=${charset}''${encoded}`, type, content };
};

/** multipart/mixed: a text/plain body, then the attachments (base64). */
export function mailWith(subject: string, attachments: Attachment[], body = 'See the attachment.\r\n', extra: string[] = []): Buffer {
  const boundary = `e2e-${++seq}`;
  const parts = [
    entity(['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit'], Buffer.from(body)),
    ...attachments.map((a) =>
      entity(
        [`Content-Type: ${a.type}`, `Content-Disposition: attachment;${a.nameParams}`, 'Content-Transfer-Encoding: base64'],
        base64Lines(Buffer.from(a.content)),
      ),
    ),
  ];
  return entity([...headers(subject, extra), `Content-Type: multipart/mixed; boundary="${boundary}"`], multipartBody(boundary, parts));
}

/** multipart/alternative with a text and an HTML part. */
export function alternativeMail(subject: string, text: string, html: string): Buffer {
  const boundary = `alt-${++seq}`;
  return entity(
    [...headers(subject), `Content-Type: multipart/alternative; boundary="${boundary}"`],
    multipartBody(boundary, [
      entity(['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit'], Buffer.from(text)),
      entity(['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: 8bit'], Buffer.from(html)),
    ]),
  );
}

export const EICAR = `X5O!P%@AP[4\\PZX54(P^)7CC)7}$${'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!'}$H+H*`;
export const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

/** A minimal PNG (1×1) and the start of a JPEG (SOI + JFIF APP0): enough for the signature check. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0ef0dad0000000049454e44ae426082',
  'hex',
);
export const JPEG = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.alloc(64),
  Buffer.from('ffd9', 'hex'),
]);

/** A ZIP with stored members (fflate). */
export const zip = (members: Record<string, string | Uint8Array>) =>
  zipSync(Object.fromEntries(Object.entries(members).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])));

/** A ZIP whose one entry has the traditional-encryption flag (APPNOTE 4.4.4 bit 0) set. */
export const encryptedZip = () => rawZip([{ name: 'secret.txt', data: 'ciphertext-ish', flags: 0x01 }]);

/** A ZIP whose entry name is CP932 bytes without the UTF-8 flag (what Japanese Windows writes). */
export const cp932Zip = (name: string) => rawZip([{ name: iconv.encode(name, 'cp932'), data: 'x' }]);
/** The same entry name in UTF-8 with the language-encoding flag (APPNOTE 4.4.4 bit 11). */
export const utf8Zip = (name: string) => rawZip([{ name, data: 'x', flags: 0x800 }]);

/** A Word 2007+ macro-enabled package: [Content_Types].xml, word/document.xml, word/vbaProject.bin. */
export function docm(withMacros = true): Uint8Array {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>' +
      (withMacros ? '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>' : '') +
      '</Types>',
    'word/document.xml': '<w:document><w:body><w:p><w:r><w:t>Quarterly figures</w:t></w:r></w:p></w:body></w:document>',
    ...(withMacros
      ? {
          'word/_rels/document.xml.rels':
            '<Relationships><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
          'word/vbaProject.bin': oleFile({ 'VBA/dir': 'x', PROJECT: 'ID=""' }),
        }
      : {}),
  });
}

/** A PDF whose catalog names a JavaScript tree (criterion 17), or a plain one. */
export const pdfWithJavaScript = () => pdf(['<< /Type /Catalog /Names << /JavaScript 2 0 R >> >>', '<< /Names [(x) 3 0 R] >>']);
export const plainPdf = () => pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']);

/** Another address of the e2e domain. */
export const at = (local: string) => `${local}@${DOMAIN}`;
