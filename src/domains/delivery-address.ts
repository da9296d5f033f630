// Addresses a relay must never deliver mail to. Inbound servers are where the relay will
// open SMTP connections, so an inbound server is a request the server makes on the user's
// behalf (server-side request forgery, OWASP SSRF Prevention Cheat Sheet): it may not point
// at the cloud metadata service, at link-local neighbours, or at addresses that are not a
// unicast destination at all. Pure.
//
// Loopback (127.0.0.0/8, ::1) and private ranges (RFC 1918, fc00::/7) stay allowed on
// purpose: a rehearsal delivers to a local test MTA or an on-premises server. Host names are
// allowed too; what they resolve to is judged when the relay connects.
import { inSubnet, ipFamily as isIP } from '../platform/ip.js';

/** Why a range is refused, for the user (English and Japanese). */
export interface RefusalReason {
  en: string;
  ja: string;
}

interface Range {
  network: string;
  prefix: number;
  en: string;
  ja: string;
}

/** IPv4 ranges refused, with their reason. IPv4-mapped (::ffff:a.b.c.d) and NAT64 forms of them are refused too. */
export const REFUSED_IPV4_RANGES: readonly Range[] = [
  // RFC 1122 §3.2.1.3: "this host on this network", a source only; Linux connects 0.0.0.0 to itself.
  { network: '0.0.0.0', prefix: 8, en: 'a "this network" address, never a destination', ja: '「このネットワーク」を表すアドレス' },
  // RFC 3927; 169.254.169.254 is the metadata service of AWS, Azure, GCP and others.
  {
    network: '169.254.0.0',
    prefix: 16,
    en: 'a link-local address, where cloud metadata services answer',
    ja: 'クラウドのメタデータサービスも使うリンクローカルアドレス',
  },
  // RFC 5771: SMTP runs over TCP to one host.
  { network: '224.0.0.0', prefix: 4, en: 'a multicast address', ja: 'マルチキャストアドレス' },
  // RFC 1112 §4 reserved, and 255.255.255.255 limited broadcast (RFC 919 §7).
  { network: '240.0.0.0', prefix: 4, en: 'a reserved or broadcast address', ja: '予約済みまたはブロードキャストのアドレス' },
];

/** IPv6 ranges refused, with their reason. */
export const REFUSED_IPV6_RANGES: readonly Range[] = [
  // RFC 4291 §2.5.2: the unspecified address, like 0.0.0.0.
  { network: '::', prefix: 128, en: 'the unspecified address, never a destination', ja: '未指定アドレス' },
  // RFC 4291 §2.5.6.
  { network: 'fe80::', prefix: 10, en: 'a link-local address', ja: 'リンクローカルアドレス' },
  // RFC 4291 §2.7.
  { network: 'ff00::', prefix: 8, en: 'a multicast address', ja: 'マルチキャストアドレス' },
  // The IPv6 endpoint of the EC2 instance metadata service (AWS EC2 User Guide, "Access
  // instance metadata": fd00:ec2::254), inside the otherwise allowed fc00::/7.
  { network: 'fd00:ec2::254', prefix: 128, en: 'a cloud metadata address', ja: 'クラウドのメタデータサービスのアドレス' },
];

/** Host names of metadata services that resolve to a refused address inside the cloud (GCP "About VM metadata"). */
export const REFUSED_HOST_NAMES: ReadonlySet<string> = new Set(['metadata.google.internal']);

// Built once at load and only read afterwards; each range keeps its reason, so that the
// answer can say which range matched.
function withList(r: Range) {
  return {
    reason: { en: `${r.en} (${r.network}/${r.prefix})`, ja: `${r.ja} (${r.network}/${r.prefix})` },
    contains: (ip: string) => inSubnet(ip, r.network, r.prefix),
  };
}
const REFUSED = {
  ipv4: REFUSED_IPV4_RANGES.map(withList),
  ipv6: REFUSED_IPV6_RANGES.map(withList),
};
const METADATA_NAME: RefusalReason = { en: 'a cloud metadata host name', ja: 'クラウドのメタデータサービスのホスト名' };
// RFC 6874 / RFC 4007 §11: a zone index ("fe80::1%eth0") scopes an address to one link.
const ZONE_INDEX: RefusalReason = {
  en: 'an address scoped to one network link (zone index)',
  ja: '1 つのリンクに限定されたアドレス (ゾーン ID 付き)',
};

/**
 * Why mail may not be delivered to `host` (an IP address or a normalized host name), or
 * null when it may. IPv4-mapped and NAT64 forms are judged by the IPv4 address inside.
 */
export function refusedDeliveryReason(host: string): RefusalReason | null {
  const family = isIP(host);
  if (family === 0) return REFUSED_HOST_NAMES.has(host.toLowerCase()) ? METADATA_NAME : null;
  if (host.includes('%')) return ZONE_INDEX;
  const v4 = family === 4 ? host : embeddedIpv4(host);
  const hit = v4 ? REFUSED.ipv4.find((r) => r.contains(v4)) : REFUSED.ipv6.find((r) => r.contains(host));
  return hit?.reason ?? null;
}

/**
 * The same address written one way: IPv6 compressed and lower case (URL Standard IPv6
 * serializer), IPv4 as is. "2001:DB8:0::1" and "2001:db8::1" are one server.
 */
export function canonicalAddress(host: string): string {
  if (isIP(host) !== 6 || host.includes('%')) return host.toLowerCase();
  return new URL(`http://[${host}]/`).hostname.slice(1, -1);
}

/**
 * a.b.c.d inside ::ffff:a.b.c.d (IPv4-mapped, RFC 4291 §2.5.5.2) or 64:ff9b::a.b.c.d (the
 * NAT64 well-known prefix, RFC 6052 §2.1, which reaches a.b.c.d through a gateway), or null.
 */
function embeddedIpv4(v6: string): string | null {
  const canonical = canonicalAddress(v6);
  const m = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!m) return null;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
