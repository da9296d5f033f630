// The only reader of process.env. Every key is documented in .env.example; a bad value
// stops the start with one line per problem, naming the variable (never a stack trace).
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ANY_HOST, normalizeHost, normalizeOrigin } from './app/host-origin.js';

const port = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be between 0 and 65535`)
    .max(65535, `${name} must be between 0 and 65535`)
    .default(fallback);

const REGIONS = ['JP', 'US', 'EU', 'ANZ', 'SG', 'IN', 'UAE'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['production', 'development', 'test'] as const;

/** A comma-separated list variable: entries trimmed, empty ones dropped. */
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const schema = z.object({
  HTTP_PORT: port('HTTP_PORT', 4000),
  DNS_PORT: port('DNS_PORT', 5353),
  DNS_RRL_RESPONSES_PER_SECOND: z.coerce
    .number({ error: 'DNS_RRL_RESPONSES_PER_SECOND must be a number' })
    .int('DNS_RRL_RESPONSES_PER_SECOND must be a whole number')
    .min(0, 'DNS_RRL_RESPONSES_PER_SECOND must be 0 (off) or more')
    .default(1000),
  DNS_RRL_SLIP: z.coerce
    .number({ error: 'DNS_RRL_SLIP must be a number' })
    .int('DNS_RRL_SLIP must be a whole number')
    .min(0, 'DNS_RRL_SLIP must be between 0 and 10')
    .max(10, 'DNS_RRL_SLIP must be between 0 and 10')
    .default(2),
  SMTP_PORT: port('SMTP_PORT', 2525),
  CAPTURE_SMTP_PORT: port('CAPTURE_SMTP_PORT', 2526),
  // The outbox's back-off (src/relay/retry-schedule.ts): base * 2^(n-1) after the nth
  // failure, capped at an hour; a base above the cap would only shorten the first waits.
  RELAY_RETRY_BASE_SECONDS: z.coerce
    .number({ error: 'RELAY_RETRY_BASE_SECONDS must be a number' })
    .int('RELAY_RETRY_BASE_SECONDS must be a whole number')
    .min(1, 'RELAY_RETRY_BASE_SECONDS must be between 1 and 3600')
    .max(3600, 'RELAY_RETRY_BASE_SECONDS must be between 1 and 3600')
    .default(60),
  // CEGP keeps undeliverable mail up to 10 days (docs/cegp/logs-and-quarantine.md, "Retention summary").
  RELAY_QUEUE_LIFETIME_HOURS: z.coerce
    .number({ error: 'RELAY_QUEUE_LIFETIME_HOURS must be a number' })
    .int('RELAY_QUEUE_LIFETIME_HOURS must be a whole number')
    .min(1, 'RELAY_QUEUE_LIFETIME_HOURS must be between 1 and 720')
    .max(720, 'RELAY_QUEUE_LIFETIME_HOURS must be between 1 and 720 (30 days)')
    .default(240),
  HOST: z
    .string()
    .default('127.0.0.1')
    .refine((v) => isIP(v) !== 0 || v === 'localhost', 'HOST must be an IP address such as 127.0.0.1 or 0.0.0.0'),
  DATA_DIR: z.string().min(1, 'DATA_DIR must not be empty').default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v === '' || /^(file:|postgres(ql)?:\/\/)/.test(v),
      'DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    ),
  DNS_RESOLVER: z
    .string()
    .default('mock')
    .refine(
      (v) => v === 'mock' || v === 'system' || parseHostPort(v) !== null,
      'DNS_RESOLVER must be mock, system or host:port (for example 127.0.0.1:53)',
    ),
  TENANT_REGION: z.enum(REGIONS, { error: `TENANT_REGION must be one of ${REGIONS.join(', ')}` }).default('JP'),
  COMPANY_ID: z
    .string()
    .default('rehearsal')
    .refine(
      (v) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(v),
      'COMPANY_ID must be one DNS label: lower-case letters, digits and hyphens, at most 63',
    ),
  VERIFY_INTERVAL_SECONDS: z.coerce
    .number({ error: 'VERIFY_INTERVAL_SECONDS must be a number' })
    .int('VERIFY_INTERVAL_SECONDS must be a whole number')
    .min(0, 'VERIFY_INTERVAL_SECONDS must be 0 (off) or more')
    .default(900),
  GRAPHQL_MAX_BODY_BYTES: z.coerce
    .number({ error: 'GRAPHQL_MAX_BODY_BYTES must be a number' })
    .int()
    .min(1024, 'GRAPHQL_MAX_BODY_BYTES must be at least 1024')
    .default(1_048_576),
  // 25 MB: 25 times the issue's largest export (10,000 rules zip to 1 MB). The upload is held
  // in memory a few times over while it is received, kept and analysed, so 25 MB keeps any
  // accepted upload under the 600 MB ceiling (bench:hostile); a larger value costs ~4× it.
  MIGRATION_MAX_UPLOAD_MB: z.coerce
    .number({ error: 'MIGRATION_MAX_UPLOAD_MB must be a number' })
    .int('MIGRATION_MAX_UPLOAD_MB must be a whole number')
    .min(1, 'MIGRATION_MAX_UPLOAD_MB must be at least 1')
    .max(1024, 'MIGRATION_MAX_UPLOAD_MB must be at most 1024')
    .default(25),
  MIGRATION_IMSS_MIN_BUILD: z.coerce.number({ error: 'MIGRATION_IMSS_MIN_BUILD must be a number' }).int().min(1).default(1361),
  MIGRATION_IMSVA_MIN_BUILD: z.coerce.number({ error: 'MIGRATION_IMSVA_MIN_BUILD must be a number' }).int().min(1).default(2011),
  MIGRATION_UPLOAD_RETENTION_HOURS: z.coerce
    .number({ error: 'MIGRATION_UPLOAD_RETENTION_HOURS must be a number' })
    .int('MIGRATION_UPLOAD_RETENTION_HOURS must be a whole number')
    .min(1, 'MIGRATION_UPLOAD_RETENTION_HOURS must be at least 1')
    .max(8760, 'MIGRATION_UPLOAD_RETENTION_HOURS must be at most 8760 (a year)')
    .default(24),
  // Policy snapshots (src/policies/policy-snapshots.ts): a tenant with more rules than this
  // has its list pages read from the database; 0 turns snapshots off (memory-tight hosts).
  POLICY_SNAPSHOT_MAX_RULES: z.coerce
    .number({ error: 'POLICY_SNAPSHOT_MAX_RULES must be a number' })
    .int('POLICY_SNAPSHOT_MAX_RULES must be a whole number')
    .min(0, 'POLICY_SNAPSHOT_MAX_RULES must be 0 (off) or more')
    .max(50_000, 'POLICY_SNAPSHOT_MAX_RULES must be at most 50000 (a snapshot of 50,000 rules holds ~250 MB)')
    .default(5_000),
  // The relay (src/relay/): fsync each accepted message before its 250 (false: faster, and a
  // crash can lose acknowledged mail; the log says so at start).
  SPOOL_FSYNC: z.enum(['true', 'false'], { error: 'SPOOL_FSYNC must be true or false' }).default('true'),
  // Threads that parse messages and run the policy engine, off the SMTP listener's thread.
  // 0: accept only — messages are spooled and registered, and wait unprocessed (taken up by
  // the next start with workers); bench:relay measures acceptance alone with it.
  RELAY_WORKERS: z.coerce
    .number({ error: 'RELAY_WORKERS must be a number' })
    .int('RELAY_WORKERS must be a whole number')
    .min(0, 'RELAY_WORKERS must be 0 (accept only) or more')
    .max(16, 'RELAY_WORKERS must be at most 16')
    .default(1),
  // Test-only fault hook (see .env.example): a migration phase waits for ever.
  REHEARSAL_TEST_PAUSE: z
    .enum(['analysis', 'import'], { error: 'REHEARSAL_TEST_PAUSE must be analysis or import (a test-only hook)' })
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { error: 'LOG_FORMAT must be auto, json or pretty' }).default('auto'),
  NODE_ENV: z.enum(NODE_ENVS, { error: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` }).default('production'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) =>
      list(v).map((entry) => {
        const origin = normalizeOrigin(entry);
        if (origin === null)
          ctx.addIssue({
            code: 'custom',
            message: `CORS_ORIGINS: "${entry}" is not an origin such as https://admin.example.com (http or https, host, optional port, no path)`,
          });
        return origin ?? '';
      }),
    ),
  ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v, ctx) =>
      v === undefined
        ? undefined
        : list(v).map((entry) => {
            const host = entry === ANY_HOST ? ANY_HOST : normalizeHost(entry);
            if (host === null || (isIP(entry) === 0 && /:\d+$/.test(entry)))
              ctx.addIssue({
                code: 'custom',
                message: `ALLOWED_HOSTS: "${entry}" is not a host name or address without port, such as rehearsal.example.com or 192.0.2.10`,
              });
            return host ?? '';
          }),
    ),
});

