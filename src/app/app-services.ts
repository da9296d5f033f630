// The services of an app for code that drives it from outside a request (the demo seed,
// the migration CLI, the benchmark): one list, so their use-case contexts
// (db/use-case-context.ts useCaseContext) carry what a request's do.
import type { UseCaseServices } from '../db/use-case-context.js';
import type { DnsLookup } from '../domains/dns-lookup.js';
import type { MigrationSettings } from '../migration/migration-context.js';
import type { Log } from '../platform/logger.js';
import type { App } from './create-app.js';

export interface AppServices extends UseCaseServices {
  dnsLookup: DnsLookup;
  migration: MigrationSettings;
}

/** `log` is the caller's component logger (demo, migration…). */
export function appServices(app: App, log: Log): AppServices {
  return {
    db: app.database.client,
    dbKind: app.database.kind,
    clock: app.clock,
    log,
    events: app.events,
    dnsLookup: app.dnsLookup,
    migration: app.migration,
  };
}
