// Signed download links of captured messages: `/captured/<id>.eml?tenant=…&expires=…&sig=…`.
// A browser that follows the link sends no X-Tenant-Id, so the link itself proves that the
// API handed it to the message's tenant, for a while — as report PDFs do
// (migration/reports/report-link.ts), with the same key and its own message prefix, so a
// signature of one kind is never valid for the other. Pure: HMAC-SHA256 (RFC 2104).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a handed-out link works: long enough to click it; the API hands out a fresh one on every query. */
export const CAPTURED_LINK_LIFETIME_SECONDS = 3600;
/** Base64url of a 32-byte HMAC-SHA256: the only signature length accepted. */
const SIGNATURE_CHARS = 43;
/** `expires` is Unix seconds: at most 12 digits. */
const EXPIRES = /^\d{1,12}$/;
/** Ids are cuids; a tenant id too. */
export const CAPTURED_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface CapturedLink {
  capturedId: string;
  tenantId: string;
  /** Unix seconds. */
  expires: number;
}

export function signCapturedLink(key: Buffer, link: CapturedLink): string {
  const message = ['cegp-captured-link/1', link.capturedId, link.tenantId, String(link.expires)].join('\n');
  return createHmac('sha256', key).update(message).digest('base64url');
}

export function capturedLinkPath(key: Buffer, link: CapturedLink): string {
  const sig = signCapturedLink(key, link);
  return `/captured/${link.capturedId}.eml?tenant=${encodeURIComponent(link.tenantId)}&expires=${link.expires}&sig=${sig}`;
}

/** `expires` from a query string, or null when it is not a plain number of seconds. */
export function parseLinkExpires(raw: string | null): number | null {
  return raw !== null && EXPIRES.test(raw) ? Number(raw) : null;
}

/** Whether `sig` is this server's signature of `link` (constant time in the signature). */
export function capturedLinkSigned(key: Buffer, link: CapturedLink, sig: string): boolean {
  if (sig.length !== SIGNATURE_CHARS) return false;
  const given = Buffer.from(sig, 'base64url');
  const expected = Buffer.from(signCapturedLink(key, link), 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A link valid until `expires` is dead after that second. */
export function capturedLinkExpired(expires: number, now: Date): boolean {
  return now.getTime() > expires * 1000;
}
