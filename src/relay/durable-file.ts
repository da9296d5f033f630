// Writing a message file so that it is either complete and on disk or absent (adapter for fs):
// written under a temporary name with `flush: true` (one fsync before close, Node ≥ 20.10), then
// renamed into place and the directory fsynced so the rename survives a crash. The same pattern
// as the spool's durable 250 (never acknowledge or hand on a file that is not on disk).
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A sibling of `outPath` no other writer uses: same directory, so the rename is atomic. */
export function temporaryPathFor(outPath: string): string {
  return join(dirname(outPath), `.${basename(outPath)}.${randomUUID()}.tmp`);
}

export function durableWriteStream(path: string): WriteStream {
  return createWriteStream(path, { flush: true });
}

/** Renames the finished temporary file into place and fsyncs the directory. */
export async function commitFile(tmpPath: string, outPath: string): Promise<void> {
  await rename(tmpPath, outPath);
  const dir = await open(dirname(outPath), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Removes an abandoned temporary file; a missing one is fine. */
export async function discardFile(tmpPath: string): Promise<void> {
  await rm(tmpPath, { force: true });
}

/** Runs `write` against a durable temporary stream, then commits; on failure nothing is left at outPath. */
export async function writeFileDurably(outPath: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  const tmpPath = temporaryPathFor(outPath);
  try {
    await write(tmpPath);
    await commitFile(tmpPath, outPath);
  } catch (error) {
    await discardFile(tmpPath);
    throw error;
  }
}
