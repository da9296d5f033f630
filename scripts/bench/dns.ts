// `npm run bench:dns`: the mock DNS server's serving capacity next to dnsmasq's, both
// serving the same records and measured by dnsperf in one run. The mock is the real server
// (`npm start`'s command) with its records published through the GraphQL API; response
// rate limiting is off (DNS_RRL_RESPONSES_PER_SECOND=0) because dnsmasq has none, so both
// figures are serving capacity. Timings are printed, never asserted: exit 0 when it ran
// (a missed target is marked ✗), 1 when it could not run, 2 on bad arguments.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort, gql, loadText, runBenchmark, startServer, type BenchServer, type Children } from './bench-server.js';
import { benchRecords, dnsmasqConfig, queryMix, zoneNames, type BenchRecord } from './dns-records.js';
import { dnsperfArgs, ensureTools, runDnsperf, type DnsperfResult, type DnsperfRun } from './dnsperf.js';
import { formatTable } from './migration-report.js';

/** The issue's target for the mock: this many queries per second answered, none lost. */
export const TARGET_QPS = 10_000;
const FULL_SECONDS = 10;
const QUICK_SECONDS = 3;
/** dnsperf's defaults for a load test: 4 clients (sockets), 100 queries in flight. */
const CLIENTS = 4;
const OUTSTANDING = 100;
/**
 * Bound on queries per dnsperf run besides its time limit (-n: passes over the query file):
 * far above what 10 s at 200,000 qps sends, so only a runaway is cut.
 */
const MAX_QUERIES_PER_RUN = 3_000_000;
/** dnsmasq reads its configuration at once; a loaded machine gets this long to answer. */
const DNSMASQ_READY_MS = 10_000;
const MS_PER_S = 1000;

const USAGE = 'Usage: npm run bench:dns [-- --quick]   (--quick: 3 s per dnsperf run instead of 10)';

interface Measurement {
  round: string;
  server: 'mock' | 'dnsmasq';
  maxQps: number | null;
  result: DnsperfResult;
}

