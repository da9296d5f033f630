// Adapter: one attachment from mailparser's stream, written to a temporary file as it arrives (or
// only drained, past the inspection budget), never held whole. mailparser hashes and sizes the
// decoded bytes on the way (checksumAlgo 'sha256', its StreamHash); this adds the GTUBE test for
// text attachments (test-signals.ts), which is ASCII and so found in the bytes of any
// ASCII-compatible charset.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GtubeMatcher } from './test-signals.js';

export interface SpooledAttachment {
  /** The temporary file, or null when the attachment was only drained. */
  path: string | null;
  sizeBytes: number;
  sha256: string;
  gtube: boolean;
}

/** The fields of mailparser's AttachmentStream this reads (mailparser types.d.ts). */
export interface StreamedAttachment {
  content: Readable;
  checksum?: string;
  size?: number;
}

/**
 * Streams `attachment.content` to a new file in `tempDir` (`toFile`) or to nowhere, looking for
 * GTUBE when `scanText`. `onFile` hears the path before the first byte, so a caller can delete it
 * even when the write fails halfway. Rejects on a write error (the content is destroyed with it).
 */
export async function spoolAttachment(
  attachment: StreamedAttachment,
  options: { tempDir: string; toFile: boolean; scanText: boolean; onFile: (path: string) => void },
): Promise<SpooledAttachment> {
  const matcher = options.scanText ? new GtubeMatcher() : null;
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [attachment.content];
  if (matcher) {
    stages.push(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          matcher.feed(chunk.toString('latin1'));
          done(null, chunk);
        },
      }),
    );
  }
  let path: string | null = null;
  if (options.toFile) {
    path = join(options.tempDir, `att-${randomUUID()}`);
    options.onFile(path);
    stages.push(createWriteStream(path));
  } else {
    stages.push(new Writable({ write: (_chunk, _encoding, done) => done() }));
  }
  await pipeline(stages as [NodeJS.ReadableStream, NodeJS.WritableStream]);
  return { path, sizeBytes: attachment.size ?? 0, sha256: attachment.checksum ?? '', gtube: matcher?.found ?? false };
}
