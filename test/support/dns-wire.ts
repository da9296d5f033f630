// Raw DNS on the wire for hostile-input tests: packets as bytes over real UDP and TCP
// sockets, with no resolver in between to clean them up.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

export function query(name: string, type: dnsPacket.RecordType = 'A', opts: { id?: number; edns?: boolean } = {}): Buffer {
  return dnsPacket.encode({
    id: opts.id ?? 4242,
    type: 'query',
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    additionals: opts.edns
      ? [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: 1232,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          } as dnsPacket.OptAnswer,
        ]
      : [],
  });
}

export interface WireAnswer {
  bytes: Buffer;
  id: number;
  rcode: string;
  tc: boolean;
  qr: boolean;
  answers: number;
  decoded: dnsPacket.DecodedPacket | null;
}

export function readAnswer(bytes: Buffer): WireAnswer {
  const flags = bytes.readUInt16BE(2);
  let decoded: dnsPacket.DecodedPacket | null = null;
  try {
    decoded = dnsPacket.decode(bytes);
  } catch {
    decoded = null;
  }
  const rcodes = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
  return {
    bytes,
    id: bytes.readUInt16BE(0),
    rcode: rcodes[flags & 0xf] ?? String(flags & 0xf),
    tc: (flags & 0x0200) !== 0,
    qr: (flags & 0x8000) !== 0,
    answers: bytes.readUInt16BE(6),
    decoded,
  };
}

/** How long an exchange waits for an answer by default; tests that expect none pass a short timeout. */
const ANSWER_WAIT_MS = 10_000;

/** Sends one datagram and waits for one answer, or null after `timeoutMs` (no answer is an outcome). */
export function udpExchange(
  port: number,
  packet: Buffer,
  opts: { timeoutMs?: number; localAddress?: string } = {},
): Promise<WireAnswer | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const done = (a: WireAnswer | null) => {
      clearTimeout(timer);
      socket.close();
      resolve(a);
    };
    // A generous default: an answer ends the wait at once, and a loaded CI machine may take seconds.
    const timer = setTimeout(() => done(null), opts.timeoutMs ?? ANSWER_WAIT_MS);
    socket.on('message', (msg) => done(readAnswer(msg)));
    socket.bind({ address: opts.localAddress ?? '127.0.0.1', port: 0 }, () => socket.send(packet, port, '127.0.0.1'));
  });
}

/** One TCP connection; `exchange` frames a packet with its length and reads one framed answer. */
export async function tcpConnect(
  port: number,
): Promise<{ socket: net.Socket; exchange(packet: Buffer, timeoutMs?: number): Promise<WireAnswer | null>; closed: Promise<void> }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  let buffered = Buffer.alloc(0);
  const waiters: ((a: WireAnswer) => void)[] = [];
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
      const len = buffered.readUInt16BE(0);
      const msg = buffered.subarray(2, 2 + len);
      buffered = buffered.subarray(2 + len);
      waiters.shift()?.(readAnswer(Buffer.from(msg)));
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    closed,
    exchange: (packet, timeoutMs = ANSWER_WAIT_MS) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), timeoutMs);
        waiters.push((a) => {
          clearTimeout(timer);
          resolve(a);
        });
        const frame = Buffer.alloc(2 + packet.length);
        frame.writeUInt16BE(packet.length, 0);
        packet.copy(frame, 2);
        socket.write(frame);
      }),
  };
}
