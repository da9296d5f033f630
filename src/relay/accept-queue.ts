// Use-case: registering accepted messages, as a group commit. Each message's file is
// already written (and fsynced) by the spool; what is left before its 250 is one directory
// fsync and the MailMessage row. Messages that finish streaming while a commit runs wait
// for the next one, which then covers all of them with one fsync and one INSERT: at a
// thousand messages a second the cost per message falls with the load instead of rising
// (a commit per message would make SQLite's single writer the relay's ceiling).
import { randomUUID } from 'node:crypto';
import { bulkInsert } from '../db/bulk-insert.js';
import type { DbKind, DbOrTx } from '../db/client.js';
import type { PolicyDirection } from '../db/enums.js';
import type { Log } from '../platform/logger.js';
import type { Spool } from './spool.js';

/**
 * Messages per commit: bulkInsert's statement size (250 rows, one JSON parameter), so a
 * commit is one statement and all-or-nothing; at the benchmark's load a commit covers a few
 * milliseconds of arrivals, far below this.
 */
export const ACCEPT_BATCH_MAX = 250;

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

/** The MailMessage columns an accepted message fills (every NOT NULL one: a set-based insert applies no column defaults on PostgreSQL). */
const ACCEPTED_COLUMNS = {
  id: 'text',
  tenantId: 'text',
  mailId: 'text',
  direction: 'text',
  envelopeSender: 'text',
  envelopeRecipients: 'json',
  recipientList: 'text',
  subject: 'text',
  sizeBytes: 'int',
  sourceIp: 'text',
  receivedAt: 'datetime',
  status: 'text',
  attempts: 'int',
} as const;

export function createAcceptQueue(opts: { db: DbOrTx; dbKind: DbKind; spool: Spool; log: Log }): AcceptQueue {
  let pending: { message: AcceptedMessage; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let running: Promise<void> | null = null;

  const commit = async () => {
    while (pending.length > 0) {
      const batch = pending.slice(0, ACCEPT_BATCH_MAX);
      pending = pending.slice(batch.length);
      try {
        await opts.spool.syncDirectory();
        // One set-based INSERT (db/bulk-insert.ts): Prisma's createMany cost ~17 % of the
        // listener thread's CPU under the benchmark's load.
        await bulkInsert(
          opts.db,
          opts.dbKind,
          'MailMessage',
          ACCEPTED_COLUMNS,
          batch.map(({ message: m }) => ({
            id: randomUUID(),
            tenantId: m.tenantId,
            mailId: m.mailId,
            direction: m.direction,
            envelopeSender: m.envelopeSender,
            envelopeRecipients: m.envelopeRecipients,
            recipientList: recipientListOf(m.envelopeRecipients),
            subject: '',
            sizeBytes: m.sizeBytes,
            sourceIp: m.sourceIp,
            receivedAt: m.receivedAt,
            status: 'PROCESSING',
            attempts: 0,
          })),
        );
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
