// Adapter: asks a DNS server over the wire (node:dns). Verification never reads the mock
// zones directly; it sees exactly what a resolver pointed at DNS_RESOLVER would see.
import { Resolver } from 'node:dns/promises';
import type { LocalizedText } from '../platform/errors.js';
import type { LookupOutcome, MxAnswer } from './domain.js';
import { resolverName } from './errors.js';

export interface DnsLookup {
  /** "127.0.0.1:5353" or "system resolver", for the check history. */
  describe(): string;
  /** The resolver as a message names it, in both languages ("the DNS resolver 127.0.0.1:5353"). */
  resolverName(): LocalizedText;
  txt(name: string): Promise<LookupOutcome<string[]>>;
  mx(name: string): Promise<LookupOutcome<MxAnswer>>;
}

/** Per-query budget: a dead resolver must not hold a GraphQL request for long. */
const TIMEOUT_MS = 2000;
const TRIES = 2;

export type ServerAddress = { host: string; port: number } | 'system';

/** `target` is read at each query, so the mock server's port may be bound after creation. */
export function createDnsLookup(target: () => ServerAddress): DnsLookup {
  const resolverFor = () => {
    const t = target();
    const r = new Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
    if (t !== 'system') r.setServers([t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`]);
    return r;
  };
  const describe = () => {
    const t = target();
    return t === 'system' ? 'system resolver' : `${t.host}:${t.port}`;
  };
  return {
    describe,
    resolverName: () => {
      const t = target();
      return resolverName(t === 'system' ? null : `${t.host}:${t.port}`);
    },
    txt: (name) => settle(resolverFor().resolveTxt(name)),
    mx: (name) => settle(resolverFor().resolveMx(name)),
  };
}

async function settle<T>(p: Promise<T[]>): Promise<LookupOutcome<T>> {
  try {
    const records = await p;
    return records.length ? { kind: 'answer', records } : { kind: 'nodata' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'ENODATA') return { kind: 'nodata' };
    if (code === 'ENOTFOUND') return { kind: 'nxdomain' };
    if (code === 'EREFUSED') return { kind: 'refused' };
    return { kind: 'error', code };
  }
}
