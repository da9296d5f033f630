// Adapter: the relay's SMTP listener (smtp-server), the tenant's CEGP inbound host
// (<cid>.in.<regional host>, which the mock DNS answers with this listener's address).
// RCPT TO decides who the message is for; DATA streams into the spool; 250 is sent only
// once the file is fsynced and the message registered (accept-queue.ts). Processing (the
// policy engine) happens after the 250, off this path (message-processor.ts).
//
// smtp-server facts this relies on (stack notes §3, §7): without an 'error' listener a
// client's ECONNRESET ends the process; it only flags an oversized message and keeps
// streaming, so the spool stops writing past the limit itself; ENHANCEDSTATUSCODES must be
// unhidden; it adds no Received: header.
import { hostname } from 'node:os';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Log } from '../platform/logger.js';
import type { AcceptQueue } from './accept-queue.js';
import { MAX_MESSAGE_BYTES, type RecipientDirectory, type RecipientDomain } from './recipient-directory.js';
import { queuedText, smtpError } from './smtp-replies.js';
import type { Spool } from './spool.js';

/** Recipients per message (docs/cegp/policies-and-content-filtering.md §8: 500 inbound and outbound). */
export const MAX_RECIPIENTS = 500;
/** Sessions at once. The benchmark uses 20; 200 leaves room for real clients while bounding sockets and spool writes. */
export const MAX_CLIENTS = 200;
/** An idle session is closed after this (RFC 5321 §4.5.3.2 suggests minutes for the server side). */
export const SOCKET_TIMEOUT_MS = 5 * 60 * 1000;
/**
 * On stop, sessions get this long to finish before they are cut (smtp-server's default is
 * 30 s). The process must stop within its 4 s deadline (main.ts); a client cut mid-DATA got
 * no 250 and sends again.
 */
export const CLOSE_TIMEOUT_MS = 1_000;

export interface SmtpListenerOptions {
  host: string;
  port: number;
  log: Log;
  directory: RecipientDirectory;
  spool: Spool;
  accept: AcceptQueue;
  /** Called after the 250 with the message registered (the processor takes it from here). */
  onAccepted(mailId: string): void;
  /** Per message: a chunk observer that returns a refusal reason (MIME part count / depth), or null. */
  structureCheck?: () => (chunk: Buffer) => string | null;
  /** The name in the greeting and in Received: headers. */
  name?: string;
}

export interface SmtpListener {
  listen(): Promise<{ host: string; port: number }>;
  address(): { host: string; port: number } | null;
  close(): Promise<void>;
}

interface Transaction {
  domain: RecipientDomain | null;
}

