// A real SMTP server on 127.0.0.1 port 0 for delivery tests: it answers each RCPT TO and
// DATA as the test says (250, 451, 550 …) and keeps what it accepted, raw bytes included.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface SinkReply {
  code: number;
  message: string;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface TestSmtpSink {
  host: string;
  port: number;
  received: ReceivedMail[];
  /** The reply to RCPT TO of an address: null accepts it. */
  rcpt: (address: string) => SinkReply | null;
  /** The reply after DATA: null accepts with "250 2.0.0 Ok". */
  data: () => SinkReply | null;
  close(): Promise<void>;
}

function smtpError(r: SinkReply): Error {
  return Object.assign(new Error(r.message), { responseCode: r.code });
}

export async function startTestSmtpSink(opts: { port?: number } = {}): Promise<TestSmtpSink> {
  const sink: TestSmtpSink = {
    host: '127.0.0.1',
    port: 0,
    received: [],
    rcpt: () => null,
    data: () => null,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    // Codes hidden (smtp-server's default) so a reply carries exactly the enhanced code the test wrote.
    logger: false,
    closeTimeout: 100,
    onRcptTo(address, _session, cb) {
      const r = sink.rcpt(address.address);
      cb(r ? smtpError(r) : null);
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const r = sink.data();
        if (r) return cb(smtpError(r));
        sink.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks),
        });
        cb(null);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** A port nothing listens on (bound, read, released): connections to it are refused. */
export async function refusedPort(): Promise<number> {
  const net = await import('node:net');
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
