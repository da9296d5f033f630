// The charsets a stamp is written in (adapter for iconv-lite and libmime's charset module).
// A stamp goes into a body part in the part's own charset when every character of it can be
// written there: the original bytes stay untouched and the declared charset stays true. What
// "can be written" means is checked by decoding the encoded stamp back with the decoder
// mailparser uses (libmime's charset.decode) and comparing, so the recipient's parser reads
// exactly the stamp text. docs/cegp/policies-and-content-filtering.md §5 (Insert stamp in body).
import iconv from 'iconv-lite';
import { decode as libmimeDecode, normalizeCharset } from 'libmime/lib/charset.js';

/**
 * How a part's charset can take a stamp.
 * - UTF8: UTF-8, or US-ASCII / no charset (a subset of UTF-8; re-declared utf-8 when the stamp is not ASCII).
 * - ISO2022JP: stateful 7-bit JIS (RFC 1468); tags and line ends are found in its ASCII state only.
 * - ASCII_COMPATIBLE: single-byte and EUC/Shift_JIS/GBK/Big5-style charsets iconv-lite encodes, in which an
 *   ASCII byte below 0x40 ('<', '>', '"', CR, LF) is always that character (trail bytes start at 0x40).
 * - UNSUPPORTED: a charset neither library can write (UTF-16/32, UTF-7, unknown names).
 */
export type CharsetKind = 'UTF8' | 'ISO2022JP' | 'ASCII_COMPATIBLE' | 'UNSUPPORTED';

const UTF8_NAMES = /^(?:utf-?8|(?:us-?)?ascii|ansi_x3\.4-1968|7bit)$/i;
const ISO2022JP_NAMES = /^(?:iso-?2022-?jp(?:-\d+)?|csiso2022jp|jis)$/i;
// iconv-lite codecs that are not charsets a stamp may be written in (UTF-7 smuggles markup).
const REFUSED = /^(?:utf-?7|utf7imap|base64|hex|binary|utf-?16|utf-?32|ucs-?2|ucs-?4)/i;
const ASCII_PROBE = '<body></body>"\'=-\r\n azAZ09';

export function charsetKind(charset: string | false | undefined): CharsetKind {
  const declared = (charset || '').trim();
  if (!declared || UTF8_NAMES.test(declared)) {
    return 'UTF8';
  }
  if (ISO2022JP_NAMES.test(declared)) {
    return 'ISO2022JP';
  }
  const name = normalizeCharset(declared);
  if (UTF8_NAMES.test(name)) {
    return 'UTF8';
  }
  if (REFUSED.test(name) || REFUSED.test(declared) || !iconv.encodingExists(name)) {
    return 'UNSUPPORTED';
  }
  try {
    const probe = iconv.encode(ASCII_PROBE, name);
    return probe.equals(Buffer.from(ASCII_PROBE, 'latin1')) ? 'ASCII_COMPATIBLE' : 'UNSUPPORTED';
  } catch {
    return 'UNSUPPORTED';
  }
}

/** Decodes a body as mailparser does (libmime: encoding-japanese for JIS/EUC-JP, iconv-lite otherwise). */
export function decodeCharset(bytes: Buffer, charset: string | false | undefined): string {
  return libmimeDecode(bytes, charset || 'utf-8');
}

/**
 * The text in the charset, or null when a character of it cannot be written there (the decoded
 * result differs from the text) or the charset is UNSUPPORTED.
 */
export function encodeInCharset(text: string, charset: string | false | undefined): Buffer | null {
  const kind = charsetKind(charset);
  let bytes: Buffer | null;
  if (kind === 'UTF8') {
    bytes = Buffer.from(text, 'utf8');
  } else if (kind === 'ISO2022JP') {
    bytes = encodeIso2022Jp(text);
  } else if (kind === 'ASCII_COMPATIBLE') {
    bytes = iconv.encode(text, normalizeCharset(charset || ''));
  } else {
    return null;
  }
  if (bytes === null) {
    return null;
  }
  return decodeCharset(bytes, kind === 'UTF8' ? 'utf-8' : charset) === text ? bytes : null;
}

const ESC_ASCII = Buffer.from([0x1b, 0x28, 0x42]); // ESC ( B
const ESC_JIS0208 = Buffer.from([0x1b, 0x24, 0x42]); // ESC $ B

/**
 * ISO-2022-JP as RFC 1468 writes it: ASCII and JIS X 0208 only, back to ASCII before every line
 * end and at the end. JIS X 0208 codes are the EUC-JP codes without their high bits (both bytes
 * in 0xA1–0xFE). Half-width kana (EUC 0x8E) and JIS X 0212 (0x8F) are not in RFC 1468: null.
 */
export function encodeIso2022Jp(text: string): Buffer | null {
  const out: Buffer[] = [];
  let inJis = false;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      if (inJis) {
        out.push(ESC_ASCII);
        inJis = false;
      }
      out.push(Buffer.from([code]));
      continue;
    }
    const euc = iconv.encode(ch, 'euc-jp');
    if (euc.length !== 2 || euc[0]! < 0xa1 || euc[0]! > 0xfe || euc[1]! < 0xa1 || euc[1]! > 0xfe) {
      return null;
    }
    if (!inJis) {
      out.push(ESC_JIS0208);
      inJis = true;
    }
    out.push(Buffer.from([euc[0]! & 0x7f, euc[1]! & 0x7f]));
  }
  if (inJis) {
    out.push(ESC_ASCII);
  }
  return Buffer.concat(out);
}
