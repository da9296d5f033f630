// What the hostile-input benchmark measures around the server while it works: /healthz
// latency polled from this process (a client outside the server), the server's own
// event-loop delay through scripts/bench/with-loop-probe.ts, and its CPU time.
import { readFileSync } from 'node:fs';
import type { BenchServer } from './bench-server.js';

/** The line with-loop-probe.ts prints on SIGUSR2, before its JSON. */
export const LOOP_PROBE_PREFIX = 'LOOP_PROBE ';
/** /healthz is polled this often (from the start of one request to the next). */
export const HEALTHZ_INTERVAL_MS = 20;
/** A /healthz answer slower than this counts as failed; it is well past the 1 s target. */
export const HEALTHZ_TIMEOUT_MS = 5_000;
/** Bound on samples of one poller besides its stop(): 20 minutes at 20 ms. */
export const MAX_HEALTHZ_SAMPLES = 60_000;
/** The probe answers SIGUSR2 at once unless the loop is blocked; this is generous. */
const PROBE_TIMEOUT_MS = 30_000;
/** /proc/<pid>/stat counts CPU time in clock ticks: USER_HZ, 100 on Linux (proc(5)). */
const CLOCK_TICKS_PER_SECOND = 100;

export interface LatencyStats {
  samples: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of unsorted values (0 when there are none). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface HealthzPoller {
  stop(): Promise<LatencyStats>;
}

/** Sequential GET /healthz every HEALTHZ_INTERVAL_MS until stop() (or the sample bound). */
export function pollHealthz(url: string): HealthzPoller {
  const times: number[] = [];
  let failures = 0;
  let stopping = false;
  const loop = (async () => {
    while (!stopping && times.length < MAX_HEALTHZ_SAMPLES) {
      const start = performance.now();
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(HEALTHZ_TIMEOUT_MS) });
        await res.arrayBuffer();
        if (!res.ok) failures++;
      } catch {
        failures++;
      }
      const elapsed = performance.now() - start;
      times.push(elapsed);
      if (elapsed < HEALTHZ_INTERVAL_MS) await new Promise((r) => setTimeout(r, HEALTHZ_INTERVAL_MS - elapsed));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return { samples: times.length, failures, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), maxMs: Math.max(0, ...times) };
    },
  };
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/**
 * Asks the probe for its window (SIGUSR2) and returns it; the probe starts a new one. Call
 * it once before a phase to open the window and once after to read it.
 */
export function loopDelay(server: BenchServer): Promise<LoopDelay> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('the server did not answer the event-loop probe (is it started through with-loop-probe.ts?)'));
    }, PROBE_TIMEOUT_MS);
    const off = server.onStderrLine((line) => {
      if (!line.startsWith(LOOP_PROBE_PREFIX)) return;
      clearTimeout(timer);
      off();
      resolve(JSON.parse(line.slice(LOOP_PROBE_PREFIX.length)) as LoopDelay);
    });
    server.child.kill('SIGUSR2');
  });
}

/** CPU seconds (user + system, all threads) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of proc(5), 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
