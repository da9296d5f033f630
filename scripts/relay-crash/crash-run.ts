// The relay's crash-safety check: a real server (`npm start`'s command, its own DATA_DIR and
// SQLite file) receives messages with unique Message-IDs from concurrent nodemailer clients;
// once `killAtAcked` of them got their 250 it is killed with SIGKILL in the middle of the
// load, started again on the same DATA_DIR, and left to finish what it had accepted. Then:
//   - every acknowledged message is there: its MailMessage row (by the mail id its 250
//     named), with that Message-ID (MailMessage.messageId once processed; before the
//     processing threads existed, in its spool file);
//   - none is there twice: one row per Message-ID, and no recipient row written twice (a
//     message processed twice would have written its recipients again);
//   - none is left unprocessed (when the build records processedAt).
// A message stored whose 250 never reached the client is allowed (the client sends it again:
// SMTP is at-least-once, RFC 5321 §6.1) and counted. No timing decides anything: the kill
// follows a count of acknowledgments, every wait is for a state, each with a bound.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readdirSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { exited, startServer, type BenchServer, type Children } from '../bench/bench-server.js';
import { call } from '../bench/graphql/seed.js';
import { openMailDb, type MailDb } from '../bench/relay/mail-db.js';

export interface CrashCheckOptions {
  messages: number;
  clients: number;
  /** Kill the server once this many messages were acknowledged (must be < messages). */
  killAtAcked: number;
  /** Progress lines (the CLI prints them; the test ignores them). */
  log?: (line: string) => void;
}

export interface CrashCheckResult {
  passed: boolean;
  /** Messages the clients were told are accepted (250). */
  acknowledged: number;
  /** Sends that failed (refused, or cut by the kill): the client keeps those. */
  failed: number;
  killedMidLoad: boolean;
  /** Received rows after the restart, and of those stored without their 250 reaching the client. */
  rows: number;
  storedWithoutAck: number;
  /** Acknowledged messages with no row, or whose row / spool file holds another Message-ID. */
  lost: number;
  mismatched: number;
  /** Message-IDs stored more than once; recipient rows written more than once. */
  duplicates: number;
  processedTwice: number;
  /** Acknowledged messages without processedAt once the wait ended; null when the build does not record it. */
  unprocessed: number | null;
  processingRecorded: boolean;
  /** Half-written files left in spool/tmp after the restart. */
  tmpLeftovers: number;
  /** Up to a few lost or mismatched Message-IDs, for the report. */
  examples: string[];
}

const DOMAIN = 'crash-check.example';
const RECIPIENT = `user@${DOMAIN}`;
const SENDER = 'sender@outside.example';
/** Bound on the wait for the restarted server to process what it had accepted. */
export const PROCESS_WAIT_MS = 300_000;
/** A processor that has processed nothing more for this long has stopped: the check reports what is left. */
export const STALL_MS = 60_000;
const POLL_MS = 200;
/** The Message-ID is in the first lines of the spool file (after the relay's Received:). */
const HEAD_BYTES = 8_192;
const MESSAGE_ID_HEADER = /^Message-ID:\s*<([^>\r\n]+)>/im;
const QUEUED_AS = /queued as ([0-9a-f-]{36})/;

function message(id: string, n: number): string {
  const body = `Message ${n} of the relay crash check.\r\n`.repeat(40);
  return `From: <${SENDER}>\r\nTo: <${RECIPIENT}>\r\nSubject: crash check ${n}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${body}`;
}

async function addDomain(server: BenchServer): Promise<void> {
  const api = { url: server.url, tenant: null };
  const r = await call(api, `mutation($i: SetDnsRecordInput!) { setDnsRecord(input: $i) { userErrors { code message } } }`, {
    i: { name: DOMAIN, type: 'MX', priority: 10, value: `mail.${DOMAIN}` },
  });
  if (r.setDnsRecord.userErrors.length) throw new Error(`setDnsRecord: ${JSON.stringify(r.setDnsRecord.userErrors)}`);
  const d = await call(api, `mutation($i: AddDomainInput!) { addDomain(input: $i) { userErrors { code message } } }`, {
    i: { name: DOMAIN },
  });
  if (d.addDomain.userErrors.length) throw new Error(`addDomain: ${JSON.stringify(d.addDomain.userErrors)}`);
}

