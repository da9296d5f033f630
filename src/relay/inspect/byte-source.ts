// Adapter: the bytes under inspection, from the attachment's temp file (the parser streams
// each attachment to disk) or from memory (an entry inflated out of an archive, already
// bounded by MAX_ENTRY_BYTES). Reads are positional and bounded, or streamed in chunks: a
// large attachment is never held whole.
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

/** Chunk size for streamed reads: large enough for few syscalls, small next to any budget. */
export const READ_CHUNK_BYTES = 1024 * 1024;

export interface ByteSource {
  readonly sizeBytes: number;
  /** The file on disk, when there is one (yauzl and the sanitizer open it themselves). */
  readonly path: string | null;
  /** The bytes, when in memory. */
  readonly buffer: Buffer | null;
  /** Up to `length` bytes at `position` (fewer at the end). */
  read(position: number, length: number): Promise<Buffer>;
  /** The bytes from `start` to `end` (exclusive) in chunks of at most READ_CHUNK_BYTES. */
  chunks(start?: number, end?: number): AsyncIterable<Buffer>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    sizeBytes: buffer.length,
    path: null,
    buffer,
    read: async (position, length) => buffer.subarray(Math.max(0, position), Math.max(0, position) + Math.max(0, length)),
    async *chunks(start = 0, end = buffer.length) {
      for (let at = start; at < Math.min(end, buffer.length); at += READ_CHUNK_BYTES) {
        yield buffer.subarray(at, Math.min(at + READ_CHUNK_BYTES, end, buffer.length));
      }
    },
  };
}

/** Opens `path` for the duration of `use`; the size is the file's, not the caller's claim. */
export async function withFileSource<T>(path: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    return await use(fileSource(fh, path, size));
  } finally {
    await fh.close();
  }
}

function fileSource(fh: FileHandle, path: string, sizeBytes: number): ByteSource {
  const read = async (position: number, length: number): Promise<Buffer> => {
    const want = Math.max(0, Math.min(length, sizeBytes - position));
    if (want === 0 || position < 0) return Buffer.alloc(0);
    const buf = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await fh.read(buf, got, want - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  };
  return {
    sizeBytes,
    path,
    buffer: null,
    read,
    async *chunks(start = 0, end = sizeBytes) {
      for (let at = start; at < Math.min(end, sizeBytes); at += READ_CHUNK_BYTES) {
        const chunk = await read(at, Math.min(READ_CHUNK_BYTES, end - at));
        if (chunk.length === 0) return;
        yield chunk;
      }
    },
  };
}
