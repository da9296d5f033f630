// Adapter: the built-in capture mailbox, an SMTP listener (smtp-server) on 127.0.0.1 that
// keeps every message sent to it: the raw bytes fsynced to DATA_DIR/capture/<id>.eml, then a
// CapturedMessage row per recipient domain, then "250 2.0.0 Ok: captured as <id>" (never 250
// before both). A domain added without inbound servers delivers here
// (src/domains/capture-host.ts); the outbox links the row to the delivery through the id in
// the reply (capture-reply.ts).
//
// A recipient outside every managed domain is refused with 550 5.1.2 (RFC 3463 §3.2: bad
// destination system address). smtp-server 3.21 derives an advertised enhanced code from the
// basic code alone (550 is always 5.1.1), so ENHANCEDSTATUSCODES stays hidden (its default)
// and each reply carries its own code in its text.
//
// Pitfalls (stack notes §7): without server.on('error') a client's ECONNRESET kills the
// process; each connection waits ~100 ms before the greeting (smtp-server's fixed early-talker
// check, not configurable), acceptable for a local mailbox.
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import libmime from 'libmime';
import { SMTPServer } from 'smtp-server';
import { TIER_MAX_MESSAGE_MB } from '../accounts/tenant.js';
import type { DbOrTx } from '../db/client.js';
import type { Clock } from '../platform/clock.js';
import type { Log } from '../platform/logger.js';
import { capturedReplyText } from './capture-reply.js';
import type { DeliveryTarget } from './delivery-targets.js';
import { findRecipientDomain } from './recipient-domain.js';
import { recordCapture, type CapturedRecipient } from './record-capture.js';

/**
 * Largest message taken: the largest tier limit (ADVANCED, 150 MB) and 10 MiB for what the
 * relay adds on the way (Received and X- headers, stamps, re-encoded parts).
 */
export const CAPTURE_MAX_MESSAGE_BYTES = TIER_MAX_MESSAGE_MB.ADVANCED * 1024 * 1024 + 10 * 1024 * 1024;
/** Recipients per message (RFC 5321 §4.5.3.1.8 asks for at least 100). */
export const CAPTURE_MAX_RECIPIENTS = 1000;
/** Simultaneous sessions: the outbox opens at most 16 (MAX_CONCURRENT_DELIVERIES). */
export const CAPTURE_MAX_CLIENTS = 100;
/** Bytes read back for Message-ID and Subject; a header section longer than this keeps neither. */
export const CAPTURE_HEADER_SCAN_BYTES = 64 * 1024;
/** A session that says nothing for this long is closed. */
const SOCKET_TIMEOUT_MS = 60_000;
/** close(): sessions still open after this are told 421 and closed. */
const CLOSE_TIMEOUT_MS = 1000;

export interface CaptureSinkOptions {
  db: DbOrTx;
  clock: Clock;
  log: Log;
  dataDir: string;
  /** CAPTURE_SMTP_PORT; 0 takes a free port (read it back with address()). */
  port: number;
  host?: string;
  /** After the rows are committed: the message's file, for its summary (parsed off this thread). */
  onCaptured?: (capturedIds: string[], path: string) => void;
}

export interface CaptureSink {
  /** Where it listens (what the outbox's resolveCaptureTarget returns). */
  address(): DeliveryTarget;
  /** Stops listening; open sessions get 421 after CLOSE_TIMEOUT_MS. Call before closing the database. */
  close(): Promise<void>;
}

