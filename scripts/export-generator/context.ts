// What every member builder shares: the resolved options, the seeded random source, the
// vocabulary, and address makers for the managed (internal) and partner (external) sides.
import type { GenerateOptions } from './options.js';
import { createRng, type Rng } from './random.js';
import { GIVEN_NAMES, PARTNER_DOMAINS, SURNAMES, vocabularyFor, type Vocabulary } from './vocabulary.js';

export interface GenContext {
  opts: GenerateOptions;
  rng: Rng;
  words: Vocabulary;
  /** Managed domains: everything on the internal side stays inside them. */
  managed: readonly string[];
  partners: readonly string[];
  /** `given.surname@<managed>` */
  internalAddress(): string;
  /** `given.surname@<partner>` or `*@<partner>` */
  partnerAddress(): string;
  /** An address in a managed domain for an administrative mailbox (postmaster, secadmin…). */
  mailbox(local: string, domainIndex?: number): string;
  t(ja: string, en: string): string;
}

export function createContext(opts: GenerateOptions): GenContext {
  const rng = createRng(opts.seed);
  const managed = opts.domains;
  const person = (): string => `${rng.pick(GIVEN_NAMES)}.${rng.pick(SURNAMES)}`;
  return {
    opts,
    rng,
    words: vocabularyFor(opts.language),
    managed,
    partners: PARTNER_DOMAINS,
    internalAddress: () => `${person()}@${rng.pick(managed)}`,
    partnerAddress: () => (rng.chance(0.2) ? `*@${rng.pick(PARTNER_DOMAINS)}` : `${person()}@${rng.pick(PARTNER_DOMAINS)}`),
    mailbox: (local, domainIndex = 0) => `${local}@${managed[domainIndex % managed.length]}`,
    t: (ja, en) => (opts.language === 'ja' ? ja : en),
  };
}

/** Zero-padded sequence number used to keep generated names unique and sortable. */
export function seq(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}
