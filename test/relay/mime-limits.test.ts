// The listener's MIME limits: part count and nesting depth, found while the bytes pass, counting
// parts as the parser's splitter (mailsplit) does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mailsplit from '@zone-eu/mailsplit';
import { describe, expect, it } from 'vitest';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS, MimeLimitScanner, MimeLimitStream } from '../../src/relay/mime-limits.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');
const crlf = (text: string) => Buffer.from(text.replace(/\r?\n/g, '\r\n'));

function scan(raw: Buffer, chunkSize: number, limits?: { parts?: number; depth?: number }) {
  const scanner = new MimeLimitScanner(limits);
  for (let i = 0; i < raw.length; i += chunkSize) scanner.write(raw.subarray(i, i + chunkSize));
  return scanner.end();
}

/** How many MIME nodes mailsplit's Splitter makes of the message (the parser's own count). */
async function splitterNodes(raw: Buffer): Promise<number> {
  let nodes = 0;
  const sink = new Writable({
    objectMode: true,
    write(chunk: { type: string }, _encoding, done) {
      if (chunk.type === 'node') nodes++;
      done();
    },
  });
  await pipeline(Readable.from([raw]), new mailsplit.Splitter(), sink);
  return nodes;
}

const nested = (levels: number) => {
  let text = 'From: a@example.jp\n';
  for (let i = 0; i < levels; i++) text += `Content-Type: multipart/mixed; boundary="b${i}"\n\npreamble --b${i} not a delimiter\n--b${i}\n`;
  text += 'Content-Type: text/plain\n\nleaf\n';
  for (let i = levels - 1; i >= 0; i--) text += `--b${i}--\nepilogue\n`;
  return crlf(text);
};
const flat = (parts: number) =>
  crlf(
    `Content-Type: multipart/mixed; boundary=x\n\n${Array.from({ length: parts - 1 }, (_, i) => `--x\nContent-Type: text/plain\n\n-\n--\n-x\n--xy\npart ${i}\n`).join('')}--x--\n`,
  );

const STRUCTURES: Record<string, Buffer> = {
  'nested 3': nested(3),
  'flat 12': flat(12),
  'inline message/rfc822 (parsed as parts)': crlf(
    'Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: message/rfc822\nContent-Disposition: inline\n\nSubject: inner\nContent-Type: multipart/alternative; boundary=y\n\n--y\n\na\n--y\n\nb\n--y--\n--x\n\nc\n--x--\n',
  ),
  'attached message/rfc822 (one part)': crlf(
    'Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: message/rfc822\n\nSubject: inner\nContent-Type: multipart/alternative; boundary=y\n\n--y\n\na\n--y--\n--x--\n',
  ),
  'unclosed inner multipart ended by the outer delimiter': crlf(
    'Content-Type: multipart/mixed; boundary=outer\n\n--outer\nContent-Type: multipart/alternative; boundary=inner\n\n--inner\n\na\n--outer\n\nb\n--outer--\n',
  ),
  'delimiter with trailing whitespace, LF line ends': Buffer.from(
    'Content-Type: multipart/mixed; boundary="a b"\n\n--a b  \n\none\n--a b\t\n\ntwo\n--a b--\n',
  ),
  'no trailing line break': Buffer.from('Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n\r\none\r\n--z\r\n\r\ntwo\r\n--z--'),
};

describe('MimeLimitScanner', () => {
  it('counts the parts mailsplit makes, on every fixture and structure, however the bytes are split', async () => {
    const cases = { ...STRUCTURES };
    for (const name of readdirSync(FIXTURES)) cases[name] = readFileSync(join(FIXTURES, name));
    for (const [name, raw] of Object.entries(cases)) {
      const expected = await splitterNodes(raw);
      for (const chunkSize of [1, 2, 3, 7, 64, raw.length]) {
        const result = scan(raw, chunkSize);
        expect(result, `${name}, chunks of ${chunkSize}`).toMatchObject({ ok: true, parts: expected });
      }
    }
  });

  it('reports the nesting depth below the top-level part', () => {
    expect(scan(nested(3), 5)).toEqual({ ok: true, parts: 4, depth: 3 });
    expect(scan(STRUCTURES['inline message/rfc822 (parsed as parts)']!, 5)).toEqual({ ok: true, parts: 6, depth: 3 });
  });

  it('refuses more parts than the limit', () => {
    expect(scan(flat(10), 4, { parts: 10 })).toMatchObject({ ok: true, parts: 10 });
    expect(scan(flat(11), 4, { parts: 10 })).toEqual({ ok: false, reason: 'PARTS', limit: 10 });
    expect(scan(flat(MAX_MIME_PARTS + 1), 65_536)).toEqual({ ok: false, reason: 'PARTS', limit: MAX_MIME_PARTS });
  });

  it('refuses nesting deeper than the limit', () => {
    expect(scan(nested(MAX_MIME_DEPTH), 65_536)).toMatchObject({ ok: true, depth: MAX_MIME_DEPTH });
    expect(scan(nested(MAX_MIME_DEPTH + 1), 65_536)).toEqual({ ok: false, reason: 'DEPTH', limit: MAX_MIME_DEPTH });
  });

  it('ignores boundary-like lines inside a leaf body and lines too long to be delimiters', () => {
    const raw = crlf(`Content-Type: multipart/mixed; boundary=x\n\n--x\n\n${'-'.repeat(5000)}\n--x${' '.repeat(3000)}\n--x\n\nb\n--x--\n`);
    expect(scan(raw, 100)).toMatchObject({ ok: true, parts: 3 });
  });
});

describe('MimeLimitStream', () => {
  it('passes the bytes through unchanged and gives the result at the end', async () => {
    const raw = nested(4);
    const stream = new MimeLimitStream({ depth: 3 });
    const out: Buffer[] = [];
    await pipeline(
      Readable.from([raw.subarray(0, 50), raw.subarray(50)]),
      stream,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          out.push(chunk);
          done();
        },
      }),
    );
    expect(Buffer.concat(out).equals(raw)).toBe(true);
    expect(stream.result).toEqual({ ok: false, reason: 'DEPTH', limit: 3 });
  });
});
