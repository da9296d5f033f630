// PDF active content and encryption by a bounded byte scan (criteria 16 and 17,
// docs/cegp/policies-and-content-filtering.md §3). Pure: bytes are pushed in.
//
// A PDF's actions are dictionary keys and values: /JS and /JavaScript (scripts), /OpenAction,
// /AA (additional actions), /Launch; /Encrypt in the trailer (ISO 32000-1 §7.6) means it is
// encrypted. A name token may hide its letters as #xx escapes (§7.3.5: /J#61vaScript is
// /JavaScript), so names are decoded before they are compared. Objects may sit inside
// compressed object streams (/ObjStm, §7.5.7): Flate streams that are not images, fonts or
// xref streams are inflated (a bounded number, each to a capped size) and scanned too. Text in
// strings and comments is skipped. In an encrypted PDF the streams are ciphertext; the names
// of uncompressed dictionaries are still plain (§7.6.1 encrypts strings and streams only).
// For the sanitizer, each hit outside compressed data keeps the byte range of its name.
import type { ActiveContentKind, BudgetCut } from '../../policies/engine/message-facts.js';
import { inflateBounded } from './bounded-inflate.js';
import { CLASS, decodeName, ENDOBJ, ENDSTREAM, INTERESTING_FIRST, isWord, OBJ, REGULAR, SPACE, STREAM } from './pdf-names.js';
import { addCut, formatCount } from './inspection-budget.js';

export interface PdfLimits {
  maxStreams: number;
  maxStreamBytes: number;
  maxInflatedBytes: number;
}

export interface PdfHit {
  kind: ActiveContentKind;
  where: string;
  /** File offsets of the name's bytes after "/", or null when the name was inside inflated data. */
  patch: { start: number; end: number } | null;
}

export interface PdfScanResult {
  hits: PdfHit[];
  encrypted: boolean;
  cuts: BudgetCut[];
}

const ACTIVE_NAMES: Readonly<Record<string, ActiveContentKind>> = {
  JS: 'PDF_JAVASCRIPT',
  JavaScript: 'PDF_JAVASCRIPT',
  OpenAction: 'PDF_OPEN_ACTION',
  AA: 'PDF_ADDITIONAL_ACTIONS',
  Launch: 'PDF_LAUNCH',
};
/** Names kept per dictionary to judge its stream: filters, types and font-program lengths. */
const STREAM_NAMES = new Set(['Filter', 'FlateDecode', 'Fl', 'ObjStm', 'Image', 'XRef', 'Length1', 'Length2', 'Length3', 'Metadata']);
/** §7.3.5: names longer than this are an implementation limit (Annex C); the rest is skipped. */
const MAX_NAME_BYTES = 127;
const MAX_WORD_BYTES = 16;
/** Hits kept for the sanitizer: beyond this the PDF is too odd to rewrite in place. */
export const MAX_PDF_HITS = 100_000;
type State = 'top' | 'name' | 'word' | 'string' | 'comment' | 'stream' | 'streamCr';

interface StreamState {
  obj: number | null;
  start: number;
  kind: 'flate' | 'plain' | 'skip';
  parts: Buffer[];
  bytes: number;
  tooBig: boolean;
  seen: number;
  tail: Buffer;
}

export class PdfScanner {
  readonly hits: PdfHit[] = [];
  readonly cuts: BudgetCut[] = [];
  encrypted = false;
  private state: State = 'top';
  /** File offset of the next chunk's first byte, and of the byte being handled. */
  private total = 0;
  private pos = 0;
  private token: number[] = [];
  private tokenStart = 0;
  private depth = 0;
  private escape = false;
  private nums: number[] = [];
  private obj: number | null = null;
  private dictNames = new Set<string>();
  private stream: StreamState | null = null;
  private streamsInflated = 0;
  private inflatedBytes = 0;

  /** `inner` scans inflated stream data: no streams inside, no file offsets, hits named after `prefix`. */
  constructor(
    private readonly limits: PdfLimits,
    private readonly inner: { prefix: string; base: number | null } | null = null,
    private readonly parent: PdfScanner | null = null,
  ) {}

