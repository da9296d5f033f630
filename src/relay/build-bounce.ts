// A delivery status notification for the recipients the relay could not deliver to (adapter for
// nodemailer's MimeNode): RFC 3464 multipart/report; report-type=delivery-status (RFC 6522) with a
// human-readable part, the message/delivery-status fields and the original's header block as
// text/rfc822-headers — the headers only, never the body (it may be what was refused, and large).
//
// The caller sends it with the null reverse-path, MAIL FROM:<> (RFC 5321 §4.5.5, §6.1), so that
// a failed bounce is never bounced again, and does not build one for a message whose own envelope
// sender was null (this function refuses it).
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import libmime from 'libmime';
import MimeNode from 'nodemailer/lib/mime-node';
import { durableWriteStream, writeFileDurably } from './durable-file.js';
import type { BounceInput, BounceRecipient } from './bounce-input.js';

/**
 * Most bytes of the original header block put in the report. A header block is normally a few
 * KB; a hostile one can be up to the parser's cap (1 MiB). 64 KiB keeps every real trace and
 * authentication header and keeps the bounce small; it is cut at a line end.
 */
export const MAX_BOUNCE_ORIGINAL_HEADER_BYTES = 64 * 1024;

/** Longest Diagnostic-Code text kept from the remote reply, in characters (a multi-line 5xx can be long). */
export const MAX_DIAGNOSTIC_CHARS = 2000;

/** Most recipients listed in one report (one block each); more are summarised by count. */
export const MAX_BOUNCE_RECIPIENTS = 1000;

const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

/** RFC 3464 fields are US-ASCII: other characters become "?", the reply's lines are joined. */
function asciiLine(text: string, max: number): string {
  const flat = text
    .replace(/\r?\n/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** rfc822 for an ASCII address, else RFC 6533 §3 utf-8-addr-xtext (\x{HEX} for each non-ASCII character). */
function addressField(address: string): string {
  if (/^[\x21-\x7e]+$/.test(address)) {
    return `rfc822; ${address}`;
  }
  const escaped = [...address].map((ch) =>
    /^[\x21-\x5b\x5d-\x7e]$/.test(ch) ? ch : `\\x{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`,
  );
  return `utf-8; ${escaped.join('')}`;
}

const fold = (line: string) => libmime.foldLines(line, 76, false);

export function deliveryStatusFields(input: Pick<BounceInput, 'reportingMta' | 'arrivalDate' | 'recipients'>): string {
  const host = asciiLine(input.reportingMta, 255);
  const blocks = [[`Reporting-MTA: dns; ${host}`, `Arrival-Date: ${input.arrivalDate.toUTCString().replace('GMT', '+0000')}`].join('\r\n')];
  for (const r of input.recipients.slice(0, MAX_BOUNCE_RECIPIENTS)) {
    const lines = [
      fold(`Final-Recipient: ${addressField(r.address)}`),
      'Action: failed',
      `Status: ${STATUS.test(r.status) ? r.status : '5.0.0'}`,
      ...(r.remoteMta ? [`Remote-MTA: dns; ${asciiLine(r.remoteMta, 255)}`] : []),
      fold(`Diagnostic-Code: smtp; ${asciiLine(r.diagnostic, MAX_DIAGNOSTIC_CHARS)}`),
    ];
    blocks.push(lines.join('\r\n'));
  }
  return `${blocks.join('\r\n\r\n')}\r\n`;
}

function humanText(input: BounceInput): string {
  const list = input.recipients
    .slice(0, MAX_BOUNCE_RECIPIENTS)
    .map((r) => `<${r.address}>: ${asciiLine(r.diagnostic, MAX_DIAGNOSTIC_CHARS)}`)
    .join('\n');
  const more = input.recipients.length > MAX_BOUNCE_RECIPIENTS ? `\n(${input.recipients.length - MAX_BOUNCE_RECIPIENTS} more)` : '';
  const english = [
    `This is the mail system at host ${input.reportingMta}.`,
    '',
    'Your message could not be delivered to one or more recipients.',
    `Message-ID: ${input.originalMessageId ?? '(none)'}`,
    '',
    `${list}${more}`,
  ].join('\n');
  if (input.locale !== 'ja') {
    return english;
  }
  const japanese = [
    `${input.reportingMta} のメールシステムからのお知らせです。`,
    '',
    'お送りいただいたメールは、次の宛先に配信できませんでした。',
    '',
    `${list}${more}`,
  ].join('\n');
  return `${japanese}\n\n----\n\n${english}`;
}

/** The original's header block, up to the first empty line, capped at a line end. */
export async function readOriginalHeaders(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_BOUNCE_ORIGINAL_HEADER_BYTES + 4);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const end = [crlf < 0 ? -1 : crlf + 2, lf < 0 ? -1 : lf + 1].filter((n) => n > 0 && n <= MAX_BOUNCE_ORIGINAL_HEADER_BYTES);
    if (end.length) {
      return head.subarray(0, Math.min(...end));
    }
    const lastLf = head.subarray(0, Math.min(bytesRead, MAX_BOUNCE_ORIGINAL_HEADER_BYTES)).lastIndexOf(0x0a);
    return head.subarray(0, lastLf + 1);
  } finally {
    await file.close();
  }
}

export async function buildBounce(input: BounceInput): Promise<void> {
  if (input.originalEnvelopeSender.trim() === '') {
    throw new TypeError('buildBounce: the original envelope sender is null; a bounce must not be sent (RFC 5321 §4.5.5)');
  }
  if (input.recipients.length === 0) {
    throw new TypeError('buildBounce: no failed recipients');
  }
  const headers = await readOriginalHeaders(input.originalHeadersPath);
  const root = new MimeNode('multipart/report; report-type=delivery-status');
  root.setHeader({
    From: `Mail Delivery System <MAILER-DAEMON@${asciiLine(input.reportingMta, 255)}>`,
    To: input.originalEnvelopeSender,
    Subject: input.locale === 'ja' ? '配信不能のお知らせ (Undelivered Mail Returned to Sender)' : 'Undelivered Mail Returned to Sender',
    Date: input.date.toUTCString().replace('GMT', '+0000'),
    'Message-ID': input.messageId.startsWith('<') ? input.messageId : `<${input.messageId}>`,
    // RFC 3834 §5: automatic responses carry auto-replied, so other responders leave them alone
    'Auto-Submitted': 'auto-replied',
  });
  root.createChild('text/plain; charset=utf-8').setContent(humanText(input));
  root.createChild('message/delivery-status').setContent(deliveryStatusFields(input));
  const original = root.createChild('text/rfc822-headers');
  if (
    headers.every((b) => b < 0x80) &&
    !headers
      .toString('latin1')
      .split(/\r?\n/)
      .some((l) => l.length > 998)
  ) {
    // as it was, 7bit: nodemailer would pick quoted-printable for any line over 76 characters
    original.setRaw(Buffer.concat([Buffer.from('Content-Type: text/rfc822-headers\r\nContent-Transfer-Encoding: 7bit\r\n\r\n'), headers]));
  } else {
    original.setHeader('Content-Transfer-Encoding', 'quoted-printable').setContent(headers);
  }
  await writeFileDurably(input.outPath, async (tmpPath) => {
    await pipeline(root.createReadStream(), durableWriteStream(tmpPath));
  });
}
