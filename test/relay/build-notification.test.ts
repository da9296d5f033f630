import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingNotification } from '../../src/policies/engine/verdict.js';
import { buildNotification } from '../../src/relay/build-notification.js';
import { entity, type TempFiles, tempFiles } from '../support/eml.js';

let files: TempFiles;
beforeAll(async () => {
  files = await tempFiles('notification');
});
afterAll(() => files.cleanup());

const notification: OutgoingNotification = {
  ruleId: 'rule-1',
  notificationId: 'notif-1',
  from: 'security@example.jp',
  to: ['admin@example.jp', '管理者 <boss@example.jp>'],
  subject: '【通知】ポリシー違反を検出しました: 見積書.zip',
  text: 'ルール「添付ファイル制限」により添付ファイルを削除しました。\n送信者: a@example.com',
  attachOriginal: false,
};
const date = new Date('2026-12-01T09:30:00Z');

describe('buildNotification', () => {
  it('writes a UTF-8 notification that parses back with its Japanese subject and text', async () => {
    await buildNotification(notification, { messageId: '<n1@relay.example.jp>', date, outPath: files.path('n1.eml') });
    const raw = await files.read('n1.eml');
    expect(raw.every((b) => b < 0x80)).toBe(true); // encoded-words and a transfer encoding, no raw 8-bit
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(notification.subject);
    expect(mail.text?.trim()).toBe(notification.text);
    expect(mail.from?.text).toBe('security@example.jp');
    expect(mail.to).toMatchObject({ value: [{ address: 'admin@example.jp' }, { address: 'boss@example.jp', name: '管理者' }] });
    expect(mail.messageId).toBe('<n1@relay.example.jp>');
    expect(mail.date?.toISOString()).toBe(date.toISOString());
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.attachments).toEqual([]);
  });

  it('attaches the original as message/rfc822, byte for byte', async () => {
    const original = entity(
      ['From: a@example.com', 'Subject: =?UTF-8?B?5pys5paH?=', 'Content-Type: text/plain; charset=utf-8'],
      Buffer.from('原文\r\n'),
    );
    const originalPath = await files.write('original.eml', original);
    await buildNotification(
      { ...notification, attachOriginal: true },
      { messageId: 'n2@relay.example.jp', date, originalPath, outPath: files.path('n2.eml') },
    );
    const mail = await simpleParser(await files.read('n2.eml'));
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      contentType: 'message/rfc822',
      contentDisposition: 'attachment',
      filename: 'original-message.eml',
    });
    expect(mail.attachments[0]!.content.equals(original)).toBe(true);
    expect(mail.text?.trim()).toBe(notification.text);
  });

  it('refuses attachOriginal without the original and leaves no file', async () => {
    await expect(
      buildNotification({ ...notification, attachOriginal: true }, { messageId: 'x', date, outPath: files.path('n3.eml') }),
    ).rejects.toThrow(/originalPath/);
    await expect(files.read('n3.eml')).rejects.toThrow();
  });
});
