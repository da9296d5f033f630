// A policy notification as a message file (adapter for nodemailer's MailComposer): the
// notification object's From, To, Subject and text, tokens already expanded by the engine
// (docs/cegp/policies-and-content-filtering.md §5, Monitor "Send notification", and "Stamp and
// notification objects": optional "Attach the original message", the processed copy if altered).
// UTF-8 throughout: nodemailer writes a Japanese subject as UTF-8 encoded-words and picks
// base64 or quoted-printable for the text. The original is attached as message/rfc822 and
// streamed from its file (never read whole). Sending it (envelope, MAIL FROM) is the caller's job.
import { pipeline } from 'node:stream/promises';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingNotification } from '../policies/engine/verdict.js';
import { durableWriteStream, writeFileDurably } from './durable-file.js';

export interface NotificationFileOptions {
  /** The Message-ID to write, with or without angle brackets. */
  messageId: string;
  date: Date;
  /** The message as it is now (the processed copy when the rewriter changed it); needed when attachOriginal. */
  originalPath?: string;
  outPath: string;
}

export async function buildNotification(notification: OutgoingNotification, options: NotificationFileOptions): Promise<void> {
  if (notification.attachOriginal && !options.originalPath) {
    throw new TypeError('buildNotification: attachOriginal needs originalPath');
  }
  const composer = new MailComposer({
    from: notification.from,
    to: notification.to,
    subject: notification.subject,
    text: notification.text,
    messageId: options.messageId,
    date: options.date,
    // RFC 3834 §5: a message a program sent on its own, so that responders do not answer it
    headers: { 'Auto-Submitted': 'auto-generated' },
    ...(notification.attachOriginal && options.originalPath
      ? {
          attachments: [
            {
              path: options.originalPath,
              contentType: 'message/rfc822',
              contentDisposition: 'attachment',
              filename: 'original-message.eml',
            },
          ],
        }
      : {}),
  });
  await writeFileDurably(options.outPath, async (tmpPath) => {
    await pipeline(composer.compile().createReadStream(), durableWriteStream(tmpPath));
  });
}
