// Proof that the listeners keep answering while heavy work runs: /healthz is polled over
// HTTP, one query after another, and the mock DNS server over UDP, until the work ends.
// Every poll is recorded; nothing about timing is asserted (CI machines are loaded).
import { Resolver } from 'node:dns/promises';

export interface Liveness {
  /** Status of every /healthz poll (a network failure is recorded as 0). */
  health: number[];
  /** Outcome of every DNS query: 'answered' (any answer, NXDOMAIN included) or the error code. */
  dns: string[];
}

/** Codes that mean the DNS server did not answer at all. */
const NO_ANSWER = new Set(['ETIMEOUT', 'ECONNREFUSED', 'ECANCELLED']);
/** A pause between DNS queries, so the server's per-client rate limit is not what answers. */
const DNS_POLL_GAP_MS = 100;

export async function whileListening<T>(
  httpUrl: string,
  dnsPort: number | null,
  work: () => Promise<T>,
): Promise<{ result: T; liveness: Liveness }> {
  const liveness: Liveness = { health: [], dns: [] };
  let done = false;
  const pollHealth = async () => {
    // At least one poll, however fast the work is.
    do {
      try {
        const res = await fetch(`${httpUrl}/healthz`);
        await res.arrayBuffer();
        liveness.health.push(res.status);
      } catch {
        liveness.health.push(0);
      }
    } while (!done);
  };
  const pollDns = async () => {
    if (dnsPort === null) return;
    const resolver = new Resolver({ timeout: 10_000, tries: 1 });
    resolver.setServers([`127.0.0.1:${dnsPort}`]);
    do {
      try {
        await resolver.resolve4('liveness-check.example');
        liveness.dns.push('answered');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
        liveness.dns.push(NO_ANSWER.has(code) ? code : 'answered');
      }
      await new Promise((r) => setTimeout(r, DNS_POLL_GAP_MS));
    } while (!done);
  };
  const pollers = [pollHealth(), pollDns()];
  try {
    const result = await work();
    return { result, liveness };
  } finally {
    done = true;
    await Promise.all(pollers);
  }
}
