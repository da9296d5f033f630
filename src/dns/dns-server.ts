// Adapter: the mock DNS server on UDP and TCP (dns2). It decodes a question, asks the pure
// answer function, and encodes the reply. dns2 quirks handled here (stack notes §4):
// TXT strings are split at 255 octets before encoding, EDNS is echoed by hand, and
// Packet.RCODE is missing from its types.
import dns2 from 'dns2';
import { isIPv6 } from 'node:net';
import type { Db } from '../db/client.js';
import type { Log } from '../platform/logger.js';
import { answerQuestion, type Answer, type AnswerRecord, type Rcode } from './answer.js';
import type { RelayAddresses } from './regional-zone.js';
import { zoneForQuestion } from './zone-source.js';

const { Packet } = dns2;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const P = Packet as any;
const RCODES: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };
const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(P.TYPE as Record<string, number>).map(([k, v]) => [v, k]));

export interface DnsServerOptions {
  db: Db;
  log: Log;
  host: string;
  port: number;
  relay: RelayAddresses;
}

export interface RunningDnsServer {
  udp: { address: string; port: number };
  tcp: { address: string; port: number };
  isListening(): boolean;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly protocol: string, readonly host: string, readonly port: number) {
    super(`${protocol} ${host}:${port} is already in use`);
  }
}

export async function startDnsServer(opts: DnsServerOptions): Promise<RunningDnsServer> {
  let listening = false;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const server: any = dns2.createServer({
    udp: { type: isIPv6(opts.host) ? 'udp6' : 'udp4' },
    tcp: true,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    handle: (request: any, send: (r: any) => void) => {
      void respond(opts, request).then(send, (err: unknown) => {
        opts.log.error({ err }, 'dns answer failed');
        const res = Packet.createResponseFromRequest(request);
        res.header.rcode = RCODES.SERVFAIL;
        send(res);
      });
    },
  });
  // A malformed packet is dropped by dns2 before our handler (requestError); log it only.
  server.on('requestError', (err: Error) => opts.log.debug({ err: err.message }, 'dns request could not be parsed'));
  const failed = new Promise<never>((_, reject) => {
    server.on('error', (err: NodeJS.ErrnoException, protocol: string) => {
      if (!listening) reject(err.code === 'EADDRINUSE' ? new PortInUseError(protocol.toUpperCase(), opts.host, opts.port) : err);
      else opts.log.error({ err, protocol }, 'dns server error');
    });
  });
  // With port 0 the UDP and TCP sockets must share one port: bind UDP first, then TCP on it.
  const udpServer = server.servers.udp;
  const tcpServer = server.servers.tcp;
  await Promise.race([new Promise<void>((resolve) => udpServer.bind(opts.port, opts.host, () => resolve())), failed]);
  const udpPort = udpServer.address().port as number;
  await Promise.race([new Promise<void>((resolve) => tcpServer.listen(udpPort, opts.host, () => resolve())), failed]);
  listening = true;
  let closed = false;
  udpServer.on('close', () => (listening = false));
  tcpServer.on('close', () => (listening = false));
  return {
    udp: { address: opts.host, port: udpPort },
    tcp: { address: opts.host, port: tcpServer.address().port },
    isListening: () => listening,
    close: async () => {
      if (closed) return;
      closed = true;
      listening = false;
      await new Promise<void>((resolve) => udpServer.close(() => resolve()));
      await new Promise<void>((resolve) => tcpServer.close(() => resolve()));
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function respond(opts: DnsServerOptions, request: any) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const res: any = Packet.createResponseFromRequest(request);
  const question = request.questions?.[0];
  const edns = (request.additionals ?? []).some((r: { type: number }) => r.type === P.TYPE.EDNS);
  if (edns) res.additionals.push(P.Resource.EDNS([]));
  if (!question || request.questions.length !== 1 || question.class !== P.CLASS.IN) {
    res.header.rcode = RCODES[question ? 'REFUSED' : 'FORMERR'];
    return res;
  }
  const qname = String(question.name).toLowerCase().replace(/\.$/, '');
  const qtype = TYPE_NAMES[question.type] ?? `TYPE${question.type}`;
  const zone = await zoneForQuestion(opts.db, qname, opts.relay);
  const answer: Answer = answerQuestion(qname, qtype, zone);
  res.header.aa = answer.authoritative ? 1 : 0;
  res.header.rcode = RCODES[answer.rcode];
  res.answers.push(...answer.answers.map(encode));
  res.authorities.push(...answer.authorities.map(encode));
  opts.log.debug({ qname, qtype, rcode: answer.rcode, answers: answer.answers.length }, 'dns query');
  return res;
}

function encode(r: AnswerRecord) {
  const base = { name: r.name, type: P.TYPE[r.type], class: P.CLASS.IN, ttl: r.ttl };
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return { ...base, address: r.address };
    case 'CNAME':
      return { ...base, domain: r.domain };
    case 'NS':
      return { ...base, ns: r.ns };
    case 'MX':
      return { ...base, exchange: r.exchange, priority: r.priority };
    case 'TXT':
      return { ...base, data: r.strings.map((s) => Buffer.from(s, 'utf8')) };
    case 'SOA':
      return { ...base, primary: r.primary, admin: r.admin, serial: r.serial, refresh: r.refresh, retry: r.retry, expiration: r.expiration, minimum: r.minimum };
  }
}
