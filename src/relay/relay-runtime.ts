// The relay's parts wired together (spool, recipient directory, group commit, SMTP
// listener, processor, outbox, capture mailbox) with one start and one stop, for app/.
import type { Db, DbKind } from '../db/client.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';
import type { MessageEvaluation } from '../policies/engine/evaluate-message.js';
import type { PolicyDirection } from '../db/enums.js';
import { createAcceptQueue, type AcceptQueue } from './accept-queue.js';
import { createMessageProcessor, type MessageProcessor } from './message-processor.js';
import { createPolicySpecs } from './policy-specs.js';
import { createProcessPool, type ProcessPool } from './process-pool.js';
import { createRuleUsage } from './rule-usage.js';
import { SYSTEM_ACTOR, type Actor } from '../db/use-case-context.js';
import { deleteQuarantined, releaseQuarantined, type QuarantineDeps } from './quarantine-operations.js';
import { sweepCapturedFiles } from './sweep-captured-files.js';
import { createRecipientDirectory } from './recipient-directory.js';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { buildBounce } from './build-bounce.js';
import { startCaptureSink, type CaptureSink } from './capture-sink.js';
import { MimeLimitScanner } from './mime-limits.js';
import { createOutbox, type Outbox } from './outbox.js';
import { createSmtpListener, type SmtpListener } from './smtp-listener.js';
import { openSpool, type Spool } from './spool.js';

/** Quarantine → auto-deleted after 30 days (docs/cegp/logs-and-quarantine.md, retention summary). */
export const QUARANTINE_RETENTION_DAYS = 30;
/** How often expired quarantine entries are swept. */
const QUARANTINE_SWEEP_MS = 60 * 60 * 1000;

export interface RelaySettings {
  host: string;
  smtpPort: number;
  dataDir: string;
  spoolFsync: boolean;
  /** Processing threads; 0 = accept only (messages wait unprocessed: benchmarks, pausing). */
  workers: number;
  captureSmtpPort: number;
  retryBaseSeconds: number;
  queueLifetimeHours: number;
}

