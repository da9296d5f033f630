// The HTTP listener: /healthz, and GraphQL at /graphql (yoga). A request body over the limit
// is refused before yoga reads it (413); a body without a length is refused (411), since an
// unbounded chunked upload could not be limited otherwise.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Log } from '../platform/logger.js';
import type { Yoga } from '../graphql/yoga.js';

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

export interface HttpServerOptions {
  yoga: Yoga;
  log: Log;
  maxBodyBytes: number;
  /** Multipart requests carry migration uploads: their own, larger limit. */
  maxUploadBytes: number;
  health: () => Promise<HealthReport>;
  /** Extra routes tried before GraphQL; each answers true when it handled the request. */
  routes?: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>)[];
}

/** Room for the multipart envelope (boundaries, operations, map) around an upload. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

export function createHttpServer(opts: HttpServerOptions): Server {
  return createServer((req, res) => {
    void handle(opts, req, res).catch((err: unknown) => {
      opts.log.error({ err }, 'http request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Unexpected error.' }] });
      else res.destroy();
    });
  });
}

async function handle(opts: HttpServerOptions, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz') {
    const report = await opts.health();
    return sendJson(res, report.ok ? 200 : 503, report);
  }
  for (const route of opts.routes ?? []) if (await route(req, res)) return;
  if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
    const length = req.headers['content-length'];
    if (length === undefined) {
      return sendJson(res, 411, { errors: [{ message: 'A Content-Length header is required.', extensions: { code: 'LENGTH_REQUIRED' } }] });
    }
    const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
    if (multipart && Number(length) > opts.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
      res.setHeader('Connection', 'close');
      const mb = Math.round(opts.maxUploadBytes / 1024 / 1024);
      return sendJson(res, 413, {
        errors: [{ message: `The upload is larger than ${mb} MB (MIGRATION_MAX_UPLOAD_MB).`, extensions: { code: 'BUNDLE_TOO_LARGE' } }],
      });
    }
    if (!multipart && Number(length) > opts.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, {
        errors: [{ message: `The request body is larger than ${opts.maxBodyBytes} bytes (GRAPHQL_MAX_BODY_BYTES).`, extensions: { code: 'REQUEST_TOO_LARGE' } }],
      });
    }
  }
  await opts.yoga.requestListener(req, res);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
