// Use-case: carrying out a processed message's verdicts in one transaction — the verdict on
// the tracked message (set once: processedAt compare-and-set, so a message is never
// processed twice), a row per recipient (delivered ones are due in the outbox, others are
// final: deleted, quarantined, redirected), quarantine entries, policy events, and the
// messages the verdict generates (notifications, BCC copies) with their own recipients.
import { inTransaction, type DbOrTx } from '../db/client.js';
import type { MailMessageStatus } from '../db/enums.js';
import { domainOf } from '../domains/addresses.js';
import type { MessageEvaluation } from '../policies/engine/evaluate-message.js';
import { recipientListOf } from './accept-queue.js';
import { messageStatusOf } from './message-status.js';
import type { ProcessedOutput } from './process-task.js';

export interface ProcessedMessage {
  id: string;
  mailId: string;
  tenantId: string;
  direction: 'INBOUND' | 'OUTBOUND';
  envelopeSender: string;
  /** The file as received (quarantine keeps it). */
  path: string;
  sizeBytes: number;
  summary: { subject: string; messageId: string | null; headerFrom: string | null };
  evaluation: MessageEvaluation;
  outputs: ProcessedOutput[];
}

export interface FinishResult {
  /** The message's status after this commit; PROCESSING while recipients wait for delivery. */
  status: MailMessageStatus;
  /** Rows were queued for delivery (the outbox should look). */
  deliverable: boolean;
  /** false: another run committed first (nothing was written). */
  applied: boolean;
}

/** Subjects are stored for search and lists; past this they are cut (a header line can be a megabyte). */
export const MAX_STORED_SUBJECT_CHARS = 998;