  push(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const base = this.total;
    this.total += buf.length;
    const n = buf.length;
    let i = 0;
    // Runs of bytes of one kind are skipped in tight loops: a 32 MiB PDF is scanned in well under a second.
    while (i < n) {
      switch (this.state) {
        case 'stream':
          i = this.streamBytes(buf, i);
          break;
        case 'top':
          while (i < n && CLASS[buf[i]!] === SPACE) i++;
          if (i < n) {
            this.pos = base + i;
            this.top(buf[i]!);
            i++;
          }
          break;
        case 'name':
        case 'word': {
          let j = i;
          while (j < n && CLASS[buf[j]!] === REGULAR) j++;
          const room = MAX_NAME_BYTES + 1 - this.token.length;
          for (let k = i; k < j && k < i + room; k++) this.token.push(buf[k]!);
          if (j >= n) return;
          this.pos = base + j;
          this.endToken(buf[j]!);
          // The delimiter starts the next token, unless "stream" consumed it as its end of line.
          i = (this.state as State) === 'top' ? j : j + 1;
          break;
        }
        case 'string': {
          let depth = this.depth;
          let esc = this.escape;
          for (; i < n; i++) {
            const b = buf[i]!;
            if (esc) esc = false;
            else if (b === 0x5c) esc = true;
            else if (b === 0x28) depth++;
            else if (b === 0x29 && --depth === 0) {
              this.state = 'top';
              i++;
              break;
            } else if (b === 0x65 && buf.subarray(i, i + ENDOBJ.length).equals(ENDOBJ)) {
              // A lone "(" in junk between objects would hide every later name; readers go by
              // the xref offsets, so resynchronise at "endobj" (almost never inside a real string).
              this.state = 'top';
              i += ENDOBJ.length;
              break;
            }
          }
          this.depth = depth;
          this.escape = esc;
          break;
        }
        case 'comment':
          while (i < n && buf[i] !== 0x0a && buf[i] !== 0x0d) i++;
          if (i < n) this.state = 'top';
          break;
        case 'streamCr': {
          // §7.3.8.1: "stream" is followed by CRLF or LF; after a lone CR the data starts at this byte.
          const b = buf[i]!;
          this.beginStream(b === 0x0a ? base + i + 1 : base + i);
          if (b === 0x0a) i++;
          break;
        }
      }
    }
  }

  finish(): PdfScanResult {
    if (this.state === 'name' || this.state === 'word') this.endToken(0x20);
    if (this.stream) this.endStream(this.stream.seen);
    return { hits: this.hits, encrypted: this.encrypted, cuts: this.cuts };
  }

  private top(b: number): void {
    if (b === 0x2f) {
      this.state = 'name';
      this.token = [];
      this.tokenStart = this.pos + 1;
    } else if (b === 0x28) {
      this.state = 'string';
      this.depth = 1;
      this.escape = false;
    } else if (b === 0x25) this.state = 'comment';
    else {
      this.state = 'word';
      this.token = [b];
    }
  }

  private endToken(delimiter: number): void {
    const wasName = this.state === 'name';
    this.state = 'top';
    const t = this.token;
    if (wasName) {
      // Only names starting with a letter of an interesting name (or an escape) are decoded.
      if (t.length > 0 && (INTERESTING_FIRST[t[0]!] || t.includes(0x23))) this.name(t);
      return;
    }
    if (t.length > MAX_WORD_BYTES) {
      this.nums.length = 0;
      return;
    }
    let value = 0;
    let digits = true;
    for (const b of t) {
      if (b < 0x30 || b > 0x39) {
        digits = false;
        break;
      }
      value = value * 10 + (b - 0x30);
    }
    if (digits) {
      if (this.nums.length === 2) this.nums.shift();
      this.nums.push(value);
      return;
    }
    if (isWord(t, OBJ)) {
      this.obj = this.nums.length === 2 ? this.nums[0]! : null;
      this.dictNames.clear();
    } else if (isWord(t, STREAM) && !this.inner) {
      if (delimiter === 0x0d) this.state = 'streamCr';
      else this.beginStream(this.pos + 1);
    }
    this.nums.length = 0;
  }

  private name(raw: number[]): void {
    if (raw.length > MAX_NAME_BYTES) return;
    const name = decodeName(raw);
    if (name === 'Encrypt') {
      this.encrypted = true;
      if (this.parent) this.parent.encrypted = true;
    }
    if (STREAM_NAMES.has(name)) this.dictNames.add(name);
    const kind = ACTIVE_NAMES[name];
    if (!kind) return;
    const target = this.parent ?? this;
    if (target.hits.length >= MAX_PDF_HITS) {
      addCut(target.cuts, 'PDF_NAMES', `PDF names after ${formatCount(MAX_PDF_HITS)} hits not recorded`);
      return;
    }
    const where = this.inner ? `${this.inner.prefix} /${name}` : this.obj === null ? `/${name}` : `object ${this.obj} /${name}`;
    const start = this.inner ? (this.inner.base === null ? null : this.inner.base + this.tokenStart) : this.tokenStart;
    target.hits.push({ kind, where, patch: start === null ? null : { start, end: start + raw.length } });
  }

