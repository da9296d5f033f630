// The command line of `npm run migrate`: pure, so the usage rules test without a process.
// node:util parseArgs does the tokenising (flags, `--flag=value`, unknown flags).
import { parseArgs } from 'node:util';
import type { MigrationMode } from '../../src/db/enums.js';
import type { Locale } from '../../src/platform/errors.js';

export const USAGE =
  'Usage: npm run migrate -- <file.dat> [--mode merge|overwrite] [--yes] [--tenant <companyId or id>] [--lang ja|en] [--report-dir <dir>]';

/** The command's exit codes: scripts and schedulers tell the outcomes apart by them. */
export const EXIT = { OK: 0, UNEXPECTED: 1, USAGE: 2, REFUSED: 3, IMPORT_FAILED: 4, NOT_CONFIRMED: 5 } as const;

/** `--help`: the usage line, the options and the exit codes. */
export const HELP = `${USAGE}

Analyses an IMSS/IMSVA export (the pre-migration check), then imports it into the tenant's
policies, on the database the server uses (DATA_DIR or DATABASE_URL, as npm start).

  --mode merge|overwrite   merge (default) keeps existing settings; overwrite replaces them
  --yes, -y                import without asking (needed when stdin is not a terminal)
  --tenant <id>            the tenant's company identifier or id (default: the default tenant)
  --lang ja|en             message language (default: LC_ALL, LC_MESSAGES, LANG)
  --report-dir <dir>       also write the analysis and migration reports there as PDF files
  --help, -h               this text

Exit codes:
  ${EXIT.OK}  imported, or cancelled at the prompt
  ${EXIT.UNEXPECTED}  configuration error or unexpected failure (also: a report could not be written)
  ${EXIT.USAGE}  bad arguments, unreadable export file, unknown tenant, unusable --report-dir
  ${EXIT.REFUSED}  export refused (not an export, hidden key missing, build too old, too large)
  ${EXIT.IMPORT_FAILED}  import failed; nothing was changed
  ${EXIT.NOT_CONFIRMED}  not imported: stdin is not a terminal and --yes was not given (the run is cancelled)`;

export interface MigrateArgs {
  file: string;
  mode: MigrationMode;
  yes: boolean;
  /** A tenant id or company identifier; null = the default tenant. */
  tenant: string | null;
  locale: Locale;
  /** Where to write the report PDFs; null = print their links only. */
  reportDir: string | null;
}

export type ParsedArgs = { help: true } | ({ help: false } & MigrateArgs);

/** A bad command line: one sentence, shown with the usage line (exit code 2). */
export class UsageError extends Error {}

const MODES: Record<string, MigrationMode> = { merge: 'MERGE', overwrite: 'OVERWRITE' };

export function parseMigrateArgs(argv: string[], env: Record<string, string | undefined>): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        mode: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        tenant: { type: 'string' },
        lang: { type: 'string' },
        'report-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // parseArgs (ERR_PARSE_ARGS_*) names the option in quotes; its advice about positionals
    // starting with "-" does not apply to a file name.
    const e = err as NodeJS.ErrnoException;
    const option = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) throw new UsageError(`Unknown option "${option}".`);
    throw new UsageError(e.message.split('\n')[0]!.replace(/([^.])$/, '$1.'));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('Name the IMSS/IMSVA export (.dat) to migrate.');
  if (positionals.length > 1) throw new UsageError(`Give one export file, not ${positionals.length} (${positionals.join(', ')}).`);
  const mode = MODES[(values.mode ?? 'merge').toLowerCase()];
  if (!mode) throw new UsageError(`--mode must be merge or overwrite, not "${values.mode}".`);
  const lang = values.lang?.toLowerCase();
  if (lang !== undefined && lang !== 'ja' && lang !== 'en') throw new UsageError(`--lang must be ja or en, not "${values.lang}".`);
  const tenant = values.tenant?.trim();
  if (values.tenant !== undefined && !tenant) throw new UsageError('--tenant needs a company identifier or tenant id.');
  const reportDir = values['report-dir']?.trim();
  if (values['report-dir'] !== undefined && !reportDir) throw new UsageError('--report-dir needs a folder.');
  return {
    help: false,
    file: positionals[0]!,
    mode,
    yes: values.yes === true,
    tenant: tenant ?? null,
    locale: (lang as Locale | undefined) ?? terminalLocale(env),
    reportDir: reportDir ?? null,
  };
}

/**
 * The terminal's message language. POSIX precedence (LC_ALL, then LC_MESSAGES, then LANG;
 * IEEE Std 1003.1 §8.2), so `LC_ALL=C` on a Japanese desktop gives English as other tools do.
 */
export function terminalLocale(env: Record<string, string | undefined>): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
