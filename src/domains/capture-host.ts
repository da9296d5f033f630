// The built-in capture mailbox as an inbound server. Pure.
//
// A rehearsal domain needs somewhere to deliver before the customer's own servers are
// entered: CEGP itself refuses to route mail for a domain without inbound servers
// (docs/cegp/domains-and-dns.md, "Domain object"), so every domain added without any gets
// one row pointing at the capture mailbox, where the delivered mail can be read back. The
// host is a sentinel, not a DNS name: a single label is never a valid mail host for
// normalizeMailHost (a bare name), so it cannot collide with a real server. The relay
// (src/relay/outbox.ts) resolves it to the address its capture listener is bound to.

/** The inbound server host that means "the built-in capture mailbox". */
export const CAPTURE_HOST = 'capture';

/** The inbound server row a domain added without inbound servers gets. */
export const DEFAULT_INBOUND_SERVER = { recipient: '*', host: CAPTURE_HOST, port: 25, preference: 10 } as const;

export function isCaptureHost(host: string): boolean {
  return host.trim().toLowerCase() === CAPTURE_HOST;
}
