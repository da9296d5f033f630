// Pure rules of a CEGP domain: its verification record, the alternative MX record, what a
// resolver's answer means for verification, and what still needs configuring.
// Source: docs/cegp/domains-and-dns.md ("TXT verification", "MX alternative").
import { randomBytes } from 'node:crypto';
import type { DomainStatus, VerificationMethod, VerificationResult } from '../db/enums.js';

export const VERIFICATION_PREFIX = 'tmes=';
/**
 * The documented example of the alternative MX preference: numerically higher than the
 * customer's own MX so mail keeps flowing to the current server while CEGP sees its host.
 */
export const ALTERNATIVE_MX_PREFERENCE = 32767;
const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_LENGTH = 32;

/** Opaque and stable per domain (the real format is undocumented; inferred). */
export function newVerificationToken(): string {
  const bytes = randomBytes(TOKEN_LENGTH);
  let out = '';
  for (const b of bytes) out += TOKEN_ALPHABET[b % TOKEN_ALPHABET.length];
  return out;
}

export interface RecordHint {
  name: string;
  type: 'TXT' | 'MX';
  value: string;
  priority: number | null;
}

export function verificationRecordOf(domainName: string, token: string): RecordHint {
  return { name: domainName, type: 'TXT', value: `${VERIFICATION_PREFIX}${token}`, priority: null };
}

export function alternativeMxRecordOf(domainName: string, inboundHostName: string): RecordHint {
  return { name: domainName, type: 'MX', value: inboundHostName, priority: ALTERNATIVE_MX_PREFERENCE };
}

export type LookupOutcome<T> =
  | { kind: 'answer'; records: T[] }
  | { kind: 'nodata' }
  | { kind: 'nxdomain' }
  /** The server has no zone for the name (the mock answers REFUSED outside its zones). */
  | { kind: 'refused' }
  | { kind: 'error'; code: string };

export interface MxAnswer {
  exchange: string;
  priority: number;
}

export interface CheckVerdict {
  method: VerificationMethod;
  result: VerificationResult;
  /** The answer as shown to the user: one string per record, or the resolver's error. */
  answer: string[];
  expected: string;
}

/** TXT strings of one record are joined (RFC 7208 §3.3 does the same for SPF). */
export function judgeTxt(outcome: LookupOutcome<string[]>, token: string): CheckVerdict {
  const expected = `${VERIFICATION_PREFIX}${token}`;
  const base = { method: 'TXT' as const, expected };
  if (outcome.kind === 'error') return { ...base, result: 'RESOLVER_ERROR', answer: [outcome.code] };
  if (outcome.kind !== 'answer') return { ...base, result: 'NOT_FOUND', answer: [negativeLabel(outcome.kind)] };
  const values = outcome.records.map((parts) => parts.join(''));
  if (values.some((v) => v.trim() === expected)) return { ...base, result: 'VERIFIED', answer: values };
  const hasOtherToken = values.some((v) => v.trim().startsWith(VERIFICATION_PREFIX));
  return { ...base, result: hasOtherToken ? 'MISMATCH' : 'NOT_FOUND', answer: values };
}

export function judgeMx(outcome: LookupOutcome<MxAnswer>, inboundHostName: string): CheckVerdict {
  const base = { method: 'MX' as const, expected: inboundHostName };
  if (outcome.kind === 'error') return { ...base, result: 'RESOLVER_ERROR', answer: [outcome.code] };
  if (outcome.kind !== 'answer') return { ...base, result: 'NOT_FOUND', answer: [negativeLabel(outcome.kind)] };
  const answer = outcome.records.map((r) => `${r.priority} ${r.exchange}`);
  const found = outcome.records.some((r) => r.exchange.toLowerCase().replace(/\.$/, '') === inboundHostName);
  return { ...base, result: found ? 'VERIFIED' : 'MISMATCH', answer };
}

export function negativeLabel(kind: 'nodata' | 'nxdomain' | 'refused'): string {
  return kind === 'nxdomain' ? 'NXDOMAIN' : kind === 'refused' ? 'REFUSED' : 'NODATA';
}

/**
 * CEGP's JP guide shows TXT verification alone turning 設定が必要 into 完了; we gate the
 * status on verification only and list the other gaps as issues (documented choice).
 */
export function statusAfter(current: DomainStatus, verdicts: CheckVerdict[]): DomainStatus {
  if (current === 'COMPLETED') return 'COMPLETED';
  return verdicts.some((v) => v.result === 'VERIFIED') ? 'COMPLETED' : 'CONFIGURATION_REQUIRED';
}

export type DomainIssueCode = 'DOMAIN_NOT_VERIFIED' | 'NO_INBOUND_SERVERS' | 'OUTBOUND_PROTECTION_WITHOUT_SERVERS';

export function configurationIssuesOf(d: {
  status: DomainStatus;
  inboundServerCount: number;
  outboundProtection: boolean;
  outboundServerType: string;
  outboundServerCount: number;
}): DomainIssueCode[] {
  const issues: DomainIssueCode[] = [];
  if (d.status !== 'COMPLETED') issues.push('DOMAIN_NOT_VERIFIED');
  if (d.inboundServerCount === 0) issues.push('NO_INBOUND_SERVERS');
  const hasOutbound = d.outboundServerType === 'MICROSOFT_365' || d.outboundServerType === 'GOOGLE_WORKSPACE' || d.outboundServerCount > 0;
  if (d.outboundProtection && !hasOutbound) issues.push('OUTBOUND_PROTECTION_WITHOUT_SERVERS');
  return issues;
}
