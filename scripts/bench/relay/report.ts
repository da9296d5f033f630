// bench:relay's tables and target lines, from the measured results (nothing is measured here).
import { formatTable } from '../migration-report.js';
import type { LargeResult, OversizeResult } from './large-part.js';
import type { LoadResult } from './load.js';

/** The targets. */
export const TARGET_MSG_PER_S = 1_000;
export const TARGET_P99_MS = 100;
export const TARGET_ADDED_RSS_MB = 300;
/** MB = 10^6 bytes, the stricter reading (as the other benchmarks). */
const BYTES_PER_MB = 1_000_000;

const mark = (ok: boolean) => (ok ? '✓' : '✗');
const int = (n: number | null) => (n === null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US'));
const f1 = (n: number | null) => (n === null || !Number.isFinite(n) ? '—' : n.toFixed(1));
const f2 = (n: number | null) => (n === null || !Number.isFinite(n) ? '—' : n.toFixed(2));
const mb = (b: number | null) => (b === null ? '—' : (b / BYTES_PER_MB).toFixed(0));
const rate = (n: number | null, s: number) => (n === null ? null : n / s);

export interface LoadRow {
  label: string;
  result: LoadResult | null;
  /** Why the row was not measured. */
  skipped?: string;
}

export function loadTable(rows: LoadRow[]): string {
  const header = [
    'Target',
    'accepted msg/s',
    'rows/s',
    'processed msg/s',
    'unprocessed at end',
    '250 p50 ms',
    '250 p99 ms',
    'max ms',
    'probe sent/missed',
    'server cores',
    'RSS MB before → peak',
  ];
  return formatTable(
    header,
    rows.map(({ label, result: r, skipped }) =>
      !r
        ? [label, `not measured: ${skipped ?? 'unknown'}`, '', '', '', '', '', '', '', '', '']
        : [
            label,
            int(r.acknowledged / r.seconds),
            int(rate(r.registered, r.seconds)),
            int(rate(r.processed, r.seconds)),
            int(r.backlog),
            f1(r.probe.p50Ms),
            f1(r.probe.p99Ms),
            f1(r.probe.maxMs),
            `${int(r.probe.sent)}/${int(r.probe.missedSlots)}`,
            f2(r.cpuCores),
            `${mb(r.baselineRssBytes)} → ${mb(r.peakRssBytes)}`,
          ],
    ),
  );
}

export function ratioLines(a: LoadResult | null, b: LoadResult | null, c: LoadResult | null): string[] {
  const acc = (r: LoadResult | null) => (r ? r.acknowledged / r.seconds : null);
  const ratio = (x: number | null, y: number | null) => (x === null || y === null || y === 0 ? '—' : `${(x / y).toFixed(3)}×`);
  const lines = [
    `accepted: relay / smtp-sink ${ratio(acc(a), acc(c))}; accept-only relay / smtp-sink ${ratio(acc(b), acc(c))}; relay / accept-only ${ratio(acc(a), acc(b))}`,
    `time to 250, p99: relay / smtp-sink ${ratio(a?.probe.p99Ms ?? null, c?.probe.p99Ms ?? null)}; accept-only / smtp-sink ${ratio(b?.probe.p99Ms ?? null, c?.probe.p99Ms ?? null)}`,
  ];
  if (a && a.processed !== null) lines.push(`processed / accepted (relay): ${ratio(a.processed / a.seconds, acc(a))}`);
  return lines;
}

export function targetLines(a: LoadResult | null): string[] {
  if (!a) return ['a. not measured: no targets to compare'];
  const accepted = a.acknowledged / a.seconds;
  const processed = a.processed === null ? null : a.processed / a.seconds;
  return [
    `a. accepted ${int(accepted)} msg/s ≥ ${int(TARGET_MSG_PER_S)} ${mark(accepted >= TARGET_MSG_PER_S)}`,
    processed === null
      ? 'a. processed: not in this build (no MailMessage.processedAt): not measured'
      : `a. processed ${int(processed)} msg/s ≥ ${int(TARGET_MSG_PER_S)} ${mark(processed >= TARGET_MSG_PER_S)}`,
    `a. time to 250 p99 ${f1(a.probe.p99Ms)} ms < ${TARGET_P99_MS} ms ${mark(a.probe.p99Ms < TARGET_P99_MS && a.probe.accepted > 0)}`,
  ];
}

export function largeTable(large: LargeResult[]): string {
  const header = [
    'Message',
    'wire MB',
    'reply',
    'accept s',
    'process s',
    'RSS before MB',
    '+ accepting MB',
    '+ processing MB',
    `< ${TARGET_ADDED_RSS_MB} MB`,
  ];
  return formatTable(
    header,
    large.map((l) => {
      const worst = Math.max(l.addedAcceptBytes ?? 0, l.addedProcessBytes ?? 0);
      return [
        l.label,
        mb(l.wireBytes),
        l.reply.slice(0, 3),
        f1(l.acceptSeconds),
        l.processSeconds === null ? (l.processNote ?? '—') : f1(l.processSeconds),
        mb(l.baselineRssBytes),
        mb(l.addedAcceptBytes),
        mb(l.addedProcessBytes),
        l.addedAcceptBytes === null ? '—' : mark(worst < TARGET_ADDED_RSS_MB * BYTES_PER_MB),
      ];
    }),
  );
}

export function oversizeLine(o: OversizeResult): string {
  const clean = o.spoolFilesAdded === 0 && o.rowsAdded === 0;
  return (
    `d. over the STANDARD limit (${mb(o.wireBytes)} MB > ${mb(o.limitBytes)} MB): "${o.reply}"; spool files added ${o.spoolFilesAdded}, rows added ${o.rowsAdded}; ` +
    `RSS +${mb(o.addedRssBytes)} MB ${mark(o.refused && clean)}`
  );
}
