// Pure. Streaming decoders for the Japanese charsets of mail bodies, chunk by chunk with nothing
// collected: ISO-2022-JP is transcoded to CP932 bytes as they arrive and CP932 is decoded by
// iconv-lite; Shift_JIS (all its labels) is read as CP932 and EUC-JP by iconv-lite, each cut at a
// character boundary so no double-byte character is split between two decode calls.
//
// Why not libmime's decoder (what mailparser uses by default): it hands ISO-2022-JP and EUC-JP to
// encoding-japanese, which is not incremental, so the whole part is collected and converted at the
// end — a 50 MB ISO-2022-JP body took 2.7 GB and 46 s. Why CP932: Japanese mailers write the NEC
// special characters (row 13: ①, ㈱, ㍻) and the NEC-selected IBM extensions (rows 89-92: 髙, 﨑) in
// ISO-2022-JP and Shift_JIS mail; JIS X 0208 proper has no such characters, CP932 (Windows-31J) does,
// and the JIS rows map to CP932 with the plain JIS → Shift_JIS arithmetic (JIS X 0208:1997 annex 1).
import iconv from 'iconv-lite';

/** Decodes a byte stream in one charset to text, chunk by chunk. */
export interface TextChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/** The Japanese codec for a charset label, or null when it is not one of them. */
export function japaneseCodecOf(charset: string): 'iso-2022-jp' | 'cp932' | 'euc-jp' | null {
  const name = charset.toLowerCase().replace(/[^a-z0-9]/g, '');
  // iso-2022-jp, -1, -2, -3, -2004, csISO2022JP, and the "jis" label some mailers send.
  if (/^(cs)?iso2022jp/.test(name) || name === 'jis') return 'iso-2022-jp';
  if (['shiftjis', 'sjis', 'xsjis', 'csshiftjis', 'mskanji', 'cp932', 'windows31j', 'cswindows31j', 'ms932', 'windows932'].includes(name)) {
    return 'cp932';
  }
  if (['eucjp', 'xeucjp', 'cseucpkdfmtjapanese', 'eucjpms', 'cp51932'].includes(name)) return 'euc-jp';
  return null;
}

/** A streaming decoder for a Japanese charset label, or null when the label is not Japanese. */
export function createJapaneseDecoder(charset: string): TextChunkDecoder | null {
  const codec = japaneseCodecOf(charset);
  if (codec === 'iso-2022-jp') return new Iso2022JpDecoder();
  if (codec === 'cp932') return new BoundaryCutDecoder('cp932', cp932CharLength);
  if (codec === 'euc-jp') return new BoundaryCutDecoder('euc-jp', eucJpCharLength);
  return null;
}

/** Bytes of the CP932 character that starts with `lead`: the lead bytes 0x81-0x9F and 0xE0-0xFC take a trail byte. */
function cp932CharLength(lead: number): number {
  return (lead >= 0x81 && lead <= 0x9f) || (lead >= 0xe0 && lead <= 0xfc) ? 2 : 1;
}

/** Bytes of the EUC-JP character that starts with `lead`: SS2 (kana) 2, SS3 (JIS X 0212) 3, G1 (JIS X 0208) 2. */
function eucJpCharLength(lead: number): number {
  if (lead === 0x8e) return 2;
  if (lead === 0x8f) return 3;
  return lead >= 0xa1 && lead <= 0xfe ? 2 : 1;
}

/**
 * Decodes whole characters only: the bytes of a character left unfinished at the end of a chunk
 * wait for the next one (at most 2 bytes). Each decode call then gets complete characters, which
 * also sidesteps iconv-lite 0.7's streaming DBCS decoder cutting off output when a chunk finishes
 * a character the previous one started (see libmime's charset.js LowByteCutDecoder).
 */
class BoundaryCutDecoder implements TextChunkDecoder {
  #pending: Buffer = Buffer.alloc(0);
  constructor(
    private readonly encoding: string,
    private readonly charLength: (lead: number) => number,
  ) {}

  write(chunk: Buffer): string {
    const bytes = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    const charLength = this.charLength;
    const length = bytes.length;
    let i = 0;
    while (i < length) {
      const next = i + charLength(bytes[i]!);
      if (next > length) break;
      i = next;
    }
    // Copied: a view would keep the caller's whole chunk alive.
    this.#pending = Buffer.from(bytes.subarray(i));
    return i > 0 ? iconv.decode(bytes.subarray(0, i), this.encoding) : '';
  }

  end(): string {
    const rest = this.#pending;
    this.#pending = Buffer.alloc(0);
    return rest.length > 0 ? iconv.decode(rest, this.encoding) : '';
  }
}

const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;
/** A CP932 byte no character uses: iconv-lite decodes it to U+FFFD. Stands for what CP932 cannot carry (JIS X 0212, GB 2312…). */
const CP932_REPLACEMENT = 0xff;

type JisMode = 'ASCII' | 'KANA' | 'KANJI' | 'FOREIGN_DOUBLE';

