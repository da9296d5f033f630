// Parts b and c of `npm run bench:hostile`. b: the server's event-loop delay (its own
// probe) and /healthz latency (polled from outside) while it analyses a 10,000-rule export
// and while several clients download the analysis report at once. c: the server's peak
// resident memory for the largest export its limits accept, on a server of its own.
import { peakRssOf, startServer, type BenchServer, type Children } from './bench-server.js';
import {
  confirmImport,
  download,
  uploadExport,
  verifyDomains,
  type Download,
  type RunView,
  type UploadResult,
} from './bench-migration-api.js';
import { loopDelay, pollHealthz, type LatencyStats, type LoopDelay } from './latency.js';
import { BENCH_DOMAINS } from './migration-options.js';

/** The idle window before the work: the server's own baseline, measured the same way. */
const IDLE_MS = 2_000;

export interface Phase {
  label: string;
  seconds: number;
  healthz: LatencyStats;
  loop: LoopDelay;
  detail: string;
}

/** Runs `work` inside a probe window with /healthz polled around it. */
async function measured<T>(
  server: BenchServer,
  label: string,
  work: () => Promise<T>,
  describe: (r: T) => string,
): Promise<{ phase: Phase; result: T }> {
  await loopDelay(server);
  const poller = pollHealthz(server.url);
  const start = performance.now();
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  const healthz = await poller.stop();
  const loop = await loopDelay(server);
  return { phase: { label, seconds, healthz, loop, detail: describe(result) }, result };
}

export function describeUpload(u: UploadResult): string {
  if (!u.run) return `refused: ${u.error ?? JSON.stringify(u.userErrors)}`;
  const failure = u.run.failure ? ` ${u.run.failure.code}: ${u.run.failure.message}` : '';
  return `${u.run.state}, ${u.run.counts.total.toLocaleString('en-US')} items${failure}`;
}

function describeDownloads(ds: Download[]): string {
  const statuses = [...new Set(ds.map((d) => d.status))].join('/');
  const sizes = [...new Set(ds.map((d) => (d.bytes / 1e6).toFixed(2)))].join('/');
  const slowest = Math.max(...ds.map((d) => d.seconds));
  return `${ds.length} × HTTP ${statuses}, ${sizes} MB ${ds[0]?.contentType ?? ''}, slowest ${slowest.toFixed(2)} s`;
}

export interface AnalysisPartResult {
  phases: Phase[];
  run: RunView | null;
  skipped: string[];
}

/** On a server started through with-loop-probe.ts whose tenant owns BENCH_DOMAINS. */
export async function runAnalysisPart(server: BenchServer, exportPath: string, parallelDownloads: number): Promise<AnalysisPartResult> {
  const phases: Phase[] = [];
  const skipped: string[] = [];
  const idle = await measured(
    server,
    'idle',
    () => new Promise<void>((r) => setTimeout(r, IDLE_MS)),
    () => 'nothing to do',
  );
  phases.push(idle.phase);
  const analysis = await measured(server, 'analysis (startMigration)', () => uploadExport(server, exportPath), describeUpload);
  phases.push(analysis.phase);
  const run = analysis.result.run;
  const link = run?.analysisReport?.downloadUrl;
  if (!link) skipped.push(`report download: the run has no analysis report (${describeUpload(analysis.result)})`);
  else {
    const links = Array.from({ length: parallelDownloads }, () => link);
    const first = await measured(
      server,
      `report PDF, ${parallelDownloads} in parallel`,
      () => Promise.all(links.map((l) => download(server, l))),
      describeDownloads,
    );
    phases.push(first.phase);
    const again = await measured(
      server,
      `report PDF again (rendered)`,
      () => Promise.all(links.map((l) => download(server, l))),
      describeDownloads,
    );
    phases.push(again.phase);
  }
  return { phases, run, skipped };
}

export interface PeakPartResult {
  upload: UploadResult;
  analysisSeconds: number;
  report: Download | null;
  imported: { state: string; seconds: number; errors: string } | null;
  peakRssBytes: number | null;
  baselineRssBytes: number | null;
  /** The high-water mark after each step, to tell which one set the peak. */
  peakAfter: { step: string; bytes: number | null }[];
  commandLine: string;
}

/**
 * A fresh server (`npm start`'s command, nothing else in it), the domains verified, the
 * export analysed, its report downloaded and (unless `withImport` is false) imported; then
 * the kernel's high-water mark of the process (all threads: analysis and render workers).
 */
export async function runPeakPart(children: Children, exportPath: string, withImport: boolean): Promise<PeakPartResult> {
  const server = await startServer(children, { entry: 'src/main.ts', env: {} });
  try {
    await verifyDomains(server, BENCH_DOMAINS);
    const baselineRssBytes = peakRssOf(server.pid);
    const start = performance.now();
    const upload = await uploadExport(server, exportPath);
    const analysisSeconds = (performance.now() - start) / 1000;
    const peakAfter: PeakPartResult['peakAfter'] = [{ step: 'analysis', bytes: peakRssOf(server.pid) }];
    const link = upload.run?.analysisReport?.downloadUrl;
    const report = link ? await download(server, link) : null;
    if (report) peakAfter.push({ step: 'report PDF', bytes: peakRssOf(server.pid) });
    let imported: PeakPartResult['imported'] = null;
    if (withImport && upload.run?.state === 'ANALYZED') {
      const t = performance.now();
      const done = await confirmImport(server, upload.run.id);
      imported = {
        state: done.run?.state ?? 'no run',
        seconds: (performance.now() - t) / 1000,
        errors: done.userErrors.map((e) => `${e.code}: ${e.message}`).join('; '),
      };
      peakAfter.push({ step: 'import', bytes: peakRssOf(server.pid) });
    }
    return {
      upload,
      analysisSeconds,
      report,
      imported,
      peakRssBytes: peakRssOf(server.pid),
      baselineRssBytes,
      peakAfter,
      commandLine: server.commandLine,
    };
  } finally {
    await server.stop();
  }
}
