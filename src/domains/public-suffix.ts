// Public suffixes (co.jp, github.io, …): names under which anyone may register, so no tenant
// may own one as a domain or a zone. Pure; the list is the Public Suffix List as packaged by
// tldts (ICANN and private sections), never a hand-written copy.
import { getPublicSuffix } from 'tldts';

/**
 * True when `name` (ASCII, lower case) is itself a public suffix. A name under an unlisted
 * TLD counts its last label as the suffix (the list's default rule "*"), so "zone.example"
 * may be a zone and "example" may not.
 */
export function isPublicSuffix(name: string): boolean {
  return getPublicSuffix(name, { allowPrivateDomains: true }) === name;
}