/** What an escape sequence switches to (RFC 1468, RFC 1554, ISO-2022-JP-2004), 'PENDING' while incomplete, null when unknown. */
function escapeTarget(seq: number[]): JisMode | 'IGNORE' | 'PENDING' | null {
  const [b1, b2, b3] = [seq[1], seq[2], seq[3]];
  if (b1 === undefined) return 'PENDING';
  if (b1 === 0x28 /* ( */) {
    if (b2 === undefined) return 'PENDING';
    if (b2 === 0x42 /* B ASCII */ || b2 === 0x4a /* J JIS X 0201 Roman */ || b2 === 0x48 /* H */) return 'ASCII';
    if (b2 === 0x49 /* I JIS X 0201 katakana */) return 'KANA';
    return null;
  }
  if (b1 === 0x24 /* $ */) {
    if (b2 === undefined) return 'PENDING';
    if (b2 === 0x40 /* @ JIS C 6226-1978 */ || b2 === 0x42 /* B JIS X 0208-1983 */) return 'KANJI';
    if (b2 === 0x41 /* A GB 2312 */) return 'FOREIGN_DOUBLE';
    if (b2 === 0x28 /* ( */ || b2 === 0x29) {
      if (b3 === undefined) return 'PENDING';
      // JIS X 0213 plane 1 (ISO-2022-JP-3/2004) is a superset of JIS X 0208: read as such.
      if (b3 === 0x51 || b3 === 0x4f || b3 === 0x42) return 'KANJI';
      return 'FOREIGN_DOUBLE'; // JIS X 0212 (D), KS C 5601 (C), JIS X 0213 plane 2 (P)
    }
    return null;
  }
  // ESC & @ announces the 1990 revision before ESC $ B; ESC . x designates a G2 set (ISO-2022-JP-2).
  if (b1 === 0x26 /* & */ || b1 === 0x2e /* . */) return b2 === undefined ? 'PENDING' : 'IGNORE';
  return null;
}

/**
 * ISO-2022-JP → CP932 bytes, as the bytes arrive (state: the designated set, a pending escape
 * sequence or lead byte). Bytes that need no escape pass through: CR/LF and controls keep the
 * designated set (lenient: a mailer that forgets ESC ( B before a line end still decodes), and
 * 8-bit bytes are passed on as CP932, so a Shift_JIS body mislabelled ISO-2022-JP still decodes.
 */
export class Iso2022JpToCp932 {
  #mode: JisMode = 'ASCII';
  #shiftedOut = false;
  #escape: number[] = [];
  #lead = -1;

  write(chunk: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(chunk.length + 2);
    // The state lives in locals for the loop (a field access per byte halves the speed).
    let n = 0;
    let mode = this.#mode;
    let shiftedOut = this.#shiftedOut;
    let lead = this.#lead;
    const pendingEscape = this.#escape;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (pendingEscape.length > 0) {
        pendingEscape.push(byte);
        const target = escapeTarget(pendingEscape);
        if (target === 'PENDING') continue;
        pendingEscape.length = 0;
        lead = -1;
        if (target !== null && target !== 'IGNORE') mode = target;
        continue;
      }
      if (byte === ESC) {
        if (lead >= 0) out[n++] = CP932_REPLACEMENT;
        lead = -1;
        pendingEscape.push(ESC);
        continue;
      }
      if (byte === SO || byte === SI) {
        shiftedOut = byte === SO;
        continue;
      }
      if (byte < 0x21 || byte >= 0x80) {
        // Controls and space end a half-read pair; 8-bit bytes pass on (see the class comment).
        if (lead >= 0) out[n++] = CP932_REPLACEMENT;
        lead = -1;
        out[n++] = byte === 0x7f ? CP932_REPLACEMENT : byte;
        continue;
      }
      const current = shiftedOut ? 'KANA' : mode;
      if (current === 'ASCII') {
        out[n++] = byte;
      } else if (current === 'KANA') {
        out[n++] = byte <= 0x5f ? byte + 0x80 : CP932_REPLACEMENT;
      } else if (lead < 0) {
        lead = byte;
      } else if (current === 'KANJI' && byte !== 0x7f && lead !== 0x7f) {
        out[n++] = ((lead + 1) >> 1) + (lead <= 0x5e ? 0x70 : 0xb0);
        out[n++] = byte + (lead & 1 ? (byte >= 0x60 ? 0x20 : 0x1f) : 0x7e);
        lead = -1;
      } else {
        out[n++] = CP932_REPLACEMENT;
        lead = -1;
      }
    }
    this.#mode = mode;
    this.#shiftedOut = shiftedOut;
    this.#lead = lead;
    return out.subarray(0, n);
  }

  /** An unfinished pair or escape sequence at the end of the input becomes one replacement character. */
  end(): Buffer {
    const unfinished = this.#lead >= 0 || this.#escape.length > 0;
    this.#lead = -1;
    this.#escape = [];
    return unfinished ? Buffer.from([CP932_REPLACEMENT]) : Buffer.alloc(0);
  }
}

/** ISO-2022-JP text: transcoded to CP932 as it arrives, then decoded as CP932. */
class Iso2022JpDecoder implements TextChunkDecoder {
  readonly #transcoder = new Iso2022JpToCp932();
  readonly #cp932 = new BoundaryCutDecoder('cp932', cp932CharLength);

  write(chunk: Buffer): string {
    return this.#cp932.write(this.#transcoder.write(chunk));
  }

  end(): string {
    return this.#cp932.write(this.#transcoder.end()) + this.#cp932.end();
  }
}