/** Sends from `clients` connections until the server dies or every message went out; kills it at the count. */
async function sendUntilKilled(
  server: BenchServer,
  o: CrashCheckOptions,
  tag: string,
): Promise<{ acked: Map<string, string>; failed: number }> {
  const acked = new Map<string, string>();
  let failed = 0;
  let next = 0;
  let killed = false;
  const client = async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    try {
      while (!killed && next < o.messages) {
        const n = next++;
        const id = `crash-${tag}-${n}@${DOMAIN}`;
        try {
          const info = await transport.sendMail({ envelope: { from: SENDER, to: [RECIPIENT] }, raw: message(id, n) });
          const mailId = QUEUED_AS.exec(info.response)?.[1];
          if (!mailId) throw new Error(`a 250 without a mail id: ${info.response}`);
          // Any 250 that arrived is an acknowledgment, also one read after the kill was sent.
          acked.set(id, mailId);
          if (!killed && acked.size >= o.killAtAcked) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } catch {
          failed++;
        }
      }
    } finally {
      transport.close();
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  if (!killed) server.child.kill('SIGKILL');
  await exited(server.child);
  return { acked, failed };
}

async function waitProcessed(db: MailDb): Promise<void> {
  if (!db.hasProcessedAt) return;
  let last = -1;
  let progressAt = Date.now();
  for (const until = Date.now() + PROCESS_WAIT_MS; Date.now() < until; await new Promise((r) => setTimeout(r, POLL_MS))) {
    const c = db.counts();
    if (c.processed === c.received) return;
    if (c.processed !== last) {
      last = c.processed ?? 0;
      progressAt = Date.now();
    } else if (Date.now() - progressAt > STALL_MS) return;
  }
}

/** The Message-ID in a spool file's head, or null when the file is gone or has none. */
function spooledMessageId(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return MESSAGE_ID_HEADER.exec(buf.subarray(0, n).toString('latin1'))?.[1] ?? null;
  } finally {
    closeSync(fd);
  }
}

function compare(db: MailDb, dataDir: string, acked: Map<string, string>, failed: number, o: CrashCheckOptions): CrashCheckResult {
  const rows = db.rows();
  const spool = join(dataDir, 'spool');
  const idOf = (r: (typeof rows)[number]) =>
    db.hasProcessedAt && r.processedAt != null ? r.messageId : spooledMessageId(join(spool, `${r.mailId}.eml`));
  const ids = new Map(rows.map((r) => [r.mailId, idOf(r)]));
  const perId = new Map<string, number>();
  for (const id of ids.values()) if (id) perId.set(id, (perId.get(id) ?? 0) + 1);
  const ackedMailIds = new Set(acked.values());
  let lost = 0;
  let mismatched = 0;
  let unprocessed = 0;
  const examples: string[] = [];
  for (const [messageId, mailId] of acked) {
    const row = db.byMailId(mailId);
    if (!row) {
      lost++;
      if (examples.length < 5) examples.push(`lost: ${messageId} (mail id ${mailId})`);
      continue;
    }
    if (db.hasProcessedAt && row.processedAt == null) unprocessed++;
    if (ids.get(mailId) !== messageId) {
      mismatched++;
      if (examples.length < 5) examples.push(`mismatched: ${messageId} → ${ids.get(mailId) ?? 'none'} (mail id ${mailId})`);
    }
  }
  let tmpLeftovers = 0;
  try {
    tmpLeftovers = readdirSync(join(spool, 'tmp')).length;
  } catch {
    // no tmp directory: nothing left
  }
  const duplicates = [...perId.values()].filter((n) => n > 1).length;
  const processedTwice = db.duplicateRecipientRows();
  const killedMidLoad = acked.size >= o.killAtAcked && acked.size < o.messages;
  return {
    passed:
      acked.size > 0 && killedMidLoad && lost === 0 && mismatched === 0 && duplicates === 0 && processedTwice === 0 && unprocessed === 0,
    acknowledged: acked.size,
    failed,
    killedMidLoad,
    rows: rows.length,
    storedWithoutAck: rows.filter((r) => !ackedMailIds.has(r.mailId)).length,
    lost,
    mismatched,
    duplicates,
    processedTwice,
    unprocessed: db.hasProcessedAt ? unprocessed : null,
    processingRecorded: db.hasProcessedAt,
    tmpLeftovers,
    examples,
  };
}

export async function runRelayCrashCheck(children: Children, o: CrashCheckOptions): Promise<CrashCheckResult> {
  if (!(o.killAtAcked > 0 && o.killAtAcked < o.messages)) throw new Error('killAtAcked must be between 1 and messages − 1');
  const log = o.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'cegp-relay-crash-'));
  const forget = children.atExit(() => rmSync(dataDir, { recursive: true, force: true }));
  let server: BenchServer | null = null;
  try {
    server = await startServer(children, { entry: 'src/main.ts', env: {}, dataDir });
    log(`server: ${server.commandLine} (pid ${server.pid}, DATA_DIR ${dataDir})`);
    await addDomain(server);
    const tag = randomBytes(4).toString('hex');
    const { acked, failed } = await sendUntilKilled(server, o, tag);
    log(`killed (SIGKILL) after ${acked.size} acknowledged of ${o.messages}; ${failed} sends failed`);
    server = await startServer(children, { entry: 'src/main.ts', env: {}, dataDir });
    log(`restarted on the same DATA_DIR (pid ${server.pid})`);
    const file = join(dataDir, 'cegp-rehearsal.db');
    const live = openMailDb(file);
    try {
      await waitProcessed(live);
    } finally {
      live.close();
    }
    // Compared once the server has stopped: nothing changes under the comparison.
    await server.stop();
    server = null;
    const db = openMailDb(file);
    try {
      return compare(db, dataDir, acked, failed, o);
    } finally {
      db.close();
    }
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    forget();
  }
}
