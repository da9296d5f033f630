// Hostile input to the mock DNS, on real sockets: every class of packet, connection and
// publication that once crashed or froze the server. Each test asserts the refusal, that
// /healthz answers during and after, and that the stored zones are unchanged.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NAME_ANSWER_OCTETS } from '../../src/dns/record.js';
import { describeEachDatabase } from '../support/databases.js';
import { query, readAnswer, tcpConnect, udpExchange } from '../support/dns-wire.js';
import { SET_RECORD } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FLOOD = fileURLToPath(new URL('../support/udp-flood.mjs', import.meta.url));

async function healthy(t: TestApp): Promise<boolean> {
  const res = await fetch(`${t.url}/healthz`);
  return res.status === 200 && ((await res.json()) as { ok: boolean }).ok === true;
}

/** Polls /healthz until `done` resolves; every poll must answer 200. */
async function healthThroughout<T>(t: TestApp, work: Promise<T>): Promise<{ result: T; polls: number; failures: number }> {
  let finished = false;
  let polls = 0;
  let failures = 0;
  const poller = (async () => {
    while (!finished) {
      polls++;
      if (!(await healthy(t).catch(() => false))) failures++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await work.finally(() => (finished = true));
  await poller;
  return { result, polls, failures };
}

async function zoneRows(t: TestApp) {
  return t.app.database.client.dnsRecord.findMany({
    select: { name: true, type: true, value: true },
    orderBy: [{ name: 'asc' }, { type: 'asc' }, { value: 'asc' }],
  });
}

describeEachDatabase('mock DNS under hostile input', (kind) => {
  let t: TestApp;
  const set = (input: Record<string, unknown>, headers: Record<string, string> = {}) => t.gql(SET_RECORD, { input }, headers);

  beforeAll(async () => {
    t = await startTestApp(kind, { COMPANY_ID: 'acme' });
    expect(
      (await set({ name: 'zone.example', type: 'MX', priority: 10, value: 'mail.zone.example' })).data.setDnsRecord.userErrors,
    ).toEqual([]);
    expect((await set({ name: 'mail.zone.example', type: 'A', value: '192.0.2.10' })).data.setDnsRecord.userErrors).toEqual([]);
  });
  afterAll(async () => t?.close());

  describe('answers larger than their transport', () => {
    it('refuses to publish a record set no answer could carry, naming the limit', async () => {
      const before = await zoneRows(t);
      let refused: { code: string; message: string } | undefined;
      for (let i = 0; i < 20 && !refused; i++) {
        const r = await set({ name: 'huge.zone.example', type: 'TXT', value: `${i}-${'x'.repeat(3990)}` });
        refused = r.data.setDnsRecord.userErrors[0];
      }
      expect(refused?.code).toBe('DNS_RRSET_TOO_LARGE');
      expect(refused?.message).toContain(String(MAX_NAME_ANSWER_OCTETS));
      const stored = (await zoneRows(t)).filter((r) => r.name === 'huge.zone.example');
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThan(20);
      expect((await zoneRows(t)).filter((r) => r.name !== 'huge.zone.example')).toEqual(
        before.filter((r) => r.name !== 'huge.zone.example'),
      );
    });

    it('answers a set stored before the limit with TC over UDP and SERVFAIL over TCP, and keeps serving', async () => {
      // Rows as an older version stored them: twenty 4,000-octet TXT records at one name.
      const zone = await t.app.database.client.dnsZone.findUniqueOrThrow({ where: { name: 'zone.example' } });
      await t.app.database.client.dnsRecord.createMany({
        data: Array.from({ length: 20 }, (_, i) => ({
          zoneId: zone.id,
          name: 'legacy.zone.example',
          type: 'TXT' as const,
          value: `${i}-${'y'.repeat(3990)}`,
        })),
      });
      t.app.events.emit('dns.changed', { tenantId: zone.tenantId });
      const udp = await udpExchange(t.dnsPort, query('legacy.zone.example', 'TXT', { edns: true }));
      expect(udp).toMatchObject({ tc: true, answers: 0 });
      const conn = await tcpConnect(t.dnsPort);
      const overTcp = await conn.exchange(query('legacy.zone.example', 'TXT'));
      expect(overTcp).toMatchObject({ rcode: 'SERVFAIL', answers: 0 });
      // The same connection and the server go on answering.
      expect(await conn.exchange(query('mail.zone.example', 'A'))).toMatchObject({ rcode: 'NOERROR', answers: 1 });
      conn.socket.destroy();
      expect(await healthy(t)).toBe(true);
      await t.app.database.client.dnsRecord.deleteMany({ where: { name: 'legacy.zone.example' } });
      t.app.events.emit('dns.changed', { tenantId: zone.tenantId });
    });
  });

  describe('malformed packets', () => {
    it('answers a header whose counts are all 0xFFFF with FORMERR at once', async () => {
      const packet = Buffer.from('abcd0000ffffffffffffffff', 'hex');
      expect(await udpExchange(t.dnsPort, packet)).toMatchObject({ id: 0xabcd, qr: true, rcode: 'FORMERR' });
      expect(await healthy(t)).toBe(true);
    });

    it('refuses a name of 200 labels ending in a pointer back into itself', async () => {
      const labels = Buffer.concat(Array.from({ length: 200 }, () => Buffer.from([1, 0x61])));
      const pointer = Buffer.from([0xc0, 12]);
      const packet = Buffer.concat([Buffer.from('beef01000001000000000000', 'hex'), labels, pointer, Buffer.from('00010001', 'hex')]);
      expect(packet.length).toBe(418);
      expect(await udpExchange(t.dnsPort, packet)).toMatchObject({ id: 0xbeef, rcode: 'FORMERR' });
      const self = Buffer.concat([Buffer.from('beef01000001000000000000', 'hex'), Buffer.from([0xc0, 12]), Buffer.from('00010001', 'hex')]);
      expect(await udpExchange(t.dnsPort, self)).toMatchObject({ rcode: 'FORMERR' });
      expect(await healthy(t)).toBe(true);
    });

    it('answers other opcodes NOTIMP and ignores packets that are responses', async () => {
      const notify = query('zone.example', 'SOA');
      notify.writeUInt16BE((4 << 11) | 0x0100, 2);
      expect(await udpExchange(t.dnsPort, notify)).toMatchObject({ rcode: 'NOTIMP', qr: true });
      const response = query('zone.example', 'MX');
      response.writeUInt16BE(0x8000, 2);
      expect(await udpExchange(t.dnsPort, response, { timeoutMs: 500 })).toBeNull();
    });

    it('refuses two questions, answer records in a query and oversized queries', async () => {
      const two = Buffer.from(query('zone.example', 'MX'));
      two.writeUInt16BE(2, 4);
      expect(await udpExchange(t.dnsPort, two)).toMatchObject({ rcode: 'FORMERR' });
      const withAnswer = Buffer.from(query('zone.example', 'MX'));
      withAnswer.writeUInt16BE(1, 6);
      expect(await udpExchange(t.dnsPort, withAnswer)).toMatchObject({ rcode: 'FORMERR' });
      const big = Buffer.concat([query('zone.example', 'MX'), Buffer.alloc(2000)]);
      expect(await udpExchange(t.dnsPort, big)).toMatchObject({ rcode: 'FORMERR' });
    });

    it('stays up and correct through 3,000 random packets', async () => {
      const before = await zoneRows(t);
      const flood = promisify(execFile)(process.execPath, [FLOOD, String(t.dnsPort), '3000', '20', '127.0.2.1', 'random'], {
        encoding: 'utf8',
      });
      const { result, failures } = await healthThroughout(t, flood);
      expect(JSON.parse(result.stdout).sent).toBe(3000);
      expect(failures).toBe(0);
      expect(await udpExchange(t.dnsPort, query('mail.zone.example', 'A'))).toMatchObject({ rcode: 'NOERROR', answers: 1 });
      expect(await zoneRows(t)).toEqual(before);
    });
  });

  describe('TCP connections', () => {
    it('stops reading a connection that pipelines queries and never reads, and keeps serving others', async () => {
      const conn = await tcpConnect(t.dnsPort);
      conn.socket.pause(); // never read the answers
      const frame = Buffer.alloc(2 + query('mail.zone.example', 'A').length);
      frame.writeUInt16BE(frame.length - 2, 0);
      query('mail.zone.example', 'A').copy(frame, 2);
      // More than loopback's socket buffers hold, so what the server does not read stays here.
      const many = Buffer.concat(Array.from({ length: 300_000 }, () => frame));
      conn.socket.write(many);
      // Backpressure reaches the client: the server stops reading, so most bytes stay unsent here.
      const stalled = async () => {
        for (let i = 0; i < 100; i++) {
          const before = conn.socket.writableLength;
          await new Promise((r) => setTimeout(r, 100));
          if (conn.socket.writableLength > 0 && conn.socket.writableLength === before) return true;
        }
        return false;
      };
      const { result, failures } = await healthThroughout(t, stalled());
      expect(result).toBe(true);
      expect(failures).toBe(0);
      expect(await udpExchange(t.dnsPort, query('mail.zone.example', 'A'))).toMatchObject({ rcode: 'NOERROR' });
      const other = await tcpConnect(t.dnsPort);
      expect(await other.exchange(query('mail.zone.example', 'A'))).toMatchObject({ rcode: 'NOERROR', answers: 1 });
      other.socket.destroy();
      conn.socket.destroy();
    });

    it('closes a connection whose message length is beyond any query', async () => {
      const conn = await tcpConnect(t.dnsPort);
      conn.socket.write(Buffer.from([0xff, 0xff, 0, 0]));
      await conn.closed;
      expect(await healthy(t)).toBe(true);
    });
  });

  describe('floods', () => {
    it('rate-limits a UDP flood from one network and /healthz answers throughout', async () => {
      const flood = promisify(execFile)(process.execPath, [FLOOD, String(t.dnsPort), '60000', '10', '127.0.3.1', 'query'], {
        encoding: 'utf8',
      });
      const { result, failures, polls } = await healthThroughout(t, flood);
      const { sent, received } = JSON.parse(result.stdout) as { sent: number; received: number };
      expect(polls).toBeGreaterThan(0);
      expect(failures).toBe(0);
      // At most the limit per second (plus slips) came back, far fewer than were sent.
      expect(received).toBeLessThan(sent);
      // Another network is not limited.
      expect(await udpExchange(t.dnsPort, query('mail.zone.example', 'A'), { localAddress: '127.0.4.1' })).toMatchObject({
        rcode: 'NOERROR',
        answers: 1,
      });
    });
  });

  describe('claims on names', () => {
    it('refuses public suffixes, CEGP names and names above them, leaving nothing stored', async () => {
      const before = await zoneRows(t);
      const zonesBefore = await t.app.database.client.dnsZone.count();
      for (const [name, code] of [
        ['co.jp', 'DNS_ZONE_PUBLIC_SUFFIX'],
        ['github.io', 'DNS_ZONE_PUBLIC_SUFFIX'],
        ['trendmicro.com', 'DNS_ZONE_RESERVED'],
        ['acme.in.tmems-jp.trendmicro.com', 'DNS_ZONE_RESERVED'],
      ] as const) {
        const r = await set({ name, type: 'MX', priority: 10, value: 'mx.attacker.example' });
        expect(r.data.setDnsRecord.userErrors[0]?.code, name).toBe(code);
      }
      const zoned = await set({ name: 'example.co.jp', type: 'MX', priority: 10, value: 'mx.attacker.example', zone: 'co.jp' });
      expect(zoned.data.setDnsRecord.userErrors[0]?.code).toBe('DNS_ZONE_PUBLIC_SUFFIX');
      expect(await zoneRows(t)).toEqual(before);
      expect(await t.app.database.client.dnsZone.count()).toBe(zonesBefore);
    });

    it("refuses a zone above another tenant's zone or domain", async () => {
      const other = await t.gql(
        `mutation { createTenant(input: { name: "Other", companyId: "other-${kind}" }) { tenant { id } userErrors { code } } }`,
      );
      const headers = { 'x-tenant-id': other.data.createTenant.tenant.id };
      expect((await set({ name: 'mail.corp.example.net', type: 'A', value: '192.0.2.50' }, headers)).data.setDnsRecord.userErrors).toEqual(
        [],
      );
      const above = await set({ name: 'example.net', type: 'MX', priority: 10, value: 'mx.attacker.example' });
      expect(above.data.setDnsRecord.userErrors[0]?.code).toBe('DNS_ZONE_OWNED_BY_ANOTHER_TENANT');
      const inside = await set({ name: 'x.mail.corp.example.net', type: 'A', value: '192.0.2.51' });
      expect(inside.data.setDnsRecord.userErrors[0]?.code).toBe('DNS_ZONE_OWNED_BY_ANOTHER_TENANT');
      expect(await udpExchange(t.dnsPort, query('example.net', 'MX'))).toMatchObject({ rcode: 'REFUSED' });
    });

    it('refuses a public suffix as a mail domain', async () => {
      const r = await t.gql(
        `mutation { addDomain(input: { name: "co.jp", inboundServers: [{ host: "mail.example.co.jp" }] }) { domain { id } userErrors { code } } }`,
      );
      expect(r.data.addDomain.userErrors[0]?.code).toBe('DOMAIN_PUBLIC_SUFFIX');
    });
  });

  describe('races on the write path', () => {
    it('stores 50 parallel identical setDnsRecord calls as one record', async () => {
      const calls = await Promise.all(Array.from({ length: 50 }, () => set({ name: 'race.zone.example', type: 'A', value: '192.0.2.77' })));
      for (const c of calls) expect(c.errors ?? c.data.setDnsRecord.userErrors).toEqual([]);
      expect((await zoneRows(t)).filter((r) => r.name === 'race.zone.example')).toHaveLength(1);
    });

    it('creates a new zone once when its first records race', async () => {
      const calls = await Promise.all(
        Array.from({ length: 50 }, (_, i) => set({ name: `fresh-${kind}.example`, type: 'A', value: `192.0.2.${i + 100}` })),
      );
      for (const c of calls) expect(c.errors ?? c.data.setDnsRecord.userErrors).toEqual([]);
      const zones = await t.app.database.client.dnsZone.findMany({ where: { name: { endsWith: `fresh-${kind}.example` } } });
      expect(zones.map((z) => z.name)).toEqual([`fresh-${kind}.example`]);
      expect((await zoneRows(t)).filter((r) => r.name === `fresh-${kind}.example`)).toHaveLength(50);
    });
  });

  describe('a second instance on the same database', () => {
    it('answers a record written through the first within a bounded time', { timeout: 60_000 }, async () => {
      const second = await startTestApp(kind, {}, { database: t.db });
      try {
        const name = `second-${randomBytes(3).toString('hex')}.zone.example`;
        expect((await set({ name, type: 'A', value: '192.0.2.90' })).data.setDnsRecord.userErrors).toEqual([]);
        let seen = null;
        // Polled to a generous deadline (the snapshot refresh is about a second; CI is loaded).
        for (const end = Date.now() + 30_000; Date.now() < end && !seen?.answers; ) {
          seen = await udpExchange(second.dnsPort, query(name, 'A'));
          if (!seen?.answers) await new Promise((r) => setTimeout(r, 100));
        }
        expect(seen).toMatchObject({ rcode: 'NOERROR', answers: 1 });
      } finally {
        await second.stop();
      }
    });
  });

  it('gives every query its own ID, also for an answer it has given before', async () => {
    for (const id of [1, 2, 65535])
      expect(await udpExchange(t.dnsPort, query('zone.example', 'MX', { id }))).toMatchObject({ id, rcode: 'NOERROR', answers: 1 });
  });

  it('decodes its own answers as well-formed DNS', async () => {
    const a = await udpExchange(t.dnsPort, query('zone.example', 'MX', { edns: true }));
    expect(a?.decoded?.answers?.[0]).toMatchObject({ type: 'MX', data: { preference: 10, exchange: 'mail.zone.example' } });
    expect(readAnswer(a!.bytes).qr).toBe(true);
  });
});
