// The records both DNS servers serve in `npm run bench:dns`, written once for the mock
// (setDnsRecord inputs) and once as dnsmasq options, and the dnsperf query mix. Pure.
// Per zone, what a tenant publishes for CEGP: MX to its inbound host, A and AAAA of that
// host, a CNAME, the TXT `tmes=` verification token and a 400-byte DKIM key.

export interface BenchRecord {
  name: string;
  type: 'MX' | 'A' | 'AAAA' | 'TXT' | 'CNAME';
  value: string;
  priority: number | null;
}

/** Twenty tenants' zones: enough names that neither server answers from one hot entry. */
export const ZONE_COUNT = 20;
/** Length of the DKIM TXT value: a 2048-bit RSA key's record is about 400 octets. */
export const DKIM_TXT_OCTETS = 400;
/** TTL of every record (the mock's default, src/dns/record.ts), so both answer alike. */
export const RECORD_TTL_SECONDS = 300;
/** A TXT character-string holds at most 255 octets (RFC 1035 §3.3.14). */
const TXT_STRING_OCTETS = 255;
/** The mock's own name server (src/dns/answer.ts), reused as dnsmasq's auth-server name. */
const NAME_SERVER = 'ns1.rehearsal.invalid';

/** `zone01.example` …: .example is reserved for documentation (RFC 2606 §3). */
export function zoneNames(count = ZONE_COUNT): string[] {
  return Array.from({ length: count }, (_, i) => `zone${String(i + 1).padStart(2, '0')}.example`);
}

/** Deterministic printable text (base64 alphabet) of `length` characters. */
function pseudoBase64(seed: number, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = seed * 2_654_435_761 + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    out += alphabet[x % 64];
  }
  return out;
}

export function benchRecords(zones: string[]): BenchRecord[] {
  return zones.flatMap((zone, i) => {
    const host = `mail.${zone}`;
    const dkimPrefix = 'v=DKIM1; k=rsa; p=';
    return [
      { name: zone, type: 'MX', value: host, priority: 10 },
      // TEST-NET-1 and the IPv6 documentation prefix (RFC 5737, RFC 3849): never routed.
      { name: host, type: 'A', value: `192.0.2.${i + 1}`, priority: null },
      { name: host, type: 'AAAA', value: `2001:db8::${(i + 1).toString(16)}`, priority: null },
      { name: `autodiscover.${zone}`, type: 'CNAME', value: host, priority: null },
      { name: zone, type: 'TXT', value: `tmes=${pseudoBase64(i, 32).replace(/[+/]/g, 'x')}`, priority: null },
      {
        name: `selector1._domainkey.${zone}`,
        type: 'TXT',
        value: dkimPrefix + pseudoBase64(i + 1000, DKIM_TXT_OCTETS - dkimPrefix.length),
        priority: null,
      },
    ] satisfies BenchRecord[];
  });
}

/** dnsperf's query file: one "name TYPE" a line. */
export interface QueryMix {
  lines: string[];
  /** Share of each kind of question, for the heading. */
  description: string;
}

/**
 * Per zone: MX, TXT (token), TXT (DKIM), A, AAAA, A through the CNAME, and two names that
 * do not exist (NXDOMAIN): mail servers ask for MX and TXT most, and spam for names that
 * do not exist.
 */
export function queryMix(zones: string[]): QueryMix {
  const lines = zones.flatMap((zone) => [
    `${zone} MX`,
    `${zone} TXT`,
    `selector1._domainkey.${zone} TXT`,
    `mail.${zone} A`,
    `mail.${zone} AAAA`,
    `autodiscover.${zone} A`,
    `nx1.${zone} A`,
    `nx2.${zone} MX`,
  ]);
  return { lines, description: '1/8 each: MX, TXT tmes=, TXT DKIM (400 B), A, AAAA, A via CNAME; 2/8 NXDOMAIN' };
}

/** A TXT value as dnsmasq's quoted character-strings (255 octets at most each). */
function dnsmasqTxt(value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += TXT_STRING_OCTETS)
    parts.push(`"${value.slice(i, i + TXT_STRING_OCTETS).replace(/(["\\])/g, '\\$1')}"`);
  return parts.join(',');
}

/**
 * dnsmasq's configuration file for the same records (dnsmasq(8)): no upstream, no
 * /etc/hosts, only on 127.0.0.1:port. `auth-server` on that address and one `auth-zone`
 * per zone make it answer authoritatively (AA, SOA in the authority section of NXDOMAIN)
 * as the mock does, instead of REFUSED or a non-authoritative NXDOMAIN.
 */
export function dnsmasqConfig(records: BenchRecord[], zones: string[], port: number): string {
  const lines = [
    'no-resolv',
    'no-hosts',
    `port=${port}`,
    'listen-address=127.0.0.1',
    'bind-interfaces',
    `local-ttl=${RECORD_TTL_SECONDS}`,
    `auth-ttl=${RECORD_TTL_SECONDS}`,
    `auth-server=${NAME_SERVER},127.0.0.1`,
    ...zones.map((z) => `auth-zone=${z}`),
  ];
  const addresses = new Map<string, { v4?: string; v6?: string }>();
  for (const r of records) {
    if (r.type === 'MX') lines.push(`mx-host=${r.name},${r.value},${r.priority ?? 10}`);
    else if (r.type === 'TXT') lines.push(`txt-record=${r.name},${dnsmasqTxt(r.value)}`);
    else if (r.type === 'CNAME') lines.push(`cname=${r.name},${r.value},${RECORD_TTL_SECONDS}`);
    else {
      const a = addresses.get(r.name) ?? {};
      if (r.type === 'A') a.v4 = r.value;
      else a.v6 = r.value;
      addresses.set(r.name, a);
    }
  }
  for (const [name, a] of addresses) lines.push(`host-record=${[name, a.v4, a.v6].filter(Boolean).join(',')},${RECORD_TTL_SECONDS}`);
  return `${lines.join('\n')}\n`;
}
