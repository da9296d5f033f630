// Options of the export generator, their defaults and their validation.
import type { XmlEncoding } from './xml.js';

export interface GenerateOptions {
  /** Deterministic: the same options give a byte-identical ZIP. */
  seed: number;
  product: 'IMSVA' | 'IMSS';
  /** Last part of 9.1.0.NNNN; default 2011 (IMSVA) or 1361 (IMSS). */
  build: string;
  /** Language of names and texts in rules, groups, lists, notifications and stamps. */
  language: 'ja' | 'en';
  /** Managed domains (the CEGP tenant's domains). */
  domains: string[];
  rules: number;
  addressGroups: number;
  addressesPerGroup: number;
  keywordLists: number;
  expressionsPerList: number;
  /** Total approved + blocked IP list entries (`<ip>` and `<cidr>` elements). */
  ipEntries: number;
  /** 'all' adds one identifiable instance of every content row of spec §10 (see GENERATED_CASES). */
  cases: 'none' | 'all';
  /** imss.ini carries [imp_exp] enable_ems_migrate=1. */
  hiddenKey: boolean;
  /** imss.ini carries [ldap] enable=yes and admin/settings.xml an LDAP server. */
  ldap: boolean;
  /** Charset of every XML member (declared in its XML declaration). */
  xmlEncoding: XmlEncoding;
}

const DEFAULTS: Omit<GenerateOptions, 'build'> = {
  seed: 1,
  product: 'IMSVA',
  language: 'ja',
  domains: ['example.co.jp', 'example.jp'],
  rules: 20,
  addressGroups: 5,
  addressesPerGroup: 5,
  keywordLists: 5,
  expressionsPerList: 3,
  ipEntries: 20,
  cases: 'none',
  hiddenKey: true,
  ldap: false,
  xmlEncoding: 'UTF-8',
};

/** Generous ceilings: ten times the benchmark sizes, so a typo cannot exhaust memory. */
const MAX_COUNT: Record<'rules' | 'addressGroups' | 'addressesPerGroup' | 'keywordLists' | 'expressionsPerList' | 'ipEntries', number> = {
  rules: 100_000,
  addressGroups: 20_000,
  addressesPerGroup: 1_000,
  keywordLists: 5_000,
  expressionsPerList: 200,
  ipEntries: 200_000,
};

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Fills defaults and checks every value; throws RangeError with one sentence on a bad one. */
export function resolveOptions(partial: Partial<GenerateOptions>): GenerateOptions {
  const product = partial.product ?? DEFAULTS.product;
  const opts: GenerateOptions = {
    ...DEFAULTS,
    ...stripUndefined(partial),
    product,
    build: partial.build ?? (product === 'IMSS' ? '1361' : '2011'),
  };
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`The seed must be an integer, not ${opts.seed}.`);
  if (opts.product !== 'IMSVA' && opts.product !== 'IMSS')
    throw new RangeError(`The product must be IMSVA or IMSS, not ${String(opts.product)}.`);
  if (!/^\d{1,6}$/.test(opts.build)) throw new RangeError(`The build must be the digits after 9.1.0. (such as 2011), not "${opts.build}".`);
  if (opts.language !== 'ja' && opts.language !== 'en')
    throw new RangeError(`The language must be ja or en, not ${String(opts.language)}.`);
  if (opts.cases !== 'none' && opts.cases !== 'all')
    throw new RangeError(`The cases option must be none or all, not ${String(opts.cases)}.`);
  if (!['UTF-8', 'Shift_JIS', 'EUC-JP'].includes(opts.xmlEncoding)) {
    throw new RangeError(`The XML encoding must be UTF-8, Shift_JIS or EUC-JP, not ${String(opts.xmlEncoding)}.`);
  }
  if (opts.domains.length === 0) throw new RangeError('At least one managed domain is needed.');
  for (const d of opts.domains) {
    if (!DOMAIN_RE.test(d)) throw new RangeError(`"${d}" is not a valid lower-case domain name.`);
  }
  for (const [key, max] of Object.entries(MAX_COUNT) as [keyof typeof MAX_COUNT, number][]) {
    const value = opts[key];
    if (!Number.isSafeInteger(value) || value < 0 || value > max) {
      throw new RangeError(`The ${key} count must be an integer from 0 to ${max}, not ${value}.`);
    }
  }
  return opts;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
