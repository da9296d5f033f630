// Readable .eml fixtures built in code: a part is its header lines and its body, joined with CRLF
// as they travel in SMTP. Used by the relay's rewriter, notification and bounce tests.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';

export const CRLF = '\r\n';

/** A MIME entity: header lines, a blank line, the body (a string is taken as latin1 bytes, so raw bytes survive). */
export function entity(headers: string[], body: string | Buffer): Buffer {
  const head = Buffer.from(`${headers.join(CRLF)}${CRLF}${CRLF}`, 'latin1');
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body, 'latin1') : body]);
}

/** A multipart body: the parts between delimiter lines, and the closing delimiter (unless `unclosed`). */
export function multipartBody(boundary: string, parts: Buffer[], options: { unclosed?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}${CRLF}`, 'latin1'), part, Buffer.from(CRLF, 'latin1'));
  }
  if (!options.unclosed) {
    chunks.push(Buffer.from(`--${boundary}--${CRLF}`, 'latin1'));
  }
  return Buffer.concat(chunks);
}

/** A base64 body in 76-character lines. */
export function base64Lines(content: Buffer | string): string {
  const encoded = Buffer.from(content).toString('base64');
  return (encoded.match(/.{1,76}/g) ?? []).join(CRLF);
}

/** ISO-2022-JP bytes written by hand (RFC 1468): ESC $ B, JIS X 0208 codes, ESC ( B. */
export function jis(...segments: (string | number[])[]): Buffer {
  return Buffer.concat(
    segments.map((s) => (typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from([0x1b, 0x24, 0x42, ...s, 0x1b, 0x28, 0x42]))),
  );
}

/** こんにちは in JIS X 0208. */
export const KONNICHIWA_JIS = [0x24, 0x33, 0x24, 0x73, 0x24, 0x4b, 0x24, 0x41, 0x24, 0x4f];

export interface TempFiles {
  dir: string;
  write(name: string, content: Buffer | string): Promise<string>;
  path(name: string): string;
  read(name: string): Promise<Buffer>;
  parse(name: string): Promise<ParsedMail>;
  cleanup(): Promise<void>;
}

export async function tempFiles(prefix: string): Promise<TempFiles> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return {
    dir,
    write: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    path: (name) => join(dir, name),
    read: (name) => readFile(join(dir, name)),
    parse: async (name) => simpleParser(await readFile(join(dir, name))),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