async function publish(server: BenchServer, records: BenchRecord[]): Promise<void> {
  const mutation = `mutation($input: SetDnsRecordInput!) { setDnsRecord(input: $input) { record { id } userErrors { code message } } }`;
  for (const r of records) {
    const input = { name: r.name, type: r.type, value: r.value, priority: r.priority };
    const data = await gql<{ setDnsRecord: { userErrors: { code: string; message: string }[] } }>(server, mutation, { input });
    const errors = data.setDnsRecord.userErrors;
    if (errors.length)
      throw new Error(`setDnsRecord ${r.name} ${r.type} was refused: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  }
}

/** Polls until the server answers the first zone's MX, or gives up after `ms`. */
async function answering(port: number, zone: string, ms: number): Promise<boolean> {
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await resolver.resolveMx(zone)).length) return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

function parseArgs(argv: string[]): { quick: boolean } | null {
  let quick = false;
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else return null;
  }
  return { quick };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (s: number) => (s * MS_PER_S).toFixed(3);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function resultsTable(rows: Measurement[]): string {
  const header = ['Round', 'Server', 'Offered qps', 'Sent', 'Completed', 'Lost', 'qps', 'Avg latency ms', 'Avg answer B', 'Response codes'];
  return formatTable(
    header,
    rows.map((m) => [
      m.round,
      m.server,
      m.maxQps ? int(m.maxQps) : 'max',
      int(m.result.sent),
      int(m.result.completed),
      int(m.result.lost),
      int(m.result.qps),
      ms(m.result.averageLatencySeconds),
      m.result.averageResponseBytes === null ? '—' : String(m.result.averageResponseBytes),
      m.result.responseCodes,
    ]),
  );
}

function ratioTable(rows: Measurement[]): string {
  const rounds = [...new Set(rows.map((m) => m.round))];
  const header = ['Round', 'mock qps', 'dnsmasq qps', 'qps mock/dnsmasq', 'mock lost', 'dnsmasq lost', 'latency mock/dnsmasq'];
  return formatTable(
    header,
    rounds.map((round) => {
      const of = (s: Measurement['server']) => rows.filter((m) => m.round === round && m.server === s).map((m) => m.result);
      const mock = of('mock');
      const dm = of('dnsmasq');
      const qps = (rs: DnsperfResult[]) => mean(rs.map((r) => r.qps));
      const lat = (rs: DnsperfResult[]) => mean(rs.map((r) => r.averageLatencySeconds));
      const lost = (rs: DnsperfResult[]) => int(rs.reduce((a, r) => a + r.lost, 0));
      return [round, int(qps(mock)), int(qps(dm)), ratio(qps(mock), qps(dm)), lost(mock), lost(dm), ratio(lat(mock), lat(dm))];
    }),
  );
}

function targetLine(rows: Measurement[]): string {
  const offered = rows.filter((m) => m.server === 'mock' && m.maxQps === TARGET_QPS);
  // dnsperf's qps is completed ÷ run time, a little under the offered rate when it paces exactly.
  const met = offered.length > 0 && offered.every((m) => m.result.lost === 0 && m.result.completed > 0);
  const capacity = mean(rows.filter((m) => m.server === 'mock' && m.maxQps === null).map((m) => m.result.qps));
  return (
    `Target (the issue, printed, not asserted): mock ≥ ${int(TARGET_QPS)} qps with 0 lost — ` +
    `${met ? '✓' : '✗'} at ${int(TARGET_QPS)} qps offered (${offered.map((m) => `${int(m.result.lost)} lost`).join(', ') || 'not run'}); ` +
    `capacity ${int(capacity)} qps ${capacity >= TARGET_QPS ? '✓' : '✗'}.`
  );
}

async function main(argv: string[], children: Children): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const opts = parseArgs(argv);
  if (!opts) {
    process.stderr.write(`Unknown argument. ${USAGE}\n`);
    return 2;
  }
  const seconds = opts.quick ? QUICK_SECONDS : FULL_SECONDS;
  const tools = await ensureTools(children, ['dnsperf', 'dnsmasq']);
  const dir = mkdtempSync(join(tmpdir(), 'cegp-bench-dns-'));
  children.atExit(() => rmSync(dir, { recursive: true, force: true }));
  let server: BenchServer | null = null;
  try {
    const zones = zoneNames();
    const records = benchRecords(zones);
    const mix = queryMix(zones);
    const queryFile = join(dir, 'queries.txt');
    writeFileSync(queryFile, `${mix.lines.join('\n')}\n`);

    server = await startServer(children, { entry: 'src/main.ts', env: { DNS_RRL_RESPONSES_PER_SECOND: '0' } });
    const publishStart = performance.now();
    await publish(server, records);
    const publishSeconds = (performance.now() - publishStart) / MS_PER_S;
    if (!(await answering(server.dnsPort, zones[0]!, DNSMASQ_READY_MS)))
      throw new Error('the mock DNS server does not answer the published MX record.');

    const dnsmasqPort = await freePort([server.dnsPort]);
    const conf = join(dir, 'dnsmasq.conf');
    writeFileSync(conf, dnsmasqConfig(records, zones, dnsmasqPort));
    // --pid-file= (empty): no pid file; --log-facility=-: its few lines on stderr, not syslog.
    const dnsmasqArgs = ['--keep-in-foreground', `--conf-file=${conf}`, '--pid-file=', '--log-facility=-'];
    const dnsmasq = children.spawn(tools.dnsmasq, dnsmasqArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
    let dnsmasqErr = '';
    dnsmasq.stderr!.setEncoding('utf8').on('data', (c: string) => (dnsmasqErr += c));
    if (!(await answering(dnsmasqPort, zones[0]!, DNSMASQ_READY_MS))) throw new Error(`dnsmasq does not answer: ${dnsmasqErr.trim()}`);

    const cpu = cpus()[0]?.model.trim() ?? 'unknown';
    const out = process.stdout;
    out.write(
      `DNS benchmark: the mock DNS server next to dnsmasq, the same ${records.length} records (${zones.length} zones × MX, A, AAAA, CNAME, TXT tmes=, TXT DKIM 400 B)\n`,
    );
    out.write(
      `Node ${process.version}, ${availableParallelism()} CPUs (${cpu}); dnsperf, dnsmasq and the server share them; ${loadText()}.\n`,
    );
    out.write(`mock:    ${server.commandLine} (records published through GraphQL in ${publishSeconds.toFixed(1)} s)\n`);
    out.write(`         DNS_RRL_RESPONSES_PER_SECOND=0: rate limiting off, as dnsmasq has none, so the figure is serving capacity.\n`);
    out.write(`dnsmasq: ${tools.dnsmasq} ${dnsmasqArgs.join(' ')} (authoritative for the zones: auth-server, auth-zone)\n`);
    out.write(`queries: ${mix.lines.length} lines (${mix.description}), UDP from 127.0.0.1\n\n`);

    const plan: { round: string; maxQps: number | null; servers: Measurement['server'][] }[] = [
      { round: 'max', maxQps: null, servers: opts.quick ? ['mock', 'dnsmasq'] : ['mock', 'dnsmasq', 'mock', 'dnsmasq'] },
      { round: `${int(TARGET_QPS)}/s`, maxQps: TARGET_QPS, servers: ['mock', 'dnsmasq'] },
    ];
    const rows: Measurement[] = [];
    const passes = Math.ceil(MAX_QUERIES_PER_RUN / mix.lines.length);
    for (const step of plan) {
      for (const which of step.servers) {
        const runSpec: DnsperfRun = {
          port: which === 'mock' ? server.dnsPort : dnsmasqPort,
          queryFile,
          seconds,
          clients: CLIENTS,
          outstanding: OUTSTANDING,
          maxQps: step.maxQps,
          source: '127.0.0.1',
        };
        out.write(`  dnsperf ${dnsperfArgs(runSpec).join(' ')} -n ${passes}  (${which})\n`);
        rows.push({
          round: step.round,
          server: which,
          maxQps: step.maxQps,
          result: await runDnsperf(children, tools.dnsperf, runSpec, passes),
        });
      }
    }
    out.write(`\n${resultsTable(rows)}\n\n${ratioTable(rows)}\n\n${targetLine(rows)}\nAt the end: ${loadText()}.\n`);
    dnsmasq.kill('SIGTERM');
    await exited(dnsmasq);
    return 0;
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark('bench:dns', main);
