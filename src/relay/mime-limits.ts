// The MIME structure limits the SMTP listener enforces while the DATA bytes pass, before the
// message is parsed: too many parts (552 5.3.4) or nesting too deep (554). A pass-through line
// scanner (MimeLimitScanner, pure; MimeLimitStream wraps it as a Transform) that follows the
// structure as mailsplit — the parser's splitter — does: a part starts at a delimiter line of its
// multipart or of any open ancestor (RFC 2046 §5.1.1; mailsplit checkBoundary), an inline
// message/rfc822 part in 7bit/8bit/binary is a nested message (mailsplit's processLine, with
// mailparser's default of parsing only an `inline` one), and nothing else nests. It is not
// mailsplit's Splitter itself because that splits every line in JavaScript, about 45 MiB/s here;
// this one only reads headers line by line and jumps through bodies with Buffer#indexOf('\n--').
import { Transform, type TransformCallback } from 'node:stream';
import libmime from 'libmime';

/**
 * MIME parts (the top-level one included) a message may have: mailsplit's MAX_CHILD_NODES,
 * past which the parser stops with an error, so a message with more could not be scanned; it
 * is also an order of magnitude above real mail (a newsletter with inline images has tens).
 */
export const MAX_MIME_PARTS = 1_000;

/**
 * Nesting levels below the top-level part. Real mail nests 3 or 4 deep (signed › mixed ›
 * alternative › related), each forwarded-inline message adds 2 or 3; 20 levels is five such
 * forwards of a signed message. Deeper structure only serves to exhaust a recursive walker
 * (the rewriter, mailparser's getTextContent, a client), so it is refused, like Postfix's
 * mime_nesting_limit does.
 */
export const MAX_MIME_DEPTH = 20;

/** Header bytes of one part read for its Content-* fields; mailsplit refuses a part header over 1 MiB anyway. */
export const MAX_SCANNED_HEADER_BYTES = 64 * 1024;

/** The longest line still read as a possible delimiter: a boundary is ≤ 70 chars (RFC 2046 §5.1.1), mailsplit allows ~1,000 of trailing whitespace. */
export const MAX_DELIMITER_LINE_BYTES = 2_048;

export type MimeLimitResult = { ok: true; parts: number; depth: number } | { ok: false; reason: 'PARTS' | 'DEPTH'; limit: number };

export interface MimeLimits {
  parts: number;
  depth: number;
}

interface OpenMultipart {
  boundary: Buffer;
  /** Depth of the multipart part itself; its children are one deeper. */
  depth: number;
}

const LF = 0x0a;
const DASH = 0x2d;
const LF_DASHES = Buffer.from('\n--');

export class MimeLimitScanner {
  readonly #limits: MimeLimits;
  #result: MimeLimitResult = { ok: true, parts: 1, depth: 0 };
  #parts = 1;
  #maxDepth = 0;
  #stack: OpenMultipart[] = [];
  #inHead = true;
  #nodeDepth = 0;
  #head: Buffer[] = [];
  #headBytes = 0;
  /** The start of a line left unfinished by the last chunk (header line, or a body line that may be a delimiter). */
  #carry: Buffer | null = null;
  /** The last chunk ended inside a body line that cannot be a delimiter: skip to its end. */
  #midLine = false;

  constructor(limits: Partial<MimeLimits> = {}) {
    this.#limits = { parts: limits.parts ?? MAX_MIME_PARTS, depth: limits.depth ?? MAX_MIME_DEPTH };
  }

  get result(): MimeLimitResult {
    return this.#result;
  }

