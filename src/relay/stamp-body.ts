// Pure. Where a stamp goes in a decoded body part, and the splice itself, on bytes in the part's
// own charset (docs/cegp/policies-and-content-filtering.md §5, "Insert stamp in body" and the
// stamp object's "Insert at" beginning / end). The body bytes are never re-encoded here: the
// stamp is already in the part's charset, and it is put only where that charset is in its ASCII
// state (ISO-2022-JP, RFC 1468) or where an ASCII byte is that character (every other charset
// charset-codec.ts lets through), so the result stays valid in the declared charset.
// Every scan is one linear pass over a buffer the caller has bounded (MAX_STAMP_PART_BYTES).

export type StampPosition = 'BEGINNING' | 'END';

const LF = 0x0a;
const CR = 0x0d;
const ESC = 0x1b;
const LT = 0x3c;
const GT = 0x3e;

/** The part's own line ending: CRLF unless the body uses bare LF only. */
export function detectEol(body: Buffer): string {
  const lf = body.indexOf(LF);
  if (lf < 0) {
    return '\r\n';
  }
  return lf > 0 && body[lf - 1] === CR ? '\r\n' : '\n';
}

/**
 * The stamp text as lines of the part: the part's line ending, no trailing line break, and for
 * format=flowed (RFC 3676 §4.2, §4.4) no trailing spaces (they would join a line to the next)
 * and space-stuffing of lines starting with a space, ">" or "From ".
 */
export function stampTextLines(text: string, eol: string, flowed: boolean): string {
  let lines = trimEndOf(text.replace(/\r\n?/g, '\n'), '\n').split('\n');
  if (flowed) {
    lines = lines.map((line) => {
      const trimmed = trimEndOf(line, ' ');
      return trimmed.startsWith(' ') || trimmed.startsWith('>') || trimmed.startsWith('From ') ? ` ${trimmed}` : trimmed;
    });
  }
  return lines.join(eol);
}

function trimEndOf(text: string, ch: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ch) {
    end--;
  }
  return text.slice(0, end);
}

/** ISO-2022-JP: true when the bytes end in the ASCII (or JIS X 0201 Roman) state. */
export function jisEndsInAscii(body: Buffer): boolean {
  let ascii = true;
  for (let i = body.indexOf(ESC); i >= 0 && i < body.length; i = body.indexOf(ESC, i + 1)) {
    ascii = isAsciiDesignation(body, i) ?? ascii;
  }
  return ascii;
}

function isAsciiDesignation(body: Buffer, i: number): boolean | undefined {
  const a = body[i + 1];
  const b = body[i + 2];
  if (a === 0x28 && (b === 0x42 || b === 0x4a)) {
    return true; // ESC ( B, ESC ( J
  }
  if ((a === 0x24 && (b === 0x40 || b === 0x42)) || (a === 0x28 && b === 0x49)) {
    return false; // ESC $ @, ESC $ B, ESC ( I
  }
  return undefined;
}

export interface BodyTags {
  /** Offset just after the first <body …> tag, or -1. */
  openEnd: number;
  /** Offset of the last </body> tag, or -1. */
  closeStart: number;
}

/** Finds <body> and </body> outside comments (and, for ISO-2022-JP, only in the ASCII state). */
export function findBodyTags(html: Buffer, jis: boolean): BodyTags {
  const tags: BodyTags = { openEnd: -1, closeStart: -1 };
  let ascii = true;
  let i = 0;
  while (i < html.length) {
    const byte = html[i]!;
    if (jis && byte === ESC) {
      ascii = isAsciiDesignation(html, i) ?? ascii;
      i++;
      continue;
    }
    if (!ascii || byte !== LT) {
      i++;
      continue;
    }
    if (startsWithAscii(html, i + 1, '!--')) {
      const end = html.indexOf('-->', i + 4, 'latin1');
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (isTagName(html, i + 1, 'body')) {
      const end = tagEnd(html, i + 5);
      if (tags.openEnd < 0 && end > 0) {
        tags.openEnd = end;
      }
      i = end > 0 ? end : i + 1;
      continue;
    }
    if (isTagName(html, i + 1, '/body')) {
      tags.closeStart = i;
    }
    i++;
  }
  return tags;
}

function startsWithAscii(buf: Buffer, at: number, text: string): boolean {
  return buf.subarray(at, at + text.length).toString('latin1') === text;
}

function isTagName(buf: Buffer, at: number, name: string): boolean {
  if (
    buf
      .subarray(at, at + name.length)
      .toString('latin1')
      .toLowerCase() !== name
  ) {
    return false;
  }
  const next = buf[at + name.length];
  return next === undefined || next === GT || next === 0x2f || next === 0x20 || next === 0x09 || next === LF || next === CR;
}

/** Offset after the ">" that closes the tag, skipping quoted attribute values; -1 if none. */
function tagEnd(buf: Buffer, from: number): number {
  let quote = 0;
  for (let i = from; i < buf.length; i++) {
    const byte = buf[i]!;
    if (quote) {
      if (byte === quote) {
        quote = 0;
      }
    } else if (byte === 0x22 || byte === 0x27) {
      quote = byte;
    } else if (byte === GT) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Text part: BEGINNING puts the stamp and a blank line before the body; END puts a blank line
 * and the stamp after it. `stamp` is already in the part's charset, with the part's line ending.
 * `jisReset` (ESC ( B) is put in front of an END stamp when an ISO-2022-JP body does not end in ASCII.
 */
export function spliceTextStamp(body: Buffer, stamp: Buffer, position: StampPosition, eol: string, jisReset?: Buffer): Buffer {
  const eolBytes = Buffer.from(eol, 'latin1');
  if (position === 'BEGINNING') {
    return Buffer.concat([stamp, eolBytes, eolBytes, body]);
  }
  const endsWithEol = body.length > 0 && body[body.length - 1] === LF;
  return Buffer.concat([body, jisReset ?? Buffer.alloc(0), endsWithEol ? Buffer.alloc(0) : eolBytes, eolBytes, stamp, eolBytes]);
}

/** HTML part: after <body …> (BEGINNING) or before </body> (END); without the tag, at the start / end. */
export function spliceHtmlStamp(html: Buffer, stamp: Buffer, position: StampPosition, jis: boolean, jisReset?: Buffer): Buffer {
  const tags = findBodyTags(html, jis);
  if (position === 'BEGINNING') {
    const at = Math.max(tags.openEnd, 0);
    return Buffer.concat([html.subarray(0, at), stamp, html.subarray(at)]);
  }
  if (tags.closeStart < 0) {
    return Buffer.concat([html, jisReset ?? Buffer.alloc(0), stamp]);
  }
  return Buffer.concat([html.subarray(0, tags.closeStart), stamp, html.subarray(tags.closeStart)]);
}
