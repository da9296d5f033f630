// GET /migration/reports/<id>.pdf?lang=ja|en — the PDF of a run's report. Only the latest
// run's reports exist (404 otherwise); a report older than 90 days answers 410 Gone.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client.js';
import { loadReport } from '../migration/reports/load-report.js';
import { renderReportPdf } from '../migration/reports/render-pdf.js';
import type { Clock } from '../platform/clock.js';

const ROUTE = /^\/migration\/reports\/([A-Za-z0-9_-]{1,64})\.pdf$/;

export function reportDownloadRoute(db: Db, clock: Clock) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = ROUTE.exec(url.pathname);
    if (!m) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Use GET.');
    const report = await db.migrationReportFile.findUnique({ where: { id: m[1]! }, include: { run: { select: { language: true } } } });
    if (!report) return send(res, 404, 'No such report: only the latest migration run\'s reports are kept.');
    if (clock.now() > report.expiresAt) return send(res, 410, `This report expired on ${report.expiresAt.toISOString()} (reports are kept for 90 days).`);
    const locale = (url.searchParams.get('lang') ?? report.run.language ?? 'ja').toLowerCase().startsWith('en') ? 'en' : 'ja';
    const content = await loadReport(db, report, locale);
    const pdf = await renderReportPdf(content);
    const base = content.fileName.replace(/\.dat$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_');
    const fileName = `${report.kind === 'ANALYSIS' ? 'data-analysis-report' : 'data-migration-report'}_${base}_${locale}.pdf`;
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'content-disposition': `attachment; filename="${fileName}"` });
    res.end(req.method === 'HEAD' ? undefined : pdf);
    return true;
  };
}

function send(res: ServerResponse, status: number, message: string): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: message }));
  return true;
}
