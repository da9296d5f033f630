// When a deferred delivery is tried again, and when it gives up. Pure.
//
// Exponential back-off from RELAY_RETRY_BASE_SECONDS (1, 2, 4 … minutes by default), at
// most RETRY_MAX_DELAY_SECONDS apart, until the queue lifetime counted from the message's
// arrival: CEGP keeps undeliverable mail up to 10 days, then it is "Expired (undeliverable
// too long, bounced)" (docs/cegp/logs-and-quarantine.md, "Retention summary" and "Action").
// The last retry is moved onto the expiry instant, so a message is tried once more right at
// its lifetime and expires only on a failure at or after it (as Postfix's
// maximal_queue_lifetime: a message is returned when a delivery attempt fails after it).

/** The longest wait between two attempts: an hour, as Postfix's maximal_backoff_time is 4000 s. */
export const RETRY_MAX_DELAY_SECONDS = 3600;

export interface RetryPolicy {
  baseSeconds: number;
  lifetimeHours: number;
}

export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'expire'; expiredAt: Date };

/** The wait after the `failures`th failed attempt (1 → base, 2 → 2 × base …). */
export function retryDelaySeconds(failures: number, policy: RetryPolicy): number {
  const n = Math.max(1, Math.floor(failures));
  // 2^(n-1) overflows to Infinity long after the cap; Math.min keeps the cap.
  return Math.min(RETRY_MAX_DELAY_SECONDS, policy.baseSeconds * 2 ** (n - 1));
}

export function expiresAt(arrivedAt: Date, policy: RetryPolicy): Date {
  return new Date(arrivedAt.getTime() + policy.lifetimeHours * 3_600_000);
}

/** After a temporary failure at `now`, the `failures`th of a message that arrived at `arrivedAt`. */
export function retrySchedule(arrivedAt: Date, failures: number, now: Date, policy: RetryPolicy): RetryDecision {
  const expiry = expiresAt(arrivedAt, policy);
  if (now.getTime() >= expiry.getTime()) return { kind: 'expire', expiredAt: expiry };
  const next = now.getTime() + retryDelaySeconds(failures, policy) * 1000;
  return { kind: 'retry', at: new Date(Math.min(next, expiry.getTime())) };
}
