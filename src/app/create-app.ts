// Composition root: wires configuration, database, capabilities and listeners. It never
// listens by itself: start() does, so tests can build an app and bind port 0.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDefaultTenant } from '../accounts/ensure-default-tenant.js';
import { ensureDefaultRules } from '../policies/ensure-default-rules.js';
import type { Config } from '../config.js';
import { databaseAnswers, openDatabase, type Database } from '../db/client.js';
import { migratePostgres, migrateSqlite, readMigrations } from '../db/migrate.js';
import { startDnsServer, PortInUseError, type RunningDnsServer } from '../dns/dns-server.js';
import { startLiveZones, type LiveZones } from '../dns/live-zones.js';
import type { RelayAddresses } from '../dns/regional-zone.js';
import { createDnsLookup, type DnsLookup, type ServerAddress } from '../domains/dns-lookup.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { createEvents, type Events } from '../platform/events.js';
import { componentLogger, type Log } from '../platform/logger.js';
import { createGraphQLHandler, type Yoga } from '../graphql/yoga.js';
import type { MigrationSettings } from '../migration/migration-context.js';
import { createMigrationRuntime } from '../migration/migration-runtime.js';
import { createPolicySnapshots, type PolicySnapshots } from '../policies/policy-snapshots.js';
import { createRelayRuntime, type RelayRuntime } from '../relay/relay-runtime.js';
import { createHttpServer, largestBodyBytes } from './http-server.js';
import { createReportDownloads, type ReportDownloads } from '../migration/reports/report-downloads.js';
import { reportDownloadRoute } from './report-download.js';
import { capturedDownloadRoute } from './captured-download.js';
import { startVerificationScheduler, type Scheduler } from './verification-scheduler.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface AppAddresses {
  http: { host: string; port: number; url: string };
  dns: { host: string; port: number };
  smtp: { host: string; port: number };
}

export interface App {
  config: Config;
  database: Database;
  events: Events;
  clock: Clock;
  dnsLookup: DnsLookup;
  yoga: Yoga;
  /** Migration settings of this app (upload folder, limits, analysis pool, run leases). */
  migration: MigrationSettings;
  /** Report PDFs: signed links, stored files, the render thread. */
  reports: ReportDownloads;
  /** Policy rules and objects in memory for the list pages (tests wait on idle() for a build). */
  policySnapshots: PolicySnapshots;
  /** The simulated CEGP relay: SMTP listener, spool, processing, delivery. */
  relay: RelayRuntime;
  defaultTenantId(): Promise<string>;
  start(): Promise<AppAddresses>;
  addresses(): AppAddresses;
  stop(): Promise<void>;
}

export class ListenError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AppOptions {
  log: Log;
  clock?: Clock;
}

