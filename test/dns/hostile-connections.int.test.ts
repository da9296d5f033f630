// TCP connection bounds of the DNS listener on a real socket, with short bounds so the test
// need not wait ten seconds: the connection cap, the idle timeout that closes fully, and a
// client that trickles a byte at a time cannot hold a connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type RunningDnsServer } from '../../src/dns/dns-server.js';
import type { LiveZones } from '../../src/dns/live-zones.js';
import { buildZoneSnapshot } from '../../src/dns/zone-snapshot.js';
import { createLogger } from '../../src/platform/logger.js';
import { query, tcpConnect, udpExchange } from '../support/dns-wire.js';

const snapshot = buildZoneSnapshot(
  {
    zones: [{ id: 'z1', name: 'zone.example', serial: 1 }],
    records: [{ zoneId: 'z1', name: 'mail.zone.example', type: 'A', ttlSeconds: 60, value: '192.0.2.10', priority: null }],
    tenants: [],
  },
  { ipv4: '127.0.0.1', ipv6: null },
);
const zones: LiveZones = { current: () => snapshot, fresh: async () => snapshot, invalidate: () => undefined, close: () => undefined };
const MAX = 8;
const IDLE_MS = 400;

describe('DNS TCP connection bounds', () => {
  let server: RunningDnsServer;
  beforeAll(async () => {
    server = await startDnsServer({
      zones,
      log: createLogger({ level: 'silent', format: 'json' }),
      host: '127.0.0.1',
      port: 0,
      rateLimit: { responsesPerSecond: 0, slip: 2 },
      tcp: { maxConnections: MAX, idleTimeoutMs: IDLE_MS },
    });
  });
  afterAll(async () => server?.close());

  it('holds at most the configured number of connections and serves again when they close', { timeout: 60_000 }, async () => {
    const conns = [];
    for (let i = 0; i < MAX; i++) {
      const c = await tcpConnect(server.tcp.port);
      expect(await c.exchange(query('mail.zone.example', 'A'))).toMatchObject({ rcode: 'NOERROR', answers: 1 });
      conns.push(c);
    }
    const extra = await tcpConnect(server.tcp.port);
    await extra.closed;
    // UDP is not affected.
    expect(await udpExchange(server.udp.port, query('mail.zone.example', 'A'))).toMatchObject({ rcode: 'NOERROR' });
    for (const c of conns) c.socket.destroy();
    await Promise.all(conns.map((c) => c.closed));
    let again = null;
    // The freed slots are reusable once the server has seen the closes: poll to a generous deadline.
    for (const end = Date.now() + 30_000; Date.now() < end && !again; ) {
      const c = await tcpConnect(server.tcp.port);
      again = await c.exchange(query('mail.zone.example', 'A'), 2_000);
      c.socket.destroy();
    }
    expect(again).toMatchObject({ rcode: 'NOERROR' });
  });

  it('closes an idle connection fully, and a byte at a time does not keep it open', async () => {
    const idle = await tcpConnect(server.tcp.port);
    await idle.closed;
    const trickle = await tcpConnect(server.tcp.port);
    const packet = query('mail.zone.example', 'A');
    const frame = Buffer.concat([Buffer.from([packet.length >> 8, packet.length & 0xff]), packet]);
    let sent = 0;
    let closed = false;
    void trickle.closed.then(() => (closed = true));
    // One byte every quarter of the idle timeout: never a whole query.
    while (!closed && sent < frame.length - 1) {
      trickle.socket.write(frame.subarray(sent, sent + 1));
      sent++;
      await new Promise((r) => setTimeout(r, IDLE_MS / 4));
    }
    await trickle.closed;
    expect(sent).toBeLessThan(frame.length - 1);
  });
});
