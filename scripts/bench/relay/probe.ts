// The latency probe beside smtp-source (which reports no latency): one message every
// PROBE_INTERVAL_MS over its own connection, each timed from the end of its data (the final
// dot written) to the reply: the "time to 250" a sending MTA waits for, under the load.
// Sequential: when an answer takes longer than the interval the next message leaves when it
// arrives, so the probe also says how many slots it missed (a server that falls behind).
import { percentile } from '../latency.js';
import { openSmtpClient } from './smtp-client.js';

/** ~50 probe messages a second: a few % of the load, enough samples for a p99 in 10 s. */
export const PROBE_INTERVAL_MS = 20;

export interface ProbeResult {
  sent: number;
  accepted: number;
  /** Replies other than 250, and connection failures. */
  failed: number;
  /** Slots of PROBE_INTERVAL_MS that passed while a message was still waiting for its reply. */
  missedSlots: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The first failure, as the server said it. */
  firstError: string | null;
}

export interface Probe {
  /** Messages answered 250 so far (read at the window's end, with smtp-source's counter). */
  accepted(): number;
  stop(): Promise<ProbeResult>;
}

/** A 10 KB message in wire form (CRLF, no line starting with a dot), with a unique Message-ID. */
export function loadMessage(n: number, to: string, subject: string, bodyBytes: number): Buffer {
  const line = 'La de da de da 1. La de da de da 2. La de da de da 3. La de da de da 4.\r\n';
  const body = line.repeat(Math.ceil(bodyBytes / line.length)).slice(0, bodyBytes);
  return Buffer.from(
    `From: <probe@outside.example>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nMessage-ID: <probe-${n}-${process.pid}@outside.example>\r\n` +
      `Date: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${body}\r\n`,
    'latin1',
  );
}

export function startProbe(o: { host: string; port: number; to: string; subject: string; bodyBytes: number }): Probe {
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  let missedSlots = 0;
  let firstError: string | null = null;
  let stopping = false;
  const loop = (async () => {
    const client = await openSmtpClient(o.host, o.port);
    try {
      let due = performance.now();
      while (!stopping) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (stopping) break;
        const r = await client.send('probe@outside.example', o.to, loadMessage(sent, o.to, o.subject, o.bodyBytes));
        sent++;
        if (r.reply.code === 250 && r.latencyMs !== null) latencies.push(r.latencyMs);
        else {
          failed++;
          firstError ??= r.reply.text;
        }
        due += PROBE_INTERVAL_MS;
        const now = performance.now();
        if (now > due + PROBE_INTERVAL_MS) {
          const behind = Math.floor((now - due) / PROBE_INTERVAL_MS);
          missedSlots += behind;
          due += behind * PROBE_INTERVAL_MS;
        }
      }
    } finally {
      client.close();
    }
  })().catch((err: Error) => {
    failed++;
    firstError ??= err.message;
  });
  return {
    accepted: () => latencies.length,
    async stop() {
      stopping = true;
      await loop;
      return {
        sent,
        accepted: latencies.length,
        failed,
        missedSlots,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.length ? Math.max(...latencies) : 0,
        firstError,
      };
    },
  };
}