export interface RelayRuntime {
  /** Opens the spool, recovers what a crash left, and listens. Throws with code EADDRINUSE when SMTP_PORT is taken. */
  start(): Promise<{ smtp: { host: string; port: number } }>;
  addresses(): { smtp: { host: string; port: number } | null };
  spool(): Spool;
  /** The policy engine on a message that is neither stored nor delivered (simulateMessage). */
  simulate(input: {
    tenantId: string;
    raw: Uint8Array;
    envelopeSender: string;
    envelopeRecipients: string[];
    direction: PolicyDirection;
  }): Promise<MessageEvaluation>;
  /** Quarantine → Deliver / Delete (GraphQL releaseQuarantinedMessages, deleteQuarantinedMessages). */
  release(tenantId: string, ids: readonly string[], actor: Actor): Promise<string[]>;
  deleteQuarantined(tenantId: string, ids: readonly string[], actor: Actor): Promise<string[]>;
  /** Resolves when no accepted message waits for its verdict (tests, benchmarks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface RelayDeps {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  events: Events;
}

export function createRelayRuntime(deps: RelayDeps, settings: RelaySettings): RelayRuntime {
  let spool: Spool | null = null;
  let listener: SmtpListener | null = null;
  let accept: AcceptQueue | null = null;
  let pool: ProcessPool | null = null;
  let processor: MessageProcessor | null = null;
  let outbox: Outbox | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  let capture: CaptureSink | null = null;
  const specs = createPolicySpecs({ db: deps.db, clock: deps.clock, events: deps.events });
  const usage = createRuleUsage({ db: deps.db, dbKind: deps.dbKind, log: deps.log });
  const directory = createRecipientDirectory({ db: deps.db, clock: deps.clock });
  const unsubscribe = [
    deps.events.on('domain.changed', () => {
      directory.invalidate();
      // A deleted domain's captured rows went by cascade; their files go now (and at the hourly sweep).
      void sweepCapturedFiles(deps.db, settings.dataDir, deps.clock.now()).catch(() => undefined);
    }),
    deps.events.on('domain.statusChanged', () => directory.invalidate()),
  ];
  /** Entries past the retention go as an operator's delete would, audited as the system's. */
  const sweepQuarantine = async () => {
    const cutoff = new Date(deps.clock.now().getTime() - QUARANTINE_RETENTION_DAYS * 24 * 3600 * 1000);
    const expired = await deps.db.quarantinedMessage.findMany({
      where: { quarantinedAt: { lt: cutoff } },
      select: { id: true, tenantId: true },
      take: 1000,
    });
    for (const e of expired) await deleteQuarantined(quarantineDeps(), e.tenantId, [e.id], SYSTEM_ACTOR);
  };
  const quarantineDeps = (): QuarantineDeps => ({
    ...deps,
    spool: () => {
      if (!spool) throw new Error('the relay is not started');
      return spool;
    },
    enqueue: (mailId) => processor?.enqueue(mailId),
  });
  /** Tells waitForMessage and subscriptions that a message reached a final state (after the commit). */
  const announceStatus = async (mailMessageId: string) => {
    const row = await deps.db.mailMessage.findUnique({ where: { id: mailMessageId }, select: { tenantId: true, status: true } });
    if (row) deps.events.emit('mail.status', { tenantId: row.tenantId, mailMessageId, status: row.status });
  };
  return {
    async start() {
      spool = await openSpool(settings.dataDir, settings.spoolFsync);
      if (!settings.spoolFsync)
        deps.log.warn(
          'SPOOL_FSYNC=false: accepted messages are not fsynced before 250; a crash can lose mail clients were told is accepted',
        );
      accept = createAcceptQueue({ db: deps.db, dbKind: deps.dbKind, spool, log: deps.log });
      capture = await startCaptureSink({
        db: deps.db,
        clock: deps.clock,
        log: deps.log,
        dataDir: settings.dataDir,
        port: settings.captureSmtpPort,
        host: '127.0.0.1',
        onCaptured: (ids, path) => {
          const p = pool;
          if (!p) return;
          void p
            .summarize({ path, tempDir: join(settings.dataDir, 'spool', 'work') })
            .then(async (summary) => {
              if (summary) await deps.db.capturedMessage.updateMany({ where: { id: { in: ids } }, data: { summary: summary as object } });
            })
            .catch((err) => deps.log.warn({ err }, 'captured message summary not stored'));
        },
      });
      const sink = capture;
      const box = createOutbox({
        db: deps.db,
        dbKind: deps.dbKind,
        clock: deps.clock,
        log: deps.log,
        dataDir: settings.dataDir,
        config: { retryBaseSeconds: settings.retryBaseSeconds, queueLifetimeHours: settings.queueLifetimeHours },
        reportingMta: hostname(),
        resolveCaptureTarget: () => sink.address(),
        buildBounce,
        onMessageFinal: (id) => void announceStatus(id),
      });
      outbox = box;
      pool = settings.workers > 0 ? createProcessPool({ threads: settings.workers, log: deps.log }) : null;
      const running = createMessageProcessor({
        paused: pool === null,
        db: deps.db,
        clock: deps.clock,
        log: deps.log,
        events: deps.events,
        spool,
        pool: pool ?? idlePool,
        specs,
        dataDir: settings.dataDir,
        onDeliverable: () => box.kick(),
        onRulesUsed: (ids, at) => usage.record(ids, at),
      });
      processor = running;
      const recovered = await running.recover();
      if (recovered > 0) deps.log.info({ messages: recovered }, 'resuming messages accepted before the last stop');
      listener = createSmtpListener({
        host: settings.host,
        port: settings.smtpPort,
        log: deps.log,
        directory,
        spool,
        accept,
        onAccepted: (mailId) => running.enqueue(mailId),
        // The structure limits are checked while the bytes arrive: a message past them is
        // refused (554 5.6.0) before it is stored, and the parser never meets it.
        structureCheck: () => {
          const scanner = new MimeLimitScanner();
          return (chunk) => {
            scanner.write(chunk);
            const r = scanner.result;
            return r.ok
              ? null
              : `${r.reason === 'PARTS' ? 'more than' : 'nested deeper than'} ${r.limit} ${r.reason === 'PARTS' ? 'MIME parts' : 'levels'}`;
          };
        },
      });
      const smtp = await listener.listen();
      box.start();
      const sweep = () => void sweepQuarantine().catch((err) => deps.log.warn({ err }, 'expired quarantine entries could not be removed'));
      sweep();
      sweeper = setInterval(sweep, QUARANTINE_SWEEP_MS);
      sweeper.unref();
      return { smtp };
    },
    addresses: () => ({ smtp: listener?.address() ?? null }),
    spool() {
      if (!spool) throw new Error('the relay is not started');
      return spool;
    },
    release: (tenantId, ids, actor) => releaseQuarantined(quarantineDeps(), tenantId, ids, actor),
    deleteQuarantined: (tenantId, ids, actor) => deleteQuarantined(quarantineDeps(), tenantId, ids, actor),
    simulate(input) {
      if (!processor) throw new Error('the relay is not started');
      return processor.simulate(input);
    },
    idle: async () => {
      await accept?.drain();
      await processor?.idle();
      await outbox?.idle();
    },
    async stop() {
      if (sweeper) clearInterval(sweeper);
      for (const u of unsubscribe) u();
      await listener?.close();
      await accept?.drain();
      await processor?.close();
      await pool?.close();
      await outbox?.close();
      await capture?.close();
      await usage.close();
      specs.close();
    },
  };
}

/** The pool of an accept-only relay (RELAY_WORKERS=0): it never runs, the processor is paused. */
const idlePool: ProcessPool = {
  capacity: 0,
  run: async () => ({ ok: false, error: 'processing is paused (RELAY_WORKERS=0)' }),
  summarize: async () => null,
  close: async () => undefined,
};