function reply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startCaptureSink(opts: CaptureSinkOptions): Promise<CaptureSink> {
  const dir = join(opts.dataDir, 'capture');
  await mkdir(dir, { recursive: true });
  // Recipients accepted in a session's current transaction, by session id.
  const accepted = new Map<string, CapturedRecipient[]>();
  const server = new SMTPServer({
    name: 'capture.rehearsal',
    banner: 'cegp-rehearsal capture mailbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    size: CAPTURE_MAX_MESSAGE_BYTES,
    maxClients: CAPTURE_MAX_CLIENTS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    closeTimeout: CLOSE_TIMEOUT_MS,
    logger: false,
    onMailFrom(_address, session, cb) {
      accepted.set(session.id, []);
      cb();
    },
    onRcptTo(address, session, cb) {
      const list = accepted.get(session.id) ?? [];
      if (list.length >= CAPTURE_MAX_RECIPIENTS) return cb(reply(452, '4.5.3 Too many recipients'));
      findRecipientDomain(opts.db, address.address).then(
        (d) => {
          if (!d) return cb(reply(550, `5.1.2 ${address.address}: not a domain of this rehearsal`));
          list.push({ address: address.address, domainId: d.id, tenantId: d.tenantId });
          accepted.set(session.id, list);
          cb();
        },
        (err) => {
          opts.log.error({ err }, 'capture mailbox: recipient look-up failed');
          cb(reply(451, '4.3.0 Temporary failure, try again'));
        },
      );
    },
    onData(stream, session, cb) {
      const recipients = accepted.get(session.id) ?? [];
      accepted.delete(session.id);
      const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      capture(stream, sender, recipients).then(
        (r) => cb(r.error ?? null, r.error ? undefined : `2.0.0 ${capturedReplyText(r.id!)}`),
        (err) => {
          opts.log.error({ err }, 'capture mailbox: message not kept');
          cb(reply(451, '4.3.0 Temporary failure, message not kept'));
        },
      );
    },
    onClose(session) {
      accepted.delete(session.id);
    },
  });
  server.on('error', (err) => opts.log.warn({ err }, 'capture mailbox: connection error'));

  async function capture(
    stream: NodeJS.ReadableStream & { sizeExceeded?: boolean },
    sender: string,
    recipients: CapturedRecipient[],
  ): Promise<{ id?: string; error?: Error }> {
    const id = randomUUID();
    const tmp = join(dir, `.${id}.tmp`);
    const path = join(dir, `${id}.eml`);
    try {
      // flush: one fsync before close (Node ≥ 20.10; stack notes §3, "Durable write").
      // Past the limit smtp-server keeps reading to the end of DATA; nothing more is written.
      const bounded = new Transform({
        transform(chunk, _enc, done) {
          done(null, stream.sizeExceeded ? undefined : chunk);
        },
      });
      await pipeline(stream, bounded, createWriteStream(tmp, { flush: true }));
      if (stream.sizeExceeded) {
        await rm(tmp, { force: true });
        return { error: reply(552, `5.3.4 Message exceeds the fixed maximum size of ${CAPTURE_MAX_MESSAGE_BYTES} bytes`) };
      }
      await rename(tmp, path);
      await syncDirectory(dir);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const head = await readHead(path);
    const rowIds = await recordCapture(
      { db: opts.db },
      { id, contentPath: path, envelopeSender: sender, recipients, ...head, receivedAt: opts.clock.now() },
    );
    opts.onCaptured?.(rowIds, path);
    opts.log.debug({ capturedId: id, recipients: recipients.length, sizeBytes: head.sizeBytes }, 'message captured');
    return { id };
  }

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const a = server.server.address() as AddressInfo;
  opts.log.info({ host: a.address, port: a.port }, 'capture mailbox listening');
  return {
    address: () => ({ host: a.address, port: a.port }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Size, Message-ID and Subject from the first CAPTURE_HEADER_SCAN_BYTES of the file. */
async function readHead(path: string): Promise<{ sizeBytes: number; messageId: string | null; subject: string }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(size, CAPTURE_HEADER_SCAN_BYTES));
    await fh.read(buf, 0, buf.length, 0);
    const text = buf.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    // Unfold (RFC 5322 §2.2.3), then one header per line.
    const lines = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
    const value = (name: string) => {
      const line = lines.find((l) => l.slice(0, name.length + 1).toLowerCase() === `${name}:`);
      return line === undefined ? null : line.slice(name.length + 1).trim();
    };
    const messageId = value('message-id')?.replace(/^<|>$/g, '') || null;
    const rawSubject = value('subject') ?? '';
    let subject = rawSubject;
    try {
      subject = libmime.decodeWords(Buffer.from(rawSubject, 'latin1').toString('utf8'));
    } catch {
      // An undecodable encoded-word keeps its raw form.
    }
    return { sizeBytes: size, messageId, subject: subject.slice(0, 998) };
  } finally {
    await fh.close();
  }
}
