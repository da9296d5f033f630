// Rows of the relay's tables as the relay writes them, for GraphQL read tests that insert
// directly: a tracked message (with a verdict of the engine's shape), a policy event, a
// quarantined message and a captured message.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import type { MailMessageStatus, PolicyDirection } from '../../src/db/enums.js';
import type { Verdict } from '../../src/policies/engine/verdict.js';
import { emptyVerdict } from '../../src/policies/engine/evaluate-message.js';

export interface MailRowInput {
  sender?: string;
  recipients?: string[];
  subject?: string;
  direction?: PolicyDirection;
  status?: MailMessageStatus;
  receivedAt?: Date;
  messageId?: string | null;
  verdict?: unknown;
}

export async function insertMail(db: Db, tenantId: string, m: MailRowInput = {}) {
  const recipients = m.recipients ?? ['user@example.co.jp'];
  return db.mailMessage.create({
    data: {
      tenantId,
      mailId: randomUUID(),
      messageId: m.messageId === undefined ? `${randomUUID()}@mail.test` : m.messageId,
      direction: m.direction ?? 'INBOUND',
      envelopeSender: m.sender ?? 'sender@partner.test',
      envelopeRecipients: recipients,
      recipientList: `\n${recipients.map((r) => r.toLowerCase()).join('\n')}\n`,
      subject: m.subject ?? '',
      sizeBytes: 1234,
      receivedAt: m.receivedAt ?? new Date(),
      status: m.status ?? 'PROCESSING',
      finalAt: m.status && !['PROCESSING', 'DEFERRED'].includes(m.status) ? new Date() : null,
      verdict: (m.verdict ?? undefined) as never,
    },
  });
}

/** A verdict as the engine makes one (src/policies/engine/verdict.ts), with the fields given. */
export function verdict(v: Partial<Verdict>): Verdict {
  return { ...emptyVerdict([]), ...v };
}
