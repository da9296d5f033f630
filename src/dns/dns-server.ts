// Adapter: the mock DNS server on UDP and TCP (node:dgram, node:net; messages through
// dns-message.ts). Every packet is checked by its header before it is parsed, answered from
// the in-memory zone snapshot without touching the database, and made to fit its transport.
// No error inside a handler can end the process: each is logged (once a minute per kind)
// with its context, and the listener keeps serving. Bounds, each with its reason:
//   - UDP: response rate limiting per source network (rate-limit.ts);
//   - TCP: a cap on connections, a bounded number of queries parsed per turn of the event
//     loop, no reading while answers are unsent (backpressure), and an idle timeout that
//     closes the connection fully and is re-armed only by a complete query.
import dgram from 'node:dgram';
import net from 'node:net';
import { isIPv6 } from 'node:net';
import type { Log } from '../platform/logger.js';
import { answerQuestion } from './answer.js';
import {
  decodeQuery,
  encodeAnswer,
  encodeBadVersion,
  encodeHeaderOnly,
  encodeStatus,
  encodeTruncated,
  MalformedQuery,
  MAX_TCP_MESSAGE_BYTES,
  udpLimit,
  type Query,
} from './dns-message.js';
import type { LiveZones } from './live-zones.js';
import { checkQuery, MAX_QUERY_BYTES } from './query-check.js';
import { ResponseRateLimiter, type RateLimitSettings } from './rate-limit.js';
import type { ZoneSnapshot } from './zone-snapshot.js';

/** Concurrent TCP connections. Resolvers open a few; more is a client holding sockets open. */
export const MAX_TCP_CONNECTIONS = 128;
/**
 * A TCP connection with no complete query for this long is closed (RFC 7766 §6.2.3 asks
 * servers to time idle connections out in seconds). Partial bytes do not re-arm it, so a
 * byte every few seconds cannot hold a connection.
 */
export const TCP_IDLE_TIMEOUT_MS = 10_000;
/** Queries answered from one connection before the event loop serves others (HTTP, UDP). */
export const MAX_TCP_QUERIES_PER_TURN = 64;
/** Unsent answer bytes on one connection beyond which it is not read (a client that never reads). */
export const MAX_TCP_UNSENT_BYTES = 64 * 1024;
/** Queries that may wait for a zone rebuild at once (after a write); more get SERVFAIL. */
export const MAX_QUERIES_WAITING_FOR_ZONES = 4096;
/**
 * Answers kept encoded per snapshot, keyed by the query's bytes after its ID: a resolver
 * asks the same few names again and again, and a hit skips decoding and encoding. Bounded
 * so that random names cannot grow it (it is emptied when full).
 */
export const MAX_CACHED_ANSWERS = 10_000;
/** Tries at a shared UDP+TCP port when the port is chosen by the system (port 0). */
const EPHEMERAL_BIND_ATTEMPTS = 5;
/** One log line per kind of failure in this period, with the count of those not logged. */
const ERROR_LOG_INTERVAL_MS = 60_000;
/** Over UDP the kernel buffers this much: a burst is absorbed, a flood is dropped by the kernel. */
const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

export interface DnsServerOptions {
  zones: LiveZones;
  log: Log;
  host: string;
  port: number;
  rateLimit: RateLimitSettings;
  now?: () => number;
  /** Overrides of the TCP bounds, for tests that cannot wait ten seconds (defaults: the constants). */
  tcp?: { maxConnections?: number; idleTimeoutMs?: number };
}

export interface RunningDnsServer {
  udp: { address: string; port: number };
  tcp: { address: string; port: number };
  isListening(): boolean;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly protocol: string,
    readonly host: string,
    readonly port: number,
  ) {
    super(`${protocol} ${host}:${port} is already in use`);
  }
}

/** Sends an answer; `query` is there when the packet was parsed (RRL's slip needs it). */
type Reply = (bytes: Buffer, query: Query | null) => void;

