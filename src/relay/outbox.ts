// The durable outbox: MailRecipient rows are the queue. A row with nextAttemptAt ≤ now and
// status PROCESSING or DEFERRED is due; the outbox claims it (moves nextAttemptAt a lease
// ahead), delivers it with the other due rows of its message that share content and servers,
// and writes the result (record-delivery.ts). Nothing is held in memory that the database
// does not also hold, so a restart, or a second instance on the same database, carries on.
//
// Delivery is at least once: a crash after the server said 250 and before the row was
// written leaves the claim, and the row is delivered again when the lease runs out
// (CLAIM_LEASE_SECONDS). Closing aborts deliveries in flight and makes their rows due at
// once, so a restart retries them without waiting for the lease.
//
// Bounded: MAX_CONCURRENT_DELIVERIES transactions at a time, at most
// MAX_DELIVERIES_PER_TARGET of them to one server (a server that accepts connections and
// never answers holds those slots until its timeouts, not the whole outbox; one that
// refuses fails at once and its rows wait for their retry).
import type { Db, DbKind } from '../db/client.js';
import type { Clock } from '../platform/clock.js';
import type { Log } from '../platform/logger.js';
import type { BuildBounce } from './bounce-input.js';
import { claimDeliveries, releaseDeliveries } from './claim-deliveries.js';
import { attemptDelivery, MAX_TARGETS_PER_ATTEMPT } from './delivery-attempt.js';
import { MAX_TRANSACTION_SECONDS } from './deliver-message.js';
import { deliveryTargets, parseTargetKey, targetKey, type DeliveryTarget } from './delivery-targets.js';
import { findRecipientDomain, type RecipientDomain } from './recipient-domain.js';
import { recordOutcomes, type DueMessage } from './record-outcomes.js';
import { domainOf } from '../domains/addresses.js';
import { isCaptureHost } from '../domains/capture-host.js';

export const MAX_CONCURRENT_DELIVERIES = 16;
export const MAX_DELIVERIES_PER_TARGET = 4;
/**
 * The built-in capture mailbox is this process's own listener: it may take every slot.
 * (Each delivery opens a connection, and smtp-server holds each new connection ~100 ms
 * before its greeting, so 4 slots would cap it near 40 messages a second.)
 */
export const MAX_DELIVERIES_TO_CAPTURE = MAX_CONCURRENT_DELIVERIES;
/** RFC 5321 §4.5.3.1.8: a server must take at least 100 recipients per transaction. */
export const MAX_RECIPIENTS_PER_TRANSACTION = 100;
/** Due rows read at a time, and pages a pass reads at most (the next pass, after a delivery ends, goes on). */
export const DUE_ROWS_PER_PASS = 500;
export const MAX_PAGES_PER_PASS = 20;
/** Longer than the longest attempt (every server tried, each to its deadline). */
export const CLAIM_LEASE_SECONDS = MAX_TARGETS_PER_ATTEMPT * MAX_TRANSACTION_SECONDS + 60;
/** The timer looks at least this often, for rows written without kick(). */
export const MAX_TIMER_SECONDS = 60;
export const DEFAULT_DELIVERY_TIMEOUT_MS = 30_000;

export interface OutboxConfig {
  retryBaseSeconds: number;
  queueLifetimeHours: number;
  /** Connect, greeting and idle timeout per server (default DEFAULT_DELIVERY_TIMEOUT_MS). */
  deliveryTimeoutMs?: number;
}

export interface OutboxContext {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  /** Bounces are written to DATA_DIR/spool. */
  dataDir: string;
  config: OutboxConfig;
  /** The name the relay gives itself: EHLO, Reporting-MTA, bounce Message-IDs. */
  reportingMta: string;
  /** Where the capture mailbox listens (capture-sink.ts address()), or null when it does not. */
  resolveCaptureTarget: () => DeliveryTarget | null;
  buildBounce: BuildBounce;
  /** Told after the commit that made a message final (DELIVERED, BOUNCED, EXPIRED …). */
  onMessageFinal?: (mailMessageId: string) => void;
  /** Host name → addresses for delivery (default: the system resolver). */
  resolveHost?: (host: string) => Promise<string[]>;
  /** Shuffles servers of equal preference (default Math.random). */
  random?: () => number;
}

