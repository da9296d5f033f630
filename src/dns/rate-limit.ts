// Response rate limiting (RRL) for UDP answers: pure. As in BIND, Knot and NSD, answers to one
// source network are limited to a rate; past it most answers are dropped, and every
// `slip`-th is sent as an empty truncated answer (TC=1) instead, so a real client whose
// address is being spoofed still gets through over TCP, which cannot be spoofed
// (ISC's RRL design, Vixie & Schryver 2012). TCP answers are never limited.

/** IPv4 sources are grouped by /24 and IPv6 by /56, the defaults of BIND's RRL. */
export const IPV4_PREFIX_BITS = 24;
export const IPV6_PREFIX_BITS = 56;
/**
 * Most source networks tracked at once. A flood from spoofed random sources would
 * otherwise grow the table without end; past the bound the least recently seen go first.
 */
export const MAX_RATE_LIMIT_SOURCES = 65_536;

export interface RateLimitSettings {
  /** Answers per second and source network; 0 turns the limit off. */
  responsesPerSecond: number;
  /** Every n-th limited answer is sent truncated (0: none, 1: all). */
  slip: number;
}

export type RateDecision = 'answer' | 'slip' | 'drop';

interface Bucket {
  tokens: number;
  at: number;
  limited: number;
}

export class ResponseRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly settings: RateLimitSettings) {}

  decide(source: string, nowMs: number): RateDecision {
    const rate = this.settings.responsesPerSecond;
    if (rate <= 0) return 'answer';
    const key = sourceNetwork(source);
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key);
      b.tokens = Math.min(rate, b.tokens + ((nowMs - b.at) / 1000) * rate);
      b.at = nowMs;
    } else {
      b = { tokens: rate, at: nowMs, limited: 0 };
      if (this.buckets.size >= MAX_RATE_LIMIT_SOURCES) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 'answer';
    }
    b.limited++;
    return this.settings.slip > 0 && b.limited % this.settings.slip === 0 ? 'slip' : 'drop';
  }
}

/** "192.0.2.77" → "192.0.2.0/24"; "2001:db8:1:2::5" → "2001:db8:1:0::/56"-like key. */
export function sourceNetwork(address: string): string {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/${IPV4_PREFIX_BITS}`;
  const groups = expandIpv6(address);
  if (!groups) return address;
  // 56 bits: three whole groups and the high byte of the fourth.
  return `${groups.slice(0, 3).join(':')}:${(groups[3]! & 0xff00).toString(16)}::/${IPV6_PREFIX_BITS}`;
}

function expandIpv6(address: string): number[] | null {
  const bare = address.split('%')[0]!;
  const halves = bare.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
