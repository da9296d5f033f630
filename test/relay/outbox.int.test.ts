// The outbox on a real database with real SMTP servers on loopback: due rows are delivered
// and recorded, 4xx waits for its retry (time moved by the clock, never slept), 5xx and
// expiry bounce to the sender (never for the null sender), a server that never answers
// holds only its own slots, and a new outbox on the same database carries on.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { CAPTURE_HOST } from '../../src/domains/capture-host.js';
import { createLogger } from '../../src/platform/logger.js';
import type { BounceInput } from '../../src/relay/bounce-input.js';
import { startCaptureSink, type CaptureSink } from '../../src/relay/capture-sink.js';
import {
  CLAIM_LEASE_SECONDS,
  createOutbox,
  DUE_ROWS_PER_PASS,
  MAX_DELIVERIES_PER_TARGET,
  type Outbox,
  type OutboxContext,
} from '../../src/relay/outbox.js';
import { newMailId } from '../../src/relay/record-delivery.js';
import { describeEachDatabase } from '../support/databases.js';
import { refusedPort, startTestSmtpSink, type TestSmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const log = createLogger({ level: 'silent', format: 'json' });
const MINUTE = 60_000;

describeEachDatabase('outbox', (kind) => {
  let t: TestApp;
  let db: Db;
  let tenantId: string;
  let sink: TestSmtpSink;
  let capture: CaptureSink;
  let silent: net.Server;
  const held: net.Socket[] = [];
  let now = new Date('2026-12-01T09:00:00Z');
  const clock = { now: () => now };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const bounces: BounceInput[] = [];
  const finals: string[] = [];
  const outboxes: Outbox[] = [];

  // A DSN builder standing in for build-bounce.ts: a small message naming the failures.
  const buildBounce = async (b: BounceInput) => {
    bounces.push(b);
    await writeFile(
      b.outPath,
      `From: MAILER-DAEMON@${b.reportingMta}\r\nSubject: Undelivered\r\n\r\n${b.recipients.map((r) => `${r.address} ${r.status}`).join('\r\n')}\r\n`,
    );
  };

  const outbox = (over: Partial<OutboxContext> = {}) => {
    const o = createOutbox({
      db,
      dbKind: kind,
      clock,
      log,
      dataDir: t.db.dataDir,
      config: { retryBaseSeconds: 60, queueLifetimeHours: 240, deliveryTimeoutMs: 30_000 },
      reportingMta: 'rehearsal.in.tmems-jp.trendmicro.com',
      resolveCaptureTarget: () => capture.address(),
      buildBounce,
      onMessageFinal: (id) => finals.push(id),
      ...over,
    });
    outboxes.push(o);
    return o;
  };

  const addDomain = (name: string, host: string, port: number) =>
    db.domain.create({
      data: {
        tenantId,
        name,
        verificationToken: 'x',
        inboundServers: { create: [{ position: 0, recipient: '*', host, port, preference: 10 }] },
      },
    });

  /** A message as the relay accepts it: spool file, MailMessage, one due MailRecipient row per recipient. */
  const queue = async (from: string, to: string[], opts: { subject?: string } = {}) => {
    const mailId = newMailId();
    const dir = join(t.db.dataDir, 'spool');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${mailId}.eml`);
    const raw = `From: ${from || 'nobody@example.net'}\r\nTo: ${to.join(', ')}\r\nSubject: ${opts.subject ?? 'test'}\r\nMessage-ID: <${mailId}@example.net>\r\n\r\nHello.\r\n`;
    writeFileSync(path, raw);
    const m = await db.mailMessage.create({
      data: {
        tenantId,
        mailId,
        messageId: `${mailId}@example.net`,
        direction: 'INBOUND',
        envelopeSender: from,
        envelopeRecipients: to,
        sizeBytes: raw.length,
        receivedAt: now,
        recipients: { create: to.map((a) => ({ address: a, originalAddress: a, contentPath: path, nextAttemptAt: now })) },
      },
    });
    return { id: m.id, raw, path };
  };
  const rowsOf = (mailMessageId: string) => db.mailRecipient.findMany({ where: { mailMessageId }, orderBy: { address: 'asc' } });
  const messageOf = (id: string) => db.mailMessage.findUniqueOrThrow({ where: { id } });
  const run = async (o: Outbox) => {
    o.kick();
    await o.idle();
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    db = t.app.database.client;
    tenantId = await t.app.defaultTenantId();
    sink = await startTestSmtpSink();
    capture = await startCaptureSink({ db, clock, log, dataDir: t.db.dataDir, port: 0 });
    // Accepts connections and never says a word.
    silent = net.createServer((s) => {
      s.on('error', () => undefined);
      held.push(s);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentPort = (silent.address() as net.AddressInfo).port;
    await addDomain('ok.example', sink.host, sink.port);
    await addDomain('sender.example', sink.host, sink.port);
    await addDomain('captured.example', CAPTURE_HOST, 25);
    await addDomain('silent.example', '127.0.0.1', silentPort);
    await addDomain('refused.example', '127.0.0.1', await refusedPort());
  });
  afterAll(async () => {
    await Promise.all(outboxes.map((o) => o.close()));
    for (const s of held) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await capture.close();
    await sink.close();
    await t?.close();
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.rcpt = (a) =>
      a.startsWith('soft')
        ? { code: 451, message: '4.2.1 Mailbox busy' }
        : a.startsWith('hard')
          ? { code: 550, message: '5.1.1 User unknown' }
          : null;
    bounces.length = 0;
    finals.length = 0;
  });
  afterEach(async () => {
    await Promise.all(outboxes.splice(0).map((o) => o.close()));
    await db.mailMessage.deleteMany({});
  });

  it('delivers a due row byte for byte and records DELIVERED with the reply and the server', async () => {
    const m = await queue('alice@sender.example', ['bob@ok.example', 'carol@ok.example']);
    await run(outbox());
    const rows = await rowsOf(m.id);
    expect(rows.map((r) => [r.status, r.attempts, r.deliveredTo, r.nextAttemptAt])).toEqual([
      ['DELIVERED', 1, `127.0.0.1:${sink.port}`, null],
      ['DELIVERED', 1, `127.0.0.1:${sink.port}`, null],
    ]);
    expect(rows[0]!.lastReply).toMatch(/^250 /);
    // Both recipients in one transaction, the file unchanged.
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]).toMatchObject({ from: 'alice@sender.example', to: ['bob@ok.example', 'carol@ok.example'] });
    expect(sink.received[0]!.raw.toString()).toBe(m.raw);
    expect(await messageOf(m.id)).toMatchObject({ status: 'DELIVERED', finalAt: now });
    expect(finals).toEqual([m.id]);
  });

  it('defers a 4xx to its retry time, and delivers once the server recovers and the time has come', async () => {
    const m = await queue('alice@sender.example', ['soft-bob@ok.example']);
    const o = outbox();
    await run(o);
    let [row] = await rowsOf(m.id);
    expect(row).toMatchObject({ status: 'DEFERRED', attempts: 1, lastReply: '451 4.2.1 Mailbox busy' });
    expect(row!.nextAttemptAt).toEqual(new Date(now.getTime() + MINUTE));
    expect(await messageOf(m.id)).toMatchObject({ status: 'DEFERRED', finalAt: null });
    sink.rcpt = () => null;
    // Not yet due: nothing is tried.
    await run(o);
    expect(sink.received).toHaveLength(0);
    advance(MINUTE);
    await run(o);
    [row] = await rowsOf(m.id);
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 2, nextAttemptAt: null });
    expect(await messageOf(m.id)).toMatchObject({ status: 'DELIVERED' });
    expect(finals).toEqual([m.id]);
    expect(bounces).toHaveLength(0);
  });

  it('bounces a 5xx: the row is BOUNCED and a DSN goes to the sender with the null sender', async () => {
    const m = await queue('alice@sender.example', ['bob@ok.example', 'hard-dave@ok.example']);
    await run(outbox());
    const rows = await rowsOf(m.id);
    expect(rows.map((r) => [r.address, r.status, r.lastReply])).toEqual([
      ['bob@ok.example', 'DELIVERED', expect.stringMatching(/^250 /)],
      ['hard-dave@ok.example', 'BOUNCED', '550 5.1.1 User unknown'],
    ]);
    // One delivered, one rejected: the message shows the failure (message-status.ts: a failure
    // outranks a delivery); each recipient's row says what happened to it; the rejection went back.
    expect(await messageOf(m.id)).toMatchObject({ status: 'BOUNCED' });
    expect(bounces).toHaveLength(1);
    expect(bounces[0]).toMatchObject({
      originalEnvelopeSender: 'alice@sender.example',
      originalMessageId: expect.stringContaining('@example.net'),
      originalHeadersPath: m.path,
      recipients: [
        {
          address: 'hard-dave@ok.example',
          status: '5.1.1',
          action: 'failed',
          diagnostic: '550 5.1.1 User unknown',
          remoteMta: '127.0.0.1',
        },
      ],
    });
    expect(bounces[0]!.outPath).toContain(join(t.db.dataDir, 'spool'));
    const bounce = await db.mailMessage.findFirstOrThrow({ where: { origin: 'BOUNCE' }, include: { recipients: true } });
    expect(bounce).toMatchObject({
      envelopeSender: '',
      envelopeRecipients: ['alice@sender.example'],
      direction: 'OUTBOUND',
      status: 'DELIVERED',
    });
    expect(bounce.recipients).toEqual([
      expect.objectContaining({ address: 'alice@sender.example', status: 'DELIVERED', contentPath: bounces[0]!.outPath }),
    ]);
    // The bounce itself went out (the sender's domain routes to the same test server).
    const dsn = sink.received.find((r) => r.to.includes('alice@sender.example'));
    expect(dsn?.from).toBe('');
    expect(dsn?.raw.toString()).toBe(readFileSync(bounces[0]!.outPath, 'utf8'));
    expect(finals.sort()).toEqual([m.id, bounce.id].sort());
  });

  it('never bounces a message with the null sender', async () => {
    const m = await queue('', ['hard-erin@ok.example']);
    await run(outbox());
    expect((await rowsOf(m.id))[0]).toMatchObject({ status: 'BOUNCED' });
    expect(await messageOf(m.id)).toMatchObject({ status: 'BOUNCED' });
    expect(bounces).toHaveLength(0);
    expect(await db.mailMessage.count({ where: { origin: 'BOUNCE' } })).toBe(0);
  });

  it('expires at the queue lifetime, after a last try at the expiry instant, and bounces', async () => {
    const o = outbox({ config: { retryBaseSeconds: 60, queueLifetimeHours: 1 } });
    const m = await queue('alice@sender.example', ['soft-frank@ok.example']);
    const expiry = new Date(now.getTime() + 60 * MINUTE);
    await run(o);
    advance(59 * MINUTE);
    await run(o);
    let [row] = await rowsOf(m.id);
    expect(row).toMatchObject({ status: 'DEFERRED', attempts: 2, nextAttemptAt: expiry });
    advance(MINUTE);
    await run(o);
    [row] = await rowsOf(m.id);
    expect(row).toMatchObject({ status: 'EXPIRED', attempts: 3, nextAttemptAt: null, lastReply: '451 4.2.1 Mailbox busy' });
    expect(await messageOf(m.id)).toMatchObject({ status: 'EXPIRED', finalAt: now });
    expect(bounces.map((b) => b.recipients)).toEqual([[expect.objectContaining({ address: 'soft-frank@ok.example', status: '4.2.1' })]]);
  });

  it('defers a refused connection without a bounce', async () => {
    const m = await queue('alice@sender.example', ['gina@refused.example']);
    await run(outbox());
    const [row] = await rowsOf(m.id);
    expect(row).toMatchObject({ status: 'DEFERRED', attempts: 1, deliveredTo: null });
    expect(row!.lastReply).toContain('ECONNREFUSED');
    expect(bounces).toHaveLength(0);
  });

  it('delivers to the capture mailbox and links the captured copy to the message', async () => {
    const m = await queue('alice@sender.example', ['henry@captured.example']);
    await run(outbox());
    const [row] = await rowsOf(m.id);
    expect(row).toMatchObject({ status: 'DELIVERED', deliveredTo: `127.0.0.1:${capture.address().port}` });
    expect(row!.lastReply).toMatch(/^250 2\.0\.0 Ok: captured as \S+$/);
    const copy = await db.capturedMessage.findFirstOrThrow({ where: { mailMessageId: m.id } });
    expect(row!.lastReply).toContain(copy.id);
    expect(copy).toMatchObject({ envelopeSender: 'alice@sender.example', envelopeRecipients: ['henry@captured.example'], tenantId });
    expect(readFileSync(copy.contentPath, 'utf8')).toBe(m.raw);
  });

  it('lets a server that never answers hold only its own slots; closing hands its rows to the next outbox', async () => {
    const stuck = await Promise.all(
      Array.from({ length: MAX_DELIVERIES_PER_TARGET + 2 }, (_, i) => queue('alice@sender.example', [`u${i}@silent.example`])),
    );
    let told: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => {
      told = resolve;
    });
    const first = outbox({
      onMessageFinal: (id) => {
        finals.push(id);
        told();
      },
    });
    first.kick();
    const fine = await queue('alice@sender.example', ['ivy@ok.example']);
    first.kick();
    await delivered;
    expect(finals).toEqual([fine.id]);
    const inFlight = await db.mailRecipient.findMany({ where: { mailMessageId: { in: stuck.map((s) => s.id) } } });
    // Claimed ones are a lease ahead, the others (over the per-server bound) still due now.
    const claimed = inFlight.filter((r) => r.nextAttemptAt!.getTime() > now.getTime());
    expect(claimed).toHaveLength(MAX_DELIVERIES_PER_TARGET);
    expect(claimed[0]!.nextAttemptAt).toEqual(new Date(now.getTime() + CLAIM_LEASE_SECONDS * 1000));
    expect(inFlight.every((r) => r.status === 'PROCESSING' && r.attempts === 0)).toBe(true);

    // Shutdown mid-delivery: nothing recorded, every row due again at once.
    await first.close();
    const after = await db.mailRecipient.findMany({ where: { mailMessageId: { in: stuck.map((s) => s.id) } } });
    expect(after.every((r) => r.status === 'PROCESSING' && r.attempts === 0 && r.nextAttemptAt!.getTime() <= now.getTime())).toBe(true);

    // The server is fixed; a new outbox on the same database delivers them all once started.
    await db.inboundServer.updateMany({ where: { domain: { name: 'silent.example' } }, data: { port: sink.port } });
    const second = outbox();
    second.start();
    await second.idle();
    const done = await db.mailRecipient.findMany({ where: { mailMessageId: { in: stuck.map((s) => s.id) } } });
    expect(done.map((r) => r.status)).toEqual(stuck.map(() => 'DELIVERED'));
    await db.inboundServer.updateMany({
      where: { domain: { name: 'silent.example' } },
      data: { port: (silent.address() as net.AddressInfo).port },
    });
  });

  it('reads past a page of rows left for a saturated server', async () => {
    // More rows than one page, all for the silent server and older than the one that can go.
    const big = await queue(
      'alice@sender.example',
      Array.from({ length: DUE_ROWS_PER_PASS + 5 }, (_, i) => `p${i}@silent.example`),
    );
    await db.mailRecipient.updateMany({ where: { mailMessageId: big.id }, data: { nextAttemptAt: new Date(now.getTime() - MINUTE) } });
    const fine = await queue('alice@sender.example', ['lily@ok.example']);
    let told: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => {
      told = resolve;
    });
    const o = outbox({
      onMessageFinal: (id) => {
        finals.push(id);
        told();
      },
    });
    o.kick();
    await delivered;
    expect(finals).toEqual([fine.id]);
    await o.close();
  });

  it('delivers a Deliver now row to its own server, not the domain’s', async () => {
    const m = await queue('alice@sender.example', ['jack@silent.example']);
    await db.mailRecipient.updateMany({ where: { mailMessageId: m.id }, data: { deliverNowServer: `127.0.0.1:${sink.port}` } });
    await run(outbox());
    expect((await rowsOf(m.id))[0]).toMatchObject({ status: 'DELIVERED', deliveredTo: `127.0.0.1:${sink.port}` });
  });

  it('keeps a recipient no inbound server covers in the queue', async () => {
    const m = await queue('alice@sender.example', ['kim@nowhere.example']);
    await run(outbox());
    expect((await rowsOf(m.id))[0]).toMatchObject({ status: 'DEFERRED', lastReply: '451 4.4.4 No inbound server for kim@nowhere.example' });
  });
});
