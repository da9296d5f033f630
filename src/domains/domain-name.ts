// Domain and host name rules (RFC 1035 §2.3.4 lengths, RFC 1123 §2.1 LDH labels, IDNA via
// the WHATWG host parser). Names are stored in ASCII (punycode), lower case, with no
// trailing dot, so "例え.jp", "XN--R8JZ45G.JP." and "xn--r8jz45g.jp" are one domain.
import { ipFamily as isIP } from '../platform/ip.js';
import { domainToASCII, domainToUnicode } from 'node:url';

export const MAX_NAME_OCTETS = 253;
export const MAX_LABEL_OCTETS = 63;

export type NameProblem = 'EMPTY' | 'INVALID_CHARACTERS' | 'LABEL_TOO_LONG' | 'TOO_LONG' | 'SINGLE_LABEL' | 'NUMERIC_TLD' | 'IP_ADDRESS';

export type NameResult = { ok: true; name: string } | { ok: false; problem: NameProblem };

const LDH_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Owner names of DNS records may have underscore labels (_dmarc, _domainkey, RFC 8552). */
const OWNER_LABEL = /^(_?[a-z0-9]([a-z0-9-]*[a-z0-9])?|_[a-z0-9]|\*)$/;

export interface NameOptions {
  /** Accept underscore-led labels and a leading "*" label (DNS owner names). */
  ownerName?: boolean;
}

/**
 * Characters that the IDNA step would silently drop or fold, or that are whitespace:
 * controls (TAB, LF and CR are removed by the WHATWG host parser, URL Standard "basic URL
 * parser"), format characters such as the soft hyphen U+00AD, U+200B and the BOM U+FEFF,
 * and the variation selectors (UTS #46 §5 maps all of these to nothing), and every space
 * separator (U+0020, U+00A0, U+3000…). "exa\tmple.com" must be refused, not become
 * "example.com". ZWNJ / ZWJ (U+200C, U+200D) stay: IDNA2008 allows them in context (RFC 5892
 * Appendix A.1, A.2) and the host parser checks that context.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists variation selectors and combining joiners as single code points on purpose (u flag), to refuse them
const NOT_IN_NAME = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Z}\p{Cs}\u034F\u180B-\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

export function normalizeName(input: string, opts: NameOptions = {}): NameResult {
  let raw = trimSpaces(input);
  if (NOT_IN_NAME.test(raw)) return { ok: false, problem: 'INVALID_CHARACTERS' };
  if (raw.endsWith('.')) raw = raw.slice(0, -1);
  if (raw.length === 0) return { ok: false, problem: 'EMPTY' };
  if (isIP(raw) !== 0 || isIP(raw.replace(/^\[|\]$/g, '')) !== 0) return { ok: false, problem: 'IP_ADDRESS' };
  // Label lengths are judged on the ASCII form, but an over-long label must not reach the
  // IDNA step, which would give a less helpful "invalid" answer.
  const rawLabels = raw.split('.');
  if (rawLabels.some((l) => l.length === 0)) return { ok: false, problem: 'INVALID_CHARACTERS' };
  const labels: string[] = [];
  for (const label of rawLabels) {
    const lower = label.toLowerCase();
    // The URL host parser rejects "_" and "*" in some positions; keep those labels as they are.
    const ascii = /^[\x21-\x7e]*$/.test(lower) ? lower : domainToASCII(lower);
    if (!ascii) return { ok: false, problem: 'INVALID_CHARACTERS' };
    if (ascii.length > MAX_LABEL_OCTETS) return { ok: false, problem: 'LABEL_TOO_LONG' };
    const pattern = opts.ownerName ? OWNER_LABEL : LDH_LABEL;
    if (!pattern.test(ascii)) return { ok: false, problem: 'INVALID_CHARACTERS' };
    labels.push(ascii);
  }
  if (opts.ownerName && labels.slice(1).includes('*')) return { ok: false, problem: 'INVALID_CHARACTERS' };
  const name = labels.join('.');
  if (name.length > MAX_NAME_OCTETS) return { ok: false, problem: 'TOO_LONG' };
  if (labels.length < 2) return { ok: false, problem: 'SINGLE_LABEL' };
  if (/^\d+$/.test(labels[labels.length - 1]!)) return { ok: false, problem: 'NUMERIC_TLD' };
  return { ok: true, name };
}

/** Only spaces around a value are forgiven (a pasted value); tabs and line breaks are refused. */
export function trimSpaces(input: string): string {
  return input.replace(/^ +| +$/g, '');
}

export function unicodeName(ascii: string): string {
  return domainToUnicode(ascii) || ascii;
}

/** True when `name` is `zone` or below it. */
export function isWithin(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/**
 * Public suffixes with two labels that Japanese and other customers commonly sit under.
 * A full Public Suffix List is not needed to tell "example.co.jp" (a bare domain) from
 * "mail.example.co.jp" (a host), which is all the inbound-server rule asks.
 */
const TWO_LABEL_SUFFIXES = new Set([
  'co.jp',
  'ne.jp',
  'or.jp',
  'ac.jp',
  'go.jp',
  'ad.jp',
  'ed.jp',
  'gr.jp',
  'lg.jp',
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'com.sg',
  'com.cn',
  'com.hk',
  'com.tw',
  'co.kr',
  'co.in',
  'co.za',
  'com.br',
  'com.mx',
]);

/** "example.com" or "example.co.jp": a registrable domain rather than a mail host. */
export function isBareDomain(name: string): boolean {
  const labels = name.split('.');
  if (labels.length <= 2) return true;
  return labels.length === 3 && TWO_LABEL_SUFFIXES.has(labels.slice(1).join('.'));
}

export type HostResult = { ok: true; host: string; kind: 'ip' | 'name' } | { ok: false; problem: NameProblem | 'BARE_DOMAIN' };

/** A mail host: an IP address, or a host name that is not a bare registrable domain. */
export function normalizeMailHost(input: string, ownDomain?: string): HostResult {
  const trimmed = trimSpaces(input).replace(/^\[|\]$/g, '');
  if (isIP(trimmed) !== 0) return { ok: true, host: trimmed.toLowerCase(), kind: 'ip' };
  const r = normalizeName(trimmed);
  if (!r.ok) return r;
  if (r.name === ownDomain || isBareDomain(r.name)) return { ok: false, problem: 'BARE_DOMAIN' };
  return { ok: true, host: r.name, kind: 'name' };
}
