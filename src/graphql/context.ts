// What a GraphQL resolver sees: the tenant of the request, the locale of its messages,
// and a factory for use-case contexts (resolvers never build one by hand).
import type { RequestTenant } from '../accounts/find-request-tenant.js';
import type { Db, DbKind } from '../db/client.js';
import type { DnsLookup } from '../domains/dns-lookup.js';
import type { DomainsContext } from '../domains/domains-context.js';
import type { MigrationContext, MigrationSettings } from '../migration/migration-context.js';
import type { ReportDownloads } from '../migration/reports/report-downloads.js';
import type { PolicySnapshots } from '../policies/policy-snapshots.js';
import type { RelayOperations } from '../relay/relay-operations.js';
import type { Clock } from '../platform/clock.js';
import type { Actor } from '../db/use-case-context.js';
import type { Locale } from '../platform/errors.js';
import type { Events } from '../platform/events.js';
import type { Log } from '../platform/logger.js';

export interface GraphQLServices {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  log: Log;
  events: Events;
  dnsLookup: DnsLookup;
  migration: MigrationSettings;
  /** The key of signed links: report PDFs (app/report-download.ts) and captured messages (app/captured-download.ts). */
  reports: Pick<ReportDownloads, 'linkKey'>;
  /** The tenants' policy rules and objects in memory, current by policy revision. */
  policySnapshots: PolicySnapshots;
  /**
   * The running relay's operations (simulate, release, delete quarantined), wired by app/.
   * Optional: a field whose operation is missing answers RELAY_NOT_RUNNING.
   */
  relay?: RelayOperations;
}

export interface GraphQLContext {
  db: Db;
  /** The request's tenant, with the policy revision it read (is the policy snapshot current?). */
  tenant: RequestTenant;
  locale: Locale;
  actor: Actor;
  services: GraphQLServices;
  /** Aborted when the client goes away (waitForMessage stops waiting). */
  signal?: AbortSignal;
  useCase(): DomainsContext & MigrationContext;
}
