// The rules of a PDF download (GET /migration/reports/<id>.pdf): in which language, who may
// have it, until when, under which file name. The tenant proves itself with its X-Tenant-Id
// header or with the signed link the API handed out; another tenant's header gets "not
// found", as if the report did not exist; a report expires 90 days after its run
// (report-expiry.ts), a link an hour after the API handed it out (report-link.ts).
// Pure: the HTTP route (app/report-download.ts) parses the request, asks, streams or refuses.
import type { ExpectedError } from '../../platform/errors.js';
import { migrationErrors } from '../errors.js';
import { reportErrors } from './errors.js';
import { reportExpired } from './report-expiry.js';
import { parseExpires, REPORT_LINK_LIFETIME_SECONDS, reportLinkExpired, reportLinkSigned } from './report-link.js';
import type { ReportKind, ReportLocale } from './report.js';

/** What a download request offers as proof. */
export interface DownloadProof {
  /** X-Tenant-Id, trimmed; '' when absent. When given, it is the proof and a link is ignored. */
  tenantHeader: string;
  /** The link's `expires` and `sig` query parameters, as sent. */
  expires: string | null;
  sig: string | null;
}

/** What of a stored report the rules look at (find-report-download.ts reads it). */
export interface DownloadableReport {
  id: string;
  kind: ReportKind;
  expiresAt: Date;
  run: { tenantId: string; language: string | null; fileName: string; tenant: { companyId: string } };
}

/** Without any proof the request is refused before the database is asked: nothing tells whether the id exists. */
export function proofGiven(proof: DownloadProof): boolean {
  return proof.tenantHeader !== '' || proof.sig !== null;
}

/** The PDF's language: `lang` (ja, en or a tag of either), else the export's, else Japanese. */
export function downloadLocale(lang: string | null, runLanguage: string | null): ReportLocale {
  return (lang ?? runLanguage ?? 'ja').toLowerCase().startsWith('en') ? 'en' : 'ja';
}

/**
 * Why this download is refused, or null when it is allowed. `linkKey` is needed only when
 * there is no tenant header (the link is then the proof). Checked in this order: the tenant
 * (REPORT_NOT_FOUND), the link's signature, the report's expiry, the link's expiry.
 */
export function downloadRefusal(
  report: DownloadableReport | null,
  proof: DownloadProof,
  locale: ReportLocale,
  linkKey: Buffer | null,
  now: Date,
): ExpectedError | null {
  if (!report || (proof.tenantHeader && !namesTenant(proof.tenantHeader, report.run))) return migrationErrors.error('REPORT_NOT_FOUND');
  let linkExpires: number | null = null;
  if (!proof.tenantHeader) {
    linkExpires = parseExpires(proof.expires);
    const link = { reportId: report.id, locale, tenantId: report.run.tenantId, expires: linkExpires ?? 0 };
    if (linkExpires === null || !linkKey || !reportLinkSigned(linkKey, link, proof.sig ?? ''))
      return reportErrors.error('REPORT_LINK_INVALID');
  }
  if (reportExpired(report.expiresAt, now)) return reportErrors.error('REPORT_EXPIRED', { expiredAt: report.expiresAt.toISOString() });
  if (linkExpires !== null && reportLinkExpired(linkExpires, now)) {
    const expiredAt = new Date(linkExpires * 1000).toISOString();
    return reportErrors.error('REPORT_LINK_EXPIRED', { expiredAt, minutes: REPORT_LINK_LIFETIME_SECONDS / 60 });
  }
  return null;
}

/**
 * X-Tenant-Id names a tenant as GraphQL accepts it (graphql/yoga.ts resolveTenant): its
 * Relay global ID (base64 of "Tenant:<id>", @pothos/plugin-relay encodeGlobalID), its raw
 * id, or its company identifier.
 */
function namesTenant(header: string, run: DownloadableReport['run']): boolean {
  if (header === run.tenantId || header.toLowerCase() === run.tenant.companyId) return true;
  const decoded = Buffer.from(header, 'base64').toString('utf8');
  return decoded === `Tenant:${run.tenantId}`;
}
