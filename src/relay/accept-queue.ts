// Use-case: registering accepted messages, as a group commit. Each message's file is
// already written (and fsynced) by the spool; what is left before its 250 is one directory
// fsync and the MailMessage row. Messages that finish streaming while a commit runs wait
// for the next one, which then covers all of them with one fsync and one INSERT: at a
// thousand messages a second the cost per message falls with the load instead of rising
// (a commit per message would make SQLite's single writer the relay's ceiling).
import type { DbOrTx } from '../db/client.js';
import type { PolicyDirection } from '../db/enums.js';
import type { Log } from '../platform/logger.js';
import type { Spool } from './spool.js';

/**
 * Rows per INSERT. SQLite binds at most 32,766 parameters per statement and a row binds
 * 10: 1,000 rows stay far inside it, and one second of the benchmark's load is one commit.
 */
export const ACCEPT_BATCH_MAX = 1_000;

export interface AcceptedMessage {
  mailId: string;
  tenantId: string;
  direction: PolicyDirection;
  envelopeSender: string;
  envelopeRecipients: string[];
  sizeBytes: number;
  sourceIp: string | null;
  receivedAt: Date;
}

export interface AcceptQueue {
  /** Resolves once the message is durable (directory fsynced, row committed); rejects if not. */
  accept(message: AcceptedMessage): Promise<void>;
  /** Waits for the commits under way. */
  drain(): Promise<void>;
}

export function createAcceptQueue(opts: { db: DbOrTx; spool: Spool; log: Log }): AcceptQueue {
  let pending: { message: AcceptedMessage; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let running: Promise<void> | null = null;

  const commit = async () => {
    while (pending.length > 0) {
      const batch = pending.slice(0, ACCEPT_BATCH_MAX);
      pending = pending.slice(batch.length);
      try {
        await opts.spool.syncDirectory();
        await opts.db.mailMessage.createMany({
          data: batch.map(({ message: m }) => ({
            mailId: m.mailId,
            tenantId: m.tenantId,
            direction: m.direction,
            envelopeSender: m.envelopeSender,
            envelopeRecipients: m.envelopeRecipients,
            recipientList: recipientListOf(m.envelopeRecipients),
            sizeBytes: m.sizeBytes,
            sourceIp: m.sourceIp,
            receivedAt: m.receivedAt,
          })),
        });
        for (const p of batch) p.resolve();
      } catch (err) {
        opts.log.error({ err, messages: batch.length }, 'accepted messages could not be registered');
        for (const p of batch) p.reject(err);
      }
    }
  };
  const schedule = () => {
    running ??= (async () => {
      // Let the messages whose last bytes arrive in this turn of the event loop join.
      await new Promise<void>((r) => setImmediate(r));
      try {
        await commit();
      } finally {
        running = null;
      }
      if (pending.length > 0) schedule();
    })();
  };
  return {
    accept(message) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ message, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (running) await running;
    },
  };
}

/** MailMessage.recipientList: lower case, one per line between newlines (the tracking search's LIKE patterns). */
export function recipientListOf(recipients: readonly string[]): string {
  return recipients.length ? `\n${recipients.map((r) => r.toLowerCase()).join('\n')}\n` : '';
}
