// What another web page (or a DNS-rebinding page) can make a browser send to the API, on a
// real socket: each is refused with a status and a JSON error code, nothing is stored, and
// /healthz answers during and after. Also: schema hints and body echoes stay out of errors
// outside development, and the upload limit is MIGRATION_MAX_UPLOAD_MB, not yoga's default.
import { request, type IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureMembers } from '../support/export-fixtures.js';
import { RUN_FIELDS, ruleState, upload } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { zipMembers } from '../support/zip.js';

const ADMIN_ORIGIN = 'https://admin.example.com';
const EVIL_ORIGIN = 'http://evil.example';
const CREATE_TENANT =
  'mutation { createTenant(input: { name: "Evil", companyId: "evil", region: JP }) { tenant { id } userErrors { code } } }';
const START_MIGRATION = `mutation($file: Upload!, $mode: MigrationMode) { startMigration(file: $file, mode: $mode) { run { ${RUN_FIELDS} } userErrors { code message field } } }`;

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => any;
}

/** One HTTP/1.1 request with exactly these headers (fetch would not send Host or Origin as given). */
function raw(
  baseUrl: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<RawResponse> {
  const url = new URL(opts.path ?? '/graphql', baseUrl);
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? Buffer.from(opts.body) : Buffer.from(opts.body);
  const headers: Record<string, string> = { ...(body ? { 'content-length': String(body.length) } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? 'POST', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body);
  });
}

/** A GraphQL multipart request body (the multipart request spec), as a browser form sends it. */
async function multipart(bytes: Uint8Array, mode: 'MERGE' | 'OVERWRITE' = 'MERGE'): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: START_MIGRATION, variables: { file: null, mode } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(bytes)]), 'Config_Files_20240522_153925.dat');
  const r = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: new Uint8Array(await r.arrayBuffer()), contentType: r.headers.get('content-type')! };
}

const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const errorCode = (r: RawResponse) => r.json().errors?.[0]?.extensions?.code;

/** A valid export padded by a stored (uncompressed) member: big on the wire, cheap to read. */
const paddedExport = (paddingBytes: number) =>
  zipMembers({ ...fixtureMembers('imsva-ja-basic'), 'attachments/padding.bin': randomBytes(paddingBytes) }, { level: 0 });

/** What an administrator would see change: tenants, migration runs, the default tenant's rules. */
async function stored(t: TestApp) {
  const db = t.app.database.client;
  const tenants = (await db.tenant.findMany({ orderBy: { companyId: 'asc' }, select: { companyId: true } })).map((x) => x.companyId);
  const runs = await db.migrationRun.count();
  return { tenants, runs, rules: await ruleState(t) };
}

async function healthy(t: TestApp) {
  const r = await fetch(`${t.url}/healthz`);
  expect(r.status).toBe(200);
}