export async function startDnsServer(opts: DnsServerOptions): Promise<RunningDnsServer> {
  const now = opts.now ?? Date.now;
  const log = opts.log;
  const limiter = new ResponseRateLimiter(opts.rateLimit);
  const report = errorReporter(log, now);
  let waiting = 0;
  const idleTimeoutMs = opts.tcp?.idleTimeoutMs ?? TCP_IDLE_TIMEOUT_MS;
  const maxConnections = opts.tcp?.maxConnections ?? MAX_TCP_CONNECTIONS;

  /** Encoded answers per snapshot (a new snapshot starts empty), bounded by MAX_CACHED_ANSWERS. */
  const answerCache = new WeakMap<ZoneSnapshot, Map<string, { bytes: Buffer; query: Query }>>();
  const remember = (snapshot: ZoneSnapshot, key: string, bytes: Buffer, query: Query) => {
    if (!key) return;
    let m = answerCache.get(snapshot);
    if (!m) {
      m = new Map();
      answerCache.set(snapshot, m);
    }
    if (m.size >= MAX_CACHED_ANSWERS) m.clear();
    m.set(key, { bytes, query });
  };

  /** Answers one checked, decoded query from a current snapshot. */
  const answer = (snapshot: ZoneSnapshot, query: Query, maxBytes: number) => {
    const qname = query.question.name.toLowerCase().replace(/\.$/, '');
    const qtype = query.question.type;
    const result = answerQuestion(qname, qtype, snapshot.zoneFor(qname));
    const encoded = encodeAnswer(query, result, maxBytes);
    if (encoded.rcode === 'SERVFAIL' && result.rcode !== 'SERVFAIL') {
      report('answer larger than a TCP message', { qname, qtype, answers: result.answers.length });
    }
    if (log.isLevelEnabled('debug'))
      log.debug({ qname, qtype, rcode: encoded.rcode, answers: result.answers.length, truncated: encoded.truncated }, 'dns query');
    return encoded;
  };

  /** The whole path for one packet, from either transport. `maxBytes` is the transport's. */
  const handle = (packet: Buffer, transport: 'udp' | 'tcp', source: string, reply: Reply, onDone?: () => void): void => {
    const verdict = checkQuery(packet);
    if (verdict.action === 'drop') return void onDone?.();
    if (verdict.action === 'refuse') {
      log.debug({ source, transport, reason: verdict.reason }, `dns query refused: ${verdict.rcode}`);
      reply(encodeHeaderOnly(verdict.id, verdict.opcode, verdict.rd, verdict.rcode), null);
      return void onDone?.();
    }
    // The same question (bytes after the ID) from the same snapshot has the same answer.
    const snapshotNow = opts.zones.current();
    const key = snapshotNow ? `${transport}${packet.toString('latin1', 2)}` : '';
    const hit = snapshotNow ? answerCache.get(snapshotNow)?.get(key) : undefined;
    if (hit) {
      const bytes = Buffer.from(hit.bytes);
      bytes.writeUInt16BE(packet.readUInt16BE(0), 0);
      reply(bytes, { ...hit.query, id: bytes.readUInt16BE(0) });
      return void onDone?.();
    }
    let query: Query;
    try {
      query = decodeQuery(packet);
    } catch (err) {
      if (!(err instanceof MalformedQuery)) throw err;
      log.debug({ source, transport, reason: err.message }, 'dns query refused: FORMERR');
      reply(encodeHeaderOnly(packet.readUInt16BE(0), 0, (packet[2]! & 1) === 1, 'FORMERR'), null);
      return void onDone?.();
    }
    if (query.edns && query.edns.version !== 0) {
      reply(encodeBadVersion(query), query);
      return void onDone?.();
    }
    if (query.question.class !== 'IN' && query.question.class !== 'ANY') {
      reply(encodeStatus(query, 'REFUSED'), query);
      return void onDone?.();
    }
    const maxBytes = transport === 'udp' ? udpLimit(query) : MAX_TCP_MESSAGE_BYTES;
    const snapshot = opts.zones.current();
    if (snapshot) {
      const bytes = answer(snapshot, query, maxBytes).bytes;
      remember(snapshot, key, bytes, query);
      reply(bytes, query);
      return void onDone?.();
    }
    // A write is being applied: answer once the snapshot shows it.
    if (waiting >= MAX_QUERIES_WAITING_FOR_ZONES) {
      reply(encodeStatus(query, 'SERVFAIL'), query);
      return void onDone?.();
    }
    waiting++;
    opts.zones
      .fresh()
      .then((s) => reply(answer(s, query, maxBytes).bytes, query))
      .catch((err: unknown) => report('dns answer failed', { err, source, transport }))
      .finally(() => {
        waiting--;
        onDone?.();
      });
  };

  let listening = false;

  // UDP ----------------------------------------------------------------------------------
  const createUdp = () => {
    const udp = dgram.createSocket({ type: isIPv6(opts.host) ? 'udp6' : 'udp4', recvBufferSize: UDP_RECEIVE_BUFFER_BYTES });
    udp.on('message', (packet, rinfo) => {
      try {
        const reply: Reply = (bytes, query) => {
          const decision = limiter.decide(rinfo.address, now());
          if (decision === 'drop') return;
          // The slip: no data, TC=1, so a real client behind a spoofed flood retries over TCP.
          const out = decision === 'slip' && query ? encodeTruncated(query) : bytes;
          udp.send(out, rinfo.port, rinfo.address, (err) => {
            if (err) report('dns udp send failed', { err: err.message, source: rinfo.address });
          });
        };
        handle(packet, 'udp', rinfo.address, reply);
      } catch (err) {
        report('dns udp handler failed', { err, source: rinfo.address, bytes: packet.length });
      }
    });
    udp.on('error', (err) => listening && report('dns udp socket error', { err }));
    return udp;
  };
  let udp = createUdp();

  // TCP ----------------------------------------------------------------------------------
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer({ allowHalfOpen: false }, (socket) => {
    sockets.add(socket);
    const source = socket.remoteAddress ?? 'unknown';
    let buffered: Buffer = Buffer.alloc(0);
    let inFlight = 0;
    let scheduled = false;
    let idle = setTimeout(() => socket.destroy(), idleTimeoutMs);
    const rearm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => socket.destroy(), idleTimeoutMs);
    };
    const reply: Reply = (bytes) => {
      if (socket.destroyed) return;
      const frame = Buffer.allocUnsafe(bytes.length + 2);
      frame.writeUInt16BE(bytes.length, 0);
      bytes.copy(frame, 2);
      socket.write(frame);
    };
    // Reads only while there is nothing left to answer and the client takes its answers.
    const flow = () => {
      if (socket.destroyed) return;
      const busy = scheduled || inFlight > 0 || socket.writableLength > MAX_TCP_UNSENT_BYTES || buffered.length >= 2 + peekLength(buffered);
      if (busy) socket.pause();
      else socket.resume();
    };
    const drain = () => {
      scheduled = false;
      try {
        for (let n = 0; n < MAX_TCP_QUERIES_PER_TURN && !socket.destroyed; n++) {
          if (buffered.length < 2) break;
          const length = buffered.readUInt16BE(0);
          if (length > MAX_QUERY_BYTES || length === 0) {
            // Not a query this server could answer; the stream cannot be resynchronised.
            log.debug({ source, length }, 'dns tcp message refused: closing');
            socket.destroy();
            return;
          }
          if (buffered.length < 2 + length) break;
          const packet = buffered.subarray(2, 2 + length);
          buffered = buffered.subarray(2 + length);
          rearm();
          inFlight++;
          handle(Buffer.from(packet), 'tcp', source, reply, () => {
            inFlight--;
            if (inFlight === 0) continueLater();
          });
        }
      } catch (err) {
        report('dns tcp handler failed', { err, source });
        socket.destroy();
        return;
      }
      continueLater();
    };
    const continueLater = () => {
      if (
        !scheduled &&
        buffered.length >= 2 &&
        buffered.length >= 2 + peekLength(buffered) &&
        inFlight === 0 &&
        socket.writableLength <= MAX_TCP_UNSENT_BYTES
      ) {
        scheduled = true;
        setImmediate(drain);
      }
      flow();
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      if (buffered.length >= 2 && peekLength(buffered) > MAX_QUERY_BYTES) {
        log.debug({ source, length: peekLength(buffered) }, 'dns tcp message refused: closing');
        socket.destroy();
        return;
      }
      continueLater();
    });
    socket.on('drain', continueLater);
    socket.on('error', (err) => log.debug({ source, err: err.message }, 'dns tcp connection error'));
    socket.on('close', () => {
      clearTimeout(idle);
      sockets.delete(socket);
    });
  });
  tcp.maxConnections = maxConnections;
  tcp.on('drop', (data) =>
    report('dns tcp connection refused: too many connections', { source: data?.remoteAddress, max: maxConnections }),
  );

  // Listening ----------------------------------------------------------------------------
  const failedBeforeListening = (protocol: string) =>
    new Promise<never>((_, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        if (!listening) reject(err.code === 'EADDRINUSE' ? new PortInUseError(protocol, opts.host, opts.port) : err);
      };
      (protocol === 'UDP' ? udp : tcp).once('error', onError);
    });
  tcp.on('error', (err) => listening && report('dns tcp server error', { err }));
  // With port 0 both must share one port: bind UDP first, then TCP on the port it got. That
  // TCP port may be taken (outgoing connections use the same ephemeral range): try another.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    await Promise.race([new Promise<void>((resolve) => udp.bind(opts.port, opts.host, () => resolve())), failedBeforeListening('UDP')]);
    port = udp.address().port;
    try {
      await Promise.race([new Promise<void>((resolve) => tcp.listen(port, opts.host, () => resolve())), failedBeforeListening('TCP')]);
      break;
    } catch (err) {
      udp.close();
      if (!(opts.port === 0 && err instanceof PortInUseError && attempt < EPHEMERAL_BIND_ATTEMPTS)) throw err;
      udp = createUdp();
    }
  }
  listening = true;
  let closed = false;
  udp.on('close', () => (listening = false));
  tcp.on('close', () => (listening = false));
  return {
    udp: { address: opts.host, port },
    tcp: { address: opts.host, port },
    isListening: () => listening,
    close: async () => {
      if (closed) return;
      closed = true;
      listening = false;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

function peekLength(buffered: Buffer): number {
  return buffered.length >= 2 ? buffered.readUInt16BE(0) : Infinity;
}

/** Logs each kind of failure at most once per interval, with how many were not logged. */
function errorReporter(log: Log, now: () => number) {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (kind: string, context: Record<string, unknown>) => {
    const t = now();
    const s = seen.get(kind);
    if (s && t - s.at < ERROR_LOG_INTERVAL_MS) {
      s.suppressed++;
      return;
    }
    log.error({ ...context, suppressedSinceLast: s?.suppressed ?? 0 }, kind);
    seen.set(kind, { at: t, suppressed: 0 });
  };
}
