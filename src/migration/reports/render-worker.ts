// The render thread (piscina worker, see render-pool.ts): draws one report into a file.
// Adapter: fs only. The file is written chunk by chunk as pdfkit ends each page, with
// synchronous writes (this thread has nothing else to do), so no page waits in memory,
// then flushed to disk before the pool's caller renames it into place.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { MigrationReport } from './report.js';
import { writeReportPdf } from './render-pdf.js';

export interface RenderTask {
  report: MigrationReport;
  /** A fresh temporary path; created here (exclusive), never overwritten. */
  path: string;
}

export interface RenderResult {
  pages: number;
  sizeBytes: number;
}

export async function renderReportFile(task: RenderTask): Promise<RenderResult> {
  const fd = openSync(task.path, 'wx', 0o600);
  let sizeBytes = 0;
  try {
    const pages = await writeReportPdf(task.report, (chunk) => {
      for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off);
      sizeBytes += chunk.length;
    });
    fsyncSync(fd);
    return { pages, sizeBytes };
  } finally {
    closeSync(fd);
  }
}