  write(chunk: Buffer): void {
    if (!this.#result.ok || chunk.length === 0) return;
    if (!this.#inHead && this.#stack.length === 0) return; // a leaf's body to the end: nothing more can start
    const buf = this.#carry ? Buffer.concat([this.#carry, chunk]) : chunk;
    this.#carry = null;
    let pos = 0;
    if (this.#midLine) {
      const lf = buf.indexOf(LF);
      if (lf < 0) return;
      this.#midLine = false;
      pos = lf + 1;
    }
    while (pos < buf.length && this.#result.ok) {
      if (this.#inHead) {
        const lf = buf.indexOf(LF, pos);
        if (lf < 0) {
          this.#carryFrom(buf, pos, true);
          return;
        }
        this.#headLine(buf.subarray(pos, lf + 1));
        pos = lf + 1;
        continue;
      }
      if (this.#stack.length === 0) return;
      // Body: only a line starting with "--" can change the structure.
      let start = pos;
      if (!(buf[pos] === DASH && buf[pos + 1] === DASH)) {
        const at = buf.indexOf(LF_DASHES, pos);
        if (at < 0) {
          this.#bodyTail(buf, pos);
          return;
        }
        start = at + 1;
      }
      const lf = buf.indexOf(LF, start);
      if (lf < 0) {
        this.#carryFrom(buf, start, false);
        return;
      }
      this.#bodyLine(buf.subarray(start, lf + 1));
      pos = lf + 1;
    }
  }

  /** The last line may end without a line break. */
  end(): MimeLimitResult {
    if (this.#carry && this.#result.ok) {
      const line = this.#carry;
      this.#carry = null;
      if (this.#inHead) this.#headLine(line);
      else this.#bodyLine(line);
    }
    return this.#result;
  }

  #carryFrom(buf: Buffer, from: number, head: boolean): void {
    const length = buf.length - from;
    if (head || length <= MAX_DELIMITER_LINE_BYTES) {
      // A header line longer than what is read is dropped to its end, not carried.
      if (head && length > MAX_SCANNED_HEADER_BYTES) this.#midLine = true;
      else this.#carry = Buffer.from(buf.subarray(from));
    } else {
      this.#midLine = true;
    }
  }

  /** No delimiter from `pos` on: what the unfinished last line means for the next chunk. */
  #bodyTail(buf: Buffer, pos: number): void {
    const lastLf = buf.lastIndexOf(LF);
    const tail = lastLf >= pos ? lastLf + 1 : pos;
    if (tail === buf.length) return; // ended on a line break
    // One "-" may become "--…" with the next chunk; anything else is a line that is no delimiter.
    if (buf.length - tail === 1 && buf[tail] === DASH) this.#carry = Buffer.from([DASH]);
    else this.#midLine = true;
  }

  #headLine(line: Buffer): void {
    const delimiter = this.#delimiter(line);
    if (delimiter) {
      this.#onDelimiter(delimiter);
      return;
    }
    const isBlank = line.length <= 2 && (line[0] === LF || (line[0] === 0x0d && (line.length === 1 || line[1] === LF)));
    if (!isBlank) {
      if (this.#headBytes < MAX_SCANNED_HEADER_BYTES) {
        this.#head.push(Buffer.from(line));
        this.#headBytes += line.length;
      }
      return;
    }
    this.#endOfHead();
  }

  #endOfHead(): void {
    const fields = parseHead(Buffer.concat(this.#head).toString('latin1'));
    this.#head = [];
    this.#headBytes = 0;
    const type = fields.contentType;
    if (type.value.startsWith('multipart/') && type.boundary) {
      this.#stack.push({ boundary: Buffer.from(type.boundary, 'latin1'), depth: this.#nodeDepth });
      this.#inHead = false;
      return;
    }
    if (type.value === 'message/rfc822' && ['', '7bit', '8bit', 'binary'].includes(fields.encoding) && fields.disposition === 'inline') {
      this.#newPart(this.#nodeDepth + 1);
      return; // the nested message's header follows
    }
    this.#inHead = false;
  }

  #bodyLine(line: Buffer): void {
    const delimiter = this.#delimiter(line);
    if (delimiter) this.#onDelimiter(delimiter);
  }

  /** Which open multipart's delimiter `line` is (innermost first, as mailsplit checks), and whether it closes it. */
  #delimiter(line: Buffer): { level: number; close: boolean } | null {
    if (line[0] !== DASH || line[1] !== DASH || line.length > MAX_DELIMITER_LINE_BYTES) return null;
    for (let level = this.#stack.length - 1; level >= 0; level--) {
      const close = matchDelimiter(line, this.#stack[level]!.boundary);
      if (close !== null) return { level, close };
    }
    return null;
  }

  #onDelimiter({ level, close }: { level: number; close: boolean }): void {
    const owner = this.#stack[level]!;
    this.#stack.length = close ? level : level + 1;
    this.#head = [];
    this.#headBytes = 0;
    if (close) {
      this.#inHead = false; // the owner's epilogue
      return;
    }
    this.#newPart(owner.depth + 1);
  }

  #newPart(depth: number): void {
    this.#parts++;
    this.#nodeDepth = depth;
    this.#inHead = true;
    this.#maxDepth = Math.max(this.#maxDepth, depth);
    if (this.#parts > this.#limits.parts) this.#result = { ok: false, reason: 'PARTS', limit: this.#limits.parts };
    else if (depth > this.#limits.depth) this.#result = { ok: false, reason: 'DEPTH', limit: this.#limits.depth };
    else this.#result = { ok: true, parts: this.#parts, depth: this.#maxDepth };
  }
}

/** `--boundary` then optional `--`, SP/HTAB, CR*, LF: null when not this boundary, else whether it closes (mailsplit compareBoundary). */
function matchDelimiter(line: Buffer, boundary: Buffer): boolean | null {
  if (line.length < boundary.length + 2 || line.compare(boundary, 0, boundary.length, 2, 2 + boundary.length) !== 0) return null;
  let i = boundary.length + 2;
  const close = line[i] === DASH && line[i + 1] === DASH;
  if (close) i += 2;
  while (line[i] === 0x20 || line[i] === 0x09) i++;
  while (line[i] === 0x0d) i++;
  if (line[i] === LF) i++;
  return i === line.length ? close : null;
}

/** The Content-* fields of one part's header (first occurrence, as mailsplit reads them). */
function parseHead(head: string): { contentType: { value: string; boundary: string | null }; encoding: string; disposition: string } {
  const fields = new Map<string, string>();
  for (const field of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, field.slice(colon + 1).trim());
  }
  const type = libmime.parseHeaderValue(fields.get('content-type') ?? 'text/plain', { stripComments: true });
  const boundary = (type.params.boundary ?? '').replace(/[ \t]+$/, '');
  return {
    // A boundary must be ASCII (RFC 2046 bchars); mailsplit treats one that is not as none.
    contentType: {
      value: (type.value ?? '').toLowerCase().trim(),
      boundary: boundary && /^[\x20-\x7e]+$/.test(boundary) ? boundary : null,
    },
    encoding: (fields.get('content-transfer-encoding') ?? '')
      .replace(/\(.*?\)/g, '')
      .trim()
      .toLowerCase(),
    disposition: (libmime.parseHeaderValue(fields.get('content-disposition') ?? '').value ?? '').toLowerCase().trim(),
  };
}

/** A pass-through stream that runs MimeLimitScanner on the bytes: read `result` once it has ended. */
export class MimeLimitStream extends Transform {
  readonly #scanner: MimeLimitScanner;

  constructor(limits?: Partial<MimeLimits>) {
    super();
    this.#scanner = new MimeLimitScanner(limits);
  }

  get result(): MimeLimitResult {
    return this.#scanner.result;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#scanner.write(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.#scanner.end();
    done();
  }
}
