// The outbox's hold on due rows. claimDeliveries takes rows no other outbox took since they
// were read (each row's nextAttemptAt moves a lease ahead, guarded by the value that was
// read, so two outboxes on one database never deliver one row at once);
// releaseDeliveries makes rows due again at once (an attempt cut short by shutdown).
import type { DbOrTx } from '../db/client.js';

export interface ClaimableRow {
  id: string;
  status: 'PROCESSING' | 'DEFERRED';
  nextAttemptAt: Date;
}

export async function claimDeliveries<R extends ClaimableRow>(ctx: { db: DbOrTx }, rows: R[], until: Date): Promise<R[]> {
  const claimed: R[] = [];
  for (const row of rows) {
    const r = await ctx.db.mailRecipient.updateMany({
      where: { id: row.id, status: row.status, nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: until },
    });
    if (r.count === 1) claimed.push(row);
  }
  return claimed;
}

export async function releaseDeliveries(ctx: { db: DbOrTx }, rowIds: string[], at: Date): Promise<void> {
  await ctx.db.mailRecipient.updateMany({ where: { id: { in: rowIds } }, data: { nextAttemptAt: at } });
}
