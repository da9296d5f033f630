// Part a of `npm run bench:hostile`: what a legitimate DNS client (dnsperf from 127.0.0.1)
// and an HTTP client (/healthz) get from the server with no load, then while UDP floods
// (test/support/udp-flood.mjs) hit the DNS port from another source network, 127.0.1.1.
// The server runs with its default response rate limiting, which limits each /24 apart.
import { availableParallelism } from 'node:os';
import { loadConfig } from '../../src/config.js';
import { exited, gql, type BenchServer, type Children } from './bench-server.js';
import { benchRecords, queryMix, zoneNames } from './dns-records.js';
import { runDnsperf, type DnsperfResult } from './dnsperf.js';
import { cpuSeconds, loopDelay, pollHealthz, type LatencyStats, type LoopDelay } from './latency.js';

/** The flood's source: 127.0.1.0/24 is another network than dnsperf's 127.0.0.0/24 for RRL. */
export const FLOOD_SOURCE = '127.0.1.1';
/**
 * Flood processes in parallel: one per core but one. A node sender keeps one core busy; on
 * the 2-core rehearsal machine a second one would starve the server of CPU, which measures
 * the machine, not the server (a real flood comes from elsewhere). One sender reaches over
 * 100,000 packets/s, a hundred times the RRL rate.
 */
export const FLOOD_PROCESSES = Math.max(1, availableParallelism() - 1);
/** Bound on packets per flood process besides its time limit (about 100,000/s at most each). */
export const FLOOD_MAX_PACKETS = 3_000_000;
/** Zones published for the dnsperf queries (the bench:dns set, fewer zones). */
const ZONES = 5;
/**
 * A legitimate query unanswered after this long is lost (dnsperf -t). dnsperf stops sending
 * while its outstanding queries wait, so its default 5 s would turn a few drops into silence.
 */
const DNSPERF_TIMEOUT_SECONDS = 1;
/** dnsperf offers half the RRL rate: a legitimate client under its limit loses nothing unless the flood costs it. */
const OFFERED_SHARE_OF_RRL = 0.5;
/** Offered rate should the default ever turn RRL off. */
const UNLIMITED_OFFERED_QPS = 500;
const FLOOD_SCRIPT = 'test/support/udp-flood.mjs';

export interface DnsCondition {
  label: string;
  dnsperf: DnsperfResult;
  offeredQps: number;
  healthz: LatencyStats;
  loop: LoopDelay;
  /** Server CPU time ÷ wall time (1 = one core busy). */
  serverCores: number;
  flood: { processes: number; sent: number; received: number; seconds: number } | null;
}

export interface DnsPartResult {
  rrl: { responsesPerSecond: number; slip: number };
  conditions: DnsCondition[];
  healthzAfter: LatencyStats;
}

export async function publishDnsperfRecords(server: BenchServer): Promise<string[]> {
  const zones = zoneNames(ZONES);
  const mutation = `mutation($input: SetDnsRecordInput!) { setDnsRecord(input: $input) { record { id } userErrors { code message } } }`;
  for (const r of benchRecords(zones)) {
    const data = await gql(server, mutation, { input: { name: r.name, type: r.type, value: r.value, priority: r.priority } });
    if (data.setDnsRecord.userErrors.length)
      throw new Error(`setDnsRecord ${r.name} ${r.type}: ${JSON.stringify(data.setDnsRecord.userErrors)}`);
  }
  return queryMix(zones).lines;
}

async function condition(
  children: Children,
  server: BenchServer,
  dnsperf: string,
  queryFile: string,
  queries: number,
  seconds: number,
  offeredQps: number,
  flooded: boolean,
): Promise<DnsCondition> {
  const floods = flooded
    ? Array.from({ length: FLOOD_PROCESSES }, () => {
        // The flood outlasts dnsperf by a second on each side, so all of dnsperf's run is under it.
        const child = children.spawn(
          process.execPath,
          [FLOOD_SCRIPT, String(server.dnsPort), String(FLOOD_MAX_PACKETS), String(seconds + 2), FLOOD_SOURCE, 'query'],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
        return { child, out: () => out, done: exited(child) };
      })
    : [];
  const floodStart = performance.now();
  if (flooded) await new Promise((r) => setTimeout(r, 1000));
  await loopDelay(server);
  const cpuBefore = cpuSeconds(server.pid);
  const wallBefore = performance.now();
  const poller = pollHealthz(server.url);
  const passes = Math.ceil((offeredQps * seconds * 2) / queries);
  const result = await runDnsperf(
    children,
    dnsperf,
    {
      port: server.dnsPort,
      queryFile,
      seconds,
      clients: 1,
      outstanding: 100,
      maxQps: offeredQps,
      source: '127.0.0.1',
      timeoutSeconds: DNSPERF_TIMEOUT_SECONDS,
    },
    passes,
  );
  const healthz = await poller.stop();
  const serverCores = (cpuSeconds(server.pid) - cpuBefore) / ((performance.now() - wallBefore) / 1000);
  const loop = await loopDelay(server);
  let flood: DnsCondition['flood'] = null;
  if (flooded) {
    let sent = 0;
    let received = 0;
    for (const f of floods) {
      await f.done;
      const line = JSON.parse(f.out().trim().split('\n').at(-1) || '{"sent":0,"received":0}') as { sent: number; received: number };
      sent += line.sent;
      received += line.received;
    }
    flood = { processes: floods.length, sent, received, seconds: (performance.now() - floodStart) / 1000 };
  }
  return { label: flooded ? `UDP flood from ${FLOOD_SOURCE}` : 'no load', dnsperf: result, offeredQps, healthz, loop, serverCores, flood };
}

export async function runDnsPart(
  children: Children,
  server: BenchServer,
  dnsperf: string,
  queryFile: string,
  queries: number,
  seconds: number,
): Promise<DnsPartResult> {
  const rrl = loadConfig({}).dnsRateLimit;
  const offeredQps =
    rrl.responsesPerSecond > 0 ? Math.max(1, Math.floor(rrl.responsesPerSecond * OFFERED_SHARE_OF_RRL)) : UNLIMITED_OFFERED_QPS;
  const conditions = [
    await condition(children, server, dnsperf, queryFile, queries, seconds, offeredQps, false),
    await condition(children, server, dnsperf, queryFile, queries, seconds, offeredQps, true),
  ];
  // After the flood: the server still answers, at its usual latency.
  const poller = pollHealthz(server.url);
  await new Promise((r) => setTimeout(r, 1000));
  return { rrl, conditions, healthzAfter: await poller.stop() };
}
