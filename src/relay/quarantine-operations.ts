// Use-cases: Quarantine → Deliver (release) and Quarantine → Delete, as an operator does them
// (docs/cegp/logs-and-quarantine.md, "Operations on selected rows").
// - Release: the message is processed again as a new tracked message (origin RELEASE, its own
//   copy of the held file) that skips the rule that quarantined it — and the rules its
//   original already skipped — so another content rule can still quarantine, delete or
//   redirect it, as CEGP does. The quarantine entry goes in the same transaction as the new
//   message and the audit entry.
// - Delete: the entry and its held file are removed; delivery is cancelled for good.
import { copyFile, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, type Db, type DbKind } from '../db/client.js';
import type { Actor } from '../db/use-case-context.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';
import { recipientListOf } from './accept-queue.js';
import type { Spool } from './spool.js';

export interface QuarantineDeps {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  events: Events;
  spool: () => Spool;
  /** A released message is ready for processing. */
  enqueue(mailId: string): void;
}

export async function releaseQuarantined(deps: QuarantineDeps, tenantId: string, ids: readonly string[], actor: Actor): Promise<string[]> {
  const released: string[] = [];
  for (const id of ids) {
    const q = await deps.db.quarantinedMessage.findFirst({ where: { id, tenantId }, include: { mailMessage: true } });
    if (!q) continue;
    const mailId = randomUUID();
    const path = deps.spool().pathOf(mailId);
    try {
      await copyFile(q.contentPath, path);
    } catch (err) {
      deps.log.warn({ err, quarantinedId: id }, 'the held message file is gone; the entry cannot be released');
      continue;
    }
    const skip = [...new Set([...((q.mailMessage.skipRuleIds as string[] | null) ?? []), ...(q.ruleId ? [q.ruleId] : [])])];
    const recipients = q.recipients as string[];
    const ctx = { db: deps.db, dbKind: deps.dbKind, clock: deps.clock, log: deps.log, events: deps.events, actor, tenantId };
    const done = await inTransaction(deps.db, async (tx) => {
      const gone = await tx.quarantinedMessage.deleteMany({ where: { id, tenantId } });
      if (gone.count === 0) return false;
      await tx.mailMessage.create({
        data: {
          tenantId,
          mailId,
          messageId: q.messageId,
          direction: q.direction,
          envelopeSender: q.envelopeSender,
          envelopeRecipients: recipients,
          recipientList: recipientListOf(recipients),
          subject: q.subject,
          sizeBytes: q.sizeBytes,
          origin: 'RELEASE',
          skipRuleIds: skip,
          receivedAt: deps.clock.now(),
        },
      });
      await recordAudit(
        { ...ctx, db: tx },
        {
          eventType: 'QUARANTINE_RELEASED',
          targetType: 'QuarantinedMessage',
          targetId: id,
          targetName: q.subject || q.messageId || id,
          changes: [
            { field: 'recipients', newValue: recipients.join(', '), previousValue: null },
            { field: 'skippedRule', newValue: q.ruleName || null, previousValue: null },
            { field: 'releasedAs', newValue: mailId, previousValue: null },
          ],
        },
      );
      return true;
    });
    if (!done) {
      await rm(path, { force: true });
      continue;
    }
    released.push(id);
    deps.enqueue(mailId);
  }
  return released;
}

export async function deleteQuarantined(deps: QuarantineDeps, tenantId: string, ids: readonly string[], actor: Actor): Promise<string[]> {
  const deleted: string[] = [];
  for (const id of ids) {
    const q = await deps.db.quarantinedMessage.findFirst({ where: { id, tenantId } });
    if (!q) continue;
    const ctx = { db: deps.db, dbKind: deps.dbKind, clock: deps.clock, log: deps.log, events: deps.events, actor, tenantId };
    const done = await inTransaction(deps.db, async (tx) => {
      const gone = await tx.quarantinedMessage.deleteMany({ where: { id, tenantId } });
      if (gone.count === 0) return false;
      await recordAudit(
        { ...ctx, db: tx },
        {
          eventType: 'QUARANTINE_DELETED',
          targetType: 'QuarantinedMessage',
          targetId: id,
          targetName: q.subject || q.messageId || id,
          changes: [{ field: 'recipients', newValue: null, previousValue: (q.recipients as string[]).join(', ') }],
        },
      );
      return true;
    });
    if (!done) continue;
    deleted.push(id);
    // The held file is the message as received; nothing else keeps it once it left the quarantine.
    const others = await deps.db.quarantinedMessage.count({ where: { contentPath: q.contentPath } });
    if (others === 0) await rm(q.contentPath, { force: true });
  }
  return deleted;
}
