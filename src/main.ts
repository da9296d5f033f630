// Entry point: config → createApp → listen; SIGINT/SIGTERM close listeners, then the db.
// Every start-up failure is one readable line and exit code 1, never a stack trace.
// `npm start` reaches this process with `exec node …` (package.json): npm forwards SIGINT
// and SIGTERM to its script's shell, and dash neither execs a lone command nor passes the
// signal on, which left the server listening after npm had exited.
import { createApp, ListenError } from './app/create-app.js';
import { seedDemo } from './app/demo.js';
import { ConfigError, loadConfig } from './config.js';
import { DefaultTenantConflict } from './accounts/ensure-default-tenant.js';
import { MigrationError } from './db/migrate.js';
import { createLogger } from './platform/logger.js';

/**
 * How long a stop may take before the process exits anyway. Service managers and people
 * expect a stop within 5 s (then they kill); a clean stop takes well under a second
 * (README "Running"), so a hung pool or database client is the only thing this cuts short.
 */
const STOP_DEADLINE_MS = 4_000;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cegp-rehearsal: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  let app;
  try {
    app = await createApp(config, { log });
    await app.start();
    if (process.argv.includes('--demo')) await seedDemo(app, log);
  } catch (err) {
    const known = err instanceof ListenError || err instanceof MigrationError || err instanceof DefaultTenantConflict;
    const message = known ? (err as Error).message : describeStartupError(err, config.database.kind);
    log.fatal(known ? {} : { err }, message);
    process.stderr.write(`cegp-rehearsal: ${message}\n`);
    await app?.stop().catch(() => undefined);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error({ deadlineMs: STOP_DEADLINE_MS }, 'stop took too long; exiting anyway');
      process.exit(1);
    }, STOP_DEADLINE_MS);
    force.unref();
    try {
      await app.stop();
    } catch (err) {
      log.error({ err }, 'stop failed');
      process.exit(1);
    }
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function describeStartupError(err: unknown, kind: string): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (kind === 'postgresql' && (code === 'ECONNREFUSED' || code === '3D000' || code === '28P01' || code === 'ENOTFOUND')) {
    return `cannot use the PostgreSQL database in DATABASE_URL (${code}: ${(err as Error).message})`;
  }
  if (code === 'EACCES') return `permission denied: ${(err as Error).message} (check HOST, the ports and DATA_DIR)`;
  return `start-up failed: ${(err as Error)?.message ?? String(err)}`;
}

void main();