export async function createApp(config: Config, opts: AppOptions): Promise<App> {
  const log = opts.log;
  const clock = opts.clock ?? systemClock;
  const dbLog = componentLogger(log, 'db');
  if (config.database.kind === 'sqlite') {
    const database = config.database;
    mkdirSync(dirname(database.file), { recursive: true });
    const r = migrateSqlite(database.file, readMigrations(join(ROOT, 'prisma/migrations')));
    if (r.applied.length) dbLog.info({ applied: r.applied }, 'migrations applied');
  } else {
    const r = await migratePostgres(config.database.url, readMigrations(join(ROOT, 'prisma/postgresql/migrations')));
    if (r.applied.length) dbLog.info({ applied: r.applied }, 'migrations applied');
  }
  const database = openDatabase(config.database.url);
  const db = database.client;
  const defaultTenant = await ensureDefaultTenant(db, {
    companyId: config.companyId,
    region: config.tenantRegion,
    enforce: config.defaultTenantFromEnv,
  });
  // Tenants made before policies existed get their default rules too.
  for (const t of await db.tenant.findMany({ where: { policyRules: { none: {} } }, select: { id: true } }))
    await ensureDefaultRules(db, t.id);
  dbLog.info({ database: database.describe, defaultTenant: defaultTenant.companyId }, 'database ready');

  const events = createEvents();
  let dns: RunningDnsServer | null = null;
  let zones: LiveZones | null = null;
  let stopDnsInvalidation: (() => void) | null = null;
  let http: Server | null = null;
  let scheduler: Scheduler | null = null;
  const relay = relayAddresses(config.host);
  const resolverTarget = (): ServerAddress => {
    if (config.dnsResolver.kind === 'system') return 'system';
    if (config.dnsResolver.kind === 'server') return { host: config.dnsResolver.host, port: config.dnsResolver.port };
    // mock: this process's own DNS server, reached over loopback like any resolver.
    return { host: relay.ipv4 ?? relay.ipv6 ?? '127.0.0.1', port: dns?.udp.port ?? config.dnsPort };
  };
  const dnsLookup = createDnsLookup(resolverTarget);
  const migrationRuntime = createMigrationRuntime({
    db,
    database: config.database.kind === 'postgresql' ? { kind: 'postgresql', url: config.database.url } : { kind: 'sqlite' },
    clock,
    log: componentLogger(log, 'migration'),
    events,
    uploadDir: join(config.dataDir, 'migrations'),
    ...config.migration,
  });
  const migration = migrationRuntime.settings;
  const reports = createReportDownloads({ db, clock, dataDir: config.dataDir, log: componentLogger(log, 'migration'), events });
  const policySnapshots = createPolicySnapshots({ db, log: componentLogger(log, 'policies'), maxRules: config.policySnapshotMaxRules });
  const relayRuntime = createRelayRuntime(
    { db, dbKind: database.kind, clock, log: componentLogger(log, 'relay'), events },
    { host: config.host, smtpPort: config.smtpPort, dataDir: config.dataDir, ...config.relay },
  );
  const services = {
    ...{ db, dbKind: database.kind, clock, log: componentLogger(log, 'graphql'), events, dnsLookup, migration, reports },
    policySnapshots,
    relay: {
      simulate: (r: Parameters<RelayRuntime['simulate']>[0]) => relayRuntime.simulate(r),
      release: relayRuntime.release,
      deleteQuarantined: relayRuntime.deleteQuarantined,
    },
  };
  const defaultTenantId = async () => (await db.tenant.findFirstOrThrow({ where: { isDefault: true }, select: { id: true } })).id;
  const yoga = createGraphQLHandler({
    services,
    defaultTenantId,
    corsOrigins: config.corsOrigins,
    maxRequestBodyBytes: largestBodyBytes(config.graphqlMaxBodyBytes, config.migration.maxUploadBytes),
    uploadLimits: { maxUploadBytes: config.migration.maxUploadBytes, maxFieldBytes: config.graphqlMaxBodyBytes },
    errorHints: config.nodeEnv === 'development',
  });

  const addresses = (): AppAddresses => {
    const a = http?.address() as AddressInfo | null;
    const host = config.host;
    const port = a?.port ?? config.httpPort;
    const urlHost = isIPv6(host) ? `[${host === '::' ? '::1' : host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    return {
      http: { host, port, url: `http://${urlHost}:${port}` },
      dns: { host, port: dns?.udp.port ?? config.dnsPort },
      smtp: { host, port: relayRuntime.addresses().smtp?.port ?? config.smtpPort },
    };
  };

  const health = async () => {
    const httpUp = http?.listening === true;
    const dnsUp = dns?.isListening() === true;
    const dbUp = await databaseAnswers(db);
    return { ok: httpUp && dnsUp && dbUp, http: httpUp, dns: dnsUp, database: dbUp, databaseKind: database.kind };
  };

  return {
    config,
    database,
    events,
    clock,
    dnsLookup,
    yoga,
    migration,
    reports,
    policySnapshots,
    relay: relayRuntime,
    defaultTenantId,
    addresses,
    async start() {
      // Runs a crash left ANALYZING / IMPORTING are failed before anyone can see them stuck.
      await migrationRuntime.start();
      try {
        const dnsLog = componentLogger(log, 'dns');
        zones = await startLiveZones({ db, relay, log: dnsLog });
        const live = zones;
        // Every write of DNS data (records, zones, tenants) emits dns.changed after its commit.
        stopDnsInvalidation = events.on('dns.changed', () => live.invalidate());
        dns = await startDnsServer({ zones: live, log: dnsLog, host: config.host, port: config.dnsPort, rateLimit: config.dnsRateLimit });
      } catch (err) {
        stopDnsInvalidation?.();
        zones?.close();
        if (err instanceof PortInUseError)
          throw new ListenError(
            'DNS_PORT',
            `DNS_PORT ${config.dnsPort} is already in use on ${config.host} (${err.protocol}); set DNS_PORT to a free port.`,
          );
        throw err;
      }
      try {
        await relayRuntime.start();
      } catch (err) {
        await dns?.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new ListenError(
            'SMTP_PORT',
            `SMTP_PORT ${config.smtpPort} is already in use on ${config.host}; set SMTP_PORT to a free port.`,
          );
        throw err;
      }
      const server = createHttpServer({
        yoga,
        log: componentLogger(log, 'http'),
        maxBodyBytes: config.graphqlMaxBodyBytes,
        maxUploadBytes: config.migration.maxUploadBytes,
        allowedHosts: config.allowedHosts,
        corsOrigins: config.corsOrigins,
        health,
        routes: [
          reportDownloadRoute(reports, clock, componentLogger(log, 'http')),
          capturedDownloadRoute({
            db,
            clock,
            dataDir: config.dataDir,
            linkKey: () => reports.linkKey(),
            log: componentLogger(log, 'http'),
          }),
        ],
      });
      http = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) =>
          reject(
            err.code === 'EADDRINUSE'
              ? new ListenError(
                  'HTTP_PORT',
                  `HTTP_PORT ${config.httpPort} is already in use on ${config.host}; set HTTP_PORT to a free port.`,
                )
              : err,
          ),
        );
        server.listen(config.httpPort, config.host, () => resolve());
      }).catch(async (err) => {
        await relayRuntime.stop();
        await dns?.close();
        throw err;
      });
      scheduler = startVerificationScheduler({
        intervalSeconds: config.verifyIntervalSeconds,
        ctx: { db, dbKind: database.kind, clock, log: componentLogger(log, 'verification'), events, dnsLookup },
      });
      const a = addresses();
      componentLogger(log, 'app').info(
        {
          graphql: `${a.http.url}/graphql`,
          dns: `${a.dns.host}:${a.dns.port}`,
          smtp: `${a.smtp.host}:${a.smtp.port}`,
          resolver: dnsLookup.describe(),
        },
        'listening',
      );
      return a;
    },
    async stop() {
      scheduler?.stop();
      if (http) {
        const h = http;
        await new Promise<void>((resolve) => {
          h.close(() => resolve());
          h.closeAllConnections();
        });
      }
      await relayRuntime.stop();
      await dns?.close();
      await migrationRuntime.stop();
      await reports.close();
      await policySnapshots.idle();
      policySnapshots.clear();
      stopDnsInvalidation?.();
      zones?.close();
      await database.close();
    },
  };
}

/** Where CEGP host names of the mock point: the address the relay listens on. */
function relayAddresses(host: string): RelayAddresses {
  if (host === '0.0.0.0') return { ipv4: '127.0.0.1', ipv6: null };
  if (host === '::') return { ipv4: null, ipv6: '::1' };
  return isIPv6(host) ? { ipv4: null, ipv6: host } : { ipv4: host, ipv6: null };
}