describeEachDatabase('HTTP requests a foreign page can send', (kind) => {
  let t: TestApp;
  let before: Awaited<ReturnType<typeof stored>>;
  beforeAll(async () => {
    t = await startTestApp(kind, { CORS_ORIGINS: ADMIN_ORIGIN });
    before = await stored(t);
  });
  afterAll(async () => t?.close());

  it('refuses a form post of a mutation from another origin (403), and a form post without Origin (415)', async () => {
    const form = `query=${encodeURIComponent(CREATE_TENANT)}`;
    const fromEvil = await raw(t.url, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL_ORIGIN },
      body: form,
    });
    expect(fromEvil.status).toBe(403);
    expect(errorCode(fromEvil)).toBe('REQUEST_ORIGIN_NOT_ALLOWED');
    expect(fromEvil.json().errors[0].message).toContain(EVIL_ORIGIN);
    expect(fromEvil.headers['access-control-allow-origin']).toBeUndefined();
    const noOrigin = await raw(t.url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(noOrigin.status).toBe(415);
    expect(errorCode(noOrigin)).toBe('REQUEST_CONTENT_TYPE_UNSUPPORTED');
    // A JSON mutation from that origin (a preflight would fail, but a page might not ask) too.
    const jsonFromEvil = await raw(t.url, {
      headers: { 'content-type': 'application/json', origin: EVIL_ORIGIN },
      body: json(CREATE_TENANT),
    });
    expect(jsonFromEvil.status).toBe(403);
    expect(await stored(t)).toEqual(before);
    await healthy(t);
  });

  it('refuses text/plain and a missing Content-Type (415) with a JSON error', async () => {
    for (const contentType of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/graphql',
      'application/json, text/plain',
      undefined,
    ]) {
      const r = await raw(t.url, { headers: contentType ? { 'content-type': contentType } : {}, body: json(CREATE_TENANT) });
      expect(r.status, String(contentType)).toBe(415);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(errorCode(r)).toBe('REQUEST_CONTENT_TYPE_UNSUPPORTED');
    }
    expect(await stored(t)).toEqual(before);
    await healthy(t);
  });

  it('refuses a multipart OVERWRITE upload without the CSRF header (403): no run is created', async () => {
    const { body, contentType } = await multipart(zipMembers(fixtureMembers('imsva-ja-basic')), 'OVERWRITE');
    const r = await raw(t.url, { headers: { 'content-type': contentType }, body });
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('REQUEST_CSRF_HEADER_MISSING');
    expect(r.json().errors[0].message).toContain('x-graphql-yoga-csrf');
    const fromEvil = await raw(t.url, { headers: { 'content-type': contentType, origin: EVIL_ORIGIN, 'x-graphql-yoga-csrf': '1' }, body });
    expect(fromEvil.status).toBe(403);
    expect(errorCode(fromEvil)).toBe('REQUEST_ORIGIN_NOT_ALLOWED');
    expect(await stored(t)).toEqual(before);
    await healthy(t);
  });

  it('never runs a mutation over GET, and asks GET requests for the CSRF header', async () => {
    const path = `/graphql?query=${encodeURIComponent(CREATE_TENANT)}`;
    const mutation = await raw(t.url, { method: 'GET', path, headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(mutation.status).toBe(405);
    const bare = await raw(t.url, { method: 'GET', path: `/graphql?query=${encodeURIComponent('{ tenant { companyId } }')}` });
    expect(bare.status).toBe(403);
    expect(errorCode(bare)).toBe('REQUEST_CSRF_HEADER_MISSING');
    const query = await raw(t.url, {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ tenant { companyId } }')}`,
      headers: { 'x-graphql-yoga-csrf': '1' },
    });
    expect(query.status).toBe(200);
    expect(query.json().data.tenant.companyId).toBe('rehearsal');
    expect(await stored(t)).toEqual(before);
    await healthy(t);
  });

  it('gives CORS headers to CORS_ORIGINS only, never with credentials', async () => {
    const preflight = (origin: string) =>
      raw(t.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-tenant-id' },
      });
    const evil = await preflight(EVIL_ORIGIN);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const admin = await preflight(ADMIN_ORIGIN);
    expect(admin.headers['access-control-allow-origin']).toBe(ADMIN_ORIGIN);
    expect(admin.headers['access-control-allow-headers']).toContain('x-tenant-id');
    expect(admin.headers['access-control-allow-credentials']).toBeUndefined();
    const post = await raw(t.url, {
      headers: { 'content-type': 'application/json', origin: ADMIN_ORIGIN },
      body: json('{ tenant { companyId } }'),
    });
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe(ADMIN_ORIGIN);
    expect(post.json().data.tenant.companyId).toBe('rehearsal');
    await healthy(t);
  });

  it("serves the server's own pages as GraphiQL sends them (same origin, JSON; SSE with the header)", async () => {
    const port = new URL(t.url).port;
    const page = await raw(t.url, { method: 'GET', headers: { accept: 'text/html', host: `localhost:${port}` } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('cegp-rehearsal GraphQL');
    // GraphiQL adds this header to each request it sends (its subscriptions are GETs).
    expect(page.text).toContain('"additionalHeaders":{"x-graphql-yoga-csrf":"graphiql"}');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const r = await raw(t.url, {
        headers: {
          host,
          origin: `http://${host}`,
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json, multipart/mixed',
        },
        body: json('{ tenant { companyId } }'),
      });
      expect(r.status, host).toBe(200);
      expect(r.json().data.tenant.companyId).toBe('rehearsal');
    }
    const sse = await fetch(`${t.url}/graphql?query=${encodeURIComponent('subscription { migrationProgress { state } }')}`, {
      headers: { accept: 'text/event-stream', 'x-graphql-yoga-csrf': 'graphiql' },
    });
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toMatch(/text\/event-stream/);
    await sse.body?.cancel();
    await healthy(t);
  });

  it('answers only for ALLOWED_HOSTS (421 for others), whatever the port; /healthz answers any Host', async () => {
    const port = new URL(t.url).port;
    for (const path of ['/graphql', '/migration/reports/abc.pdf', '/']) {
      const r = await raw(t.url, { method: 'GET', path, headers: { host: `evil.example:${port}`, accept: 'text/html' } });
      expect(r.status, path).toBe(421);
      expect(errorCode(r)).toBe('REQUEST_HOST_NOT_ALLOWED');
    }
    for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example', '127.0.0.1.nip.io', `user@localhost:${port}`]) {
      const r = await raw(t.url, { headers: { host, 'content-type': 'application/json' }, body: json(CREATE_TENANT) });
      expect(r.status, host).toBe(421);
    }
    const ok = await raw(t.url, {
      headers: { host: `localhost:${port}`, 'content-type': 'application/json' },
      body: json('{ tenant { companyId } }'),
    });
    expect(ok.status).toBe(200);
    const upper = await raw(t.url, {
      headers: { host: `LOCALHOST.:${port}`, 'content-type': 'application/json' },
      body: json('{ tenant { companyId } }'),
    });
    expect(upper.status).toBe(200);
    const health = await raw(t.url, { method: 'GET', path: '/healthz', headers: { host: 'evil.example' } });
    expect(health.status).toBe(200);
    expect(await stored(t)).toEqual(before);
    await healthy(t);
  });

  it('gives no "Did you mean" and does not repeat a malformed body', async () => {
    const misspelled = await raw(t.url, { headers: { 'content-type': 'application/json' }, body: json('{ tenant { nme } }') });
    expect(misspelled.json().errors[0].message).toContain('Cannot query field "nme"');
    expect(misspelled.text).not.toMatch(/did you mean/i);
    const badEnum = await raw(t.url, {
      headers: { 'content-type': 'application/json' },
      body: json(
        'query($m: MigrationMode) { migrationRuns(first: 1) { totalCount } x: policyRules(direction: INBOUNDD, type: CONTENT_FILTERING) { totalCount } }',
      ),
    });
    expect(badEnum.text).not.toMatch(/did you mean|OUTBOUND/i);
    const marker = 'do-not-echo-7f3a';
    const badJson = await raw(t.url, { headers: { 'content-type': 'application/json' }, body: `{"query": "{ tenant { id } }", ${marker}` });
    expect(badJson.status).toBe(400);
    expect(badJson.json().errors[0].message).toBe('POST body sent invalid JSON.');
    expect(badJson.text).not.toContain(marker);
    await healthy(t);
  });

  it('answers a GET with malformed JSON parameters (400) and an unknown path (404) with a JSON error', async () => {
    const marker = 'do-not-echo-91c2';
    const badVars = await raw(t.url, {
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ tenant { id } }')}&variables=${encodeURIComponent(`{${marker}`)}`,
      headers: { 'x-graphql-yoga-csrf': '1' },
    });
    expect(badVars.status).toBe(400);
    expect(badVars.json().errors[0].message).toMatch(/not valid JSON/);
    expect(badVars.text).not.toContain(marker);
    const nowhere = await raw(t.url, { method: 'GET', path: '/admin/../etc/passwd' });
    expect(nowhere.status).toBe(404);
    expect(errorCode(nowhere)).toBe('REQUEST_PATH_NOT_FOUND');
    await healthy(t);
  });

  it("accepts and analyses a 30 MB upload under MIGRATION_MAX_UPLOAD_MB=40 (yoga's own 25 MB default does not apply), serving /healthz meanwhile", async () => {
    const roomy = await startTestApp(kind, { MIGRATION_MAX_UPLOAD_MB: '40' });
    try {
      const big = paddedExport(30 * 1024 * 1024);
      const [r, health] = await Promise.all([upload(roomy, big), fetch(`${roomy.url}/healthz`)]);
      expect(health.status).toBe(200);
      expect(r.status).toBe(200);
      expect(r.payload.userErrors).toEqual([]);
      expect(r.payload.run).toMatchObject({ state: 'ANALYZED' });
      await healthy(roomy);
    } finally {
      await roomy.close();
    }
  });
});

