// Command line of `npm run bench:migration`. Defaults are the sizes of the issue; --quick
// takes a tenth of the volume (groups, not addresses per group, so addresses are a tenth too).
export type BenchDbKind = 'sqlite' | 'postgresql';

export interface BenchSizes {
  rules: number;
  addressGroups: number;
  addressesPerGroup: number;
  keywordLists: number;
  ipEntries: number;
}

export interface BenchOptions {
  sizes: BenchSizes;
  seed: number;
  databases: BenchDbKind[];
  requirePg: boolean;
  pgAdminUrl: string;
  /** When set, each worker runs with `node --cpu-prof` and writes its profile here. */
  cpuProfDir: string | null;
}

/** The issue: 10,000 rules, 2,000 groups (100,000 addresses), 500 keyword lists, 20,000 IP entries. */
export const ISSUE_SIZES: BenchSizes = { rules: 10_000, addressGroups: 2_000, addressesPerGroup: 50, keywordLists: 500, ipEntries: 20_000 };
/** Managed domains of the generated export and of the benchmark tenant (registered, verified). */
export const BENCH_DOMAINS = ['example.co.jp', 'example.jp'];
const QUICK_DIVISOR = 10;
const DEFAULT_SEED = 1;
/** The local server of the rehearsal environment (trust authentication). */
const DEFAULT_PG_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const ALL_DATABASES: BenchDbKind[] = ['sqlite', 'postgresql'];

export const USAGE = `Usage: npm run bench:migration -- [--quick] [--rules N] [--groups N] [--addresses-per-group N]
  [--keyword-lists N] [--ip-entries N] [--seed N] [--only sqlite|postgresql] [--require-pg]
  [--pg-url postgresql://user@host:port/db] [--cpu-prof-dir DIR]`;

const SIZE_FLAGS: Record<string, keyof BenchSizes> = {
  '--rules': 'rules',
  '--groups': 'addressGroups',
  '--addresses-per-group': 'addressesPerGroup',
  '--keyword-lists': 'keywordLists',
  '--ip-entries': 'ipEntries',
};

export class UsageError extends Error {}

export function isDbKind(v: string | undefined): v is BenchDbKind {
  return v === 'sqlite' || v === 'postgresql';
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const explicit: Partial<BenchSizes> = {};
  let quick = false;
  let seed = DEFAULT_SEED;
  let only: BenchDbKind | null = null;
  let requirePg = false;
  let pgAdminUrl = DEFAULT_PG_ADMIN_URL;
  let cpuProfDir: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const raw = inline ?? argv[++i];
      if (raw === undefined || (inline === undefined && raw.startsWith('--'))) throw new UsageError(`${name} needs a value.`);
      return raw;
    };
    const int = (): number => {
      const raw = value();
      if (!/^\d+$/.test(raw)) throw new UsageError(`${name} needs a non-negative integer, not "${raw}".`);
      return Number(raw);
    };
    if (name in SIZE_FLAGS) explicit[SIZE_FLAGS[name]!] = int();
    else if (name === '--seed') seed = int();
    else if (name === '--quick') quick = true;
    else if (name === '--require-pg') requirePg = true;
    else if (name === '--pg-url') pgAdminUrl = value();
    else if (name === '--cpu-prof-dir') cpuProfDir = value();
    else if (name === '--only') {
      const kind = value();
      if (!isDbKind(kind)) throw new UsageError(`--only takes sqlite or postgresql, not "${kind}".`);
      only = kind;
    } else throw new UsageError(`Unknown argument "${argv[i]}".\n${USAGE}`);
  }
  if (requirePg && only === 'sqlite') throw new UsageError('--require-pg contradicts --only sqlite.');
  const base = quick ? scaled(ISSUE_SIZES) : ISSUE_SIZES;
  return { sizes: { ...base, ...explicit }, seed, databases: only ? [only] : ALL_DATABASES, requirePg, pgAdminUrl, cpuProfDir };
}

function scaled(s: BenchSizes): BenchSizes {
  const tenth = (n: number) => Math.max(1, Math.round(n / QUICK_DIVISOR));
  return {
    ...s,
    rules: tenth(s.rules),
    addressGroups: tenth(s.addressGroups),
    keywordLists: tenth(s.keywordLists),
    ipEntries: tenth(s.ipEntries),
  };
}