  private beginStream(start: number): void {
    const n = this.dictNames;
    const skip = n.has('Image') || n.has('XRef') || n.has('Length1') || n.has('Length2') || n.has('Length3') || n.has('Metadata');
    const flate = n.has('FlateDecode') || n.has('Fl');
    // Only Flate and unfiltered data can be read here; any other filter (DCT, JBIG2…) is an image or opaque.
    const kind = skip ? 'skip' : flate ? 'flate' : n.has('Filter') ? 'skip' : 'plain';
    this.stream = { obj: this.obj, start, kind, parts: [], bytes: 0, tooBig: false, seen: 0, tail: Buffer.alloc(0) };
    this.state = 'stream';
  }

  /** Stream data up to "endstream" (found across chunk boundaries through the last 8 bytes kept). */
  private streamBytes(buf: Buffer, i: number): number {
    const s = this.stream!;
    if (s.tail.length) {
      const joint = Buffer.concat([s.tail, buf.subarray(i, i + ENDSTREAM.length - 1)]);
      const k = joint.indexOf(ENDSTREAM);
      if (k >= 0 && k < s.tail.length) {
        const after = i + (k + ENDSTREAM.length - s.tail.length);
        this.endStream(s.seen - (s.tail.length - k));
        return after;
      }
    }
    const k = buf.indexOf(ENDSTREAM, i);
    const end = k >= 0 ? k : buf.length;
    this.collect(s, buf.subarray(i, end));
    if (k >= 0) {
      this.endStream(s.seen);
      return k + ENDSTREAM.length;
    }
    s.tail = Buffer.concat([s.tail, buf.subarray(i)]).subarray(-(ENDSTREAM.length - 1));
    return buf.length;
  }

  private collect(s: StreamState, data: Buffer): void {
    s.seen += data.length;
    if (s.kind === 'skip' || s.tooBig) return;
    if (s.bytes + data.length > this.limits.maxStreamBytes) {
      s.tooBig = true;
      s.parts = [];
      return;
    }
    s.parts.push(Buffer.from(data));
    s.bytes += data.length;
  }

  private endStream(dataBytes: number): void {
    const s = this.stream!;
    this.stream = null;
    this.state = 'top';
    this.dictNames.clear();
    if (s.kind === 'skip') return;
    const label = s.obj === null ? 'a stream' : `object ${s.obj}`;
    if (s.tooBig) {
      addCut(this.cuts, 'PDF_STREAMS', `PDF streams over ${formatCount(this.limits.maxStreamBytes)} bytes not scanned (${label})`);
      return;
    }
    const data = Buffer.concat(s.parts).subarray(0, dataBytes);
    if (s.kind === 'plain') {
      this.scanInner(data, `object ${s.obj ?? '?'}`, s.start);
      return;
    }
    if (this.streamsInflated >= this.limits.maxStreams || this.inflatedBytes >= this.limits.maxInflatedBytes) {
      addCut(
        this.cuts,
        'PDF_STREAMS',
        `PDF compressed streams after ${formatCount(this.streamsInflated)} (${formatCount(this.inflatedBytes)} bytes) not inflated`,
      );
      return;
    }
    this.streamsInflated++;
    const room = Math.min(this.limits.maxStreamBytes, this.limits.maxInflatedBytes - this.inflatedBytes);
    const out = inflateBounded(data, room);
    this.inflatedBytes += out.bytes.length;
    if (out.capped) addCut(this.cuts, 'PDF_STREAMS', `PDF stream ${label} inflated only to ${formatCount(room)} bytes`);
    this.scanInner(out.bytes, `object stream ${s.obj ?? '?'}`, null);
  }

  private scanInner(data: Uint8Array, prefix: string, base: number | null): void {
    const inner = new PdfScanner(this.limits, { prefix, base }, this);
    inner.push(data);
    inner.finish();
  }
}

/** Scans a whole buffer (an entry inside an archive, or a test). */
export function scanPdfBytes(bytes: Uint8Array, limits: PdfLimits): PdfScanResult {
  const scanner = new PdfScanner(limits);
  scanner.push(bytes);
  return scanner.finish();
}
