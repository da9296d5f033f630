// Pure. One streaming text decoder per body part charset, for the bounded body-text stream
// (body-text-stream.ts). Japanese charsets go to japanese-decoder.ts; the rest follow libmime's
// rules (mailparser's default decoder, libmime dist/esm/charset.js) so that a body decodes here
// as it would there: labels resolved with libmime's alias table, UTF-7 and the transfer
// encodings refused (read as UTF-8, since `+ADw-script+AD4-` would decode to `<script>`), and an
// unknown charset read as UTF-8 with invalid bytes replaced.
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import { createJapaneseDecoder, type TextChunkDecoder } from './japanese-decoder.js';

const UTF8_LABEL = /^(?:(?:us-)?ascii|utf-?8|7bit|8bit)$/i;
/** Codecs no body is decoded from (libmime's UNSUPPORTED_CODECS). */
const REFUSED_CODECS = new Set(['utf7', 'utf7imap', 'base64', 'hex'].map((name) => iconv.getCodec(name)));
/** iconv-lite's shared double-byte decoder (GBK, Big5, EUC-KR…), whose streaming form loses output across chunks. */
const DBCS_DECODER = (iconv.getCodec('gbk') as unknown as { decoder: unknown }).decoder;

/** A decoder for the charset a part declares (null or '' → UTF-8). */
export function createTextDecoder(charset: string | null | undefined): TextChunkDecoder {
  const label = (charset ?? '').trim();
  if (label === '' || UTF8_LABEL.test(label)) return utf8Decoder();
  const japanese = createJapaneseDecoder(label);
  if (japanese) return japanese;
  const name = libmime.normalizeCharset(label);
  if (UTF8_LABEL.test(name)) return utf8Decoder();
  const japaneseAlias = createJapaneseDecoder(name);
  if (japaneseAlias) return japaneseAlias;
  let codec: unknown;
  try {
    codec = iconv.getCodec(name);
  } catch {
    return utf8Decoder(); // a charset iconv-lite does not know
  }
  if (REFUSED_CODECS.has(codec as never)) return utf8Decoder();
  if ((codec as { decoder: unknown }).decoder === DBCS_DECODER) return new LowByteCutDecoder(name);
  const decoder = iconv.getDecoder(name);
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

function utf8Decoder(): TextChunkDecoder {
  const decoder = new StringDecoder('utf8');
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() };
}

/**
 * Bytes without a cut point held at most: a line end (0x0D 0x0A) is such a point, and SMTP lines
 * are at most 1,000 bytes (RFC 5321 §4.5.3.1.6), so only a base64 body with no line break or space
 * in it gets here; past 64 KiB it is decoded anyway, at the risk of one split character.
 */
export const MAX_UNCUT_BYTES = 64 * 1024;

/**
 * Cuts the input right after a byte below 0x30, which no lead, trail or GB18030 digit byte is, so
 * every cut decodes on its own (libmime's LowByteCutDecoder, for the iconv-lite 0.7 DBCS bug).
 * A run without such a byte is held until one comes, the part ends or MAX_UNCUT_BYTES is reached.
 */
class LowByteCutDecoder implements TextChunkDecoder {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  constructor(private readonly encoding: string) {}

  write(chunk: Buffer): string {
    let cut = chunk.length;
    while (cut > 0 && chunk[cut - 1]! >= 0x30) cut--;
    if (cut === 0 && this.#pendingBytes + chunk.length <= MAX_UNCUT_BYTES) {
      this.#pending.push(Buffer.from(chunk));
      this.#pendingBytes += chunk.length;
      return '';
    }
    if (cut === 0) cut = chunk.length;
    const text = iconv.decode(Buffer.concat([...this.#pending, chunk.subarray(0, cut)]), this.encoding);
    this.#pending = [Buffer.from(chunk.subarray(cut))];
    this.#pendingBytes = chunk.length - cut;
    return text;
  }

  end(): string {
    const rest = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    return rest.length > 0 ? iconv.decode(rest, this.encoding) : '';
  }
}
