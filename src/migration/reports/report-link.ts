// Signed download links: `/migration/reports/<id>.pdf?lang=ja&expires=<unix>&sig=<hmac>`.
// A browser that follows the link (from GraphiQL or a frontend) sends no X-Tenant-Id, so
// the link itself proves that the API handed it to the report's tenant, for a while.
// Pure: HMAC-SHA256 (RFC 2104) over the report id, language, tenant id and expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReportLocale } from './report.js';

/**
 * How long a handed-out link works. Long enough to click it, or to hand it to a colleague in
 * the same hour; short enough that a link left in a browser history or a proxy log is dead
 * the next day. The API hands out a fresh one on every query.
 */
export const REPORT_LINK_LIFETIME_SECONDS = 3600;

/** Base64url of a 32-byte HMAC-SHA256: the only signature length accepted. */
export const REPORT_LINK_SIGNATURE_CHARS = 43;

/** `expires` is Unix seconds: at most 12 digits (year 33658), refused beyond. */
const EXPIRES = /^\d{1,12}$/;

export interface ReportLink {
  reportId: string;
  locale: ReportLocale;
  tenantId: string;
  /** Unix seconds. */
  expires: number;
}

export function signReportLink(key: Buffer, link: ReportLink): string {
  // Newline-separated: none of the fields can contain one (ids are cuids, locale ja|en).
  const message = ['cegp-report-link/1', link.reportId, link.locale, link.tenantId, String(link.expires)].join('\n');
  return createHmac('sha256', key).update(message).digest('base64url');
}

export function reportLinkPath(key: Buffer, link: ReportLink): string {
  const sig = signReportLink(key, link);
  return `/migration/reports/${link.reportId}.pdf?lang=${link.locale}&expires=${link.expires}&sig=${sig}`;
}

/** `expires` from a query string, or null when it is not a plain number of seconds. */
export function parseExpires(raw: string | null): number | null {
  return raw !== null && EXPIRES.test(raw) ? Number(raw) : null;
}

/** Whether a link valid until `expires` (Unix seconds) is dead at `now`; at that second it still works. */
export function reportLinkExpired(expires: number, now: Date): boolean {
  return now.getTime() > expires * 1000;
}

/** Whether `sig` is this server's signature of `link` (constant time in the signature). */
export function reportLinkSigned(key: Buffer, link: ReportLink, sig: string): boolean {
  if (sig.length !== REPORT_LINK_SIGNATURE_CHARS) return false;
  const given = Buffer.from(sig, 'base64url');
  const expected = Buffer.from(signReportLink(key, link), 'base64url');
  // Buffer.from drops characters outside base64url: a mangled signature decodes shorter.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
