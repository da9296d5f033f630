import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BounceInput } from '../../src/relay/bounce-input.js';
import { buildBounce, deliveryStatusFields, MAX_BOUNCE_ORIGINAL_HEADER_BYTES } from '../../src/relay/build-bounce.js';
import { entity, type TempFiles, tempFiles } from '../support/eml.js';

let files: TempFiles;
let originalHeadersPath: string;
beforeAll(async () => {
  files = await tempFiles('bounce');
  originalHeadersPath = await files.write(
    'original.eml',
    entity(
      ['Received: from mx.example.com', 'From: sender@example.com', 'Subject: =?UTF-8?B?6KaL56mN5pu4?=', 'Message-ID: <o1@example.com>'],
      'SECRET BODY\r\n',
    ),
  );
});
afterAll(() => files.cleanup());

const base = (): BounceInput => ({
  reportingMta: 'relay.example.jp',
  originalEnvelopeSender: 'sender@example.com',
  originalMessageId: '<o1@example.com>',
  arrivalDate: new Date('2026-12-01T10:00:00Z'),
  recipients: [
    {
      address: 'nouser@example.net',
      status: '5.1.1',
      action: 'failed',
      diagnostic: '550-5.1.1 The email account does not exist.\r\n550 5.1.1 Try again',
      remoteMta: 'mx.example.net',
    },
    { address: 'full@example.net', status: '5.2.2', action: 'failed', diagnostic: '552 5.2.2 Mailbox full' },
  ],
  originalHeadersPath,
  outPath: files.path('bounce.eml'),
  messageId: 'b1@relay.example.jp',
  date: new Date('2026-12-01T10:05:00Z'),
});

/** "Field: value" lines of one delivery-status block. */
const fields = (block: string) =>
  Object.fromEntries(
    block.split(/\r\n(?![ \t])/).map((l) => [
      l.slice(0, l.indexOf(':')),
      l
        .slice(l.indexOf(':') + 1)
        .replace(/\r\n[ \t]+/g, ' ')
        .trim(),
    ]),
  );

describe('buildBounce', () => {
  it('writes an RFC 3464 multipart/report with delivery-status fields and the original headers only', async () => {
    await buildBounce(base());
    const mail = await simpleParser(await files.read('bounce.eml'), { keepDeliveryStatus: true });
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/report', params: { 'report-type': 'delivery-status' } });
    expect(mail.from?.value[0]).toMatchObject({ address: 'MAILER-DAEMON@relay.example.jp' });
    expect(mail.to).toMatchObject({ value: [{ address: 'sender@example.com' }] });
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.text).toContain('<nouser@example.net>: 550-5.1.1 The email account does not exist. 550 5.1.1 Try again');
    const [status, headers] = mail.attachments;
    expect(status!.contentType).toBe('message/delivery-status');
    const [perMessage, first, second] = status!.content.toString('latin1').trimEnd().split('\r\n\r\n');
    expect(fields(perMessage!)).toEqual({ 'Reporting-MTA': 'dns; relay.example.jp', 'Arrival-Date': 'Tue, 01 Dec 2026 10:00:00 +0000' });
    expect(fields(first!)).toEqual({
      'Final-Recipient': 'rfc822; nouser@example.net',
      Action: 'failed',
      Status: '5.1.1',
      'Remote-MTA': 'dns; mx.example.net',
      'Diagnostic-Code': 'smtp; 550-5.1.1 The email account does not exist. 550 5.1.1 Try again',
    });
    expect(fields(second!)).toMatchObject({
      'Final-Recipient': 'rfc822; full@example.net',
      Status: '5.2.2',
      'Diagnostic-Code': 'smtp; 552 5.2.2 Mailbox full',
    });
    expect(headers!.contentType).toBe('text/rfc822-headers');
    expect(headers!.content.toString()).toContain('Message-ID: <o1@example.com>');
    expect(headers!.content.toString()).not.toContain('SECRET BODY');
  });

  it('writes Japanese and English text for locale ja, ASCII-only status fields, and caps the original headers', async () => {
    const bigHeaders = await files.write(
      'big.eml',
      entity(
        Array.from({ length: 3000 }, (_, i) => `X-Filler-${i}: ${'x'.repeat(60)}`),
        'body',
      ),
    );
    const recipients = [{ address: '宛先@例え.jp', status: 'bogus', action: 'failed' as const, diagnostic: '550 ユーザー不明\x00' }];
    await buildBounce({ ...base(), recipients, originalHeadersPath: bigHeaders, locale: 'ja', outPath: files.path('ja.eml') });
    const mail = await simpleParser(await files.read('ja.eml'), { keepDeliveryStatus: true });
    expect(mail.subject).toContain('配信不能');
    expect(mail.text).toContain('次の宛先に配信できませんでした');
    expect(mail.text).toContain('Your message could not be delivered');
    const status = mail.attachments[0]!.content.toString('latin1');
    expect(status).toContain('Final-Recipient: utf-8; \\x{5B9B}\\x{5148}@\\x{4F8B}\\x{3048}.jp');
    expect(status).toContain('Status: 5.0.0');
    expect(status).toContain('Diagnostic-Code: smtp; 550 ??????');
    const original = mail.attachments[1]!.content;
    expect(original.length).toBeLessThanOrEqual(MAX_BOUNCE_ORIGINAL_HEADER_BYTES);
    expect(original.toString('latin1')).toMatch(/^X-Filler-0: x+\r\n[\s\S]*\r\n$/);
  });

  it('refuses a bounce for a message whose envelope sender was null', async () => {
    await expect(buildBounce({ ...base(), originalEnvelopeSender: '', outPath: files.path('null.eml') })).rejects.toThrow(/null/);
  });

  it('folds a long diagnostic into continuation lines', () => {
    const text = deliveryStatusFields({
      ...base(),
      recipients: [{ address: 'a@b.c', status: '5.7.1', action: 'failed', diagnostic: `550 5.7.1 ${'blocked '.repeat(30)}` }],
    });
    const diagnostic = text.slice(text.indexOf('Diagnostic-Code:'));
    expect(
      diagnostic
        .split('\r\n')
        .filter(Boolean)
        .every((l) => l.length <= 78),
    ).toBe(true);
    expect(diagnostic.split('\r\n').length).toBeGreaterThan(2);
  });
});
