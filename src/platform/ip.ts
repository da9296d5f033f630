// IP address syntax and ranges for pure code, which may not import node:net (the dependency
// rules in .dependency-cruiser.cjs). The adapter of ipaddr.js. Pure.
import ipaddr from 'ipaddr.js';

/** 4 or 6 for an IP address written the usual way (dotted quad without leading zeros; RFC 4291 §2.2 text), else 0, as node:net isIP. */
export function ipFamily(text: string): 0 | 4 | 6 {
  // The shape tests first: ipaddr.js validates by parsing and throwing, which costs
  // microseconds per call, and the analyzer asks this of every address of an export.
  if (FOUR_PART_DECIMAL.test(text)) return ipaddr.IPv4.isValidFourPartDecimal(text) ? 4 : 0;
  // A zone index ("fe80::1%eth0", RFC 4007 §11) is part of the text form, as node:net accepts it.
  if (IPV6_CHARS.test(text) && ipaddr.IPv6.isValid(text)) return 6;
  return 0;
}

const FOUR_PART_DECIMAL = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** Hex digits, colons (at least one), dots of an embedded IPv4 address, a zone index after %. */
const IPV6_CHARS = /^[0-9a-f.]*:[0-9a-f:.]*(%[^\s%]+)?$/i;

/** Whether `address` lies in network/prefix (both of the same family; a zone index is ignored). */
export function inSubnet(address: string, network: string, prefix: number): boolean {
  const family = ipFamily(address);
  if (family === 0 || family !== ipFamily(network)) return false;
  const a = ipaddr.parse(address.split('%')[0]!);
  const n = ipaddr.parse(network);
  return a.kind() === n.kind() && a.match(n, prefix);
}
