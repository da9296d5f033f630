// One load window of bench:relay: Postfix's smtp-source (10 KB messages, 20 sessions,
// connection reuse) for a fixed time against one target, with the latency probe beside it
// (probe.ts), and what the window did, read at its end: messages acknowledged (smtp-source's
// own counter: -c prints it after each completed DATA), rows registered and processed (the
// server's database, when it is the relay), the server's CPU and peak RSS over the window.
import type { ChildProcess } from 'node:child_process';
import { exited, peakRssOf, resetPeakRssOf, rssOf, type Children } from '../bench-server.js';
import { cpuSeconds } from '../latency.js';
import type { MailCounts, MailDb } from './mail-db.js';
import { startProbe, type ProbeResult } from './probe.js';

/** The load: smtp-source -s 20 -l 10240 -d. */
export const LOAD = { sessions: 20, bodyBytes: 10_240 };
/** smtp-source stops after this many messages; the window ends long before (it is killed). */
const UNBOUNDED_MESSAGES = 100_000_000;
const SENDER = 'load@outside.example';

export interface LoadTarget {
  host: string;
  port: number;
  recipient: string;
  subject: string;
  /** The server process, for CPU and RSS (null: not ours to read, e.g. smtp-sink's figures are not compared). */
  pid: number | null;
  /** The relay's database (null for smtp-sink). */
  db: MailDb | null;
}

export interface LoadResult {
  seconds: number;
  /** 250s counted by smtp-source, plus the probe's. */
  acknowledged: number;
  /** MailMessage rows added in the window (≥ acknowledged: a row is committed before its 250). */
  registered: number | null;
  /** Rows whose processedAt was set in the window; null when the build does not record it. */
  processed: number | null;
  /** Received, not yet processed, at the end of the window. */
  backlog: number | null;
  probe: ProbeResult;
  cpuCores: number | null;
  baselineRssBytes: number | null;
  peakRssBytes: number | null;
  /** smtp-source ended before the window did: its stderr (a refusal aborts it). */
  sourceFailure: string | null;
}

function startSource(children: Children, smtpSource: string, t: LoadTarget): { child: ChildProcess; count(): number; stderr(): string } {
  const args = [
    '-c',
    '-d',
    '-s',
    String(LOAD.sessions),
    '-l',
    String(LOAD.bodyBytes),
    '-m',
    String(UNBOUNDED_MESSAGES),
    '-M',
    'bench.example',
    '-f',
    SENDER,
    '-t',
    t.recipient,
    '-S',
    t.subject,
    `${t.host}:${t.port}`,
  ];
  const child = children.spawn(smtpSource, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let last = 0;
  let tail = '';
  let stderr = '';
  child.stdout!.setEncoding('latin1').on('data', (chunk: string) => {
    // "1\r2\r3\r…": the counter after each completed DATA.
    tail = (tail + chunk).slice(-64);
    const m = /(\d+)\D*$/.exec(tail);
    if (m) last = Number(m[1]);
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  return { child, count: () => last, stderr: () => stderr };
}

const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);

export async function runLoad(children: Children, smtpSource: string, t: LoadTarget, seconds: number): Promise<LoadResult> {
  const before: MailCounts | null = t.db?.counts() ?? null;
  const baselineRssBytes = t.pid ? rssOf(t.pid) : null;
  const resetOk = t.pid ? resetPeakRssOf(t.pid) : false;
  const cpuBefore = t.pid ? cpuSeconds(t.pid) : 0;
  const started = performance.now();
  const source = startSource(children, smtpSource, t);
  const probe = startProbe({ host: t.host, port: t.port, to: t.recipient, subject: t.subject, bodyBytes: LOAD.bodyBytes });
  const end = exited(source.child);
  const early = await Promise.race([end.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), seconds * 1000))]);
  const elapsed = (performance.now() - started) / 1000;
  // Read everything at the same moment, then stop the clients.
  const counted = source.count() + probe.accepted();
  const after: MailCounts | null = t.db?.counts() ?? null;
  const cpu = t.pid ? cpuSeconds(t.pid) - cpuBefore : null;
  const peak = t.pid && resetOk ? peakRssOf(t.pid) : null;
  source.child.kill('SIGTERM');
  await end;
  const p = await probe.stop();
  return {
    seconds: elapsed,
    acknowledged: counted,
    registered: delta(before?.received ?? null, after?.received ?? null),
    processed: delta(before?.processed ?? null, after?.processed ?? null),
    backlog: after && after.processed !== null ? after.received - after.processed : null,
    probe: p,
    cpuCores: cpu === null ? null : cpu / elapsed,
    baselineRssBytes,
    peakRssBytes: peak,
    sourceFailure: early ? source.stderr().trim() || `smtp-source exited after ${source.count()} messages` : null,
  };
}
