// Validation of the server lists of a domain (add and update share it). Every problem is
// collected, so a form can mark all offending rows at once.
import { isIP } from 'node:net';
import type { OutboundServerType } from '../db/enums.js';
import type { ExpectedError } from '../platform/errors.js';
import { CAPTURE_HOST, isCaptureHost } from './capture-host.js';
import { canonicalAddress, refusedDeliveryReason } from './delivery-address.js';
import { normalizeMailHost, normalizeName } from './domain-name.js';
import { domainErrors } from './errors.js';

/** CEGP's documented limits (docs/cegp/domains-and-dns.md, "Domain object"). */
export const MAX_INBOUND_SERVERS = 100;
export const MAX_OUTBOUND_SERVERS = 100;

export interface InboundServerInput {
  recipient?: string | null;
  host: string;
  port?: number | null;
  preference?: number | null;
}

export interface InboundServer {
  recipient: string;
  host: string;
  port: number;
  preference: number;
}

const LOCAL_PART = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/;

export function validateInboundServers(
  list: InboundServerInput[],
  domain: string,
  field: string,
): { servers: InboundServer[]; problems: ExpectedError[] } {
  const problems: ExpectedError[] = [];
  if (list.length > MAX_INBOUND_SERVERS) {
    return {
      servers: [],
      problems: [domainErrors.error('INBOUND_SERVERS_TOO_MANY', { max: MAX_INBOUND_SERVERS, count: list.length }, field)],
    };
  }
  const servers: InboundServer[] = [];
  // recipient + host + port → the 1-based row that first listed it.
  const seen = new Map<string, number>();
  list.forEach((s, i) => {
    const at = `${field}.${i}`;
    const index = i + 1;
    const recipient = (s.recipient ?? '*').trim().toLowerCase();
    if (!isValidRecipient(recipient, domain))
      problems.push(domainErrors.error('INBOUND_SERVER_RECIPIENT_INVALID', { index, recipient, domain }, `${at}.recipient`));
    // The capture mailbox's sentinel (src/domains/capture-host.ts) is kept as written: it is
    // what a domain gets by default, so an edit that keeps it must validate.
    const host: ReturnType<typeof normalizeMailHost> = isCaptureHost(s.host)
      ? { ok: true, host: CAPTURE_HOST, kind: 'name' }
      : normalizeMailHost(s.host, domain);
    if (!host.ok) {
      const code = host.problem === 'BARE_DOMAIN' ? 'INBOUND_SERVER_HOST_BARE_DOMAIN' : 'INBOUND_SERVER_HOST_INVALID';
      problems.push(domainErrors.error(code, { index, host: s.host.trim() }, `${at}.host`));
    } else {
      const refused = refusedDeliveryReason(host.host);
      if (refused)
        problems.push(domainErrors.error('INBOUND_SERVER_HOST_NOT_ALLOWED', { index, host: host.host, reason: refused }, `${at}.host`));
    }
    const port = s.port ?? 25;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      problems.push(domainErrors.error('INBOUND_SERVER_PORT_INVALID', { index, port }, `${at}.port`));
    const preference = s.preference ?? 10;
    if (!Number.isInteger(preference) || preference < 1 || preference > 100) {
      problems.push(domainErrors.error('INBOUND_SERVER_PREFERENCE_INVALID', { index, preference }, `${at}.preference`));
    }
    if (host.ok) {
      // Two rows for one recipient, host and port are one server listed twice (host names
      // are lower case by now; IPv6 is compared in its compressed form).
      const key = `${recipient}\n${canonicalAddress(host.host)}\n${port}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else problems.push(domainErrors.error('INBOUND_SERVER_DUPLICATE', { index, first, host: host.host, port, recipient }, `${at}.host`));
      servers.push({ recipient, host: host.host, port, preference });
    }
  });
  return { servers, problems };
}

function isValidRecipient(recipient: string, domain: string): boolean {
  if (recipient === '*') return true;
  const at = recipient.lastIndexOf('@');
  if (at <= 0) return false;
  const local = recipient.slice(0, at);
  const d = normalizeName(recipient.slice(at + 1));
  return d.ok && d.name === domain && (local === '*' || LOCAL_PART.test(local));
}

export interface OutboundInput {
  type: OutboundServerType;
  hosts?: string[] | null;
}

export function validateOutbound(
  input: OutboundInput,
  field: string,
): { type: OutboundServerType; hosts: string[]; problems: ExpectedError[] } {
  const hosts = (input.hosts ?? []).map((h) => h.trim()).filter((h) => h.length > 0);
  const problems: ExpectedError[] = [];
  if (input.type !== 'USER_DEFINED') {
    if (hosts.length > 0) problems.push(domainErrors.error('OUTBOUND_SERVERS_NOT_ALLOWED', { type: input.type }, `${field}.hosts`));
    return { type: input.type, hosts: [], problems };
  }
  if (hosts.length === 0) problems.push(domainErrors.error('OUTBOUND_SERVERS_REQUIRED', {}, `${field}.hosts`));
  if (hosts.length > MAX_OUTBOUND_SERVERS) {
    problems.push(domainErrors.error('OUTBOUND_SERVERS_TOO_MANY', { max: MAX_OUTBOUND_SERVERS, count: hosts.length }, `${field}.hosts`));
    return { type: input.type, hosts: [], problems };
  }
  const normalized: string[] = [];
  hosts.forEach((h, i) => {
    const n = normalizeOutboundHost(h);
    if (n === null) problems.push(domainErrors.error('OUTBOUND_SERVER_HOST_INVALID', { index: i + 1, host: h }, `${field}.hosts.${i}`));
    else normalized.push(n);
  });
  return { type: input.type, hosts: normalized, problems };
}

function normalizeOutboundHost(h: string): string | null {
  const cidr = /^(.+)\/(\d{1,3})$/.exec(h);
  if (cidr) {
    const family = isIP(cidr[1]!);
    const bits = Number(cidr[2]);
    if (family === 4 && bits <= 32) return `${cidr[1]}/${bits}`;
    if (family === 6 && bits <= 128) return `${cidr[1]!.toLowerCase()}/${bits}`;
    return null;
  }
  if (isIP(h) !== 0) return h.toLowerCase();
  const n = normalizeName(h);
  return n.ok ? n.name : null;
}