describeEachDatabase('HTTP with NODE_ENV=development and a small upload limit', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { NODE_ENV: 'development', MIGRATION_MAX_UPLOAD_MB: '1' });
  });
  afterAll(async () => t?.close());

  it('keeps the suggestions in development', async () => {
    const r = await t.gql('{ tenant { nme } }');
    expect(r.errors?.[0]?.message).toContain('Did you mean "name"?');
  });

  it('refuses an upload over MIGRATION_MAX_UPLOAD_MB with 413 BUNDLE_TOO_LARGE, however far over: no run', async () => {
    const before = await stored(t);
    // Just over: the request is within the listener's allowance, so the parser stops at the limit.
    const over = await upload(t, paddedExport(1024 * 1024 + 1024), 'x.dat', undefined, { 'accept-language': 'ja' });
    expect(over.status).toBe(413);
    expect(over.errors[0].extensions.code).toBe('BUNDLE_TOO_LARGE');
    expect(over.errors[0].message).toContain('1 MB (MIGRATION_MAX_UPLOAD_MB) を超えています');
    // Far over: Content-Length says so, refused before reading.
    const far = await upload(t, paddedExport(3 * 1024 * 1024));
    expect(far.status).toBe(413);
    expect(far.errors[0].extensions.code).toBe('BUNDLE_TOO_LARGE');
    expect(far.errors[0].message).toContain('1 MB');
    expect(await stored(t)).toEqual(before);
    await healthy(t);
    // Just under is accepted and analysed.
    const under = await upload(t, paddedExport(1024 * 1024 - 64 * 1024));
    expect(under.payload.run).toMatchObject({ state: 'ANALYZED' });
    await healthy(t);
  });

  it('refuses multipart requests with more files or fields than an upload has (400), storing nothing', async () => {
    const before = await stored(t);
    const send = async (form: FormData) => {
      const r = new Request('http://localhost/', { method: 'POST', body: form });
      return raw(t.url, {
        headers: { 'content-type': r.headers.get('content-type')!, 'x-graphql-yoga-csrf': '1' },
        body: new Uint8Array(await r.arrayBuffer()),
      });
    };
    const base = () => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: START_MIGRATION, variables: { file: null } }));
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set('0', new Blob([new Uint8Array(zipMembers(fixtureMembers('imsva-ja-basic')))]), 'a.dat');
      return form;
    };
    const twoFiles = base();
    twoFiles.set('1', new Blob([new Uint8Array(10)]), 'b.dat');
    const manyFields = base();
    for (let i = 0; i < 1000; i++) manyFields.append(`f${i}`, 'x');
    for (const [label, form] of [
      ['two files', twoFiles],
      ['1,000 fields', manyFields],
    ] as const) {
      const r = await send(form);
      expect(r.status, label).toBe(400);
      expect(r.json().errors[0].message, label).toMatch(/limit exceeded/i);
    }
    expect(await stored(t)).toEqual(before);
    await healthy(t);
  });
});
