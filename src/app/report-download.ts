// GET /migration/reports/<id>.pdf?lang=ja|en — the PDF of a run's report. A download proves
// the tenant: with the signed, expiring link the API hands out (downloadUrl: a browser
// needs no header), or with the X-Tenant-Id header of the report's tenant. Anything else is
// refused; another tenant's header gets 404, as if the report did not exist. Only the latest
// run's reports exist (404 otherwise); a report older than 90 days answers 410 Gone.
// The PDF is rendered once (on the render thread) and streamed from its stored file.
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { localeFrom } from '../graphql/locale.js';
import { migrationErrors } from '../migration/errors.js';
import { reportErrors } from '../migration/reports/errors.js';
import { RenderQueueFull } from '../migration/reports/render-pool.js';
import type { ReportDownloads, ReportForDownload } from '../migration/reports/report-downloads.js';
import { parseExpires, REPORT_LINK_LIFETIME_SECONDS, reportLinkSigned } from '../migration/reports/report-link.js';
import type { ReportLocale } from '../migration/reports/report.js';
import type { Clock } from '../platform/clock.js';
import type { DomainError, Locale } from '../platform/errors.js';
import type { Log } from '../platform/logger.js';

const ROUTE = /^\/migration\/reports\/([A-Za-z0-9_-]{1,64})\.pdf$/;
/** `ja`, `en`, or a language tag of either (`en-US`), as Accept-Language would give. */
const LANG = /^(ja|en)(-[A-Za-z0-9]{1,8})*$/i;
/** A client waiting behind a full render queue is told to come back after this. */
const BUSY_RETRY_SECONDS = 60;

export function reportDownloadRoute(reports: ReportDownloads, clock: Clock, log: Log) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = ROUTE.exec(url.pathname);
    if (!m) return false;
    const ui = localeFrom(req.headers['accept-language']);
    const refuse = (status: number, e: DomainError, headers: Record<string, string> = {}) => send(res, status, e, ui, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, reportErrors.error('REPORT_METHOD_NOT_ALLOWED'), { allow: 'GET, HEAD' });
    const lang = url.searchParams.get('lang');
    if (lang !== null && !LANG.test(lang)) return refuse(400, reportErrors.error('REPORT_LANG_INVALID', { lang: lang.slice(0, 32) }));
    const tenantHeader = typeof req.headers['x-tenant-id'] === 'string' ? req.headers['x-tenant-id'].trim() : '';
    const sig = url.searchParams.get('sig');
    // No proof at all: refused before the database is asked, so nothing tells whether the id exists.
    if (!tenantHeader && sig === null) return refuse(403, reportErrors.error('REPORT_LINK_REQUIRED'));

    const report = await reports.find(m[1]!);
    if (!report || (tenantHeader && !isTenant(tenantHeader, report))) return refuse(404, migrationErrors.error('REPORT_NOT_FOUND'));
    const locale: ReportLocale = (lang ?? report.run.language ?? 'ja').toLowerCase().startsWith('en') ? 'en' : 'ja';
    let linkExpires: number | null = null;
    if (!tenantHeader) {
      linkExpires = parseExpires(url.searchParams.get('expires'));
      const link = { reportId: report.id, locale, tenantId: report.run.tenantId, expires: linkExpires ?? 0 };
      if (linkExpires === null || !reportLinkSigned(await reports.linkKey(), link, sig ?? '')) return refuse(403, reportErrors.error('REPORT_LINK_INVALID'));
    }
    const now = clock.now();
    if (now > report.expiresAt) {
      await reports.remove(report.id);
      return refuse(410, reportErrors.error('REPORT_EXPIRED', { expiredAt: report.expiresAt.toISOString() }));
    }
    if (linkExpires !== null && now.getTime() > linkExpires * 1000) {
      const expiredAt = new Date(linkExpires * 1000).toISOString();
      return refuse(403, reportErrors.error('REPORT_LINK_EXPIRED', { expiredAt, minutes: REPORT_LINK_LIFETIME_SECONDS / 60 }));
    }
    return sendPdf(req, res, reports, report, locale, ui, log);
  };
}

async function sendPdf(req: IncomingMessage, res: ServerResponse, reports: ReportDownloads, report: ReportForDownload, locale: ReportLocale, ui: Locale, log: Log): Promise<true> {
  let file;
  // Twice at most: a stored file can vanish between render and open (a sweep after the
  // report was superseded, another instance, an operator); the second try renders it again.
  for (let attempt = 0; !file; attempt++) {
    try {
      file = await open(await reports.pdf(report, locale), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt === 0) continue;
      if (err instanceof RenderQueueFull) return send(res, 503, reportErrors.error('REPORT_BUSY'), ui, { 'retry-after': String(BUSY_RETRY_SECONDS) });
      log.error({ err, reportId: report.id, locale }, 'report render failed');
      return send(res, 500, reportErrors.error('REPORT_RENDER_FAILED'), ui);
    }
  }
  try {
    const { size } = await file.stat();
    const base = report.run.fileName.replace(/\.dat$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_');
    const fileName = `${report.kind === 'ANALYSIS' ? 'data-analysis-report' : 'data-migration-report'}_${base}_${locale}.pdf`;
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': size,
      'content-disposition': `attachment; filename="${fileName}"`,
      // A signed link is a credential for an hour: no shared cache keeps the answer.
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    // The client may go away mid-download; pipeline then destroys both ends.
    await pipeline(file.createReadStream({ autoClose: false }), res).catch((err: unknown) => log.debug({ err, reportId: report.id }, 'report download interrupted'));
    return true;
  } finally {
    await file.close();
  }
}

/**
 * X-Tenant-Id names a tenant as GraphQL accepts it (graphql/yoga.ts resolveTenant): its
 * Relay global ID (base64 of "Tenant:<id>", @pothos/plugin-relay encodeGlobalID), its raw
 * id, or its company identifier.
 */
function isTenant(header: string, report: ReportForDownload): boolean {
  const { tenantId, tenant } = report.run;
  if (header === tenantId || header.toLowerCase() === tenant.companyId) return true;
  const decoded = Buffer.from(header, 'base64').toString('utf8');
  return decoded === `Tenant:${tenantId}`;
}

function send(res: ServerResponse, status: number, e: DomainError, locale: Locale, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ code: e.code, error: e.messageIn(locale) }));
  return true;
}
