// Adapter: removes capture-mailbox files no CapturedMessage row names any more (a deleted
// domain takes its rows with it by cascade; the files are this sweep's). A file younger than
// SWEEP_MIN_AGE_MS is left alone: the sink writes the file before its row.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/client.js';

/** Longer than the sink's fsync-rename-insert of one message, even on a loaded machine. */
export const SWEEP_MIN_AGE_MS = 60_000;
/** Ids looked up per query. */
const SWEEP_BATCH = 500;

export async function sweepCapturedFiles(db: Db, dataDir: string, now: Date): Promise<number> {
  const dir = join(dataDir, 'capture');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.eml'));
  } catch {
    return 0;
  }
  let removed = 0;
  for (let i = 0; i < names.length; i += SWEEP_BATCH) {
    const batch = names.slice(i, i + SWEEP_BATCH);
    const paths = batch.map((n) => join(dir, n));
    const kept = new Set(
      (await db.capturedMessage.findMany({ where: { contentPath: { in: paths } }, select: { contentPath: true } })).map(
        (r) => r.contentPath,
      ),
    );
    for (const path of paths) {
      if (kept.has(path)) continue;
      const info = await stat(path).catch(() => null);
      if (!info || now.getTime() - info.mtimeMs < SWEEP_MIN_AGE_MS) continue;
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
