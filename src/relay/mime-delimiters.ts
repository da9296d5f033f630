// Pure. Finding multipart delimiter lines (RFC 2046 §5.1.1) inside a chunk of structure bytes.
// mailsplit emits a closing delimiter together with the lines after it (the epilogue, an outer
// closing delimiter) as one chunk, credited to the inner multipart: when the rewriter drops that
// inner part, or must put a part back into a multipart left empty, it has to find the line
// inside the chunk. Same rule as mailsplit's compareBoundary: "--" boundary ["--"], then SP/HTAB,
// then the line end. One pass over the chunk per boundary; chunks are at most one read buffer.

export interface DelimiterLine {
  /** Offset of the line's first "-". */
  lineStart: number;
  boundary: Buffer;
  closing: boolean;
}

const DASH = 0x2d;

/** The first delimiter line of any of the boundaries (only closing ones when `closingOnly`), or null. */
export function findDelimiterLine(value: Buffer, boundaries: readonly Buffer[], closingOnly: boolean): DelimiterLine | null {
  for (let lineStart = 0; lineStart < value.length; ) {
    if (value[lineStart] === DASH && value[lineStart + 1] === DASH) {
      for (const boundary of boundaries) {
        const closing = matchDelimiter(value, lineStart, boundary);
        if (closing !== null && (closing || !closingOnly)) {
          return { lineStart, boundary, closing };
        }
      }
    }
    const lf = value.indexOf(0x0a, lineStart);
    if (lf < 0) {
      break;
    }
    lineStart = lf + 1;
  }
  return null;
}

/** null: not a delimiter of this boundary; true: the closing one; false: a part delimiter. */
function matchDelimiter(value: Buffer, start: number, boundary: Buffer): boolean | null {
  let i = start + 2;
  if (i + boundary.length > value.length || !value.subarray(i, i + boundary.length).equals(boundary)) {
    return null;
  }
  i += boundary.length;
  let closing = false;
  if (value[i] === DASH && value[i + 1] === DASH) {
    closing = true;
    i += 2;
  }
  while (value[i] === 0x20 || value[i] === 0x09) {
    i++;
  }
  while (value[i] === 0x0d) {
    i++;
  }
  return i >= value.length || value[i] === 0x0a ? closing : null;
}

/** The line ending just before `offset` ("\r\n", "\n"), or '' when none. */
export function eolBefore(value: Buffer, offset: number): string {
  if (offset >= 1 && value[offset - 1] === 0x0a) {
    return offset >= 2 && value[offset - 2] === 0x0d ? '\r\n' : '\n';
  }
  return '';
}
