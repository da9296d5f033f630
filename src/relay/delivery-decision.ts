// What one delivery outcome does to a recipient's row, and the DSN status of a failure. Pure.
// A 5xx is final (BOUNCED); a 4xx or no answer is retried on the schedule until the queue
// lifetime (DEFERRED, then EXPIRED); docs/cegp/logs-and-quarantine.md "Action": Bounced,
// Temporary delivery error, Expired, Delivered.
import { retrySchedule, type RetryPolicy } from './retry-schedule.js';

/** What became of a recipient in one SMTP transaction. */
export type DeliveryKind = 'DELIVERED' | 'TEMPORARY' | 'PERMANENT';

export type RowDecision =
  | { status: 'DELIVERED' }
  | { status: 'DEFERRED'; nextAttemptAt: Date }
  | { status: 'BOUNCED' }
  | { status: 'EXPIRED' };

/** `failures`: failed attempts including this one (the row's attempts after it). */
export function decideRow(kind: DeliveryKind, arrivedAt: Date, failures: number, now: Date, policy: RetryPolicy): RowDecision {
  if (kind === 'DELIVERED') return { status: 'DELIVERED' };
  if (kind === 'PERMANENT') return { status: 'BOUNCED' };
  const next = retrySchedule(arrivedAt, failures, now, policy);
  return next.kind === 'expire' ? { status: 'EXPIRED' } : { status: 'DEFERRED', nextAttemptAt: next.at };
}

/**
 * RFC 3464 §2.3.4 Status of a failed recipient: the server's own enhanced code when it gave
 * one; else 5.0.0 for a rejection, and for an expiry 4.4.7 "delivery time expired" (RFC 3463
 * §3.5: a persistent transient failure; Postfix too keeps the 4.x.x of the last attempt).
 */
export function dsnStatus(status: 'BOUNCED' | 'EXPIRED', enhancedCode: string | undefined): string {
  if (enhancedCode) return enhancedCode;
  return status === 'BOUNCED' ? '5.0.0' : '4.4.7';
}
