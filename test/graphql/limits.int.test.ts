// Query limits on by default, body size limit, masking of unexpected errors, and messages in
// Japanese or English by Accept-Language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_DOMAIN } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('GraphQL limits and errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { GRAPHQL_MAX_BODY_BYTES: '4096' });
  });
  afterAll(async () => t?.close());

  it('refuses a query deeper than the limit', async () => {
    const ok = `{ domains { edges { node { verificationChecks { edges { node { id } } } } } } }`;
    expect((await t.gql(ok)).errors).toBeUndefined();
    const tooDeep = `{ dnsZones { edges { node { records { edges { node { zone { records { edges { node { zone { records { edges { node { id } } } } } } } } } } } } } } }`;
    const r = await t.gql(tooDeep);
    expect(r.errors?.[0]?.message).toMatch(/depth/i);
    expect(r.data ?? null).toBeNull();
  });

  it('refuses a query whose cost explodes, and serves a heavy but ordinary list', async () => {
    const ordinary = `{ domains(first: 100) { totalCount edges { node { id name status verificationRecord { name type value } inboundServers { host port }
      verificationChecks(first: 10) { edges { node { method result answer question } } } } } } }`;
    expect((await t.gql(ordinary)).errors).toBeUndefined();
    const explosive = `{ tenants(first: 100) { edges { node { id } } } ${Array.from({ length: 10 }, (_, i) => `z${i}: dnsZones(first: 100) { edges { node { records(first: 100) { edges { node { zone { records(first: 100) { edges { node { name } } } } } } } } } }`).join(' ')} }`;
    const r = await t.gql(explosive);
    expect(r.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('refuses too many aliases', async () => {
    const q = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: tenant { id }`).join(' ')} }`;
    const r = await t.gql(q);
    expect(r.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses an oversize body with 413 before reading it', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ tenant { id } }`, variables: { pad: 'x'.repeat(5000) } }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('gives messages in Japanese when Accept-Language asks for it', async () => {
    const ja = await t.gql(ADD_DOMAIN, { input: { name: 'bad name' } }, { 'accept-language': 'ja,en;q=0.5' });
    expect(ja.data.addDomain.userErrors[0].message).toContain('有効なドメイン名ではありません');
    const en = await t.gql(ADD_DOMAIN, { input: { name: 'bad name' } }, { 'accept-language': 'en-US,ja;q=0.5' });
    expect(en.data.addDomain.userErrors[0].message).toContain('is not a valid domain name');
    expect(en.data.addDomain.userErrors[0].code).toBe(ja.data.addDomain.userErrors[0].code);
  });

  it('masks unexpected errors: no stack, no internals', async () => {
    // Closing the database makes every resolver fail unexpectedly.
    await t.app.database.client.$disconnect();
    const sqliteFile = t.db.url.replace('file:', '');
    const { rmSync } = await import('node:fs');
    rmSync(sqliteFile, { force: true });
    const r = await t.gql(`{ domains { totalCount } }`);
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/prisma|sqlite|\.ts:|at async/i);
    expect(r.errors?.[0]?.message).toBe('Unexpected error.');
  });
});
