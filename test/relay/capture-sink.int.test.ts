// The capture mailbox with a real client (nodemailer) on loopback: what it accepts is on
// disk byte for byte and in CapturedMessage with its envelope; recipients outside every
// managed domain get 550 5.1.2; a client that hangs up mid-session does not stop it.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { CAPTURE_HOST } from '../../src/domains/capture-host.js';
import { createLogger } from '../../src/platform/logger.js';
import { startCaptureSink, type CaptureSink } from '../../src/relay/capture-sink.js';
import { capturedIdOf } from '../../src/relay/capture-reply.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const log = createLogger({ level: 'silent', format: 'json' });

const RAW = [
  'From: =?UTF-8?B?5bGx55Sw?= <yamada@example.net>',
  'To: info@rehearsal.example',
  'Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=',
  'Message-ID: <capture-1@example.net>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  'こんにちは',
  '.dot line',
  '',
].join('\r\n');

describeEachDatabase('capture mailbox', (kind) => {
  let t: TestApp;
  let db: Db;
  let sink: CaptureSink;
  let tenantId: string;
  let domainId: string;
  const now = new Date('2026-12-01T09:00:00Z');

  const send = (to: string[], raw = RAW, from = 'yamada@example.net') =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: sink.address().port, secure: false, ignoreTLS: true, logger: false })
      .sendMail({ envelope: { from, to }, raw });

  beforeAll(async () => {
    t = await startTestApp(kind);
    db = t.app.database.client;
    tenantId = await t.app.defaultTenantId();
    const d = await db.domain.create({
      data: {
        tenantId,
        name: 'rehearsal.example',
        verificationToken: 'x',
        inboundServers: { create: [{ position: 0, recipient: '*', host: CAPTURE_HOST, port: 25, preference: 10 }] },
      },
    });
    domainId = d.id;
    sink = await startCaptureSink({ db, clock: { now: () => now }, log, dataDir: t.db.dataDir, port: 0 });
  });
  afterAll(async () => {
    await sink?.close();
    await t?.close();
  });

  it('listens on 127.0.0.1 at the port it was given (0: a free one, read back)', () => {
    expect(sink.address().host).toBe('127.0.0.1');
    expect(sink.address().port).toBeGreaterThan(0);
  });

  it('keeps the message on disk byte for byte and records it with its envelope', async () => {
    const info = await send(['info@rehearsal.example', 'sales@mail.rehearsal.example']);
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: captured as \S+$/);
    const id = capturedIdOf(info.response)!;
    const row = await db.capturedMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      tenantId,
      domainId,
      mailMessageId: null,
      messageId: 'capture-1@example.net',
      envelopeSender: 'yamada@example.net',
      // A subdomain's recipient belongs to the managed parent domain.
      envelopeRecipients: ['info@rehearsal.example', 'sales@mail.rehearsal.example'],
      subject: 'テスト',
      sizeBytes: Buffer.byteLength(RAW),
      contentPath: join(t.db.dataDir, 'capture', `${id}.eml`),
      receivedAt: now,
    });
    expect(readFileSync(row.contentPath, 'utf8')).toBe(RAW);
  });

  it('refuses a recipient in no managed domain with 550 5.1.2, and takes the others', async () => {
    await expect(send(['someone@elsewhere.example'])).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.1\.2 /),
    });
    const info = await send(['someone@elsewhere.example', 'info@rehearsal.example'], RAW, '');
    expect(info.rejected).toEqual(['someone@elsewhere.example']);
    const row = await db.capturedMessage.findUniqueOrThrow({ where: { id: capturedIdOf(info.response)! } });
    expect(row).toMatchObject({ envelopeSender: '', envelopeRecipients: ['info@rehearsal.example'] });
  });

  it('survives a client that hangs up in the middle of a session', async () => {
    const s = net.connect(sink.address().port, '127.0.0.1');
    s.on('error', () => undefined);
    await new Promise<void>((resolve) => s.once('data', () => resolve()));
    s.write('EHLO client\r\nMAIL FROM:<a@example.net>\r\nRCPT TO:<info@rehearsal.example>\r\nDATA\r\nSubject: cut\r\n');
    s.resetAndDestroy();
    const info = await send(['info@rehearsal.example']);
    expect(info.response).toMatch(/^250 /);
    // Nothing half-written stays behind under a final name.
    const cut = await db.capturedMessage.findMany({ where: { subject: 'cut' } });
    expect(cut).toHaveLength(0);
  });
});
