// recordCapture: the CapturedMessage rows of one message the capture mailbox took: one per
// recipient domain (each row belongs to its domain's tenant, and goes with the domain when it
// is deleted), all naming the same file.
import { inTransaction, type DbOrTx } from '../db/client.js';

export interface CapturedRecipient {
  address: string;
  domainId: string;
  tenantId: string;
}

export interface RecordCaptureInput {
  /** The first row's id, which is also the file's name and the one the reply names. */
  id: string;
  contentPath: string;
  envelopeSender: string;
  recipients: CapturedRecipient[];
  messageId: string | null;
  subject: string;
  sizeBytes: number;
  receivedAt: Date;
}

export async function recordCapture(ctx: { db: DbOrTx }, input: RecordCaptureInput): Promise<string[]> {
  const byDomain = new Map<string, CapturedRecipient[]>();
  for (const r of input.recipients) byDomain.set(r.domainId, [...(byDomain.get(r.domainId) ?? []), r]);
  return inTransaction(ctx.db, async (tx) => {
    const ids: string[] = [];
    for (const [domainId, recipients] of byDomain) {
      const row = await tx.capturedMessage.create({
        data: {
          ...(ids.length === 0 ? { id: input.id } : {}),
          tenantId: recipients[0]!.tenantId,
          domainId,
          messageId: input.messageId,
          envelopeSender: input.envelopeSender,
          envelopeRecipients: recipients.map((r) => r.address),
          subject: input.subject,
          sizeBytes: input.sizeBytes,
          contentPath: input.contentPath,
          receivedAt: input.receivedAt,
        },
        select: { id: true },
      });
      ids.push(row.id);
    }
    return ids;
  });
}
