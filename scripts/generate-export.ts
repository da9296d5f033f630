// Writes a generated IMSS/IMSVA export (.dat) for tests, demos and the benchmark:
//   node --import tsx scripts/generate-export.ts --out Config_Files_20240522_153925.dat --rules 10000
// Bad arguments: one sentence on stderr, exit code 2.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateExport, type GenerateOptions } from './export-generator/generate.js';

const USAGE = `Usage: node --import tsx scripts/generate-export.ts --out <file.dat> [--rules N] [--groups N]
  [--addresses-per-group N] [--keyword-lists N] [--expressions-per-list N] [--ip-entries N] [--seed N]
  [--product IMSS|IMSVA] [--build N] [--language ja|en] [--cases all|none] [--no-hidden-key] [--ldap]
  [--encoding UTF-8|Shift_JIS|EUC-JP] [--domains a,b]`;

type Flag =
  | { key: keyof GenerateOptions | 'out'; kind: 'int' | 'string' | 'list' }
  | { key: 'hiddenKey' | 'ldap'; kind: 'switch'; value: boolean };

const FLAGS: Record<string, Flag> = {
  '--out': { key: 'out', kind: 'string' },
  '--rules': { key: 'rules', kind: 'int' },
  '--groups': { key: 'addressGroups', kind: 'int' },
  '--addresses-per-group': { key: 'addressesPerGroup', kind: 'int' },
  '--keyword-lists': { key: 'keywordLists', kind: 'int' },
  '--expressions-per-list': { key: 'expressionsPerList', kind: 'int' },
  '--ip-entries': { key: 'ipEntries', kind: 'int' },
  '--seed': { key: 'seed', kind: 'int' },
  '--product': { key: 'product', kind: 'string' },
  '--build': { key: 'build', kind: 'string' },
  '--language': { key: 'language', kind: 'string' },
  '--cases': { key: 'cases', kind: 'string' },
  '--encoding': { key: 'xmlEncoding', kind: 'string' },
  '--domains': { key: 'domains', kind: 'list' },
  '--no-hidden-key': { key: 'hiddenKey', kind: 'switch', value: false },
  '--ldap': { key: 'ldap', kind: 'switch', value: true },
};

class UsageError extends Error {}

function parse(argv: string[]): { out: string; options: Partial<GenerateOptions> } {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const flag = FLAGS[name];
    if (!flag) throw new UsageError(`Unknown argument "${argv[i]}"; run with --help for the list of options.`);
    if (flag.kind === 'switch') {
      if (inline !== undefined) throw new UsageError(`${name} takes no value.`);
      values[flag.key] = flag.value;
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined || (inline === undefined && raw.startsWith('--'))) throw new UsageError(`${name} needs a value.`);
    if (flag.kind === 'int') {
      if (!/^\d+$/.test(raw)) throw new UsageError(`${name} needs a non-negative integer, not "${raw}".`);
      values[flag.key] = Number(raw);
    } else if (flag.kind === 'list') {
      values[flag.key] = raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
    } else {
      values[flag.key] = raw;
    }
  }
  const { out, ...options } = values;
  if (typeof out !== 'string' || out === '') throw new UsageError('--out <file.dat> is required.');
  return { out, options: options as Partial<GenerateOptions> };
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let out: string;
  let zip: Uint8Array;
  try {
    const parsed = parse(argv);
    out = resolve(parsed.out);
    zip = generateExport(parsed.options);
  } catch (err) {
    // Option validation throws RangeError with one sentence; anything else is a bug.
    if (err instanceof UsageError || err instanceof RangeError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`${out} ${zip.length} bytes\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
