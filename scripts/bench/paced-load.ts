// An open-loop load at a fixed rate, evenly spaced: request i is due at start + i / rate, and
// its latency counts from when it was due, not from when a free connection sent it, so a
// server that falls behind shows it in every later request (no coordinated omission).
//
// Why not autocannon's overallRate: it gives each connection a quota per second, reset by a
// one-second timer, and each connection spends its quota back to back; at 200 req/s over 50
// connections, 200 requests leave at the start of every second and the last waits for the
// 199 before it (a 1 ms `{ __typename }` then shows p99 ~120 ms on an idle server). That is
// a burst test, not "200 requests a second". autocannon stays for the as-fast-as-it-answers runs.
import { Agent, request } from 'node:http';
import { percentile } from './latency.js';

export interface PacedRun {
  /** Requests answered with a 2xx within the run (and its drain). */
  answered: number;
  failed: number;
  /** Answered ÷ the run's length: below the rate when the server falls behind. */
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export interface PacedLoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  ratePerSecond: number;
  seconds: number;
  /** Keep-alive connections the requests go out on (a request waits for a free one, and that wait counts). */
  connections: number;
  /** A request not answered this long after it was due counts as failed. */
  timeoutMs: number;
}

/** Ticks at this interval; every request due by then goes out. 1 ms keeps a 5 ms spacing even. */
const TICK_MS = 1;

export async function pacedLoad(o: PacedLoadOptions): Promise<PacedRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const total = Math.round(o.ratePerSecond * o.seconds);
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const start = performance.now();
  const one = (due: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        o.url,
        { method: 'POST', agent, headers: { ...o.headers, 'content-length': Buffer.byteLength(o.body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode && res.statusCode < 300) latencies.push(performance.now() - due);
            else failed++;
            resolve();
          });
        },
      );
      req.setTimeout(o.timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(o.body);
    });
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / o.ratePerSecond <= now) {
        inFlight.push(one(start + (sent * 1000) / o.ratePerSecond));
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        done();
      }
    }, TICK_MS);
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    answered: latencies.length,
    failed,
    requestsPerSecond: latencies.length / Math.max(elapsed, o.seconds),
    p50: latencies.length ? percentile(latencies, 50) : Number.NaN,
    p99: latencies.length ? percentile(latencies, 99) : Number.NaN,
    max: latencies.length ? latencies[latencies.length - 1]! : Number.NaN,
  };
}
