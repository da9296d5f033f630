// A plain SMTP client over one socket, for what smtp-source cannot do: time each message
// from the end of its data to the reply (the latency probe), and stream a file of tens of
// megabytes as one message (the large-message part). One transaction at a time, no
// pipelining, replies parsed as RFC 5321 §4.2 says (multi-line "250-…", last line "250 …").
import { createReadStream } from 'node:fs';
import { connect, type Socket } from 'node:net';

export interface SmtpReply {
  code: number;
  /** The whole reply, lines joined by "\n". */
  text: string;
}

export interface MessageResult {
  /** The reply after the final dot (or the first refusal: MAIL, RCPT or DATA). */
  reply: SmtpReply;
  /** End of data written → reply read, in ms (null when refused before the data). */
  latencyMs: number | null;
  /** "queued as <id>" of a 250: the relay's mail id. */
  mailId: string | null;
}

export interface SmtpClient {
  /** One message: `data` already in wire form (CRLF lines, dot-stuffed, ending in CRLF). */
  send(from: string, to: string, data: Buffer): Promise<MessageResult>;
  /** The same, streamed from a file in wire form (a 50 MB message is never in memory whole). */
  sendFile(from: string, to: string, path: string): Promise<MessageResult>;
  close(): void;
}

/** Bound on one reply: far above any answer a working server gives, so only a hung one is cut. */
export const REPLY_TIMEOUT_MS = 120_000;
/** Bound on the unparsed reply text: a server that sends no line end is not an SMTP server. */
const MAX_REPLY_BUFFER = 64 * 1024;
const REPLY = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/;
const QUEUED_AS = /queued as ([0-9a-f-]{36})/;

export async function openSmtpClient(host: string, port: number, helo = 'bench.example'): Promise<SmtpClient> {
  const socket: Socket = connect(port, host);
  socket.setNoDelay(true);
  let buffer = '';
  let failure: Error | null = null;
  const waiting: { resolve: (r: SmtpReply) => void; reject: (e: Error) => void }[] = [];
  const ready: SmtpReply[] = [];
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.splice(0)) w.reject(err);
  };
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let m = REPLY.exec(buffer); m; m = REPLY.exec(buffer)) {
      buffer = buffer.slice(m[0].length);
      const lines = m[0].trimEnd().split(/\r?\n/);
      const reply = { code: Number(lines[lines.length - 1]!.slice(0, 3)), text: lines.join('\n') };
      const w = waiting.shift();
      if (w) w.resolve(reply);
      else ready.push(reply);
    }
    if (buffer.length > MAX_REPLY_BUFFER) fail(new Error('the server sent a reply without a line end'));
  });
  socket.on('error', (err) => fail(err));
  socket.on('close', () => fail(new Error('the server closed the connection')));
  const nextReply = () =>
    new Promise<SmtpReply>((resolve, reject) => {
      const r = ready.shift();
      if (r) return resolve(r);
      if (failure) return reject(failure);
      const timer = setTimeout(() => reject(new Error(`no reply within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      waiting.push({
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const command = (line: string) => {
    socket.write(`${line}\r\n`);
    return nextReply();
  };
  const greeting = await nextReply();
  if (greeting.code !== 220) throw new Error(`greeting: ${greeting.text}`);
  const ehlo = await command(`EHLO ${helo}`);
  if (ehlo.code !== 250) throw new Error(`EHLO: ${ehlo.text}`);

  const transaction = async (from: string, to: string, writeData: () => Promise<void>): Promise<MessageResult> => {
    for (const line of [`MAIL FROM:<${from}>`, `RCPT TO:<${to}>`]) {
      const r = await command(line);
      if (r.code !== 250) {
        await command('RSET');
        return { reply: r, latencyMs: null, mailId: null };
      }
    }
    const go = await command('DATA');
    if (go.code !== 354) return { reply: go, latencyMs: null, mailId: null };
    await writeData();
    const end = performance.now();
    const reply = await nextReply();
    return { reply, latencyMs: performance.now() - end, mailId: reply.code === 250 ? (QUEUED_AS.exec(reply.text)?.[1] ?? null) : null };
  };
  const write = (bytes: Buffer | string) =>
    new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));

  return {
    send: (from, to, data) =>
      transaction(from, to, async () => {
        // One write: the data and the final dot leave together, as a client's last packet.
        socket.write(Buffer.concat([data, Buffer.from('.\r\n')]));
      }),
    sendFile: (from, to, path) =>
      transaction(from, to, async () => {
        for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
          if (!socket.write(chunk as Buffer)) await new Promise((r) => socket.once('drain', r));
        }
        await write('.\r\n');
      }),
    close: () => {
      socket.end('QUIT\r\n');
      socket.destroy();
    },
  };
}
