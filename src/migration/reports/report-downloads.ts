// Report PDFs for download: rendered once per report and language on the render thread,
// stored under DATA_DIR/reports, reused until the report is superseded or expires, then
// deleted. Adapter: fs and Prisma; the rendering itself is render-pool.ts.
//
// A stored file is named `<reportId>.<lang>.<fingerprint>.pdf`. The fingerprint covers what
// the PDF shows (the report row, the run's items digest and counts, the account label, the
// layout version), so a report whose content changed (an import re-analyses the run and may
// store new items) is rendered again instead of served stale.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../platform/clock.js';
import type { Events } from '../../platform/events.js';
import type { Log } from '../../platform/logger.js';
import { findReportDownload, type ReportForDownload } from './find-report-download.js';
import { loadReportLinkKey } from './link-key.js';
import { loadReport } from './load-report.js';
import { createRenderPool, RenderQueueFull } from './render-pool.js';
import type { ReportLocale } from './report.js';

/** Bump when render-pdf.ts draws differently, so stored files of the old layout are redrawn. */
const LAYOUT_VERSION = 3;

/** Stored files are checked against the database this often (expired reports, deleted tenants). */
export const REPORT_SWEEP_INTERVAL_MS = 3_600_000;

/**
 * A temporary file nobody in this process is writing, older than this, is left over from a
 * crash (or from another instance sharing DATA_DIR that crashed); no render takes an hour.
 */
const ORPHAN_TEMP_AGE_MS = 3_600_000;

/** Ids per database query of a sweep (SQLite's bound-parameter limit is far above). */
const SWEEP_BATCH = 500;

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface ReportDownloads {
  find(reportId: string): Promise<ReportForDownload | null>;
  /** The key of signed links, read (or created) once. */
  linkKey(): Promise<Buffer>;
  /** Path of the stored PDF, rendered when missing; concurrent callers share one render. */
  pdf(report: ReportForDownload, locale: ReportLocale): Promise<string>;
  /** Deletes the stored files of one report. */
  remove(reportId: string): Promise<void>;
  /** Deletes the files of reports that no longer exist or have expired; returns how many. */
  sweep(): Promise<number>;
  /** Renders started by this instance. */
  renders(): number;
  /** Renders on (or waiting for) the render thread now. */
  rendering(): number;
  /** Where the files live (DATA_DIR/reports). */
  dir: string;
  close(): Promise<void>;
}

export interface ReportDownloadsOptions {
  db: Db;
  clock: Clock;
  dataDir: string;
  log: Log;
  events: Events;
}

export function createReportDownloads(opts: ReportDownloadsOptions): ReportDownloads {
  const { db, clock, log } = opts;
  const dir = join(opts.dataDir, 'reports');
  const pool = createRenderPool();
  const inflight = new Map<string, Promise<string>>();
  let key: Promise<Buffer> | null = null;
  let sweeping: Promise<number> | null = null;
  const stopped = new AbortController();

  const render = async (report: ReportForDownload, locale: ReportLocale, name: string): Promise<string> => {
    // Refused before the content (≈1 KB per item) is loaded for nothing.
    if (pool.full()) throw new RenderQueueFull();
    const content = await loadReport(db, report, locale);
    await mkdir(dir, { recursive: true });
    const final = join(dir, name);
    const temp = join(dir, `${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const r = await pool.render({ report: content, path: temp });
      await rename(temp, final);
      log.info({ reportId: report.id, locale, pages: r.pages, sizeBytes: r.sizeBytes }, 'report rendered');
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    // Older renders of the same report and language (content that has since changed).
    for (const other of await readdir(dir)) {
      if (other !== name && other.startsWith(`${report.id}.${locale}.`) && other.endsWith('.pdf'))
        await rm(join(dir, other), { force: true });
    }
    return final;
  };

  const sweep = async (): Promise<number> => {
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    const ids = [...new Set(names.map((n) => n.split('.')[0]!))];
    const alive = new Set<string>();
    for (let i = 0; i < ids.length; i += SWEEP_BATCH) {
      const rows = await db.migrationReportFile.findMany({
        where: { id: { in: ids.slice(i, i + SWEEP_BATCH) }, expiresAt: { gte: clock.now() } },
        select: { id: true },
      });
      for (const r of rows) alive.add(r.id);
    }
    const writing = new Set([...inflight.keys()].map((k) => k.split('.')[0]));
    let removed = 0;
    for (const name of names) {
      const id = name.split('.')[0]!;
      let dead = !alive.has(id);
      if (!dead && name.endsWith('.tmp') && !writing.has(id)) {
        const s = await stat(join(dir, name)).catch(() => null);
        dead = s !== null && Date.now() - s.mtimeMs > ORPHAN_TEMP_AGE_MS;
      }
      if (dead) {
        await rm(join(dir, name), { force: true });
        removed += 1;
      }
    }
    if (removed) log.info({ removed }, 'report files removed');
    return removed;
  };

  const sweepSoon = () => {
    // One sweep at a time; a request during a sweep joins it.
    sweeping ??= sweep()
      .catch((err: unknown) => {
        log.error({ err }, 'report file sweep failed');
        return 0;
      })
      .finally(() => {
        sweeping = null;
      });
    return sweeping;
  };

  // A new analysis or a finished import deletes the tenant's older report rows
  // (start-migration, confirm-migration): their files go with them.
  void (async () => {
    for await (const e of opts.events.subscribe('migration.progress', stopped.signal)) {
      if (e.state === 'ANALYZED' || e.state === 'COMPLETED') void sweepSoon();
    }
  })().catch((err: unknown) => log.error({ err }, 'report file sweeps stopped'));
  const timer = setInterval(() => void sweepSoon(), REPORT_SWEEP_INTERVAL_MS);
  timer.unref();
  void sweepSoon();

  return {
    dir,
    find: (reportId) => findReportDownload(db, reportId),
    linkKey() {
      key ??= loadReportLinkKey(db).catch((err: unknown) => {
        key = null;
        throw err;
      });
      return key;
    },
    pdf(report, locale) {
      if (!SAFE_ID.test(report.id)) return Promise.reject(new Error(`unexpected report id ${JSON.stringify(report.id)}`));
      const name = `${report.id}.${locale}.${fingerprint(report, locale)}.pdf`;
      const path = join(dir, name);
      // Registered before the first await, so a second download of the same report and
      // language arriving during the stat or the render joins this one.
      let job = inflight.get(name);
      if (!job) {
        job = (async () =>
          (await stat(path).then(
            (s) => s.isFile(),
            () => false,
          ))
            ? path
            : render(report, locale, name))();
        const settled = job.finally(() => inflight.delete(name));
        settled.catch(() => undefined);
        inflight.set(name, job);
      }
      return job;
    },
    async remove(reportId) {
      if (!SAFE_ID.test(reportId)) return;
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) if (name.startsWith(`${reportId}.`)) await rm(join(dir, name), { force: true });
    },
    sweep: sweepSoon,
    renders: () => pool.renders(),
    rendering: () => pool.rendering(),
    async close() {
      stopped.abort();
      clearInterval(timer);
      await pool.close();
      await sweeping;
    },
  };
}

function fingerprint(report: ReportForDownload, locale: ReportLocale): string {
  const r = report.run;
  const shown = [
    LAYOUT_VERSION,
    locale,
    report.kind,
    report.generatedAt.toISOString(),
    r.itemsDigest,
    r.counts,
    r.mode,
    r.fileName,
    r.product,
    r.version,
    r.build,
    r.language,
    r.tenant.name,
    r.tenant.companyId,
  ];
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16);
}
