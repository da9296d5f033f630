// The command line of `npm run migrate`: pure, so the usage rules test without a process.
// node:util parseArgs does the tokenising (flags, `--flag=value`, unknown flags).
import { parseArgs } from 'node:util';
import type { MigrationMode } from '../../src/db/enums.js';
import type { Locale } from '../../src/platform/errors.js';

export const USAGE =
  'Usage: npm run migrate -- <file.dat> [--mode merge|overwrite] [--yes] [--tenant <companyId or id>] [--lang ja|en]';

export interface MigrateArgs {
  file: string;
  mode: MigrationMode;
  yes: boolean;
  /** A tenant id or company identifier; null = the default tenant. */
  tenant: string | null;
  locale: Locale;
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
  return { help: false, file: positionals[0]!, mode, yes: values.yes === true, tenant: tenant ?? null, locale: (lang as Locale | undefined) ?? terminalLocale(env) };
}

/**
 * The terminal's message language. POSIX precedence (LC_ALL, then LC_MESSAGES, then LANG;
 * IEEE Std 1003.1 §8.2), so `LC_ALL=C` on a Japanese desktop gives English as other tools do.
 */
export function terminalLocale(env: Record<string, string | undefined>): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