export interface Outbox {
  /** Look for due rows now (after enqueueing; cheap when nothing is due). */
  kick(): void;
  /** Starts the timer that finds due rows by itself. */
  start(): void;
  /** Stops the timer, aborts deliveries in flight (their rows are due again at once), waits for them. Call before closing the database. */
  close(): Promise<void>;
  /** Resolves once no pass or delivery runs (tests, shutdown). */
  idle(): Promise<void>;
}

interface DueRow {
  id: string;
  address: string;
  status: 'PROCESSING' | 'DEFERRED';
  attempts: number;
  nextAttemptAt: Date;
  contentPath: string | null;
  deliverNowServer: string | null;
  mailMessage: DueMessage;
}

interface Job {
  message: DueMessage;
  contentPath: string | null;
  rows: DueRow[];
  targets: DeliveryTarget[];
}

export function createOutbox(ctx: OutboxContext): Outbox {
  const random = ctx.random ?? Math.random;
  const aborter = new AbortController();
  const jobs = new Set<Promise<void>>();
  const perTarget = new Map<string, number>();
  const messagesInFlight = new Set<string>();
  let passing: Promise<void> | null = null;
  let again = false;
  let started = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const kick = () => {
    if (closed) return;
    if (passing) {
      again = true;
      return;
    }
    passing = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (err) {
          ctx.log.error({ err }, 'outbox pass failed');
        }
      } while (again && !closed);
    })().finally(() => {
      passing = null;
    });
  };

  async function pass(): Promise<void> {
    const now = ctx.clock.now();
    // Due rows page by page, oldest first, until the slots are taken: rows left for a
    // saturated server (a silent one with thousands queued) do not hide the rows behind them.
    let after: { at: Date; id: string } | null = null;
    for (let page = 0; page < MAX_PAGES_PER_PASS && !closed && jobs.size < MAX_CONCURRENT_DELIVERIES; page++) {
      const rows = await dueRows(now, after);
      let started = 0;
      for (const job of await groupJobs(rows)) {
        if (closed || jobs.size >= MAX_CONCURRENT_DELIVERIES) break;
        const key = job.targets[0] ? targetKey(job.targets[0]) : '';
        const limit = job.targets[0] && isCaptureHost(job.targets[0].host) ? MAX_DELIVERIES_TO_CAPTURE : MAX_DELIVERIES_PER_TARGET;
        if (messagesInFlight.has(job.message.id) || (perTarget.get(key) ?? 0) >= limit) continue;
        const claimed = await claimDeliveries(ctx, job.rows, new Date(now.getTime() + CLAIM_LEASE_SECONDS * 1000));
        if (claimed.length > 0) {
          start(job, claimed, key);
          started++;
        }
      }
      if (rows.length < DUE_ROWS_PER_PASS) break;
      // A full page whose rows all wait for busy servers: the next pages most likely do too, and
      // reading them at every delivery's end made the passes cost more than the deliveries. The
      // next pass (when a slot frees) reads again from the oldest row.
      if (started === 0 && jobs.size > 0) break;
      const last = rows.at(-1)!;
      after = { at: last.nextAttemptAt, id: last.id };
    }
    await schedule();
  }

  function dueRows(now: Date, after: { at: Date; id: string } | null): Promise<DueRow[]> {
    return ctx.db.mailRecipient.findMany({
      where: {
        status: { in: ['PROCESSING', 'DEFERRED'] },
        nextAttemptAt: { lte: now },
        ...(after ? { OR: [{ nextAttemptAt: { gt: after.at } }, { nextAttemptAt: after.at, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: DUE_ROWS_PER_PASS,
      select: {
        id: true,
        address: true,
        status: true,
        attempts: true,
        nextAttemptAt: true,
        contentPath: true,
        deliverNowServer: true,
        mailMessage: {
          select: { id: true, tenantId: true, messageId: true, envelopeSender: true, receivedAt: true, direction: true, origin: true },
        },
      },
    }) as Promise<DueRow[]>;
  }

  function start(job: Job, rows: DueRow[], key: string): void {
    messagesInFlight.add(job.message.id);
    perTarget.set(key, (perTarget.get(key) ?? 0) + 1);
    const p: Promise<void> = runJob({ ...job, rows })
      .catch((err) => ctx.log.error({ err, mailMessageId: job.message.id }, 'delivery failed to record'))
      .finally(() => {
        jobs.delete(p);
        messagesInFlight.delete(job.message.id);
        perTarget.set(key, (perTarget.get(key) ?? 1) - 1);
        kick();
      });
    jobs.add(p);
  }

  /** Rows of one message, content and server list go in one transaction (≤ 100 recipients). */
  async function groupJobs(rows: DueRow[]): Promise<Job[]> {
    const domains = new Map<string, RecipientDomain | null>();
    const groups = new Map<string, Job>();
    for (const row of rows) {
      let routes: DeliveryTarget[];
      if (row.deliverNowServer) {
        const t = parseTargetKey(row.deliverNowServer);
        routes = t ? [t] : [];
      } else {
        const name = domainOf(row.address);
        if (!domains.has(name)) domains.set(name, await findRecipientDomain(ctx.db, row.address));
        // A stable order for the key; the job's own order is shuffled below.
        routes = deliveryTargets(row.address, domains.get(name)?.inboundServers ?? [], () => 0);
      }
      const base = `${row.mailMessage.id}\n${row.contentPath}\n${routes.map(targetKey).join(',')}`;
      let n = 0;
      while ((groups.get(`${base}\n${n}`)?.rows.length ?? 0) >= MAX_RECIPIENTS_PER_TRANSACTION) n++;
      const key = `${base}\n${n}`;
      const job = groups.get(key) ?? { message: row.mailMessage, contentPath: row.contentPath, rows: [], targets: routes };
      job.rows.push(row);
      groups.set(key, job);
    }
    // Servers of equal preference share the load: each transaction draws its own order.
    for (const job of groups.values()) {
      const first = job.rows[0]!;
      if (first.deliverNowServer) continue;
      const domain = domains.get(domainOf(first.address));
      job.targets = deliveryTargets(first.address, domain?.inboundServers ?? [], random);
    }
    return [...groups.values()];
  }

  async function runJob(job: Job): Promise<void> {
    const results = await attemptDelivery(
      { contentPath: job.contentPath, envelopeSender: job.message.envelopeSender, rows: job.rows, targets: job.targets },
      {
        resolveCaptureTarget: ctx.resolveCaptureTarget,
        timeoutMs: ctx.config.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS,
        heloName: ctx.reportingMta,
        resolveHost: ctx.resolveHost,
        signal: aborter.signal,
      },
    );
    if (aborter.signal.aborted) {
      // Closing: nothing is recorded for an attempt cut short; the rows are due again at once.
      await releaseDeliveries(
        ctx,
        job.rows.map((r) => r.id),
        ctx.clock.now(),
      );
      return;
    }
    const r = await recordOutcomes(ctx, job.message, results);
    if (r.becameFinal) ctx.onMessageFinal?.(job.message.id);
  }

  async function schedule(): Promise<void> {
    if (!started || closed) return;
    const next = await ctx.db.mailRecipient.findFirst({
      where: { status: { in: ['PROCESSING', 'DEFERRED'] }, nextAttemptAt: { not: null } },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    });
    const waitMs = next?.nextAttemptAt ? next.nextAttemptAt.getTime() - ctx.clock.now().getTime() : Infinity;
    // Due rows that were left for busy slots are taken when a delivery ends (its kick()).
    const delayMs = Math.min(MAX_TIMER_SECONDS * 1000, Math.max(1000, waitMs));
    if (timer) clearTimeout(timer);
    timer = setTimeout(kick, delayMs);
    timer.unref();
  }

  return {
    kick,
    start() {
      if (started || closed) return;
      started = true;
      kick();
    },
    async idle() {
      while (passing || jobs.size) await Promise.all([passing, ...jobs]);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      aborter.abort();
      while (passing || jobs.size) await Promise.all([passing, ...jobs]);
    },
  };
}