export function createSmtpListener(opts: SmtpListenerOptions): SmtpListener {
  const name = opts.name ?? hostname();
  const transactions = new WeakMap<object, Transaction>();
  const txn = (session: SMTPServerSession): Transaction => {
    const known = transactions.get(session.envelope);
    if (known) return known;
    const t: Transaction = { domain: null };
    transactions.set(session.envelope, t);
    return t;
  };
  const server = new SMTPServer({
    name,
    banner: 'cegp-rehearsal',
    size: MAX_MESSAGE_BYTES,
    maxRecipients: MAX_RECIPIENTS,
    maxClients: MAX_CLIENTS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    closeTimeout: CLOSE_TIMEOUT_MS,
    // TLS and authentication are the next issue's (outbound relay); until then no AUTH, no STARTTLS.
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    hideENHANCEDSTATUSCODES: false,
    hide8BITMIME: false,
    hideSMTPUTF8: false,
    hidePIPELINING: false,
    logger: false,
    async onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      try {
        const domain = await opts.directory.lookup(address.address);
        if (!domain) return callback(smtpError('RECIPIENT_NOT_MANAGED'));
        const t = txn(session);
        if (t.domain && t.domain.tenantId !== domain.tenantId) return callback(smtpError('OTHER_TENANT'));
        const args = (session.envelope.mailFrom || null)?.args;
        const declared = Number((args || null)?.SIZE ?? 0);
        if (declared > domain.maxMessageBytes) return callback(smtpError('MESSAGE_TOO_BIG', `limit ${domain.maxMessageBytes} bytes`));
        t.domain ??= domain;
        callback();
      } catch (err) {
        opts.log.error({ err }, 'recipient lookup failed');
        callback(smtpError('LOCAL_ERROR'));
      }
    },
    onData(stream, session, callback) {
      void receive(stream, session).then(
        (reply) => callback(null, reply),
        (err: Error) => callback(err),
      );
    },
  });

  const receive = async (stream: NodeJS.ReadableStream, session: SMTPServerSession): Promise<string> => {
    const t = txn(session);
    const domain = t.domain;
    if (!domain) throw smtpError('LOCAL_ERROR');
    const remote = session.remoteAddress;
    const sender = (session.envelope.mailFrom || null)?.address ?? '';
    const recipients = session.envelope.rcptTo.map((r) => r.address);
    let written;
    try {
      written = await opts.spool.write(stream as import('node:stream').Readable, {
        maxBytes: domain.maxMessageBytes,
        observe: opts.structureCheck?.(),
        prepend: (mailId) => receivedHeader({ name, helo: session.hostNameAppearsAs, remote, mailId, recipients, at: new Date() }),
      });
    } catch (err) {
      opts.log.error({ err, sessionId: session.id }, 'spool write failed');
      throw smtpError('LOCAL_ERROR');
    }
    if (!written.ok) {
      opts.log.info({ sessionId: session.id, bytes: written.sizeBytes, reason: written.reason }, 'message refused');
      throw written.reason === 'TOO_BIG'
        ? smtpError('MESSAGE_TOO_BIG', `limit ${domain.maxMessageBytes} bytes`)
        : smtpError('MIME_TOO_COMPLEX', written.detail);
    }
    try {
      await opts.accept.accept({
        mailId: written.mailId,
        tenantId: domain.tenantId,
        direction: 'INBOUND',
        envelopeSender: sender,
        envelopeRecipients: recipients,
        sizeBytes: written.sizeBytes,
        sourceIp: remote ?? null,
        receivedAt: new Date(),
      });
    } catch {
      await opts.spool.remove(written.path).catch(() => undefined);
      throw smtpError('LOCAL_ERROR');
    }
    opts.onAccepted(written.mailId);
    opts.log.debug({ sessionId: session.id, mailId: written.mailId, bytes: written.sizeBytes }, 'message accepted');
    return queuedText(written.mailId);
  };

  withEnhancedCodes(server);
  server.on('error', (err: NodeJS.ErrnoException) => {
    // A client that resets its connection is ordinary; anything else is worth a line.
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ETIMEDOUT') opts.log.debug({ err }, 'smtp client error');
    else opts.log.warn({ err }, 'smtp error');
  });

  let bound: { host: string; port: number } | null = null;
  return {
    listen: () =>
      new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.server.once('error', onError);
        server.listen(opts.port, opts.host, () => {
          server.server.off('error', onError);
          const a = server.server.address() as import('node:net').AddressInfo;
          bound = { host: opts.host, port: a.port };
          resolve(bound);
        });
      }),
    address: () => bound,
    close: () =>
      new Promise<void>((resolve) => {
        if (!bound) return resolve();
        bound = null;
        server.close(() => resolve());
      }),
  };
}

/**
 * smtp-server derives a hook error's enhanced code from its reply code alone (550 → 5.1.1,
 * 452 → 4.2.2, 552 → 5.2.2). Our errors carry the right one at the start of their text
 * (smtp-replies.ts): each connection's send() is wrapped to send that code instead of the
 * derived one, and none at all to a client that did not say EHLO (RFC 2034 §3). Per server
 * instance, through its connection set: nothing global is changed.
 */
function withEnhancedCodes(server: SMTPServer): void {
  const internals = server as unknown as { connections: Set<ConnectionInternals> };
  const add = internals.connections.add.bind(internals.connections);
  internals.connections.add = (conn: ConnectionInternals) => {
    const send = conn.send.bind(conn);
    conn.send = (code: number, data: unknown, context?: unknown) => {
      const m = typeof data === 'string' ? /^([245]\.\d{1,3}\.\d{1,3}) ([\s\S]*)$/.exec(data) : null;
      if (!m) return send(code, data, context);
      return send(code, conn._useEnhancedStatusCodes() ? data : m[2], false);
    };
    return add(conn);
  };
}

interface ConnectionInternals {
  send(code: number, data: unknown, context?: unknown): unknown;
  _useEnhancedStatusCodes(): boolean;
}

/** RFC 5321 §4.4 trace field; one recipient is named only when there is one (privacy, as Postfix). */
function receivedHeader(r: { name: string; helo: string; remote: string; mailId: string; recipients: string[]; at: Date }): string {
  const helo = r.helo.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || 'unknown';
  const forClause = r.recipients.length === 1 ? `\r\n\tfor <${r.recipients[0]!.replace(/[^\x21-\x7e]/g, '')}>` : '';
  return `Received: from ${helo} ([${r.remote}])\r\n\tby ${r.name} (cegp-rehearsal) with ESMTP id ${r.mailId}${forClause};\r\n\t${r.at.toUTCString().replace('GMT', '+0000')}\r\n`;
}
