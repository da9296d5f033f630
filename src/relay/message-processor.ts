// Use-case driver: takes accepted messages (by mail id) through the processing threads and
// commits their verdicts. Bounded: at most the pool's capacity in flight; the rest wait as
// ids (a few bytes each). At start, every received message without a verdict is taken up
// again (a crash between 250 and the verdict loses nothing; finishMessage's compare-and-set
// makes sure none is processed twice).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import type { PolicyDirection } from '../db/enums.js';
import type { MessageEvaluation } from '../policies/engine/evaluate-message.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';
import { finishMessage } from './finish-message.js';
import type { PolicySpecs } from './policy-specs.js';
import type { ProcessPool } from './process-pool.js';
import type { Spool } from './spool.js';

/**
 * Processing attempts per message. A thread that fails the same message this many times
 * (a parser bug, an out-of-memory thread) would fail it again: the message is then
 * quarantined with the reason "Scanning Exception", as CEGP does with what it cannot scan
 * (docs/cegp/logs-and-quarantine.md, threat type Scan Exception), instead of retried for ever.
 */
export const MAX_PROCESS_ATTEMPTS = 3;

export interface MessageProcessor {
  enqueue(mailId: string): void;
  /** Queues every received message that has no verdict yet; returns how many. */
  recover(): Promise<number>;
  /** The engine on a message that is not stored: simulateMessage. */
  simulate(input: {
    tenantId: string;
    raw: Uint8Array;
    envelopeSender: string;
    envelopeRecipients: string[];
    direction: PolicyDirection;
  }): Promise<MessageEvaluation>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ProcessorDeps {
  /** Accept only (RELAY_WORKERS=0): messages are registered and wait; none is processed. */
  paused?: boolean;
  db: Db;
  clock: Clock;
  log: Log;
  events: Events;
  spool: Spool;
  pool: ProcessPool;
  specs: PolicySpecs;
  dataDir: string;
  /** Recipients were queued for delivery. */
  onDeliverable(): void;
  /** The rules that matched a committed verdict ("Last Used"). */
  onRulesUsed(ruleIds: string[], at: Date): void;
}

export function createMessageProcessor(deps: ProcessorDeps): MessageProcessor {
  const queue: string[] = [];
  const queued = new Set<string>();
  let inFlight = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];
  const tempDir = join(deps.dataDir, 'spool', 'work');
  const ready = mkdir(tempDir, { recursive: true });

