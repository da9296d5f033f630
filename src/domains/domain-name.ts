// Domain and host name rules (RFC 1035 §2.3.4 lengths, RFC 1123 §2.1 LDH labels, IDNA via
// the WHATWG host parser). Names are stored in ASCII (punycode), lower case, with no
// trailing dot, so "例え.jp", "XN--R8JZ45G.JP." and "xn--r8jz45g.jp" are one domain.
import { isIP } from 'node:net';
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

export function normalizeName(input: string, opts: NameOptions = {}): NameResult {
  let raw = input.trim();
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
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp', 'ad.jp', 'ed.jp', 'gr.jp', 'lg.jp',
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.nz', 'com.sg',
  'com.cn', 'com.hk', 'com.tw', 'co.kr', 'co.in', 'co.za', 'com.br', 'com.mx',
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
  const trimmed = input.trim().replace(/^\[|\]$/g, '');
  if (isIP(trimmed) !== 0) return { ok: true, host: trimmed.toLowerCase(), kind: 'ip' };
  const r = normalizeName(trimmed);
  if (!r.ok) return r;
  if (r.name === ownDomain || isBareDomain(r.name)) return { ok: false, problem: 'BARE_DOMAIN' };
  return { ok: true, host: r.name, kind: 'name' };
}
