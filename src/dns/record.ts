// Validation of one DNS record as the rehearsal may publish it. Pure.
import { ipFamily } from '../platform/ip.js';
import type { DnsRecordType } from '../db/enums.js';
import { normalizeName } from '../domains/domain-name.js';
import type { ExpectedError } from '../platform/errors.js';
import { dnsErrors } from './errors.js';

/** RFC 2181 §8: a TTL is an unsigned 31-bit number. */
export const MAX_TTL_SECONDS = 2_147_483_647;
export const DEFAULT_TTL_SECONDS = 300;
/** One TXT record's text: 4000 octets keeps the answer under common EDNS buffers with room. */
export const MAX_TXT_OCTETS = 4000;
/** Bound on one zone, so one zone cannot make every answer slow. */
export const MAX_RECORDS_PER_ZONE = 5000;

/**
 * Octets all records at one owner name may take in an answer (an ANY query returns them
 * all). Half of the 65,535 a TCP message can carry leaves room for the question, a CNAME
 * chain's other names and the SOA; twenty 4,000-octet TXT records, which once made an
 * answer no transport could carry, are refused when published.
 */
export const MAX_NAME_ANSWER_OCTETS = 32_768;

/** Octets one record takes in an answer (RFC 1035 §3.2.1: owner, type, class, TTL, length, data). */
export function answerOctets(r: { name: string; type: DnsRecordType; value: string }): number {
  const nameOctets = (n: string) => n.length + 2;
  const fixed = nameOctets(r.name) + 10;
  switch (r.type) {
    case 'A':
      return fixed + 4;
    case 'AAAA':
      return fixed + 16;
    case 'MX':
      return fixed + 2 + nameOctets(r.value);
    case 'CNAME':
    case 'NS':
      return fixed + nameOctets(r.value);
    case 'TXT': {
      // One length octet per character-string of at most 255 octets.
      const octets = Buffer.byteLength(r.value, 'utf8');
      return fixed + octets + Math.ceil(octets / 255);
    }
  }
}

export interface RecordInput {
  name: string;
  type: DnsRecordType;
  ttlSeconds?: number | null;
  value: string;
  priority?: number | null;
}

export interface ValidRecord {
  name: string;
  type: DnsRecordType;
  ttlSeconds: number;
  value: string;
  priority: number | null;
}

export function validateRecord(input: RecordInput): { record: ValidRecord | null; problems: ExpectedError[] } {
  const problems: ExpectedError[] = [];
  const n = normalizeName(input.name, { ownerName: true });
  if (!n.ok) problems.push(dnsErrors.error('DNS_RECORD_NAME_INVALID', { name: input.name.trim() }, 'input.name'));
  const ttlSeconds = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > MAX_TTL_SECONDS) {
    problems.push(dnsErrors.error('DNS_RECORD_TTL_INVALID', { ttl: ttlSeconds, max: MAX_TTL_SECONDS }, 'input.ttlSeconds'));
  }
  let priority: number | null = null;
  if (input.type === 'MX') {
    priority = input.priority ?? null;
    if (priority === null || !Number.isInteger(priority) || priority < 0 || priority > 65535) {
      problems.push(dnsErrors.error('DNS_RECORD_PRIORITY_INVALID', { priority: String(input.priority ?? '') }, 'input.priority'));
    }
  } else if (input.priority !== null && input.priority !== undefined) {
    problems.push(dnsErrors.error('DNS_RECORD_PRIORITY_NOT_ALLOWED', { type: input.type }, 'input.priority'));
  }
  const value = normalizeValue(input.type, input.value);
  if (value === null) problems.push(valueError(input.type, input.value));
  if (problems.length || !n.ok || value === null) return { record: null, problems };
  return { record: { name: n.name, type: input.type, ttlSeconds, value, priority }, problems };
}

function normalizeValue(type: DnsRecordType, raw: string): string | null {
  switch (type) {
    case 'A':
      return ipFamily(raw.trim()) === 4 ? raw.trim() : null;
    case 'AAAA':
      return ipFamily(raw.trim()) === 6 ? raw.trim().toLowerCase() : null;
    case 'CNAME':
    case 'MX':
    case 'NS': {
      const n = normalizeName(raw);
      return n.ok ? n.name : null;
    }
    case 'TXT':
      // Any text but control characters; long values are split into strings on answer.
      if (raw.length === 0 || Buffer.byteLength(raw, 'utf8') > MAX_TXT_OCTETS || /[\u0000-\u001f\u007f]/.test(raw)) return null;
      return raw;
  }
}

function valueError(type: DnsRecordType, raw: string): ExpectedError {
  const value = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
  switch (type) {
    case 'A':
      return dnsErrors.error('DNS_RECORD_VALUE_INVALID_A', { value }, 'input.value');
    case 'AAAA':
      return dnsErrors.error('DNS_RECORD_VALUE_INVALID_AAAA', { value }, 'input.value');
    case 'TXT':
      return dnsErrors.error('DNS_RECORD_VALUE_INVALID_TXT', { max: MAX_TXT_OCTETS }, 'input.value');
    default:
      return dnsErrors.error('DNS_RECORD_VALUE_INVALID_HOST', { value, type }, 'input.value');
  }
}
