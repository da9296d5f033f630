// One SMTP transaction against a real server on loopback: each recipient's fate from the
// server's own replies (250, 451, 550), connection failures as temporary, and the spool file
// arriving byte for byte.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverMessage } from '../../src/relay/deliver-message.js';
import { refusedPort, startTestSmtpSink, type TestSmtpSink } from '../support/smtp-sink.js';

const RAW = [
  'From: sender@example.net',
  'To: ok@example.co.jp',
  'Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=',
  'Message-ID: <m1@example.net>',
  '',
  '.a line starting with a dot',
  'trailing spaces   ',
  '',
].join('\r\n');

describe('deliverMessage', () => {
  let sink: TestSmtpSink;
  let dir: string;
  let path: string;
  beforeAll(async () => {
    sink = await startTestSmtpSink();
    dir = mkdtempSync(join(tmpdir(), 'deliver-'));
    path = join(dir, 'm1.eml');
    writeFileSync(path, RAW);
  });
  afterAll(async () => {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.rcpt = (a) =>
      a.startsWith('soft')
        ? { code: 451, message: '4.2.1 Mailbox busy, try later' }
        : a.startsWith('hard')
          ? { code: 550, message: '5.1.1 User unknown' }
          : null;
    sink.data = () => null;
  });
  const target = () => ({ host: sink.host, port: sink.port });

  it('delivers the file byte for byte with the given envelope', async () => {
    const r = await deliverMessage({
      path,
      envelope: { from: 'sender@example.net', to: ['ok@example.co.jp'] },
      target: target(),
      timeoutMs: 5000,
    });
    expect(r).toEqual([{ address: 'ok@example.co.jp', kind: 'DELIVERED', reply: expect.stringMatching(/^250 /) }]);
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.from).toBe('sender@example.net');
    expect(sink.received[0]!.to).toEqual(['ok@example.co.jp']);
    expect(sink.received[0]!.raw.toString('latin1')).toBe(RAW);
  });

  it('gives each recipient its own outcome when the server accepts some (250 / 451 / 550)', async () => {
    const r = await deliverMessage({
      path,
      envelope: { from: 'sender@example.net', to: ['ok@example.co.jp', 'soft@example.co.jp', 'hard@example.co.jp'] },
      target: target(),
      timeoutMs: 5000,
    });
    expect(r).toEqual([
      { address: 'ok@example.co.jp', kind: 'DELIVERED', reply: expect.stringMatching(/^250 /) },
      { address: 'soft@example.co.jp', kind: 'TEMPORARY', reply: '451 4.2.1 Mailbox busy, try later', enhancedCode: '4.2.1' },
      { address: 'hard@example.co.jp', kind: 'PERMANENT', reply: '550 5.1.1 User unknown', enhancedCode: '5.1.1' },
    ]);
    expect(sink.received.map((m) => m.to)).toEqual([['ok@example.co.jp']]);
  });

  it('reports every recipient rejected, each with its reply, and sends nothing', async () => {
    const r = await deliverMessage({
      path,
      envelope: { from: 'sender@example.net', to: ['soft@example.co.jp', 'hard@example.co.jp'] },
      target: target(),
      timeoutMs: 5000,
    });
    expect(r.map((o) => [o.address, o.kind, o.enhancedCode])).toEqual([
      ['soft@example.co.jp', 'TEMPORARY', '4.2.1'],
      ['hard@example.co.jp', 'PERMANENT', '5.1.1'],
    ]);
    expect(r.some((o) => o.sessionFailure)).toBe(false);
    expect(sink.received).toHaveLength(0);
  });

  it('applies a rejection after DATA to every accepted recipient', async () => {
    sink.data = () => ({ code: 554, message: '5.6.0 Message content rejected' });
    const r = await deliverMessage({
      path,
      envelope: { from: 'a@example.net', to: ['ok@example.co.jp', 'ok2@example.co.jp'] },
      target: target(),
      timeoutMs: 5000,
    });
    expect(r.map((o) => [o.kind, o.reply])).toEqual([
      ['PERMANENT', '554 5.6.0 Message content rejected'],
      ['PERMANENT', '554 5.6.0 Message content rejected'],
    ]);
    sink.data = () => ({ code: 452, message: '4.3.1 Insufficient system storage' });
    const t = await deliverMessage({
      path,
      envelope: { from: 'a@example.net', to: ['ok@example.co.jp'] },
      target: target(),
      timeoutMs: 5000,
    });
    expect(t).toEqual([expect.objectContaining({ kind: 'TEMPORARY', enhancedCode: '4.3.1', sessionFailure: true })]);
  });

  it('sends the null sender as MAIL FROM:<> (bounces)', async () => {
    const r = await deliverMessage({ path, envelope: { from: '', to: ['ok@example.co.jp'] }, target: target(), timeoutMs: 5000 });
    expect(r[0]!.kind).toBe('DELIVERED');
    expect(sink.received[0]!.from).toBe('');
  });

  it('reports a refused connection as a temporary failure of the server', async () => {
    const port = await refusedPort();
    const r = await deliverMessage({
      path,
      envelope: { from: 'a@example.net', to: ['x@example.co.jp'] },
      target: { host: '127.0.0.1', port },
      timeoutMs: 5000,
    });
    expect(r).toEqual([
      { address: 'x@example.co.jp', kind: 'TEMPORARY', reply: expect.stringContaining('ECONNREFUSED'), sessionFailure: true },
    ]);
  });

  it('never connects to an address mail must not go to, even behind a host name', async () => {
    const r = await deliverMessage({
      path,
      envelope: { from: 'a@example.net', to: ['x@example.co.jp'] },
      target: { host: 'metadata.example.net', port: 25 },
      timeoutMs: 5000,
      resolveHost: async () => ['169.254.169.254'],
    });
    expect(r[0]).toMatchObject({ kind: 'TEMPORARY', sessionFailure: true, reply: expect.stringContaining('refused') });
  });
});
