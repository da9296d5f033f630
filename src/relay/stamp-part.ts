// Insert stamp in body, for one text/plain or text/html part held in memory (bounded by
// MAX_STAMP_PART_BYTES): undo the transfer encoding (mailsplit's decoder), put each stamp in
// (stamp-body.ts) in the part's own charset when charset-codec.ts can write the stamp there,
// else re-declare the part as UTF-8, then encode again. docs/cegp/policies-and-content-filtering.md §5.
//
// Transfer encoding afterwards: base64 and quoted-printable parts keep theirs. A 7bit (or
// unlabelled) part stays 7bit when the result is still 7-bit with lines ≤ 998 octets (RFC 5322
// §2.1.1), e.g. an ISO-2022-JP part with an ISO-2022-JP stamp; an 8bit/binary part stays as it
// is (a Shift_JIS 8bit part keeps its 8bit bytes). Otherwise it becomes quoted-printable.
// (mailsplit's own Rewriter turns every 7bit part into quoted-printable: this one does not.)
import type { Readable, Writable } from 'node:stream';
import type { SplitNode } from './mime-tree.js';
import { charsetKind, decodeCharset, encodeInCharset } from './charset-codec.js';
import type { PartResult } from './rewrite-plan.js';
import { detectEol, jisEndsInAscii, spliceHtmlStamp, spliceTextStamp, stampTextLines, type StampPosition } from './stamp-body.js';

export interface StampRequest {
  index: number;
  text: string;
  html: string;
  position: StampPosition;
}

/**
 * Longest encoded text part that gets a stamp, in bytes. The part is held whole while it is
 * stamped (raw + decoded + re-encoded, about 4× this at worst per rewrite), so a 150 MB text body
 * (the CEGP message size limit, §8) cannot take the relay's memory. Business mail text is far
 * below: 4 MiB is about 2 million Japanese characters. A longer part passes through unchanged and
 * the stamp is recorded STAMP_SKIPPED for it ("part larger than …").
 */
export const MAX_STAMP_PART_BYTES = 4 * 1024 * 1024;

/** The longest line a 7bit or 8bit part may carry (RFC 5322 §2.1.1: 998 octets plus CRLF). */
const MAX_LINE_OCTETS = 998;

export interface StampedPart {
  /** The new encoded body, or null when no stamp went in (the caller emits the original bytes). */
  body: Buffer | null;
  results: { index: number; part: PartResult }[];
}

export async function stampPart(node: SplitNode, partPath: string, raw: Buffer, stamps: readonly StampRequest[]): Promise<StampedPart> {
  const isHtml = node.contentType === 'text/html';
  const type = isHtml ? 'text/html' : 'text/plain';
  const declared = node.charset || '';
  const results: StampedPart['results'] = [];
  const skipAll = (detail: string): StampedPart => ({
    body: null,
    results: stamps.map(({ index }) => ({ index, part: { partPath, outcome: 'STAMP_SKIPPED', detail } })),
  });
  let kind = charsetKind(declared);
  if (kind === 'UNSUPPORTED') {
    return skipAll(`${type}; charset ${declared} cannot be written`);
  }
  let body: Buffer;
  try {
    body = await runThrough(node.getDecoder(), raw);
  } catch {
    return skipAll(`${type}; transfer encoding could not be decoded`);
  }
  const eol = detectEol(body);
  let charset = declared;
  let redeclare: string | null = null;
  let stamped = false;
  for (const stamp of stamps) {
    const source = isHtml ? stamp.html : stampTextLines(stamp.text, eol, node.flowed);
    if (source.trim() === '') {
      results.push({ index: stamp.index, part: { partPath, outcome: 'STAMP_SKIPPED', detail: `${type}; the stamp has no ${type} text` } });
      continue;
    }
    let bytes = encodeInCharset(source, charset);
    if (bytes === null) {
      // The stamp cannot be written in the part's charset: decode the part as mailparser does
      // and carry it on as UTF-8, which writes every stamp (the text the recipient reads is the same).
      body = Buffer.from(decodeCharset(body, charset), 'utf8');
      charset = 'utf-8';
      kind = 'UTF8';
      redeclare = 'utf-8';
      bytes = Buffer.from(source, 'utf8');
    } else if (kind === 'UTF8' && redeclare === null && !/^utf-?8$/i.test(charset) && bytes.some((b) => b >= 0x80)) {
      redeclare = 'utf-8'; // US-ASCII (or no charset) is a subset of UTF-8: the body bytes stay
    }
    const jis = kind === 'ISO2022JP';
    const reset = jis && !jisEndsInAscii(body) ? Buffer.from([0x1b, 0x28, 0x42]) : undefined;
    body = isHtml ? spliceHtmlStamp(body, bytes, stamp.position, jis, reset) : spliceTextStamp(body, bytes, stamp.position, eol, reset);
    stamped = true;
    const how = redeclare ? `re-declared ${redeclare} (was ${declared || 'none'})` : `in its charset ${declared || 'us-ascii'}`;
    results.push({
      index: stamp.index,
      part: { partPath, outcome: 'STAMPED', detail: `${type}; ${how}`, ...(redeclare ? { redeclaredCharset: redeclare } : {}) },
    });
  }
  if (!stamped) {
    return { body: null, results };
  }
  if (redeclare) {
    node.setCharset(redeclare);
  }
  let encoded = await encodeBody(node, body);
  if (raw.length > 0 && raw[raw.length - 1] === 0x0a && encoded[encoded.length - 1] !== 0x0a) {
    // the original ended its last line (a root part: no delimiter follows to end it)
    encoded = Buffer.concat([encoded, Buffer.from(eol, 'latin1')]);
  }
  return { body: encoded, results };
}

async function encodeBody(node: SplitNode, body: Buffer): Promise<Buffer> {
  const encoding = node.encoding || '7bit';
  if (encoding === 'base64' || encoding === 'quoted-printable') {
    return runThrough(node.getEncoder(), body);
  }
  const eightBit = body.some((b) => b >= 0x80 || b === 0);
  if (!longestLineOver(body, MAX_LINE_OCTETS) && (!eightBit || encoding === '8bit' || encoding === 'binary')) {
    return body;
  }
  return runThrough(node.getEncoder('quoted-printable'), body);
}

function longestLineOver(body: Buffer, limit: number): boolean {
  let start = 0;
  while (start < body.length) {
    let lf = body.indexOf(0x0a, start);
    if (lf < 0) {
      lf = body.length;
    }
    const end = lf > start && body[lf - 1] === 0x0d ? lf - 1 : lf;
    if (end - start > limit) {
      return true;
    }
    start = lf + 1;
  }
  return false;
}

/** Runs a buffer through one of mailsplit's (libbase64 / libqp / PassThrough) transforms. */
function runThrough(stream: Readable & Writable, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(out)));
    stream.end(input);
  });
}