  const settle = () => {
    if (queue.length === 0 && inFlight === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const f of w) f();
    }
  };
  const pump = () => {
    while (!closed && !deps.paused && inFlight < deps.pool.capacity && queue.length > 0) {
      const mailId = queue.shift()!;
      inFlight++;
      void processOne(mailId)
        .catch((err) => deps.log.error({ err, mailId }, 'message processing failed'))
        .finally(() => {
          inFlight--;
          queued.delete(mailId);
          pump();
          settle();
        });
    }
  };

  const processOne = async (mailId: string) => {
    await ready;
    const row = await deps.db.mailMessage.findUnique({ where: { mailId } });
    if (!row || row.processedAt) return;
    const spec = await deps.specs.get(row.tenantId);
    if (!spec) return;
    const path = deps.spool.pathOf(mailId);
    const outcome = await deps.pool.run({
      mailId,
      path,
      sizeBytes: row.sizeBytes,
      direction: row.direction,
      envelope: { sender: row.envelopeSender, recipients: row.envelopeRecipients as string[] },
      policyKey: spec.key,
      policyJson: spec.json,
      skipRuleIds: (row.skipRuleIds as string[] | null) ?? [],
      now: deps.clock.now().getTime(),
      outputBase: join(deps.spool.dir, mailId),
      tempDir,
    });
    if (!outcome.ok) {
      const attempts = row.attempts + 1;
      deps.log.warn({ mailId, attempts, error: outcome.error }, 'message could not be processed');
      await deps.db.mailMessage.update({ where: { id: row.id }, data: { attempts } });
      if (attempts < MAX_PROCESS_ATTEMPTS) {
        if (!closed) enqueue(mailId);
        return;
      }
      await quarantineUnscannable(row, path, outcome.error);
      return;
    }
    const result = await finishMessage(
      { db: deps.db, now: deps.clock.now() },
      {
        id: row.id,
        mailId,
        tenantId: row.tenantId,
        direction: row.direction,
        envelopeSender: row.envelopeSender,
        path,
        sizeBytes: row.sizeBytes,
        summary: outcome.summary,
        evaluation: outcome.evaluation,
        outputs: outcome.outputs,
      },
    );
    if (!result.applied) return;
    deps.onRulesUsed(
      outcome.evaluation.verdicts.flatMap((v) => v.verdict.matchedRuleIds),
      deps.clock.now(),
    );
    if (result.status !== 'PROCESSING')
      deps.events.emit('mail.status', { tenantId: row.tenantId, mailMessageId: row.id, status: result.status });
    if (result.deliverable) deps.onDeliverable();
  };

  const quarantineUnscannable = async (
    row: {
      id: string;
      mailId: string;
      tenantId: string;
      direction: PolicyDirection;
      envelopeSender: string;
      envelopeRecipients: unknown;
      sizeBytes: number;
    },
    path: string,
    error: string,
  ) => {
    const recipients = row.envelopeRecipients as string[];
    const evaluation: MessageEvaluation = { verdicts: [] };
    const now = deps.clock.now();
    const claimed = await deps.db.mailMessage.updateMany({
      where: { id: row.id, processedAt: null },
      data: { processedAt: now, verdict: { ...evaluation, error } as object, status: 'QUARANTINED', finalAt: now },
    });
    if (claimed.count === 0) return;
    await deps.db.mailRecipient.createMany({
      data: recipients.map((address) => ({
        mailMessageId: row.id,
        address,
        originalAddress: address,
        status: 'QUARANTINED' as const,
        lastReply: 'Scanning Exception',
      })),
    });
    await deps.db.quarantinedMessage.create({
      data: {
        tenantId: row.tenantId,
        mailMessageId: row.id,
        direction: row.direction,
        area: 'Default',
        reason: 'Scanning Exception',
        ruleName: '',
        envelopeSender: row.envelopeSender,
        recipients,
        sizeBytes: row.sizeBytes,
        contentPath: path,
        quarantinedAt: now,
      },
    });
    deps.events.emit('mail.status', { tenantId: row.tenantId, mailMessageId: row.id, status: 'QUARANTINED' });
  };

  const enqueue = (mailId: string) => {
    if (closed || deps.paused || queued.has(mailId)) return;
    queued.add(mailId);
    queue.push(mailId);
    pump();
  };

  return {
    enqueue,
    async recover() {
      const rows = await deps.db.mailMessage.findMany({
        where: { processedAt: null, OR: [{ origin: null }, { origin: 'RELEASE' }] },
        select: { mailId: true },
        orderBy: { receivedAt: 'asc' },
      });
      for (const r of rows) enqueue(r.mailId);
      return rows.length;
    },
    async simulate(input) {
      if (deps.paused) throw new Error('processing is paused (RELAY_WORKERS=0)');
      await ready;
      const spec = await deps.specs.get(input.tenantId);
      if (!spec) throw new Error('tenant not found');
      const { writeFile, rm } = await import('node:fs/promises');
      const path = join(tempDir, `simulate-${process.hrtime.bigint()}.eml`);
      await writeFile(path, input.raw);
      try {
        const outcome = await deps.pool.run({
          mailId: 'simulation',
          path,
          sizeBytes: input.raw.byteLength,
          direction: input.direction,
          envelope: { sender: input.envelopeSender, recipients: input.envelopeRecipients },
          policyKey: spec.key,
          policyJson: spec.json,
          skipRuleIds: [],
          now: deps.clock.now().getTime(),
          outputBase: null,
          tempDir,
        });
        if (!outcome.ok) throw new Error(outcome.error);
        return outcome.evaluation;
      } finally {
        await rm(path, { force: true });
      }
    },
    idle: () => (queue.length === 0 && inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async close() {
      closed = true;
      queue.length = 0;
      queued.clear();
      settle();
    },
  };
}
