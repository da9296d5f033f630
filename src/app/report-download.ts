// GET /migration/reports/<id>.pdf?lang=ja|en — the PDF of a run's report. A download proves
// the tenant: with the signed, expiring link the API hands out (downloadUrl: a browser
// needs no header), or with the X-Tenant-Id header of the report's tenant. Anything else is
// refused; another tenant's header gets 404, as if the report did not exist. Only the latest
// run's reports exist (404 otherwise); a report older than 90 days answers 410 Gone.
// The PDF is rendered once (on the render thread) and streamed from its stored file.
// HTTP only: the rules are migration/reports/report-download-rules.ts.
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { localeFrom } from '../graphql/locale.js';
import { reportErrors } from '../migration/reports/errors.js';
import type { ReportForDownload } from '../migration/reports/find-report-download.js';
import { RenderQueueFull } from '../migration/reports/render-pool.js';
import { reportFileName } from '../migration/reports/report-text.js';
import { downloadLocale, downloadRefusal, proofGiven, type DownloadProof } from '../migration/reports/report-download-rules.js';
import type { ReportDownloads } from '../migration/reports/report-downloads.js';
import type { ReportLocale } from '../migration/reports/report.js';
import type { Clock } from '../platform/clock.js';
import type { ExpectedError, Locale } from '../platform/errors.js';
import type { Log } from '../platform/logger.js';

const ROUTE = /^\/migration\/reports\/([A-Za-z0-9_-]{1,64})\.pdf$/;
/** `ja`, `en`, or a language tag of either (`en-US`), as Accept-Language would give. */
const LANG = /^(ja|en)(-[A-Za-z0-9]{1,8})*$/i;
/** A client waiting behind a full render queue is told to come back after this. */
const BUSY_RETRY_SECONDS = 60;
/** The status of each refusal of the rules; the other refusals (a bad or expired link) are 403. */
const REFUSAL_STATUS: Readonly<Record<string, number>> = { REPORT_NOT_FOUND: 404, REPORT_EXPIRED: 410 };

export function reportDownloadRoute(reports: ReportDownloads, clock: Clock, log: Log) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = ROUTE.exec(url.pathname);
    if (!m) return false;
    const ui = localeFrom(req.headers['accept-language']);
    const refuse = (status: number, e: ExpectedError, headers: Record<string, string> = {}) => send(res, status, e, ui, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(405, reportErrors.error('REPORT_METHOD_NOT_ALLOWED'), { allow: 'GET, HEAD' });
    const lang = url.searchParams.get('lang');
    if (lang !== null && !LANG.test(lang)) return refuse(400, reportErrors.error('REPORT_LANG_INVALID', { lang: lang.slice(0, 32) }));
    const proof: DownloadProof = {
      tenantHeader: typeof req.headers['x-tenant-id'] === 'string' ? req.headers['x-tenant-id'].trim() : '',
      expires: url.searchParams.get('expires'),
      sig: url.searchParams.get('sig'),
    };
    if (!proofGiven(proof)) return refuse(403, reportErrors.error('REPORT_LINK_REQUIRED'));

    const report = await reports.find(m[1]!);
    const locale = downloadLocale(lang, report?.run.language ?? null);
    // The link key is read only when the link is the proof of a report that exists.
    const linkKey = report && !proof.tenantHeader ? await reports.linkKey() : null;
    const refusal = downloadRefusal(report, proof, locale, linkKey, clock.now());
    if (refusal) {
      // An expired report's stored files go now rather than at the next sweep.
      if (report && refusal.code === 'REPORT_EXPIRED') await reports.remove(report.id);
      return refuse(REFUSAL_STATUS[refusal.code] ?? 403, refusal);
    }
    return sendPdf(req, res, reports, report!, locale, ui, log);
  };
}

async function sendPdf(
  req: IncomingMessage,
  res: ServerResponse,
  reports: ReportDownloads,
  report: ReportForDownload,
  locale: ReportLocale,
  ui: Locale,
  log: Log,
): Promise<true> {
  let file;
  // Twice at most: a stored file can vanish between render and open (a sweep after the
  // report was superseded, another instance, an operator); the second try renders it again.
  for (let attempt = 0; !file; attempt++) {
    try {
      file = await open(await reports.pdf(report, locale), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt === 0) continue;
      if (err instanceof RenderQueueFull)
        return send(res, 503, reportErrors.error('REPORT_BUSY'), ui, { 'retry-after': String(BUSY_RETRY_SECONDS) });
      log.error({ err, reportId: report.id, locale }, 'report render failed');
      return send(res, 500, reportErrors.error('REPORT_RENDER_FAILED'), ui);
    }
  }
  try {
    const { size } = await file.stat();
    // RFC 6266 §4.3: an ASCII filename for old clients, filename* (RFC 8187) for the reader's language.
    const fileName = reportFileName(report.kind, locale, report.run.fileName);
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': size,
      'content-disposition': `attachment; filename="${fileName.ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.name)}`,
      // A signed link is a credential for an hour: no shared cache keeps the answer.
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    // The client may go away mid-download; pipeline then destroys both ends.
    await pipeline(file.createReadStream({ autoClose: false }), res).catch((err: unknown) =>
      log.debug({ err, reportId: report.id }, 'report download interrupted'),
    );
    return true;
  } finally {
    await file.close();
  }
}

function send(res: ServerResponse, status: number, e: ExpectedError, locale: Locale, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ code: e.code, error: e.messageIn(locale) }));
  return true;
}
