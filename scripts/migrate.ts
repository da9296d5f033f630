// Operator command: the IMSS/IMSVA migration wizard from a terminal, against the database
// the server uses (configuration from the environment via loadConfig, as `npm start`).
//   npm run migrate -- <file.dat> [--mode merge|overwrite] [--yes] [--tenant <companyId or id>] [--lang ja|en] [--report-dir <dir>]
// Same use-cases as the GraphQL API (startMigration → confirmMigration | cancelMigration);
// the audit log names the actor "cli". Nothing listens: the analysis needs no DNS. Report
// links point at the server this configuration starts (HOST, HTTP_PORT); --report-dir also
// writes the PDFs, for an operator whose server is not running.
// Exit codes (EXIT in migrate/args.ts, listed by --help): 0 imported or cancelled at the
// prompt, 1 configuration or unexpected error, 2 bad arguments, unreadable file, unknown
// tenant or unusable --report-dir, 3 export refused, 4 import failed (nothing changed),
// 5 not imported because nobody could confirm (no terminal, no --yes).
// Summaries go to stdout; progress, the prompt and failures to stderr; never a stack trace.
import { constants } from 'node:fs';
import { access, copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { pino } from 'pino';
import { accountErrors } from '../src/accounts/errors.js';
import { appServices } from '../src/app/app-services.js';
import { createApp, type App } from '../src/app/create-app.js';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import type { ImportSummary } from '../src/migration/apply-plan.js';
import { bundleErrors } from '../src/migration/bundle.js';
import { cancelMigration } from '../src/migration/cancel-migration.js';
import { confirmMigration } from '../src/migration/confirm-migration.js';
import type { MigrationContext } from '../src/migration/migration-context.js';
import type { Prerequisite } from '../src/migration/plan.js';
import type { ItemCategory } from '../src/migration/reports/report.js';
import { REPORT_LINK_LIFETIME_SECONDS, reportLinkPath } from '../src/migration/reports/report-link.js';
import { startMigration } from '../src/migration/start-migration.js';
import { useCaseContext, type Actor } from '../src/db/use-case-context.js';
import { ExpectedError } from '../src/platform/errors.js';
import { componentLogger, type Log } from '../src/platform/logger.js';
import { EXIT, HELP, parseMigrateArgs, UsageError, USAGE, type MigrateArgs } from './migrate/args.js';
import { askImport } from './migrate/ask-import.js';
import { withProgress } from './migrate/progress.js';
import {
  ERROR_ITEMS_SHOWN,
  renderAnalysis,
  renderCancelled,
  renderDatabase,
  renderFailure,
  renderImport,
  renderNotConfirmed,
  type ReportOutput,
} from './migrate/summary.js';

/** Written to the audit log instead of LOCAL_ADMIN, so entries show they came from here. */
const CLI_ACTOR: Actor = { id: 'cli', displayName: 'Operator command' };

/** How long a finished command may wait for open handles (database pools) before exiting. */
const EXIT_GRACE_MS = 2000;

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseMigrateArgs(argv, process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${e.message}\n${USAGE}\n`);
    return EXIT.USAGE;
  }
  if (args.help) {
    out(`${HELP}\n`);
    return EXIT.OK;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`cegp-rehearsal: ${e.message}\n`);
    return EXIT.UNEXPECTED;
  }
  const file = await readExport(args.file, config.migration.maxUploadBytes);
  if ('problem' in file) {
    err(`${file.problem}\n`);
    return EXIT.USAGE;
  }
  if ('refused' in file) {
    err(renderFailure('refused', file.refused.code, file.refused.messageIn(args.locale), args.locale));
    return EXIT.REFUSED;
  }
  if (args.reportDir) {
    const problem = await writableDir(args.reportDir);
    if (problem) {
      err(`${problem}\n`);
      return EXIT.USAGE;
    }
  }
  const log = cliLogger(config);
  const app = await createApp(config, { log });
  out(renderDatabase(config.database, args.locale));
  try {
    return await migrate(app, log, args, file.bytes);
  } finally {
    await app.stop();
  }
}

async function migrate(app: App, log: Log, args: MigrateArgs, bytes: Uint8Array): Promise<number> {
  const { locale } = args;
  const db = app.database.client;
  const tenant = args.tenant
    ? await db.tenant.findFirst({ where: { OR: [{ id: args.tenant }, { companyId: args.tenant.toLowerCase() }] } })
    : await db.tenant.findUnique({ where: { id: await app.defaultTenantId() } });
  if (!tenant) {
    err(`${accountErrors.error('TENANT_NOT_FOUND', { tenant: args.tenant ?? '' }).messageIn(locale)}\n`);
    return EXIT.USAGE;
  }
  const ctx: MigrationContext = useCaseContext(appServices(app, componentLogger(log, 'migration', { actor: CLI_ACTOR.id })), {
    tenantId: tenant.id,
    actor: CLI_ACTOR,
  });
  const progress = (label: string) => ({ events: app.events, tenantId: tenant.id, label, stream: process.stderr });

  const started = await withProgress(progress('analysis'), () =>
    startMigration(ctx, { fileName: basename(args.file), bytes, mode: args.mode }),
  );
  if (started.rejection) {
    err(renderFailure('refused', started.rejection.code, started.rejection.messageIn(locale), locale));
    return EXIT.REFUSED;
  }
  const run = started.run;
  const errorItems = await db.migrationItem.findMany({
    where: { runId: run.id, category: 'ERROR' },
    orderBy: { seq: 'asc' },
    take: ERROR_ITEMS_SHOWN,
    select: { code: true, message: true, messageJa: true },
  });
  out(
    renderAnalysis(
      {
        runId: run.id,
        tenant: `${tenant.name} (${tenant.companyId})`,
        fileName: run.fileName,
        mode: run.mode,
        source: run.product ? `${run.product} ${run.version ?? ''} build ${run.build ?? '?'}` : null,
        counts: run.counts as Partial<Record<ItemCategory, number>>,
        prerequisites: run.prerequisites as unknown as Prerequisite[],
        errorItems,
        report: await reportOutput(app, run.id, 'ANALYSIS', args.reportDir),
      },
      locale,
    ),
  );

  if (!args.yes && !process.stdin.isTTY) {
    // cron, CI, a pipe: nobody can answer. Cancelled (the upload is not kept for nothing),
    // and an exit code of its own, so a script that forgot --yes does not look successful.
    await cancelMigration(ctx, run.id);
    err(renderNotConfirmed(locale));
    return EXIT.NOT_CONFIRMED;
  }
  if (!(args.yes || (await askImport(process.stdin, process.stderr, locale)))) {
    await cancelMigration(ctx, run.id);
    out(renderCancelled(locale));
    return EXIT.OK;
  }
  let done;
  try {
    done = await withProgress(progress('import'), () => confirmMigration(ctx, run.id));
  } catch (e) {
    // Refused before anything changed (another import claimed the run, the upload vanished).
    if (!(e instanceof ExpectedError)) throw e;
    err(renderFailure('failed', e.code, e.messageIn(locale), locale));
    return EXIT.IMPORT_FAILED;
  }
  if (done.state !== 'COMPLETED') {
    const message = (locale === 'ja' ? done.failureMessageJa : null) ?? done.failureMessage ?? '';
    err(renderFailure('failed', done.failureCode ?? 'MIGRATION_IMPORT_FAILED', message, locale));
    return EXIT.IMPORT_FAILED;
  }
  out(
    renderImport(
      done.id,
      done.importSummary as unknown as ImportSummary,
      await reportOutput(app, done.id, 'MIGRATION', args.reportDir),
      locale,
    ),
  );
  return EXIT.OK;
}

type ExportFile = { bytes: Uint8Array } | { problem: string } | { refused: ExpectedError };

/**
 * Reads the export, refusing one over MIGRATION_MAX_UPLOAD_MB before reading it, as the
 * HTTP server refuses such an upload before its body arrives (app/http-server.ts).
 */
async function readExport(path: string, maxBytes: number): Promise<ExportFile> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { problem: `Cannot read "${path}": it is not a file.` };
    if (info.size > maxBytes) return { refused: bundleErrors.error('BUNDLE_TOO_LARGE', { maxMb: Math.round(maxBytes / 1024 / 1024) }) };
    return { bytes: new Uint8Array(await readFile(path)) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? firstLine(e));
    return { problem: `Cannot read "${path}": ${reason}.` };
  }
}

/**
 * The signed link the server serves a report at (app/report-download.ts), valid for an hour,
 * as a full URL on the server this configuration starts; with --report-dir also the PDF,
 * rendered as a download renders it and copied there.
 */
async function reportOutput(
  app: App,
  runId: string,
  kind: 'ANALYSIS' | 'MIGRATION',
  reportDir: string | null,
): Promise<ReportOutput | null> {
  const report = await app.database.client.migrationReportFile.findUnique({
    where: { runId_kind: { runId, kind } },
    select: { id: true, run: { select: { tenantId: true, language: true, fileName: true } } },
  });
  if (!report) return null;
  const locale = (report.run.language ?? 'ja').toLowerCase().startsWith('en') ? 'en' : 'ja';
  const expires = Math.floor(app.clock.now().getTime() / 1000) + REPORT_LINK_LIFETIME_SECONDS;
  const url = `${app.addresses().http.url}${reportLinkPath(await app.reports.linkKey(), { reportId: report.id, locale, tenantId: report.run.tenantId, expires })}`;
  if (!reportDir) return { url, file: null };
  const download = await app.reports.find(report.id);
  if (!download) return { url, file: null };
  const stem = basename(report.run.fileName, extname(report.run.fileName));
  const file = resolve(reportDir, `${stem}-${kind === 'ANALYSIS' ? 'analysis' : 'migration'}-report.${locale}.pdf`);
  await copyFile(await app.reports.pdf(download, locale), file);
  return { url, file };
}

/** Null when reports can be written to `dir` (made when missing), else the sentence why not. */
async function writableDir(dir: string): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EEXIST' || code === 'ENOTDIR'
          ? 'it is not a folder'
          : (code ?? firstLine(e));
    return `Cannot write reports to "${dir}": ${reason}.`;
  }
}

/**
 * The command reports every outcome itself in one line, so logs stay off unless LOG_LEVEL
 * asks for diagnostics (debug, trace); then they go to stderr as JSON, keeping stdout for
 * the summary.
 */
function cliLogger(config: Config): Log {
  const diagnostic = config.logLevel === 'debug' || config.logLevel === 'trace';
  return pino({ level: diagnostic ? config.logLevel : 'silent', base: undefined }, pino.destination({ dest: 2, sync: true }));
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

const code = await main(process.argv.slice(2)).catch((e: unknown) => {
  err(`unexpected error: ${firstLine(e)}\n`);
  return EXIT.UNEXPECTED;
});
process.exitCode = code;
// A database pool or a paused stdin must not keep a finished command alive.
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
