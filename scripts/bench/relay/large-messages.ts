// The large messages of bench:relay part d, written to files in SMTP wire form (CRLF lines,
// none starting with a dot, so no dot-stuffing is needed; ending in CRLF) a megabyte at a
// time, so neither this process nor the client ever holds one whole:
//   - a 50 MiB attachment, base64 (RFC 2045 §6.8: 76-character lines), ~66.7 MiB on the wire;
//   - a 50 MiB ISO-2022-JP text body (RFC 1468): each line switches to JIS X 0208 with
//     ESC $ B, carries 日本語 as JIS byte pairs (0x467C 0x4B5C 0x386C) and switches back to
//     ASCII with ESC ( B before its CRLF, as RFC 1468 §3 requires of every line's end.
// iconv-lite has no ISO-2022-JP encoder, and none is needed: the bytes are these.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export const MIB = 1024 * 1024;
/** The issue's "50 MB", read as MiB (the larger reading; the tier limits are MiB too). */
export const LARGE_PAYLOAD_BYTES = 50 * MIB;
/** 57 bytes encode to one 76-character base64 line. */
const BASE64_LINE_BYTES = 57;
/** Lines per write: ~1 MiB of payload. */
const LINES_PER_CHUNK = 18_396;
const ESC_KANJI = Buffer.from([0x1b, 0x24, 0x42]);
const ESC_ASCII = Buffer.from([0x1b, 0x28, 0x42]);
/** 日本語 in JIS X 0208 (row/cell + 0x20 per byte). */
const NIHONGO = Buffer.from([0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c]);
/** 12 × 日本語 = 36 characters (72 bytes) per line; with the escapes and CRLF 80 bytes. */
const JIS_LINE = Buffer.concat([ESC_KANJI, ...Array.from({ length: 12 }, () => NIHONGO), ESC_ASCII, Buffer.from('\r\n')]);

function headers(to: string, subject: string, id: string, contentType: string): string {
  return (
    `From: <large@outside.example>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nMessage-ID: <${id}@outside.example>\r\n` +
    `Date: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n${contentType}\r\n`
  );
}

/** Writes a message with one attachment of `payloadBytes` random bytes; returns the file's size. */
export function writeAttachmentMessage(path: string, to: string, payloadBytes = LARGE_PAYLOAD_BYTES): number {
  const fd = openSync(path, 'w');
  let size = 0;
  const put = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    writeSync(fd, buf);
    size += buf.length;
  };
  try {
    const boundary = 'bench-relay-boundary-7f3a';
    put(
      headers(
        to,
        'relay bench: large attachment',
        `large-attachment-${process.pid}`,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
      ),
    );
    put(`\r\n--${boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe attachment is ${payloadBytes} random bytes.\r\n`);
    put(`--${boundary}\r\nContent-Type: application/octet-stream; name="archive.bin"\r\n`);
    put('Content-Disposition: attachment; filename="archive.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n');
    for (let left = payloadBytes; left > 0; ) {
      const n = Math.min(left, BASE64_LINE_BYTES * LINES_PER_CHUNK);
      const b64 = randomBytes(n).toString('base64');
      // base64 has no '.', so no line needs dot-stuffing.
      put(`${b64.replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '')}\r\n`);
      left -= n;
    }
    put(`--${boundary}--\r\n`);
  } finally {
    closeSync(fd);
  }
  return size;
}

/** Writes a message whose text body is `bodyBytes` of ISO-2022-JP (7bit); returns the file's size. */
export function writeIso2022JpMessage(path: string, to: string, bodyBytes = LARGE_PAYLOAD_BYTES): number {
  const fd = openSync(path, 'w');
  let size = 0;
  try {
    const contentType = 'Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit';
    const head = Buffer.from(
      `${headers(to, 'relay bench: large ISO-2022-JP body', `large-jis-${process.pid}`, contentType)}\r\n`,
      'latin1',
    );
    writeSync(fd, head);
    size += head.length;
    const lines = Math.floor(bodyBytes / JIS_LINE.length);
    const chunk = Buffer.concat(Array.from({ length: LINES_PER_CHUNK }, () => JIS_LINE));
    for (let done = 0; done < lines; ) {
      const n = Math.min(LINES_PER_CHUNK, lines - done);
      const part = n === LINES_PER_CHUNK ? chunk : chunk.subarray(0, n * JIS_LINE.length);
      writeSync(fd, part);
      size += part.length;
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return size;
}