export async function finishMessage(ctx: { db: DbOrTx; now: Date }, m: ProcessedMessage): Promise<FinishResult> {
  return inTransaction(ctx.db, async (tx) => {
    const claimed = await tx.mailMessage.updateMany({
      where: { id: m.id, processedAt: null },
      data: {
        processedAt: ctx.now,
        verdict: m.evaluation as object,
        subject: m.summary.subject.slice(0, MAX_STORED_SUBJECT_CHARS),
        messageId: m.summary.messageId?.replace(/^<|>$/g, '').slice(0, 998) ?? null,
        headerFrom: m.summary.headerFrom,
        attempts: { increment: 1 },
      },
    });
    if (claimed.count === 0) return { status: 'PROCESSING', deliverable: false, applied: false };
    const rows: {
      mailMessageId: string;
      address: string;
      originalAddress: string;
      status: MailMessageStatus;
      contentPath: string | null;
      deliverNowServer: string | null;
      lastReply: string | null;
      nextAttemptAt: Date | null;
    }[] = [];
    const generated: { mailId: string; sender: string; recipients: string[]; contentPath: string; origin: string }[] = [];
    const domains = await tx.domain.findMany({ where: { tenantId: m.tenantId }, select: { id: true, name: true } });
    const domainIdOf = (address: string) => {
      const d = domainOf(address);
      return domains.filter((x) => d === x.name || d.endsWith(`.${x.name}`)).sort((a, b) => b.name.length - a.name.length)[0]?.id ?? null;
    };
    for (const [i, { recipients, verdict }] of m.evaluation.verdicts.entries()) {
      const output = m.outputs[i];
      const row = (address: string, status: MailMessageStatus, extra: Partial<(typeof rows)[number]> = {}) =>
        rows.push({
          mailMessageId: m.id,
          address,
          originalAddress: address,
          status,
          contentPath: null,
          deliverNowServer: null,
          lastReply: null,
          nextAttemptAt: null,
          ...extra,
        });
      const by = verdict.quarantine?.ruleName ?? verdict.trace.find((s) => s.stoppedProcessing)?.ruleName ?? '';
      switch (verdict.action) {
        case 'DELETE':
          for (const r of recipients) row(r, 'DELETED', { lastReply: `Message deleted by ${by || 'policy'}` });
          break;
        case 'QUARANTINE': {
          for (const r of recipients) row(r, 'QUARANTINED', { lastReply: `Quarantined by ${by}` });
          const q = verdict.quarantine;
          await tx.quarantinedMessage.create({
            data: {
              tenantId: m.tenantId,
              domainId: domainIdOf(recipients[0] ?? ''),
              mailMessageId: m.id,
              direction: m.direction,
              area: q?.area ?? 'Default',
              reason: q?.reason ?? 'Content',
              ruleId: q?.ruleId ?? null,
              ruleName: q?.ruleName ?? by,
              envelopeSender: m.envelopeSender,
              recipients,
              subject: m.summary.subject.slice(0, MAX_STORED_SUBJECT_CHARS),
              messageId: m.summary.messageId?.replace(/^<|>$/g, '') ?? null,
              sizeBytes: m.sizeBytes,
              contentPath: m.path,
              quarantinedAt: ctx.now,
            },
          });
          break;
        }
        case 'CHANGE_RECIPIENT': {
          const targets = verdict.changedRecipients ?? [];
          for (const r of recipients) row(r, 'REDIRECTED', { lastReply: `Recipient changed to ${targets.join(', ')}` });
          for (const target of targets)
            row(target, 'PROCESSING', {
              originalAddress: recipients.join(', '),
              contentPath: output?.contentPath ?? m.path,
              nextAttemptAt: ctx.now,
            });
          break;
        }
        default:
          for (const r of recipients)
            row(r, 'PROCESSING', {
              contentPath: output?.contentPath ?? m.path,
              deliverNowServer: verdict.action === 'DELIVER_NOW' ? verdict.deliverNowServer : null,
              nextAttemptAt: ctx.now,
            });
      }
      if (verdict.bcc.length > 0 && verdict.action !== 'DELETE' && verdict.action !== 'QUARANTINE')
        generated.push({
          mailId: `${m.mailId}.v${i}.bcc`,
          sender: m.envelopeSender,
          recipients: verdict.bcc,
          contentPath: output?.contentPath ?? m.path,
          origin: 'BCC',
        });
      for (const [j, n] of (output?.notifications ?? []).entries())
        generated.push({
          mailId: `${m.mailId}.v${i}.n${j}`,
          sender: n.from,
          recipients: n.to,
          contentPath: n.path,
          origin: 'NOTIFICATION',
        });
      const events = verdict.policyEvents.map((e) => ({
        tenantId: m.tenantId,
        mailMessageId: m.id,
        direction: m.direction,
        policyType: e.policyType,
        ruleId: e.ruleId,
        ruleName: e.ruleName,
        threatType: e.threatType,
        threatName: e.threatName,
        actions: e.actions,
        envelopeSender: m.envelopeSender,
        recipients,
        subject: m.summary.subject.slice(0, MAX_STORED_SUBJECT_CHARS),
        messageId: m.summary.messageId?.replace(/^<|>$/g, '') ?? null,
        at: ctx.now,
      }));
      if (events.length) await tx.policyEvent.createMany({ data: events });
    }
    if (rows.length) await tx.mailRecipient.createMany({ data: rows });
    for (const g of generated) {
      const created = await tx.mailMessage.create({
        data: {
          tenantId: m.tenantId,
          mailId: g.mailId,
          direction: m.direction,
          envelopeSender: g.sender,
          envelopeRecipients: g.recipients,
          recipientList: recipientListOf(g.recipients),
          subject: m.summary.subject.slice(0, MAX_STORED_SUBJECT_CHARS),
          sizeBytes: 0,
          origin: g.origin,
          processedAt: ctx.now,
        },
      });
      await tx.mailRecipient.createMany({
        data: g.recipients.map((address) => ({
          mailMessageId: created.id,
          address,
          originalAddress: address,
          status: 'PROCESSING' as const,
          contentPath: g.contentPath,
          nextAttemptAt: ctx.now,
        })),
      });
    }
    const status = messageStatusOf(rows.map((r) => r.status));
    if (status !== 'PROCESSING') await tx.mailMessage.update({ where: { id: m.id }, data: { status, finalAt: ctx.now } });
    return { status, deliverable: rows.some((r) => r.status === 'PROCESSING') || generated.length > 0, applied: true };
  });
}
