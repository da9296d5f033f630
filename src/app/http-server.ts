// The HTTP listener: /healthz, and GraphQL at /graphql (yoga). Before yoga reads a byte of
// the body, a request is refused when:
// - its Host is not in ALLOWED_HOSTS (421; DNS rebinding). /healthz answers any Host, so
//   load balancers and probes that connect by address keep working;
// - it writes (any method but GET/HEAD/OPTIONS) from a page whose Origin is neither this
//   server's own nor in CORS_ORIGINS (403). A form post or a `no-cors` fetch from any web
//   site reaches a loopback server without a CORS preflight, so CORS alone cannot stop it;
// - it writes with a Content-Type other than JSON or multipart (415): form-urlencoded and
//   text/plain are what a foreign page can send without a preflight;
// - its body is over the limit (413) or has no length (411), since an unbounded chunked
//   upload could not be limited otherwise.
// Multipart and GET requests also need the x-graphql-yoga-csrf header (graphql/use-csrf-header.ts);
// an upload within the body allowance but over MIGRATION_MAX_UPLOAD_MB is stopped by the
// multipart parser with the same 413 BUNDLE_TOO_LARGE (graphql/use-upload-limit.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { localeFrom } from '../graphql/locale.js';
import type { Yoga } from '../graphql/yoga.js';
import { bundleErrors } from '../migration/bundle.js';
import type { ExpectedError } from '../platform/errors.js';
import type { Log } from '../platform/logger.js';
import { httpErrors } from './http-errors.js';
import { hostAllowed, originAllowed } from './host-origin.js';

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
  /** Normalized host names (config.allowedHosts); "*" answers any. */
  allowedHosts: readonly string[];
  /** Serialized origins allowed besides the server's own pages (config.corsOrigins). */
  corsOrigins: readonly string[];
  health: () => Promise<HealthReport>;
  /** Extra routes tried before GraphQL; each answers true when it handled the request. */
  routes?: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>)[];
}

/**
 * Room for the multipart envelope (boundaries, part headers, `operations`, `map`) around an
 * upload. A real one is under 4 KB; an upload whose request body is larger than
 * MIGRATION_MAX_UPLOAD_MB plus this is refused (413) before it is read.
 */
export const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/** The largest request body the listener lets through: yoga's own limit is set to it. */
export function largestBodyBytes(maxBodyBytes: number, maxUploadBytes: number): number {
  return Math.max(maxBodyBytes, maxUploadBytes + MULTIPART_OVERHEAD_BYTES);
}

/**
 * Media types a writing request may carry: JSON (GraphQL over HTTP, "application/json" and
 * the spec's "application/graphql-response+json"), and the GraphQL multipart request spec
 * for uploads. yoga parses JSON only when the header says exactly "application/json", so the
 * accepted JSON types are rewritten to it.
 */
const JSON_MEDIA_TYPES: readonly string[] = ['application/json', 'application/graphql-response+json'];
const MULTIPART_MEDIA_TYPE = 'multipart/form-data';

/** Methods that never write: no Origin or Content-Type check (yoga refuses mutations over GET). */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** yoga's endpoint (graphql/yoga.ts); yoga would answer other paths with an empty 404. */
const GRAPHQL_PATH = '/graphql';

/** Header values repeated in a refusal are cut to this, so a refusal stays small. */
export const ECHO_MAX_CHARS = 100;

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
  const refuse = (status: number, error: ExpectedError) => {
    // The body, if any, is not read: close the connection rather than drain it.
    res.setHeader('Connection', 'close');
    const message = error.messageIn(localeFrom(req.headers['accept-language']));
    sendJson(res, status, { errors: [{ message, extensions: { code: error.code } }] });
  };
  if (!hostAllowed(opts.allowedHosts, req.headers.host)) {
    return refuse(
      421,
      httpErrors.error('REQUEST_HOST_NOT_ALLOWED', { host: echo(req.headers.host), allowed: opts.allowedHosts.join(', ') }),
    );
  }
  for (const route of opts.routes ?? []) if (await route(req, res)) return;
  if (path !== GRAPHQL_PATH) return refuse(404, httpErrors.error('REQUEST_PATH_NOT_FOUND', { path: echo(path) }));
  if (!READ_METHODS.has(req.method ?? 'GET')) {
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(opts.corsOrigins, origin, req.headers.host)) {
      return refuse(403, httpErrors.error('REQUEST_ORIGIN_NOT_ALLOWED', { origin: echo(origin) }));
    }
    const contentType = req.headers['content-type'] ?? '';
    const [mediaType = '', ...params] = contentType.split(';');
    const media = mediaType.trim().toLowerCase();
    const multipart = media === MULTIPART_MEDIA_TYPE;
    if (!multipart && !JSON_MEDIA_TYPES.includes(media)) {
      return refuse(415, httpErrors.error('REQUEST_CONTENT_TYPE_UNSUPPORTED', { contentType: echo(contentType) || '(none)' }));
    }
    req.headers['content-type'] = [multipart ? MULTIPART_MEDIA_TYPE : 'application/json', ...params].join(';');
    const length = req.headers['content-length'];
    if (length === undefined) return refuse(411, httpErrors.error('LENGTH_REQUIRED'));
    if (multipart && Number(length) > opts.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
      return refuse(413, bundleErrors.error('BUNDLE_TOO_LARGE', { maxMb: Math.round(opts.maxUploadBytes / 1024 / 1024) }));
    }
    if (!multipart && Number(length) > opts.maxBodyBytes) {
      return refuse(413, httpErrors.error('REQUEST_TOO_LARGE', { maxBytes: opts.maxBodyBytes }));
    }
  }
  await opts.yoga.requestListener(req, res);
}

function echo(value: string | undefined): string {
  return (value ?? '').slice(0, ECHO_MAX_CHARS);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
