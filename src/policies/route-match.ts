// Whether an address is in a rule's route, and whether a sender–recipient pair is excepted:
// the one definition the list screen's Sender/Recipient filter, rule validation and the
// relay's policy engine all call. Pure: the caller passes the tenant's domains, address
// groups and directory groups in a RouteDirectory.
//
// The route forms (docs/cegp/policies-and-content-filtering.md §2):
// - ANYONE: every address, the null sender (<>) included.
// - MY_ORGANIZATION: an address at a verified domain of the tenant or a subdomain of one.
//   CEGP applies it "to every managed domain incl. future ones" (§1); a domain whose
//   verification has not succeeded is not yet the organization's for mail (its traffic is
//   the hidden global rules' business), so unverified domains do not count. (inferred)
// - SPECIFIED entries:
//   - ADDRESS: `user@example.com` (that mailbox), `*@example.com` (the domain itself, not its
//     subdomains), `*@*.example.com` (its subdomains only), `user@*` (that local part at any
//     domain), `*@*` (any address);
//   - DOMAIN: a domain picked from "My domains": the domain and its subdomains, as the
//     managed-domain rule of src/domains/addresses.ts reads subdomains; (inferred)
//   - ADDRESS_GROUP: any of the group's entries, each read as an ADDRESS entry;
//   - DIRECTORY_GROUP: a member of the synchronised LDAP group (members are addresses).
// - Exceptions: a list of (sender part, recipient part) pairs; a message whose sender is in
//   one pair's sender part and whose recipient is in the same pair's recipient part
//   bypasses the rule.
// Addresses compare case-insensitively (local parts too: CEGP matches them so), domains
// without a trailing dot and in their ASCII (punycode) form, so 例え.jp and xn--r8jz45g.jp
// are one domain.
import { domainToASCII } from 'node:url';
import { managedDomainOf, type ManagedDomain } from '../domains/addresses.js';
import type { RouteEntry, RouteException, RouteSpec } from './rule.js';

/** What the route entries refer to, read from the tenant's data by the caller. */
export interface RouteDirectory {
  /** The tenant's domains with their verification state (registered = managed). */
  domains: readonly ManagedDomain[];
  /** Address group id → its entries (`user@d`, `*@d`, `*@*.d`, `user@*`). */
  addressGroups: ReadonlyMap<string, readonly string[]>;
  /** Directory (LDAP) group DN, lower case → member addresses. */
  directoryGroups: ReadonlyMap<string, readonly string[]>;
}

export const EMPTY_DIRECTORY: RouteDirectory = { domains: [], addressGroups: new Map(), directoryGroups: new Map() };

/** An address split and normalized, or null for the null sender and text without "@". */
export interface ParsedAddress {
  local: string;
  domain: string;
  /** local@domain, normalized. */
  address: string;
}

export function parseAddress(raw: string): ParsedAddress | null {
  const text = raw
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;
  const local = text.slice(0, at).toLowerCase();
  const domain = normalizeDomain(text.slice(at + 1));
  if (!domain) return null;
  return { local, domain, address: `${local}@${domain}` };
}

function normalizeDomain(raw: string): string {
  const d = raw.trim().toLowerCase().replace(/\.$/, '');
  if (d === '*' || d.startsWith('*.')) return d.startsWith('*.') ? `*.${normalizeDomain(d.slice(2))}` : d;
  // domainToASCII returns '' for what is not a domain; keep the text then, so it matches nothing wider.
  return /[^ -~]/.test(d) ? domainToASCII(d) || d : d;
}

/**
 * Whether an ADDRESS entry (or an address group's entry) covers `address`. `*@*.d` covers
 * the subdomains of d, not d itself; `*@d` covers d, not its subdomains.
 */
export function entryCovers(entry: string, address: ParsedAddress): boolean {
  const e = entry.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at <= 0) return false;
  const local = e.slice(0, at);
  const domain = normalizeDomain(e.slice(at + 1));
  if (local !== '*' && local !== address.local) return false;
  if (domain === '*') return true;
  if (domain.startsWith('*.')) return address.domain.endsWith(domain.slice(1));
  return address.domain === domain;
}

/** Whether the address is at a verified domain of the tenant or a subdomain of one. */
export function inOrganization(address: ParsedAddress, domains: readonly ManagedDomain[]): boolean {
  const managed = managedDomainOf(address.address, domains);
  return managed?.verified === true;
}

function entryMatches(entry: RouteEntry, address: ParsedAddress, dir: RouteDirectory): boolean {
  switch (entry.type) {
    case 'ADDRESS':
      return entryCovers(entry.value, address);
    case 'DOMAIN': {
      const d = normalizeDomain(entry.domain);
      return address.domain === d || address.domain.endsWith(`.${d}`);
    }
    case 'ADDRESS_GROUP':
      return (dir.addressGroups.get(entry.groupId) ?? []).some((g) => entryCovers(g, address));
    case 'DIRECTORY_GROUP':
      return (dir.directoryGroups.get(entry.dn.trim().toLowerCase()) ?? []).some((m) => m.trim().toLowerCase() === address.address);
  }
}

/** Whether `address` (an envelope or header address; '' or '<>' is the null sender) is in the route. */
export function addressInRoute(route: RouteSpec, address: string, dir: RouteDirectory): boolean {
  if (route.kind === 'ANYONE') return true;
  const parsed = parseAddress(address);
  if (!parsed) return false;
  if (route.kind === 'MY_ORGANIZATION') return inOrganization(parsed, dir.domains);
  return route.entries.some((e) => entryMatches(e, parsed, dir));
}

/**
 * A SPECIFIED route with no entries in an exception part reads as "anyone": CEGP's
 * exception pairs leave the other side open by default (§2). (inferred)
 */
function exceptionPartCovers(part: RouteSpec, address: string, dir: RouteDirectory): boolean {
  if (part.kind === 'SPECIFIED' && part.entries.length === 0) return true;
  return addressInRoute(part, address, dir);
}

/** The index of the first exception pair the sender–recipient pair falls in, or -1. */
export function matchingException(exceptions: readonly RouteException[], sender: string, recipient: string, dir: RouteDirectory): number {
  return exceptions.findIndex((x) => exceptionPartCovers(x.sender, sender, dir) && exceptionPartCovers(x.recipient, recipient, dir));
}

export type RouteVerdict =
  | { applies: true }
  | { applies: false; reason: 'SENDER_NOT_IN_ROUTE' | 'RECIPIENT_NOT_IN_ROUTE' }
  | { applies: false; reason: 'EXCEPTED'; exceptionIndex: number };

/** Whether a rule's route covers one sender–recipient pair, and if not, why (for the verdict trace). */
export function routeVerdict(
  rule: { senders: RouteSpec; recipients: RouteSpec; exceptions: readonly RouteException[] },
  sender: string,
  recipient: string,
  dir: RouteDirectory,
): RouteVerdict {
  if (!addressInRoute(rule.senders, sender, dir)) return { applies: false, reason: 'SENDER_NOT_IN_ROUTE' };
  if (!addressInRoute(rule.recipients, recipient, dir)) return { applies: false, reason: 'RECIPIENT_NOT_IN_ROUTE' };
  const exceptionIndex = matchingException(rule.exceptions, sender, recipient, dir);
  return exceptionIndex >= 0 ? { applies: false, reason: 'EXCEPTED', exceptionIndex } : { applies: true };
}
