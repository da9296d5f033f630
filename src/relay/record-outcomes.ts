// From one attempt's outcomes to the rows' new states, and for the recipients that failed
// for good (rejected or expired) one DSN to the envelope sender, written to the spool and
// queued as a message of its own (origin BOUNCE, null sender). A message with the null
// sender never gets one: that is what stops bounce loops (RFC 5321 §4.5.5, RFC 3464 §2).
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, DbKind } from '../db/client.js';
import type { PolicyDirection } from '../db/enums.js';
import type { Clock } from '../platform/clock.js';
import type { Log } from '../platform/logger.js';
import type { BounceRecipient, BuildBounce } from './bounce-input.js';
import type { AttemptResult } from './delivery-attempt.js';
import { decideRow, dsnStatus } from './delivery-decision.js';
import { targetKey } from './delivery-targets.js';
import { capturedIdOf } from './capture-reply.js';
import { newMailId, recordDelivery, type QueuedBounce, type RecordDeliveryResult, type RowResult } from './record-delivery.js';

/** Subject of the queued bounce as tracking lists it (the builder writes the message itself). */
export const BOUNCE_SUBJECT = 'Undelivered Mail Returned to Sender';

export interface DueMessage {
  id: string;
  tenantId: string;
  messageId: string | null;
  envelopeSender: string;
  receivedAt: Date;
  direction: PolicyDirection;
  origin: string | null;
}

export interface RecordOutcomesContext {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  dataDir: string;
  reportingMta: string;
  config: { retryBaseSeconds: number; queueLifetimeHours: number };
  buildBounce: BuildBounce;
}

interface OutcomeRow {
  id: string;
  address: string;
  attempts: number;
  contentPath: string | null;
}

export async function recordOutcomes<R extends OutcomeRow>(
  ctx: RecordOutcomesContext,
  message: DueMessage,
  results: AttemptResult<R>[],
): Promise<RecordDeliveryResult> {
  const now = ctx.clock.now();
  const policy = { baseSeconds: ctx.config.retryBaseSeconds, lifetimeHours: ctx.config.queueLifetimeHours };
  const rows: RowResult[] = [];
  const failed: BounceRecipient[] = [];
  for (const { row, outcome, target, viaCapture } of results) {
    const decision = decideRow(outcome.kind, message.receivedAt, row.attempts + 1, now, policy);
    const capturedId = viaCapture && decision.status === 'DELIVERED' ? capturedIdOf(outcome.reply) : null;
    rows.push({
      rowId: row.id,
      decision,
      reply: outcome.reply,
      ...(target && decision.status === 'DELIVERED' ? { deliveredTo: targetKey(target) } : {}),
      ...(capturedId ? { capturedId } : {}),
    });
    if (decision.status === 'BOUNCED' || decision.status === 'EXPIRED') {
      // A server answered only when the reply is an SMTP reply (not "ECONNECTION: …").
      const answered = target !== null && /^\d{3}[ -]/.test(outcome.reply);
      failed.push({
        address: row.address,
        status: dsnStatus(decision.status, outcome.enhancedCode),
        action: 'failed',
        diagnostic: outcome.reply,
        ...(answered ? { remoteMta: target.host } : {}),
      });
    }
  }
  const headersPath = results.find((r) => r.row.contentPath)?.row.contentPath ?? null;
  const bounce =
    failed.length && message.envelopeSender !== '' && headersPath ? await writeBounce(ctx, message, failed, headersPath, now) : null;
  const r = await recordDelivery(ctx, { mailMessageId: message.id, results: rows, bounce });
  const byStatus: Record<string, number> = {};
  for (const x of rows) byStatus[x.decision.status] = (byStatus[x.decision.status] ?? 0) + 1;
  ctx.log.debug({ mailMessageId: message.id, rows: byStatus, status: r.status, bounce: r.bounceMessageId }, 'delivery recorded');
  return r;
}

async function writeBounce(
  ctx: RecordOutcomesContext,
  message: DueMessage,
  recipients: BounceRecipient[],
  originalHeadersPath: string,
  now: Date,
): Promise<QueuedBounce | null> {
  const mailId = newMailId();
  const dir = join(ctx.dataDir, 'spool');
  const outPath = join(dir, `${mailId}.eml`);
  const messageId = `${mailId}@${ctx.reportingMta}`;
  try {
    await mkdir(dir, { recursive: true });
    await ctx.buildBounce({
      reportingMta: ctx.reportingMta,
      originalEnvelopeSender: message.envelopeSender,
      originalMessageId: message.messageId,
      arrivalDate: message.receivedAt,
      recipients,
      originalHeadersPath,
      outPath,
      messageId,
      date: now,
    });
    const { size } = await stat(outPath);
    return {
      mailId,
      messageId,
      path: outPath,
      sizeBytes: size,
      tenantId: message.tenantId,
      // The bounce goes back the way the message came: to an outside sender it is outbound.
      direction: message.direction === 'INBOUND' ? 'OUTBOUND' : 'INBOUND',
      recipient: message.envelopeSender,
      subject: BOUNCE_SUBJECT,
    };
  } catch (err) {
    // The rows are still recorded: a failed DSN must not keep the message in the queue.
    ctx.log.error({ err, mailMessageId: message.id }, 'bounce could not be built; the sender is not told');
    return null;
  }
}
