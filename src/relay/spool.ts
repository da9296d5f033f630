// Adapter: the relay's spool, the raw messages on disk under DATA_DIR/spool. A message is
// written to spool/tmp, fsynced (unless SPOOL_FSYNC=false), renamed to spool/<mailId>.eml,
// and the directory is fsynced once per group commit (accept-queue.ts) before any 250: after
// a crash, a file in spool/ is a message whose bytes are all there (stack notes §3 "durable
// write"; pipeline + createWriteStream({ flush: true }) fsyncs before close, Node ≥ 20.10).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Spool {
  dir: string;
  fsync: boolean;
  /** The file of a message, whether it exists or not. */
  pathOf(mailId: string): string;
  /** A derived file of a message (its delivered form, a notification…): spool/<mailId>.<suffix>.eml */
  derivedPath(mailId: string, suffix: string): string;
  /**
   * Streams a message into the spool. Past `maxBytes`, or when `refuse` (called per chunk
   * with the bytes so far) returns a reason, nothing more is written, the rest of the
   * stream is read and dropped, and the partial file is removed: the result says why.
   */
  write(
    source: Readable,
    opts: { maxBytes: number; observe?: (chunk: Buffer) => string | null; prepend?: (mailId: string) => string },
  ): Promise<SpoolWrite>;
  /** fsyncs the spool directory, so the renames of the files written so far survive a crash. */
  syncDirectory(): Promise<void>;
  remove(path: string): Promise<void>;
  /** The mail ids of the spool's message files (start-up recovery). */
  list(): Promise<string[]>;
}

export type SpoolWrite =
  | { ok: true; mailId: string; path: string; sizeBytes: number }
  | { ok: false; reason: 'TOO_BIG'; sizeBytes: number }
  | { ok: false; reason: 'REFUSED'; detail: string; sizeBytes: number };

/** Spool file names: a UUID (the mail id) and .eml; derived files add a suffix before .eml. */
const MESSAGE_FILE = /^([0-9a-f-]{36})\.eml$/;

export async function openSpool(dataDir: string, fsync: boolean): Promise<Spool> {
  const dir = join(dataDir, 'spool');
  const tmp = join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  // What a crash left half-written never got its 250: the client still has it.
  for (const name of await readdir(tmp)) await rm(join(tmp, name), { force: true });
  const pathOf = (mailId: string) => join(dir, `${mailId}.eml`);
  return {
    dir,
    fsync,
    pathOf,
    derivedPath: (mailId, suffix) => join(dir, `${mailId}.${suffix}.eml`),
    async write(source, { maxBytes, observe, prepend }) {
      const mailId = randomUUID();
      const tmpPath = join(tmp, `${mailId}.eml`);
      let sizeBytes = 0;
      let stopped: 'TOO_BIG' | string | null = null;
      // The relay's own trace header (Received:) goes first; the limit counts the client's bytes.
      let head: string | null = prepend ? prepend(mailId) : null;
      const gate = new Transform({
        transform(chunk: Buffer, _enc, done) {
          if (head !== null) {
            this.push(Buffer.from(head, 'latin1'));
            head = null;
          }
          sizeBytes += chunk.length;
          if (stopped === null && sizeBytes > maxBytes) stopped = 'TOO_BIG';
          if (stopped === null && observe) stopped = observe(chunk);
          // Once refused, keep reading (the client is still sending) but write nothing.
          done(null, stopped === null ? chunk : undefined);
        },
        flush(done) {
          done(null, head !== null ? Buffer.from(head, 'latin1') : undefined);
        },
      });
      await pipeline(source, gate, createWriteStream(tmpPath, { flush: fsync }));
      if (stopped !== null) {
        await rm(tmpPath, { force: true });
        return stopped === 'TOO_BIG'
          ? { ok: false, reason: 'TOO_BIG', sizeBytes }
          : { ok: false, reason: 'REFUSED', detail: stopped, sizeBytes };
      }
      const path = pathOf(mailId);
      await rename(tmpPath, path);
      return { ok: true, mailId, path, sizeBytes };
    },
    async syncDirectory() {
      if (!fsync) return;
      const handle = await open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async remove(path) {
      await rm(path, { force: true });
    },
    async list() {
      const ids: string[] = [];
      for (const name of await readdir(dir)) {
        const m = MESSAGE_FILE.exec(name);
        if (m) ids.push(m[1]!);
      }
      return ids;
    },
  };
}

/** Size of a spool file, or null when it is gone. */
export async function spoolFileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}
