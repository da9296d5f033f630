// IP address syntax and ranges for pure code, which may not import node:net (the dependency
// rules in .dependency-cruiser.cjs). The adapter of ipaddr.js. Pure.
import ipaddr from 'ipaddr.js';

/** 4 or 6 for an IP address written the usual way (dotted quad without leading zeros; RFC 4291 §2.2 text), else 0, as node:net isIP. */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  // A zone index ("fe80::1%eth0", RFC 4007 §11) is part of the text form, as node:net accepts it.
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return 6;
  return 0;
}

/** Whether `address` lies in network/prefix (both of the same family; a zone index is ignored). */
export function inSubnet(address: string, network: string, prefix: number): boolean {
  const family = ipFamily(address);
  if (family === 0 || family !== ipFamily(network)) return false;
  const a = ipaddr.parse(address.split('%')[0]!);
  const n = ipaddr.parse(network);
  return a.kind() === n.kind() && a.match(n, prefix);
}
