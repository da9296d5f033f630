// The relay's SMTP listener as clients see it: the replies of every refusal (codes and
// enhanced codes), the EHLO keywords, and the durable 250 (file and row exist before it).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADD_DOMAIN, publishMx } from '../support/graphql-documents.js';
import { openSmtpSession } from '../support/smtp-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MB = 1024 * 1024;
/** swaks comes from Debian's package (.ci/run installs it); without it that one test is skipped, by name. */
const hasSwaks = (() => {
  try {
    execFileSync('swaks', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describeEachDatabase('SMTP listener', (kind) => {
  let t: TestApp;
  let otherTenant: string;
  const addDomain = async (name: string, headers: Record<string, string> = {}) => {
    await publishMx(t.gql, name, headers);
    const r = await t.gql(ADD_DOMAIN, { input: { name } }, headers);
    expect(r.data.addDomain.userErrors).toEqual([]);
  };
  beforeAll(async () => {
    t = await startTestApp(kind);
    await addDomain('rcpt.example');
    const other = await t.gql(
      `mutation { createTenant(input: { name: "Other", companyId: "other-relay" }) { tenant { id } userErrors { code } } }`,
    );
    otherTenant = other.data.createTenant.tenant.id;
    await addDomain('other-tenant.example', { 'x-tenant-id': otherTenant });
  });
  afterAll(() => t?.close());

  const rows = async () => {
    const db = openDatabase(t.db.url);
    try {
      return await db.client.mailMessage.findMany({ orderBy: { receivedAt: 'asc' } });
    } finally {
      await db.close();
    }
  };

  it('advertises SIZE (the largest tier), PIPELINING, 8BITMIME, SMTPUTF8 and ENHANCEDSTATUSCODES', async () => {
    const s = await openSmtpSession(t.smtpPort);
    expect(s.greeting.code).toBe(220);
    const ehlo = await s.command('EHLO client.example');
    expect(ehlo.code).toBe(250);
    expect(ehlo.lines).toEqual(expect.arrayContaining(['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', `SIZE ${150 * MB}`]));
    s.close();
  });

  it('answers 250 with the mail id only once the message is in the spool and registered', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.smtpPort, secure: false, ignoreTLS: true });
    const sent =
      'From: sender@outside.example\r\nTo: user@rcpt.example\r\nSubject: hello\r\nMessage-ID: <m1@outside.example>\r\n\r\nbody\r\n';
    const info = await transport.sendMail({ envelope: { from: 'sender@outside.example', to: ['user@rcpt.example'] }, raw: sent });
    const mailId = /queued as ([0-9a-f-]{36})/.exec(info.response)?.[1];
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as /);
    expect(mailId).toBeDefined();
    const file = join(t.db.dataDir, 'spool', `${mailId}.eml`);
    expect(existsSync(file)).toBe(true);
    const raw = readFileSync(file, 'latin1');
    expect(raw).toMatch(/^Received: from .+\r\n\tby .+ \(cegp-rehearsal\) with ESMTP id [0-9a-f-]{36}\r\n\tfor <user@rcpt\.example>;/);
    expect(raw.endsWith('Subject: hello\r\nMessage-ID: <m1@outside.example>\r\n\r\nbody\r\n')).toBe(true);
    const row = (await rows()).find((r) => r.mailId === mailId);
    expect(row).toMatchObject({
      envelopeSender: 'sender@outside.example',
      envelopeRecipients: ['user@rcpt.example'],
      direction: 'INBOUND',
    });
    // The size is the client's message; the relay's Received: line is not counted.
    expect(row?.sizeBytes).toBe(Buffer.byteLength(sent));
  });

  it('refuses a recipient no tenant manages with 550 5.7.1, keeps the others', async () => {
    const s = await openSmtpSession(t.smtpPort);
    await s.command('EHLO client.example');
    expect((await s.command('MAIL FROM:<a@outside.example>')).code).toBe(250);
    const refused = await s.command('RCPT TO:<b@nowhere.example>');
    expect(refused.text).toMatch(/^550 5\.7\.1 /);
    expect((await s.command('RCPT TO:<b@sub.rcpt.example>')).code).toBe(250);
    s.close();
  });

  it('sends a recipient of another tenant to another transaction (452 4.5.3)', async () => {
    const s = await openSmtpSession(t.smtpPort);
    await s.command('EHLO client.example');
    await s.command('MAIL FROM:<a@outside.example>');
    expect((await s.command('RCPT TO:<x@rcpt.example>')).code).toBe(250);
    expect((await s.command('RCPT TO:<y@other-tenant.example>')).text).toMatch(/^452 4\.5\.3 /);
    s.close();
  });

  it('answers the 501st recipient with 452 4.5.3', async () => {
    const s = await openSmtpSession(t.smtpPort);
    await s.command('EHLO client.example');
    await s.command('MAIL FROM:<a@outside.example>');
    for (let i = 0; i < 500; i++) expect((await s.command(`RCPT TO:<u${i}@rcpt.example>`)).code).toBe(250);
    expect((await s.command('RCPT TO:<u500@rcpt.example>')).text).toMatch(/^452 4\.5\.3 /);
    s.close();
  });

  it('refuses a declared SIZE over the limits: at MAIL FROM above every tier, at RCPT above the tenant tier (552 5.3.4)', async () => {
    const s = await openSmtpSession(t.smtpPort);
    await s.command('EHLO client.example');
    expect((await s.command(`MAIL FROM:<a@outside.example> SIZE=${151 * MB}`)).text).toMatch(/^552 5\.3\.4 /);
    expect((await s.command(`MAIL FROM:<a@outside.example> SIZE=${51 * MB}`)).code).toBe(250);
    expect((await s.command('RCPT TO:<x@rcpt.example>')).text).toMatch(/^552 5\.3\.4 /);
    s.close();
  });

  it('stops writing a message that passes the tenant limit without SIZE, answers 552 5.3.4 and stores nothing', async () => {
    const before = (await rows()).length;
    const s = await openSmtpSession(t.smtpPort);
    await s.command('EHLO client.example');
    await s.command('MAIL FROM:<a@outside.example>');
    await s.command('RCPT TO:<big@rcpt.example>');
    const line = `${'x'.repeat(998)}\r\n`;
    const body = Buffer.from(`Subject: big\r\n\r\n${line.repeat(Math.ceil((51 * MB) / line.length))}`);
    const reply = await s.data(body);
    expect(reply.text).toMatch(/^552 5\.3\.4 /);
    // The session goes on after the refusal.
    expect((await s.command('RSET')).code).toBe(250);
    s.close();
    expect((await rows()).length).toBe(before);
    expect(readdirSync(join(t.db.dataDir, 'spool', 'tmp'))).toEqual([]);
  });

  it('refuses a message with more MIME parts than the relay parses (554 5.6.0) and stores nothing', async () => {
    const before = (await rows()).length;
    const s = await openSmtpSession(t.smtpPort);
    await s.command('EHLO client.example');
    await s.command('MAIL FROM:<a@outside.example>');
    await s.command('RCPT TO:<parts@rcpt.example>');
    const parts = Array.from({ length: 1_100 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const reply = await s.data(
      `Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`,
    );
    expect(reply.text).toMatch(/^554 5\.6\.0 /);
    s.close();
    expect((await rows()).length).toBe(before);
  });

  it('survives a client that resets the connection in the middle of DATA', async () => {
    const s = await openSmtpSession(t.smtpPort);
    await s.command('EHLO client.example');
    await s.command('MAIL FROM:<a@outside.example>');
    await s.command('RCPT TO:<reset@rcpt.example>');
    await s.command('DATA');
    s.write('Subject: cut\r\n\r\npartial');
    s.socket.resetAndDestroy();
    const again = await openSmtpSession(t.smtpPort);
    expect((await again.command('EHLO client.example')).code).toBe(250);
    again.close();
  });

  it.skipIf(!hasSwaks)('answers swaks as a user would see it (needs swaks)', async () => {
    let out: string;
    try {
      // Asynchronously: the server answers from this process's event loop.
      const args = ['--server', '127.0.0.1', '--port', String(t.smtpPort), '--from', 'a@outside.example', '--to', 'nobody@nowhere.example'];
      out = (await promisify(execFile)('swaks', args, { encoding: 'utf8' })).stdout;
    } catch (err) {
      out = String((err as { stdout?: string }).stdout ?? '') + String((err as { stderr?: string }).stderr ?? '');
    }
    expect(out).toContain('550 5.7.1');
  });
});
