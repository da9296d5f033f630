// Sanitize attachments, for one part (docs/cegp/policies-and-content-filtering.md §5: remove
// active content from PDF/Word/Excel/PowerPoint; optionally delete the attachment when that is
// impossible). The part streams to two temporary files as it arrives, its raw bytes and its
// decoded content, so nothing of it is held in memory. The injected sanitizer reads the decoded
// file and writes its result; the result goes back base64-encoded, or the raw bytes go back
// unchanged when the sanitizer could not help and the part is to be kept.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { SplitNode } from './mime-tree.js';

/** The sanitizer the relay injects: decoded part in, sanitized file out. */
export type Sanitizer = (partPath: string, decodedPartPath: string, outPath: string) => Promise<{ sanitized: boolean; reason: string }>;

export interface SanitizeOutcome {
  sanitized: boolean;
  reason: string;
}

export class SanitizeSession {
  private readonly raw: WriteStream;
  private readonly decoded: WriteStream;
  private readonly decoder: Writable;
  private readonly decodedDone: Promise<unknown>;
  readonly rawPath: string;
  readonly decodedPath: string;
  readonly outPath: string;

  constructor(
    readonly node: SplitNode,
    readonly partPath: string,
    dir: string,
    serial: number,
  ) {
    this.rawPath = join(dir, `part-${serial}.raw`);
    this.decodedPath = join(dir, `part-${serial}.decoded`);
    this.outPath = join(dir, `part-${serial}.sanitized`);
    this.raw = createWriteStream(this.rawPath);
    this.decoded = createWriteStream(this.decodedPath);
    const decoder = node.getDecoder();
    this.decoder = decoder;
    // pipeline, not pipe: a decoder error must reach the write stream's promise, not go unhandled
    this.decodedDone = pipeline(decoder, this.decoded);
    this.decodedDone.catch(() => undefined);
  }

  async write(chunk: Buffer): Promise<void> {
    const rawOk = this.raw.write(chunk);
    const decodedOk = this.decoder.write(chunk);
    await Promise.all([rawOk ? null : once(this.raw, 'drain'), decodedOk ? null : once(this.decoder, 'drain')]);
  }

  /** Ends the part's files and runs the sanitizer; a sanitizer that throws counts as unable. */
  async run(sanitize: Sanitizer | undefined): Promise<SanitizeOutcome> {
    this.raw.end();
    this.decoder.end();
    await finished(this.raw);
    try {
      await this.decodedDone;
    } catch (error) {
      return { sanitized: false, reason: `the part could not be decoded: ${(error as Error).message}` };
    }
    if (!sanitize) {
      return { sanitized: false, reason: 'no sanitizer is configured' };
    }
    try {
      const outcome = await sanitize(this.partPath, this.decodedPath, this.outPath);
      if (outcome.sanitized === true && !(await isFile(this.outPath))) {
        return { sanitized: false, reason: 'the sanitizer reported success but wrote no file' };
      }
      return { sanitized: outcome.sanitized === true, reason: String(outcome.reason ?? '') };
    } catch (error) {
      return { sanitized: false, reason: `the sanitizer failed: ${(error as Error).message}` };
    }
  }

  /** The sanitized file, base64-encoded (the node's Content-Transfer-Encoding is set to base64). */
  async *sanitizedBody(): AsyncGenerator<Buffer> {
    const encoder = this.node.getEncoder('base64');
    const pump = pipeline(createReadStream(this.outPath), encoder as Writable);
    pump.catch(() => undefined);
    for await (const chunk of encoder) {
      yield chunk as Buffer;
    }
    await pump;
  }

  /** The part's original bytes, as received. */
  async *rawBody(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(this.rawPath)) {
      yield chunk as Buffer;
    }
  }

  /** Stops writing when the rewrite is abandoned half way. */
  destroy(): void {
    this.raw.destroy();
    this.decoder.destroy();
    this.decoded.destroy();
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
