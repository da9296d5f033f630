// What a GraphQL resolver sees: the tenant of the request, the locale of its messages,
// and a factory for use-case contexts (resolvers never build one by hand).
import type { Db, DbKind } from '../db/client.js';
import type { DnsLookup } from '../domains/dns-lookup.js';
import type { DomainsContext } from '../domains/domains-context.js';
import type { MigrationContext, MigrationSettings } from '../migration/migration-context.js';
import type { ReportDownloads } from '../migration/reports/report-downloads.js';
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
  /** Signed report links (the key); the downloads themselves are app/report-download.ts. */
  reports: Pick<ReportDownloads, 'linkKey'>;
}

export interface GraphQLContext {
  db: Db;
  tenant: { id: string; companyId: string; region: string };
  locale: Locale;
  actor: Actor;
  services: GraphQLServices;
  useCase(): DomainsContext & MigrationContext;
}
