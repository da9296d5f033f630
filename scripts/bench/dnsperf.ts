// dnsperf (DNS-OARC, https://www.dns-oarc.net/tools/dnsperf) and dnsmasq for the DNS
// benchmarks: found on PATH or in /usr/sbin, installed from Debian when missing, and
// dnsperf's final statistics parsed from its output.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { run, type Children } from './bench-server.js';

export interface DnsperfResult {
  sent: number;
  completed: number;
  lost: number;
  qps: number;
  averageLatencySeconds: number;
  /** "NOERROR 86852 (50.00%), NXDOMAIN 86851 (50.00%)" as dnsperf prints it. */
  responseCodes: string;
  /** Average response size in bytes: the same records should give about the same. */
  averageResponseBytes: number | null;
}

/** Debian packages that provide the tools (`dnsmasq-base`: the binary without the service). */
const PACKAGES: Record<'dnsperf' | 'dnsmasq', string> = { dnsperf: 'dnsperf', dnsmasq: 'dnsmasq-base' };
/** dnsmasq is in /usr/sbin, which is not on every user's PATH. */
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export function findTool(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS]) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Paths of the tools asked for, installing the missing ones with apt-get (after an
 * apt-get update if the first attempt fails). Throws one sentence when they cannot be had.
 */
export async function ensureTools<T extends keyof typeof PACKAGES>(children: Children, names: T[]): Promise<Record<T, string>> {
  const missing = names.filter((n) => !findTool(n));
  if (missing.length) {
    const packages = missing.map((n) => PACKAGES[n]);
    const install = ['install', '-y', '-q', ...packages];
    const apt = findTool('apt-get');
    if (!apt)
      throw new Error(
        `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing and apt-get is not available: install ${packages.join(' ')} and run again.`,
      );
    process.stdout.write(`${missing.join(' and ')} not found: running apt-get ${install.join(' ')}…\n`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    let r = await run(children, apt, install, env);
    if (r.code !== 0) {
      process.stdout.write('The install failed: running apt-get update, then the install again…\n');
      await run(children, apt, ['update', '-q'], env);
      r = await run(children, apt, install, env);
    }
    if (r.code !== 0 || names.some((n) => !findTool(n))) {
      const why = r.stderr.trim().split('\n').at(-1) ?? `exit code ${r.code}`;
      throw new Error(
        `Could not install ${packages.join(' ')} (${why}); install them (apt-get install -y ${packages.join(' ')}) and run again.`,
      );
    }
    process.stdout.write(`Installed ${packages.join(' ')}.\n`);
  }
  return Object.fromEntries(names.map((n) => [n, findTool(n)!])) as Record<T, string>;
}

export interface DnsperfRun {
  port: number;
  queryFile: string;
  seconds: number;
  clients: number;
  outstanding: number;
  /** Offered rate (-Q); null: as fast as the server answers. */
  maxQps: number | null;
  /** Source address (-a), in 127.0.0.0/8. */
  source: string;
  /** Seconds before a query counts as lost (-t); dnsperf's default is 5. */
  timeoutSeconds?: number;
}

export function dnsperfArgs(r: DnsperfRun): string[] {
  return [
    '-s',
    '127.0.0.1',
    '-p',
    String(r.port),
    '-a',
    r.source,
    '-d',
    r.queryFile,
    '-l',
    String(r.seconds),
    '-c',
    String(r.clients),
    '-q',
    String(r.outstanding),
    ...(r.maxQps ? ['-Q', String(r.maxQps)] : []),
    ...(r.timeoutSeconds ? ['-t', String(r.timeoutSeconds)] : []),
  ];
}

/** `passes`: at most this many passes over the query file (-n), a bound besides the time limit. */
export async function runDnsperf(children: Children, dnsperf: string, r: DnsperfRun, passes: number): Promise<DnsperfResult> {
  const out = await run(children, dnsperf, [...dnsperfArgs(r), '-n', String(passes)]);
  if (out.code !== 0) throw new Error(`dnsperf exited with code ${out.code}: ${out.stderr.trim() || out.stdout.trim()}`);
  return parseDnsperf(out.stdout);
}

/** The "Statistics:" block dnsperf 2.x prints at the end of a run. */
export function parseDnsperf(text: string): DnsperfResult {
  const num = (label: string): number => {
    const m = new RegExp(`${label}:\\s+([0-9.]+)`).exec(text);
    if (!m) throw new Error(`dnsperf printed no "${label}":\n${text}`);
    return Number(m[1]);
  };
  return {
    sent: num('Queries sent'),
    completed: num('Queries completed'),
    lost: num('Queries lost'),
    qps: num('Queries per second'),
    averageLatencySeconds: num('Average Latency \\(s\\)'),
    responseCodes: /Response codes:\s+(.+)/.exec(text)?.[1]?.trim() ?? '',
    averageResponseBytes: Number(/Average packet size:.*response (\d+)/.exec(text)?.[1] ?? NaN) || null,
  };
}
