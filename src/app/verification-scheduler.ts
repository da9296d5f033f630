// Runs the re-check of unverified domains every VERIFY_INTERVAL_SECONDS (0 = off). Runs
// never overlap; the timer does not keep the process alive.
import type { DomainsContext } from '../domains/domains-context.js';
import { verifyPendingDomains } from '../domains/verify-pending-domains.js';

export interface Scheduler {
  stop(): void;
  /** One run now (also what the timer calls). */
  runOnce(): Promise<void>;
}

export function startVerificationScheduler(opts: { intervalSeconds: number; ctx: Omit<DomainsContext, 'tenantId' | 'actor'> }): Scheduler {
  let running = false;
  const runOnce = async () => {
    if (running) return;
    running = true;
    try {
      const r = await verifyPendingDomains(opts.ctx);
      if (r.checked) opts.ctx.log.info(r, 'scheduled verification done');
    } catch (err) {
      opts.ctx.log.error({ err }, 'scheduled verification failed');
    } finally {
      running = false;
    }
  };
  if (opts.intervalSeconds <= 0) return { stop: () => undefined, runOnce };
  const timer = setInterval(() => void runOnce(), opts.intervalSeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
