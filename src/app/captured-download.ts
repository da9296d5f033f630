// GET /captured/<id>.eml?tenant=…&expires=…&sig=… — the .eml of a message the capture
// mailbox received, as the signed link CapturedMessage.downloadUrl hands out (a browser
// needs no header; relay/captured-link.ts). Chosen over an X-Tenant-Id proof: the link is
// what a browser can follow, and one proof keeps the route small. A link of another tenant
// (or an id that is not there) gets 404, as if the message did not exist; a changed or
// expired link 403. The file is streamed, never read whole (up to 150 MB).
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/client.js';
import { localeFrom } from '../graphql/locale.js';
import type { Clock } from '../platform/clock.js';
import type { ExpectedError, Locale } from '../platform/errors.js';
import type { Log } from '../platform/logger.js';
import { CAPTURED_ID, capturedLinkExpired, capturedLinkSigned, parseLinkExpires } from '../relay/captured-link.js';
import { trackingErrors } from '../relay/tracking-errors.js';

const ROUTE = /^\/captured\/([^/]+)\.eml$/;

export interface CapturedDownloadOptions {
  db: Db;
  clock: Clock;
  /** DATA_DIR: stored content paths are inside it (relative ones are resolved against it). */
  dataDir: string;
  linkKey(): Promise<Buffer>;
  log: Log;
}

export function capturedDownloadRoute(opts: CapturedDownloadOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = ROUTE.exec(url.pathname);
    if (!m) return false;
    const ui = localeFrom(req.headers['accept-language']);
    const refuse = (status: number, e: ExpectedError, headers: Record<string, string> = {}) => send(res, status, e, ui, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(405, trackingErrors.error('CAPTURE_METHOD_NOT_ALLOWED'), { allow: 'GET, HEAD' });
    const id = m[1]!;
    const tenant = url.searchParams.get('tenant') ?? '';
    const expires = parseLinkExpires(url.searchParams.get('expires'));
    const sig = url.searchParams.get('sig');
    if (!CAPTURED_ID.test(tenant) || expires === null || sig === null) return refuse(403, trackingErrors.error('CAPTURE_LINK_INVALID'));
    if (!CAPTURED_ID.test(id)) return refuse(404, trackingErrors.error('CAPTURE_NOT_FOUND'));
    const row = await opts.db.capturedMessage.findUnique({ where: { id }, select: { id: true, tenantId: true, contentPath: true } });
    if (!row || row.tenantId !== tenant) return refuse(404, trackingErrors.error('CAPTURE_NOT_FOUND'));
    if (!capturedLinkSigned(await opts.linkKey(), { capturedId: id, tenantId: tenant, expires }, sig))
      return refuse(403, trackingErrors.error('CAPTURE_LINK_INVALID'));
    if (capturedLinkExpired(expires, opts.clock.now()))
      return refuse(403, trackingErrors.error('CAPTURE_LINK_EXPIRED', { expiredAt: new Date(expires * 1000).toISOString() }));
    const path = resolve(opts.dataDir, row.contentPath);
    const inside = relative(resolve(opts.dataDir), path);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      opts.log.error({ capturedId: id }, 'captured message path outside DATA_DIR');
      return refuse(404, trackingErrors.error('CAPTURE_NOT_FOUND'));
    }
    let file;
    try {
      file = await open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return refuse(404, trackingErrors.error('CAPTURE_NOT_FOUND'));
      throw err;
    }
    try {
      const { size } = await file.stat();
      res.writeHead(200, {
        'content-type': 'message/rfc822',
        'content-length': size,
        'content-disposition': `attachment; filename="captured-${id}.eml"`,
        // A signed link is a credential for an hour: no shared cache keeps the answer.
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return true;
      }
      await pipeline(file.createReadStream({ autoClose: false }), res).catch((err: unknown) =>
        opts.log.debug({ err, capturedId: id }, 'captured message download interrupted'),
      );
      return true;
    } finally {
      await file.close();
    }
  };
}

function send(res: ServerResponse, status: number, e: ExpectedError, locale: Locale, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ code: e.code, error: e.messageIn(locale) }));
  return true;
}