export type Region = (typeof REGIONS)[number];

export interface Config {
  httpPort: number;
  dnsPort: number;
  /** UDP response rate limiting per source network (0 answers per second: off). */
  dnsRateLimit: { responsesPerSecond: number; slip: number };
  smtpPort: number;
  relay: {
    /** The built-in capture mailbox's SMTP port on 127.0.0.1 (0: any free port). */
    captureSmtpPort: number;
    /** First retry delay of a deferred delivery; doubles per failure up to an hour. */
    retryBaseSeconds: number;
    /** How long a message may stay undeliverable before it expires (and bounces). */
    queueLifetimeHours: number;
    /** fsync spooled messages before 250 (SPOOL_FSYNC). */
    spoolFsync: boolean;
    /** Processing threads (RELAY_WORKERS). */
    workers: number;
  };
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; url: string; file: string } | { kind: 'postgresql'; url: string };
  dnsResolver: { kind: 'mock' } | { kind: 'system' } | { kind: 'server'; host: string; port: number };
  tenantRegion: Region;
  companyId: string;
  /** Was COMPANY_ID / TENANT_REGION given explicitly (then the default tenant follows them). */
  defaultTenantFromEnv: boolean;
  verifyIntervalSeconds: number;
  graphqlMaxBodyBytes: number;
  /** Rules per tenant above which no policy snapshot is kept; 0: none. */
  policySnapshotMaxRules: number;
  migration: {
    maxUploadBytes: number;
    imssMinBuild: number;
    imsvaMinBuild: number;
    uploadRetentionHours: number;
    /** REHEARSAL_TEST_PAUSE: a test-only hook, null outside tests. */
    testPause: 'analysis' | 'import' | null;
  };
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: 'auto' | 'json' | 'pretty';
  /** development: GraphQL errors keep their "Did you mean …" hints and parser details. */
  nodeEnv: (typeof NODE_ENVS)[number];
  /** Host names the HTTP API answers (normalized, no port; "*" = any). /healthz answers any. */
  allowedHosts: string[];
  /** Origins (besides the server's own pages) whose browsers may call the API (CORS). */
  corsOrigins: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => (i.message.includes(String(i.path[0])) ? i.message : `${String(i.path[0])}: ${i.message}`)),
    );
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  let database: Config['database'];
  if (e.DATABASE_URL && /^postgres(ql)?:\/\//.test(e.DATABASE_URL)) {
    try {
      new URL(e.DATABASE_URL);
    } catch {
      throw new ConfigError(['DATABASE_URL is not a valid postgresql:// URL']);
    }
    database = { kind: 'postgresql', url: e.DATABASE_URL };
  } else {
    const file = e.DATABASE_URL ? resolve(e.DATABASE_URL.replace(/^file:/, '')) : resolve(dataDir, 'cegp-rehearsal.db');
    database = { kind: 'sqlite', url: `file:${file}`, file };
  }
  const hp = parseHostPort(e.DNS_RESOLVER);
  const dnsResolver: Config['dnsResolver'] =
    e.DNS_RESOLVER === 'mock' ? { kind: 'mock' } : e.DNS_RESOLVER === 'system' ? { kind: 'system' } : { kind: 'server', ...hp! };
  return {
    httpPort: e.HTTP_PORT,
    dnsPort: e.DNS_PORT,
    dnsRateLimit: { responsesPerSecond: e.DNS_RRL_RESPONSES_PER_SECOND, slip: e.DNS_RRL_SLIP },
    smtpPort: e.SMTP_PORT,
    relay: {
      captureSmtpPort: e.CAPTURE_SMTP_PORT,
      retryBaseSeconds: e.RELAY_RETRY_BASE_SECONDS,
      queueLifetimeHours: e.RELAY_QUEUE_LIFETIME_HOURS,
      spoolFsync: e.SPOOL_FSYNC === 'true',
      workers: e.RELAY_WORKERS,
    },
    host: e.HOST === 'localhost' ? '127.0.0.1' : e.HOST,
    dataDir,
    database,
    dnsResolver,
    tenantRegion: e.TENANT_REGION,
    companyId: e.COMPANY_ID,
    defaultTenantFromEnv: cleaned.COMPANY_ID !== undefined || cleaned.TENANT_REGION !== undefined,
    verifyIntervalSeconds: e.VERIFY_INTERVAL_SECONDS,
    graphqlMaxBodyBytes: e.GRAPHQL_MAX_BODY_BYTES,
    policySnapshotMaxRules: e.POLICY_SNAPSHOT_MAX_RULES,
    migration: {
      maxUploadBytes: e.MIGRATION_MAX_UPLOAD_MB * 1024 * 1024,
      imssMinBuild: e.MIGRATION_IMSS_MIN_BUILD,
      imsvaMinBuild: e.MIGRATION_IMSVA_MIN_BUILD,
      uploadRetentionHours: e.MIGRATION_UPLOAD_RETENTION_HOURS,
      testPause: e.REHEARSAL_TEST_PAUSE ?? null,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    nodeEnv: e.NODE_ENV,
    allowedHosts: e.ALLOWED_HOSTS ?? defaultAllowedHosts(e.HOST),
    corsOrigins: e.CORS_ORIGINS,
  };
}

/** HOST itself, and the loopback names a browser on this machine uses. */
function defaultAllowedHosts(host: string): string[] {
  const names = [host, 'localhost', '127.0.0.1', ...(isIP(host) === 6 ? ['::1'] : [])];
  return [...new Set(names.map((n) => normalizeHost(n)).filter((n): n is string => n !== null))];
}

function parseHostPort(v: string): { host: string; port: number } | null {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(v);
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535 || isIP(m[1]!) === 0) return null;
  return { host: m[1]!, port };
}
