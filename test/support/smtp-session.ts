// A plain SMTP client over a real socket, for tests that must see the exact replies
// (codes, enhanced codes, EHLO keywords), which nodemailer and swaks summarise.
import { connect, type Socket } from 'node:net';

export interface SmtpReplyLine {
  code: number;
  /** The reply's lines without the code and separator. */
  lines: string[];
  /** The whole reply as sent, lines joined by "\n". */
  text: string;
}

export interface SmtpSession {
  greeting: SmtpReplyLine;
  command(line: string): Promise<SmtpReplyLine>;
  /** Sends DATA, then the message (dot-stuffed here) and the final dot; returns the reply after the dot. */
  data(message: Buffer | string): Promise<SmtpReplyLine>;
  /** Writes raw bytes (no reply awaited). */
  write(bytes: Buffer | string): void;
  nextReply(): Promise<SmtpReplyLine>;
  socket: Socket;
  close(): void;
}

export async function openSmtpSession(port: number, host = '127.0.0.1'): Promise<SmtpSession> {
  const socket = connect(port, host);
  let buffer = '';
  const waiting: ((r: SmtpReplyLine) => void)[] = [];
  const ready: SmtpReplyLine[] = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      const m = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/.exec(buffer);
      if (!m) break;
      buffer = buffer.slice(m[0].length);
      const raw = m[0].trimEnd().split(/\r?\n/);
      const reply = { code: Number(raw[raw.length - 1]!.slice(0, 3)), lines: raw.map((l) => l.slice(4)), text: raw.join('\n') };
      const w = waiting.shift();
      if (w) w(reply);
      else ready.push(reply);
    }
  });
  socket.on('error', () => undefined);
  const nextReply = () =>
    new Promise<SmtpReplyLine>((resolve, reject) => {
      const r = ready.shift();
      if (r) return resolve(r);
      waiting.push(resolve);
      socket.once('close', () => reject(new Error(`connection closed; unparsed: ${buffer}`)));
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const greeting = await nextReply();
  const command = (line: string) => {
    socket.write(`${line}\r\n`);
    return nextReply();
  };
  return {
    greeting,
    socket,
    nextReply,
    write: (bytes) => void socket.write(bytes),
    command,
    async data(message) {
      const go = await command('DATA');
      if (go.code !== 354) return go;
      const text = Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8');
      const stuffed = text.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
      socket.write(Buffer.from(stuffed.endsWith('\r\n') ? stuffed : `${stuffed}\r\n`, 'latin1'));
      socket.write('.\r\n');
      return nextReply();
    },
    close: () => socket.destroy(),
  };
}
