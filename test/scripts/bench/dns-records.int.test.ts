// bench:dns compares the mock with dnsmasq "on the same records": this checks that they are
// the same, by asking both the benchmark's questions over real sockets and comparing what a
// resolver gets. Skipped where dnsmasq is not installed (bench:dns installs it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/bench/bench-server.js';
import { benchRecords, dnsmasqConfig, queryMix, zoneNames } from '../../../scripts/bench/dns-records.js';
import { findTool } from '../../../scripts/bench/dnsperf.js';
import { describeEachDatabase } from '../../support/databases.js';
import { SET_RECORD } from '../../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const dnsmasqPath = findTool('dnsmasq');
const zones = zoneNames(3);
const records = benchRecords(zones);

/** What a resolver gets for one "name TYPE" line: the records, or the error code (ENOTFOUND = NXDOMAIN). */
async function ask(resolver: Resolver, line: string): Promise<unknown> {
  const [name, type] = line.split(' ') as [string, string];
  try {
    switch (type) {
      case 'MX':
        return await resolver.resolveMx(name);
      case 'TXT':
        return await resolver.resolveTxt(name);
      case 'AAAA':
        return await resolver.resolve6(name);
      default:
        return await resolver.resolve4(name);
    }
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  }
}

function resolverAt(port: number): Resolver {
  const r = new Resolver({ timeout: 2000, tries: 2 });
  r.setServers([`127.0.0.1:${port}`]);
  return r;
}

describe.skipIf(!dnsmasqPath)('bench:dns records, mock and dnsmasq', () => {
  let dir: string;
  let dnsmasq: ChildProcess;
  let dnsmasqPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cegp-test-dnsmasq-'));
    dnsmasqPort = await freePort();
    const conf = join(dir, 'dnsmasq.conf');
    writeFileSync(conf, dnsmasqConfig(records, zones, dnsmasqPort));
    dnsmasq = spawn(dnsmasqPath!, ['--keep-in-foreground', `--conf-file=${conf}`, '--pid-file=', '--log-facility=-'], { stdio: 'ignore' });
    // Poll until it answers (a loaded machine may take a while to start it).
    const r = resolverAt(dnsmasqPort);
    for (const end = Date.now() + 30_000; Date.now() < end; ) {
      if (Array.isArray(await ask(r, `${zones[0]} MX`))) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error('dnsmasq did not answer');
  });

  afterAll(() => {
    dnsmasq?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  describeEachDatabase('the same answers', (kind) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind, { DNS_RRL_RESPONSES_PER_SECOND: '0' });
      for (const r of records) {
        const res = await t.gql(SET_RECORD, { input: { name: r.name, type: r.type, value: r.value, priority: r.priority } });
        expect(res.data.setDnsRecord.userErrors).toEqual([]);
      }
    });
    afterAll(() => t?.close());

    it('gives a resolver the same records and NXDOMAINs from both servers', async () => {
      const mock = resolverAt(t.dnsPort);
      const other = resolverAt(dnsmasqPort);
      const lines = queryMix(zones).lines;
      const fromMock = [];
      const fromDnsmasq = [];
      for (const line of lines) {
        fromMock.push([line, await ask(mock, line)]);
        fromDnsmasq.push([line, await ask(other, line)]);
      }
      expect(fromMock).toEqual(fromDnsmasq);
      // Not vacuous: records were found, the 400-byte DKIM key whole, and NXDOMAIN given.
      const byLine = new Map(fromMock as [string, unknown][]);
      expect(byLine.get(`${zones[0]} MX`)).toEqual([{ exchange: `mail.${zones[0]}`, priority: 10 }]);
      expect((byLine.get(`selector1._domainkey.${zones[0]} TXT`) as string[][])[0]!.join('')).toHaveLength(400);
      expect(byLine.get(`nx1.${zones[0]} A`)).toBe('ENOTFOUND');
    });
  });
});
