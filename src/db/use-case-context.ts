// What every use-case receives: explicit dependencies, no singletons. A use-case that owns
// a transaction passes the transaction on as `db` to the use-cases it calls.
import type { DbOrTx, DbKind } from './client.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';

export interface Actor {
  /** Stable identifier written to the audit log. */
  id: string;
  displayName: string;
}

/** Without authentication every change is made by the local administrator. */
export const LOCAL_ADMIN: Actor = { id: 'local-admin', displayName: 'Local administrator' };
export const SYSTEM_ACTOR: Actor = { id: 'system', displayName: 'System (scheduled task)' };

export interface UseCaseContext {
  db: DbOrTx;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  events: Events;
  actor: Actor;
  tenantId: string;
}
