// recordDelivery: writes what one delivery attempt did, in one transaction: each recipient
// row's new state, the link from a captured copy to its message, the bounce queued for the
// sender, and the message's own status summarised from its rows (message-status.ts).
import { randomUUID } from 'node:crypto';
import { inTransaction, type DbKind, type DbOrTx } from '../db/client.js';
import type { MailMessageStatus, PolicyDirection } from '../db/enums.js';
import type { RowDecision } from './delivery-decision.js';
import { isFinalStatus, messageStatusOf } from './message-status.js';

export interface RowResult {
  rowId: string;
  decision: RowDecision;
  reply: string;
  /** host:port that took the message (DELIVERED only). */
  deliveredTo?: string;
  /** The CapturedMessage the capture mailbox made of it (its DATA reply). */
  capturedId?: string;
}

/** A DSN already written to `path`, to queue for delivery to `recipient` with the null sender. */
export interface QueuedBounce {
  mailId: string;
  messageId: string;
  path: string;
  sizeBytes: number;
  tenantId: string;
  direction: PolicyDirection;
  recipient: string;
  subject: string;
}

export interface RecordDeliveryInput {
  mailMessageId: string;
  results: RowResult[];
  bounce: QueuedBounce | null;
}

export interface RecordDeliveryResult {
  status: MailMessageStatus;
  /** The message reached a final state with this write. */
  becameFinal: boolean;
  bounceMessageId: string | null;
}

/** A new internal mail id (%MAILID%, CEF mailUuid): CEGP shows UUIDs. */
export function newMailId(): string {
  return randomUUID();
}

export async function recordDelivery(
  ctx: { db: DbOrTx; dbKind: DbKind; clock: { now(): Date } },
  input: RecordDeliveryInput,
): Promise<RecordDeliveryResult> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (tx) => {
    // Two deliveries of one message (different content or servers) may finish together: the
    // first to lock the message summarises after the other's rows are written (PostgreSQL;
    // SQLite has one writer at a time anyway).
    if (ctx.dbKind === 'postgresql') await tx.$queryRaw`SELECT id FROM "MailMessage" WHERE id = ${input.mailMessageId} FOR UPDATE`;
    for (const r of input.results) {
      const d = r.decision;
      await tx.mailRecipient.update({
        where: { id: r.rowId },
        data: {
          status: d.status,
          attempts: { increment: 1 },
          lastReply: r.reply,
          nextAttemptAt: d.status === 'DEFERRED' ? d.nextAttemptAt : null,
          ...(d.status === 'DELIVERED' ? { deliveredTo: r.deliveredTo ?? null } : {}),
        },
      });
      if (r.capturedId)
        await tx.capturedMessage.updateMany({
          where: { id: r.capturedId, mailMessageId: null },
          data: { mailMessageId: input.mailMessageId },
        });
    }
    let bounceMessageId: string | null = null;
    const b = input.bounce;
    if (b) {
      const created = await tx.mailMessage.create({
        data: {
          tenantId: b.tenantId,
          mailId: b.mailId,
          messageId: b.messageId,
          direction: b.direction,
          envelopeSender: '',
          envelopeRecipients: [b.recipient],
          subject: b.subject,
          sizeBytes: b.sizeBytes,
          receivedAt: now,
          status: 'PROCESSING',
          origin: 'BOUNCE',
          recipients: {
            create: [{ address: b.recipient, originalAddress: b.recipient, status: 'PROCESSING', contentPath: b.path, nextAttemptAt: now }],
          },
        },
        select: { id: true },
      });
      bounceMessageId = created.id;
    }
    const before = await tx.mailMessage.findUniqueOrThrow({ where: { id: input.mailMessageId }, select: { status: true, finalAt: true } });
    const rows = await tx.mailRecipient.findMany({ where: { mailMessageId: input.mailMessageId }, select: { status: true } });
    const status = messageStatusOf(rows.map((r) => r.status));
    const final = isFinalStatus(status);
    const unchanged = before.status === status;
    await tx.mailMessage.update({
      where: { id: input.mailMessageId },
      data: { status, finalAt: final ? (unchanged && before.finalAt ? before.finalAt : now) : null },
    });
    return { status, becameFinal: final && !unchanged, bounceMessageId };
  });
}
