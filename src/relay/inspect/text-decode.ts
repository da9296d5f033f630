// Text of a text attachment, for "attachment content matches keywords" (criterion 13,
// docs/cegp/policies-and-content-filtering.md §3). Pure.
//
// The charset comes from the declared Content-Type when the part names one; otherwise it is
// sniffed in the order Japanese mail needs: a BOM; ISO-2022-JP (7-bit with its escapes);
// strict UTF-8; else Shift_JIS (CP932) or EUC-JP, whichever reads with fewer errors.
// iconv-lite has no ISO-2022-JP, so it is decoded here: JIS X 0208 pairs are moved to CP932
// by the standard arithmetic and decoded with iconv-lite's cp932 (which has the NEC and IBM
// extensions mail uses, ①（株）, as mailparser's decoding does).
import iconv from 'iconv-lite';

/** Decodes `bytes`; `truncated` says the bytes were cut, so a split last character is not an error. */
export function decodeText(bytes: Uint8Array, declaredCharset: string | null, truncated = false): string {
  const charset = declaredCharset?.trim().toLowerCase() || sniffCharset(bytes, truncated);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (charset === 'iso-2022-jp' || charset === 'csiso2022jp' || charset === 'iso-2022-jp-1' || charset === 'iso-2022-jp-2') {
    return decodeIso2022Jp(buf);
  }
  const name = charset === 'shift_jis' || charset === 'x-sjis' || charset === 'sjis' || charset === 'ms_kanji' ? 'cp932' : charset;
  if (!iconv.encodingExists(name)) return new TextDecoder('utf-8').decode(buf);
  return iconv.decode(buf, name);
}

export function sniffCharset(bytes: Uint8Array, truncated: boolean): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  let high = false;
  let shifted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) high = true;
    else if (b === 0x1b && (bytes[i + 1] === 0x24 || bytes[i + 1] === 0x28)) shifted = true;
    if (high) break;
  }
  if (!high) return shifted ? 'iso-2022-jp' : 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
    return 'utf-8';
  } catch {
    const sjis = sjisErrors(bytes);
    const euc = eucErrors(bytes);
    // EUC-JP pairs (A1–FE A1–FE) also read as Shift_JIS; Shift_JIS text, unlike EUC-JP, has
    // lead bytes 81–9F (hiragana 82, most kanji 88–9F). On a tie, their absence says EUC-JP.
    if (sjis === euc) return hasSjisOnlyLead(bytes) ? 'cp932' : 'euc-jp';
    return sjis < euc ? 'cp932' : 'euc-jp';
  }
}

function hasSjisOnlyLead(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x81 && b <= 0xa0 && b !== 0x8e && b !== 0x8f) return true;
  return false;
}

/** Byte pairs that are not Shift_JIS (lead 81–9F/E0–FC, trail 40–7E/80–FC; A1–DF half-width kana). */
function sjisErrors(bytes: Uint8Array): number {
  let errors = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) continue;
    if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) {
      const t = bytes[i + 1];
      if (t !== undefined && t >= 0x40 && t <= 0xfc && t !== 0x7f) i++;
      else errors++;
    } else errors++;
  }
  return errors;
}

/** Byte pairs that are not EUC-JP (A1–FE pairs; 8E + kana; 8F + a pair). */
function eucErrors(bytes: Uint8Array): number {
  let errors = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const t = bytes[i + 1];
    if (b >= 0xa1 && b <= 0xfe && t !== undefined && t >= 0xa1 && t <= 0xfe) i++;
    else if (b === 0x8e && t !== undefined && t >= 0xa1 && t <= 0xdf) i++;
    else if (b === 0x8f && t !== undefined && t >= 0xa1 && bytes[i + 2] !== undefined && bytes[i + 2]! >= 0xa1) i += 2;
    else errors++;
  }
  return errors;
}

const ESC = 0x1b;

/**
 * RFC 1468 ISO-2022-JP (and the half-width kana escape ESC ( I that Japanese mailers send):
 * ASCII / JIS X 0201 Roman stay as they are, JIS X 0208 pairs become CP932 pairs, kana become
 * single CP932 bytes A1–DF; JIS X 0212 (ISO-2022-JP-1) has no CP932 form and becomes U+FFFD.
 */
export function decodeIso2022Jp(buf: Uint8Array): string {
  const out: number[] = [];
  const parts: string[] = [];
  let mode: 'ascii' | 'jis0208' | 'kana' | 'jis0212' = 'ascii';
  const flush = (): void => {
    if (out.length) parts.push(iconv.decode(Buffer.from(out), 'cp932'));
    out.length = 0;
  };
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === ESC) {
      const a = buf[i + 1];
      const c = buf[i + 2];
      if (a === 0x24 && (c === 0x40 || c === 0x42)) mode = 'jis0208';
      else if (a === 0x24 && c === 0x28 && buf[i + 3] === 0x44) {
        mode = 'jis0212';
        i++;
      } else if (a === 0x28 && (c === 0x42 || c === 0x4a)) mode = 'ascii';
      else if (a === 0x28 && c === 0x49) mode = 'kana';
      else {
        out.push(b);
        continue;
      }
      i += 2;
      continue;
    }
    if (b === 0x0a || b === 0x0d) {
      // RFC 1468 §3: a line ends in ASCII; a sender that forgot to shift back gets it here.
      mode = 'ascii';
      out.push(b);
    } else if (mode === 'ascii') out.push(b);
    else if (mode === 'kana') out.push(b >= 0x21 && b <= 0x5f ? b + 0x80 : b);
    else {
      const t = buf[i + 1];
      i++;
      if (t === undefined || b < 0x21 || b > 0x7e || t < 0x21 || t > 0x7e || mode === 'jis0212') {
        flush();
        parts.push('\uFFFD');
        continue;
      }
      out.push(((b + 1) >> 1) + (b <= 0x5e ? 0x70 : 0xb0), t + (b & 1 ? (t < 0x60 ? 0x1f : 0x20) : 0x7e));
    }
  }
  flush();
  return parts.join('');
}
