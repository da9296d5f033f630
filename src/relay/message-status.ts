// A message's tracking status from its recipients' states (Logs → Mail Tracking shows one
// action per message row; docs/cegp/logs-and-quarantine.md). Pure.
//
// While any recipient waits for a retry the message is DEFERRED (a tester should see the
// temporary failure at once), else PROCESSING while any is still being processed or
// delivered; once every recipient is final, one status
// says it all when they agree, and otherwise the one a tester most needs to see wins:
// a failure (BOUNCED, EXPIRED) over an interception (QUARANTINED, DELETED) over a
// re-route (REDIRECTED: the original recipient's row, whose replacement was DELIVERED)
// over DELIVERED. (inferred: CEGP lists accepted traffic one row per recipient)
import type { MailMessageStatus } from '../db/enums.js';

const FINAL_PRECEDENCE: readonly MailMessageStatus[] = ['BOUNCED', 'EXPIRED', 'QUARANTINED', 'DELETED', 'REDIRECTED', 'DELIVERED'];

/** The states waitForMessage returns on (DEFERRED only when the filter asks for it). */
export const FINAL_STATUSES: ReadonlySet<MailMessageStatus> = new Set(FINAL_PRECEDENCE);

export function messageStatusOf(recipientStates: readonly MailMessageStatus[]): MailMessageStatus {
  if (recipientStates.includes('DEFERRED')) return 'DEFERRED';
  if (recipientStates.length === 0 || recipientStates.includes('PROCESSING')) return 'PROCESSING';
  for (const s of FINAL_PRECEDENCE) if (recipientStates.includes(s)) return s;
  return 'PROCESSING';
}

/** Whether a status is final (the message will not change by itself any more). */
export function isFinalStatus(status: MailMessageStatus): boolean {
  return FINAL_STATUSES.has(status);
}
