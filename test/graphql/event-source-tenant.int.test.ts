// A browser's EventSource sends a GET with `Accept: text/event-stream` and no other header:
// it picks a tenant with the `tenant` query parameter, and needs no CSRF header for a
// subscription (only for one). Real HTTP requests against a listening server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { verifiedDomain } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SUBSCRIPTION = 'subscription { domainStatusChanged { domainName status } }';
/** What EventSource sends: nothing but Accept (and the browser's own headers). */
const EVENT_SOURCE_HEADERS = { accept: 'text/event-stream' };
/** A failure deadline only: a loaded CI machine is slow, never wrong. */
const DEADLINE_MS = 30_000;

const path = (query: string, params: Record<string, string> = {}) => `/graphql?${new URLSearchParams({ query, ...params })}`;

/** The `data` of the first `next` event of a GraphQL-over-SSE stream. */
async function firstEvent(res: Response): Promise<any> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before an event: ${buffer}`);
      buffer += value;
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = block.split('\n').find((l) => l.startsWith('data:'));
        if (data && block.includes('event: next')) return JSON.parse(data.slice(5));
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describeEachDatabase('EventSource subscriptions', (kind) => {
  let t: TestApp;
  let alpha: { id: string; rawId: string };
  const open: AbortController[] = [];
  const get = (p: string, headers: Record<string, string> = EVENT_SOURCE_HEADERS) => {
    const abort = new AbortController();
    open.push(abort);
    setTimeout(() => abort.abort(), DEADLINE_MS).unref();
    return fetch(`${t.url}${p}`, { headers, signal: abort.signal });
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    const r = await t.gql(`mutation { createTenant(input: { name: "Alpha", companyId: "alpha" }) { tenant { id } userErrors { code } } }`);
    const id = r.data.createTenant.tenant.id;
    alpha = { id, rawId: Buffer.from(id, 'base64').toString('utf8').split(':')[1]! };
  });
  afterAll(async () => {
    for (const a of open) a.abort();
    await t?.close();
  });

  it('subscribes to another tenant with ?tenant= (company identifier, global ID or raw id) and no header at all', async () => {
    const streams = await Promise.all(['alpha', alpha.id, alpha.rawId].map((tenant) => get(path(SUBSCRIPTION, { tenant }))));
    for (const res of streams) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    }
    const firsts = streams.map(firstEvent);
    // A change in the default tenant first: a stream of Alpha must not carry it.
    await verifiedDomain(t, 'default-tenant.example');
    await verifiedDomain(t, 'alpha-tenant.example', { 'x-tenant-id': 'alpha' });
    for (const event of await Promise.all(firsts)) {
      expect(event).toEqual({ data: { domainStatusChanged: { domainName: 'alpha-tenant.example', status: 'COMPLETED' } } });
    }
  });

  it('accepts the header and the parameter together when they name the same tenant, and refuses them when they differ', async () => {
    const same = await get(path(SUBSCRIPTION, { tenant: alpha.id }), { ...EVENT_SOURCE_HEADERS, 'x-tenant-id': 'alpha' });
    expect(same.status).toBe(200);
    await same.body?.cancel();
    const differ = await get(path(SUBSCRIPTION, { tenant: 'alpha' }), {
      ...EVENT_SOURCE_HEADERS,
      'x-tenant-id': 'rehearsal',
      'accept-language': 'ja',
    });
    expect(differ.status).toBe(400);
    const text = await differ.text();
    expect(text).toContain('TENANT_PARAMETER_CONFLICT');
    expect(text).toContain('X-Tenant-Id ヘッダー (「rehearsal」) とクエリパラメーター tenant (「alpha」) が異なるテナントを指定しています');
    const unknown = await get(path(SUBSCRIPTION, { tenant: 'nobody' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('TENANT_NOT_FOUND');
  });

  it('refuses the parameter outside EventSource subscriptions, so that no request silently runs in the default tenant', async () => {
    const post = await fetch(`${t.url}/graphql?tenant=alpha`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ tenant { companyId } }' }),
    });
    expect(post.status).toBe(400);
    const body = (await post.json()) as any;
    expect(body.errors[0].extensions.code).toBe('TENANT_PARAMETER_NOT_ALLOWED');
    expect(body.errors[0].message).toContain('X-Tenant-Id');
    const query = await get(path('{ tenant { companyId } }', { tenant: 'alpha' }), { 'x-graphql-yoga-csrf': '1' });
    expect(query.status).toBe(400);
    expect(((await query.json()) as any).errors[0].extensions.code).toBe('TENANT_PARAMETER_NOT_ALLOWED');
    const withHeader = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': 'alpha' },
      body: JSON.stringify({ query: '{ tenant { companyId } }' }),
    });
    expect(((await withHeader.json()) as any).data.tenant.companyId).toBe('alpha');
  });

  it('asks for the CSRF header on every other GET: a query, a subscription not asked as an event stream, a mutation named next to a subscription', async () => {
    const cases = [
      { label: 'a query as an event stream', p: path('{ tenant { companyId } }'), headers: EVENT_SOURCE_HEADERS },
      { label: 'a subscription without Accept: text/event-stream', p: path(SUBSCRIPTION), headers: { accept: 'application/json' } },
      {
        label: 'a mutation picked by operationName',
        p: path(
          `${SUBSCRIPTION.replace('subscription', 'subscription S')} mutation M { createTenant(input: { name: "Evil" }) { userErrors { code } } }`,
          { operationName: 'M' },
        ),
        headers: EVENT_SOURCE_HEADERS,
      },
      {
        label: 'two operations without operationName',
        p: path(`${SUBSCRIPTION.replace('subscription', 'subscription S')} query Q { tenant { id } }`),
        headers: EVENT_SOURCE_HEADERS,
      },
      { label: 'a document that does not parse', p: path('subscription {'), headers: EVENT_SOURCE_HEADERS },
    ];
    for (const c of cases) {
      const res = await get(c.p, c.headers);
      expect(res.status, c.label).toBe(403);
      expect(await res.text(), c.label).toContain('REQUEST_CSRF_HEADER_MISSING');
    }
    const tenants = await t.gql(`{ tenants(first: 10) { totalCount } }`);
    expect(tenants.data.tenants.totalCount).toBe(2);
    const named = await get(
      path(`${SUBSCRIPTION.replace('subscription', 'subscription S')} query Q { tenant { id } }`, { operationName: 'S' }),
    );
    expect(named.status).toBe(200);
    await named.body?.cancel();
  });
});
