// Where a recipient's mail goes: the inbound servers of its domain that cover it, in the
// order they are tried. Pure.
//
// docs/cegp/domains-and-dns.md, "Inbound routing semantics": the candidates are all entries
// whose Recipient matches (the "*" wildcard and any exact entry), tried in ascending
// preference; an exact entry does not override the wildcard, it only adds a candidate.
// CEGP's own example: "*" → 1.2.3.4 pref 10 and recipient1 → 1.2.3.5 pref 11 send
// recipient1's mail to 1.2.3.4 first. So no "most specific pattern wins" here: specificity
// only decides whether an entry is a candidate. Equal preferences "load-balance" (same
// section): they are shuffled, as equal MX preferences are (RFC 5321 §5.1).

export interface InboundRoute {
  /** "*", "*@domain" or one address. */
  recipient: string;
  host: string;
  port: number;
  /** 1–100, lower first. */
  preference: number;
}

export interface DeliveryTarget {
  host: string;
  port: number;
}

/** Does an inbound server's Recipient pattern cover this address (case-insensitive)? */
export function routeCovers(pattern: string, recipient: string): boolean {
  const p = pattern.trim().toLowerCase();
  const r = recipient.trim().toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*@')) return r.slice(r.lastIndexOf('@') + 1) === p.slice(2);
  return p === r;
}

/**
 * The servers covering `recipient`, by ascending preference, each group of equal
 * preference shuffled with `random` (Math.random in the relay, a fixed sequence in tests).
 * A host:port listed twice (once for "*", once for the address) is tried once, at its
 * best preference.
 */
export function deliveryTargets(recipient: string, servers: readonly InboundRoute[], random: () => number): DeliveryTarget[] {
  const byPreference = new Map<number, DeliveryTarget[]>();
  for (const s of servers) {
    if (!routeCovers(s.recipient, recipient)) continue;
    const group = byPreference.get(s.preference) ?? [];
    group.push({ host: s.host, port: s.port });
    byPreference.set(s.preference, group);
  }
  const out: DeliveryTarget[] = [];
  const seen = new Set<string>();
  for (const preference of [...byPreference.keys()].sort((a, b) => a - b)) {
    for (const t of shuffled(byPreference.get(preference)!, random)) {
      const key = targetKey(t);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

/** "host:port", IPv6 in brackets: how a target is written in deliveredTo and deliverNowServer. */
export function targetKey(t: DeliveryTarget): string {
  return `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

/** The inverse of targetKey ("[::1]:25", "10.0.0.5:2525", "mx.example.com:25"); null when malformed. */
export function parseTargetKey(value: string): DeliveryTarget | null {
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(value.trim());
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2])!.toLowerCase(), port };
}

/** Fisher–Yates on a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
