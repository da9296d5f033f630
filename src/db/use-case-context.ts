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

/** Who acts, in which tenant: what a use-case context adds to the services of the app. */
export interface UseCaseScope {
  tenantId: string;
  actor: Actor;
}

/** What the app opened (database, clock, log, events), and whatever a capability's context adds (dnsLookup, migration). */
export type UseCaseServices = Omit<UseCaseContext, keyof UseCaseScope>;

/**
 * The one way to make a use-case context: the services, acting as `actor` in `tenantId`.
 * Keeps the extra fields of `services` typed, so the result is a DomainsContext or a
 * MigrationContext when the services carry `dnsLookup` or `migration`. A scope already in
 * `services` (a context made for another tenant) is replaced.
 */
export function useCaseContext<S extends UseCaseServices>(services: S, scope: UseCaseScope): Omit<S, keyof UseCaseScope> & UseCaseScope {
  return { ...services, tenantId: scope.tenantId, actor: scope.actor };
}
