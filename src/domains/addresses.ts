// Classifying addresses of routes, groups and actions against the managed domains. Pure.
import { ipFamily as isIP } from '../platform/ip.js';

export interface ManagedDomain {
  name: string;
  verified: boolean;
}

/** "user@*" and "*@*.d" name a wildcard domain (allowed in hybrid groups only). */
export function isWildcardDomain(address: string): boolean {
  const domain = domainOf(address);
  return domain === '*' || domain.startsWith('*.');
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(at + 1) : address).trim().toLowerCase().replace(/\.$/, '');
}

/** The managed domain an address belongs to (exact or a subdomain of it), or null. */
export function managedDomainOf(address: string, managed: readonly ManagedDomain[]): ManagedDomain | null {
  const d = domainOf(address).replace(/^\*\./, '');
  if (!d || d === '*' || isIP(d)) return null;
  let best: ManagedDomain | null = null;
  for (const m of managed) if ((d === m.name || d.endsWith(`.${m.name}`)) && (!best || m.name.length > best.name.length)) best = m;
  return best;
}

export function isManaged(address: string, managed: readonly ManagedDomain[]): boolean {
  return !isWildcardDomain(address) && managedDomainOf(address, managed) !== null;
}

const PRIVATE_V4: [number, number][] = [
  [0x0a000000, 8], // 10/8 (RFC 1918)
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => (n << 8) + Number(p), 0) >>> 0;
}

/** RFC 1918, loopback, link-local and ULA addresses (spec: IP_PRIVATE). */
export function isPrivateAddress(value: string): boolean {
  const ip = value.split('/')[0]!.trim();
  if (isIP(ip) === 4) {
    const n = v4ToInt(ip);
    return PRIVATE_V4.some(([net, bits]) => (n & (~0 << (32 - bits))) >>> 0 === net);
  }
  if (isIP(ip) === 6) {
    const l = ip.toLowerCase();
    return l === '::1' || l.startsWith('fc') || l.startsWith('fd') || /^fe[89ab]/.test(l);
  }
  return false;
}

export function isIpOrCidr(value: string): boolean {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(value.trim());
  if (!m) return false;
  const family = isIP(m[1]!);
  if (family === 0) return false;
  if (m[2] === undefined) return true;
  return Number(m[2]) <= (family === 4 ? 32 : 128);
}
