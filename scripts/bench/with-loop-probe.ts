// The real server (src/main.ts, unchanged) with an event-loop delay probe, for
// `npm run bench:hostile`: `node --expose-gc --import tsx
// scripts/bench/with-loop-probe.ts`. perf_hooks.monitorEventLoopDelay() samples the main
// thread's loop from inside, which is what a listener waiting to answer feels (Node docs:
// https://nodejs.org/api/perf_hooks.html#perf_hooksmonitoreventloopdelayoptions).
// SIGUSR2 prints one line `LOOP_PROBE {json}` (milliseconds since the previous SIGUSR2 or
// the start) on stderr and starts a new window; so does the process's exit.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LOOP_PROBE_PREFIX } from './latency.js';

/** Sampling period of the histogram: 10 ms is Node's default, fine enough for a 100 ms target. */
const RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

function report(): void {
  // A window with no sample (shorter than the resolution) has NaN percentiles: report 0.
  const at = (p: number) => (histogram.count ? histogram.percentile(p) / NS_PER_MS : 0);
  const line = { p50: at(50), p99: at(99), max: histogram.count ? histogram.max / NS_PER_MS : 0, samples: histogram.count };
  process.stderr.write(`${LOOP_PROBE_PREFIX}${JSON.stringify(line)}\n`);
  histogram.reset();
}

process.on('SIGUSR2', report);
process.on('exit', report);
await import('../../src/main.js');
