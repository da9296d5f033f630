// Tables of the migration benchmark: the databases side by side, from one run.
import type { BenchSizes } from './migration-options.js';
import type { PhaseTiming, WorkerResult } from './migration-worker.js';

/** The target for analysis + import, on the 2-core rehearsal machine. */
export const TARGET_SECONDS = 10;
/** MB = 10^6 bytes, the stricter reading of "500 MB". */
export const BYTES_PER_MB = 1_000_000;
export const TARGET_RSS_MB = 500;

const DB_LABEL: Record<string, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };
const OK = '✓';
const MISS = '✗';

/** What happens before each `migration.progress` step (src/migration/start-/confirm-migration.ts). */
const PHASE_LABEL: Record<string, string> = {
  'upload received': 'create run + audit',
  analysed: 'unzip + parse + analyse',
  'items stored': 'save upload + store items',
  'analysis report ready': 'mark ANALYZED + report row',
  'import started': 'claim run + audit',
  're-analysed': 're-analyse (unzip + parse + analyse)',
  'settings imported': 'applyPlan (one transaction)',
  'migration report ready': 'store items + COMPLETED + audit',
};

const CATEGORIES = ['NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS'];

export const totalSeconds = (r: WorkerResult): number => r.analysisSeconds + r.importSeconds;

/**
 * Peak RSS of analysis + import: the sampled peak, or the kernel's high-water mark when it
 * rose during them (a timer cannot sample inside synchronous parsing).
 */
export function peakRssBytes(r: WorkerResult): number {
  return r.maxRssAfterBytes > r.maxRssBeforeBytes ? Math.max(r.maxRssAfterBytes, r.sampledPeakRssBytes) : r.sampledPeakRssBytes;
}

const mb = (bytes: number): string => (bytes / BYTES_PER_MB).toFixed(0);
const sec = (s: number): string => s.toFixed(2);
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const int = (n: number | undefined): string => (n === undefined ? '—' : n.toLocaleString('en-US'));
const meetsTime = (r: WorkerResult) => totalSeconds(r) <= TARGET_SECONDS;
const meetsMemory = (r: WorkerResult) => peakRssBytes(r) <= TARGET_RSS_MB * BYTES_PER_MB;

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function summaryTable(results: WorkerResult[]): string {
  const header = [
    'Database',
    'Analysis s',
    'Import s',
    'Total s',
    'Peak RSS MB',
    'Baseline MB',
    `≤${TARGET_SECONDS} s`,
    `≤${TARGET_RSS_MB} MB`,
  ];
  const rows = results.map((r) => [
    DB_LABEL[r.database]!,
    sec(r.analysisSeconds),
    sec(r.importSeconds),
    sec(totalSeconds(r)),
    mb(peakRssBytes(r)),
    mb(r.baselineRssBytes),
    meetsTime(r) ? OK : MISS,
    meetsMemory(r) ? OK : MISS,
  ]);
  const sqlite = results.find((r) => r.database === 'sqlite');
  const pg = results.find((r) => r.database === 'postgresql');
  if (sqlite && pg) {
    rows.push([
      'PostgreSQL / SQLite',
      ratio(pg.analysisSeconds, sqlite.analysisSeconds),
      ratio(pg.importSeconds, sqlite.importSeconds),
      ratio(totalSeconds(pg), totalSeconds(sqlite)),
      ratio(peakRssBytes(pg), peakRssBytes(sqlite)),
      '',
      '',
      '',
    ]);
  }
  return formatTable(header, rows);
}

/** Each phase between progress events: seconds, share of its use-case, RSS peak. */
export function phaseTable(results: WorkerResult[]): string {
  const header = ['Use-case / phase', ...results.flatMap((r) => [`${DB_LABEL[r.database]} s`, '%', 'peak MB'])];
  const keys: { useCase: string; step: string }[] = [];
  for (const r of results) for (const p of r.phases) if (!keys.some((k) => k.useCase === p.useCase && k.step === p.step)) keys.push(p);
  const rows = keys.map((k) => [
    `${k.useCase}: ${PHASE_LABEL[k.step] ?? k.step}`,
    ...results.flatMap((r) => {
      const p: PhaseTiming | undefined = r.phases.find((x) => x.useCase === k.useCase && x.step === k.step);
      if (!p) return ['—', '—', '—'];
      const whole = k.useCase === 'analysis' ? r.analysisSeconds : r.importSeconds;
      return [sec(p.seconds), `${((100 * p.seconds) / whole).toFixed(0)}%`, mb(p.peakRssBytes)];
    }),
  ]);
  return formatTable(header, rows);
}

export function countsTable(results: WorkerResult[], sizes: BenchSizes): string {
  const header = ['Result', 'Requested', ...results.map((r) => DB_LABEL[r.database]!)];
  const summaryRow = (label: string, key: string, requested: number | undefined) => [
    label,
    int(requested),
    ...results.map((r) => int(r.importSummary[key])),
  ];
  const rows = [
    summaryRow('rules imported', 'rules', sizes.rules),
    summaryRow('rules imported disabled (needs fix)', 'rulesDisabled', undefined),
    summaryRow('address groups', 'addressGroups', sizes.addressGroups),
    summaryRow('keyword lists', 'keywordLists', sizes.keywordLists),
    summaryRow('list entries', 'listEntries', sizes.ipEntries),
    ...CATEGORIES.map((c) => [`items ${c}`, '—', ...results.map((r) => int(r.counts[c]))]),
  ];
  return formatTable(header, rows);
}

/** One sentence per missed target (empty when all are met). */
export function targetMisses(results: WorkerResult[]): string[] {
  const misses: string[] = [];
  for (const r of results) {
    if (!meetsTime(r))
      misses.push(
        `${MISS} ${DB_LABEL[r.database]}: analysis + import took ${sec(totalSeconds(r))} s, over the ${TARGET_SECONDS} s target.`,
      );
    if (!meetsMemory(r))
      misses.push(`${MISS} ${DB_LABEL[r.database]}: peak RSS ${mb(peakRssBytes(r))} MB, over the ${TARGET_RSS_MB} MB target.`);
  }
  return misses;
}

/** Where the peak was measured, so a reader can judge the figure. */
export function memoryNote(results: WorkerResult[]): string {
  return results
    .map(
      (r) =>
        `${DB_LABEL[r.database]}: ${r.samples} samples, sampled peak ${mb(r.sampledPeakRssBytes)} MB, kernel maxRSS ${mb(r.maxRssAfterBytes)} MB (before analysis ${mb(r.maxRssBeforeBytes)} MB)`,
    )
    .join('\n');
}
