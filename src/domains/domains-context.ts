import type { UseCaseContext } from '../db/use-case-context.js';
import type { DnsLookup } from './dns-lookup.js';

/** Domain use-cases also ask DNS, over the wire, through the configured resolver. */
export interface DomainsContext extends UseCaseContext {
  dnsLookup: DnsLookup;
}
