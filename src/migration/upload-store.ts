// Adapter: keeps an uploaded export on disk between analysis and import (CEGP re-analyses
// the same file when the administrator clicks Next). Written with fsync + rename so a
// crash never leaves half a file under the final name.
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** `bytes` may be an uploaded file: it is written as it is read, chunk by chunk. */
export async function saveUpload(dir: string, runId: string, bytes: Uint8Array | Blob): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${runId}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    if (bytes instanceof Uint8Array) await fh.writeFile(bytes);
    else for await (const chunk of bytes.stream() as unknown as AsyncIterable<Uint8Array>) await fh.write(chunk);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, `${runId}.dat`));
}

/** Where a run's upload is kept (the analysis worker reads it from there). */
export function uploadPath(dir: string, runId: string): string {
  return join(dir, `${runId}.dat`);
}

export async function hasUpload(dir: string, runId: string): Promise<boolean> {
  try {
    return (await stat(uploadPath(dir, runId))).isFile();
  } catch {
    return false;
  }
}

export async function readUpload(dir: string, runId: string): Promise<Uint8Array | null> {
  try {
    return await readFile(join(dir, `${runId}.dat`));
  } catch {
    return null;
  }
}

export async function removeUpload(dir: string, runId: string): Promise<void> {
  await rm(join(dir, `${runId}.dat`), { force: true });
}

/** The files in the upload folder: run id and whether it is a finished (.dat) or partial (.tmp) save. */
export async function listUploads(dir: string): Promise<{ runId: string; partial: boolean }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = /^(.+)\.(dat|tmp)$/.exec(n);
    return m ? [{ runId: m[1]!, partial: m[2] === 'tmp' }] : [];
  });
}

export async function removePartialUpload(dir: string, runId: string): Promise<void> {
  await rm(join(dir, `${runId}.tmp`), { force: true });
}
