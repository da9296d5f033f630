// Which Host and Origin headers the HTTP listener answers (pure: strings in, answers out).
//
// Host: a DNS-rebinding page (attacker.example re-pointed at 127.0.0.1) reaches this server
// with `Host: attacker.example`; only names the operator configured (ALLOWED_HOSTS) are
// served. Origin: a browser names the page that sent a request (RFC 6454 §7, Fetch
// standard "origin header"); a POST from a page that is neither this server's own nor listed
// in CORS_ORIGINS is refused, since a form or `fetch(…, { mode: 'no-cors' })` from any web
// site reaches a loopback server without a preflight.
import { isIPv6 } from 'node:net';

/** "Any host": ALLOWED_HOSTS=* turns the Host check off (only behind a proxy that checks it). */
export const ANY_HOST = '*';

/** Characters of a Host header value: a reg-name, IPv4, [IPv6] and :port (RFC 9110 §7.2, RFC 3986 §3.2.2). */
const HOST_HEADER_CHARS = /^[A-Za-z0-9.\-_:[\]]+$/;

/**
 * The host name of a Host header or an ALLOWED_HOSTS entry, in one comparable form: lower
 * case, no port, no trailing dot, IPv6 in brackets and compressed ("[::1]"); null when it is
 * not a host. WHATWG URL parsing does the normalising, as a browser would.
 */
export function normalizeHost(value: string): string | null {
  const v = value.trim();
  if (!v || !HOST_HEADER_CHARS.test(v)) return null;
  try {
    const url = new URL(`http://${isIPv6(v) ? `[${v}]` : v}`);
    return url.hostname.replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

/** The serialized origin ("https://admin.example.com:8443") of a CORS_ORIGINS entry, or null. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Is the request's Host header one of the allowed names (its port is ignored)? */
export function hostAllowed(allowedHosts: readonly string[], hostHeader: string | undefined): boolean {
  if (allowedHosts.includes(ANY_HOST)) return true;
  const host = hostHeader === undefined ? null : normalizeHost(hostHeader);
  return host !== null && allowedHosts.includes(host);
}

/**
 * May a request carrying this Origin header write? Yes for a page of this server itself (its
 * origin's host and port are the request's Host, http or https so a TLS proxy in front
 * works) and for the configured CORS origins. "null" (sandboxed frames, file: pages) is no
 * origin of ours.
 */
export function originAllowed(corsOrigins: readonly string[], origin: string, hostHeader: string | undefined): boolean {
  if (corsOrigins.includes(origin)) return true;
  if (hostHeader === undefined || !HOST_HEADER_CHARS.test(hostHeader)) return false;
  try {
    const page = new URL(origin);
    if (page.protocol !== 'http:' && page.protocol !== 'https:') return false;
    return page.origin === origin && new URL(`${page.protocol}//${hostHeader}`).host === page.host;
  } catch {
    return false;
  }
}
