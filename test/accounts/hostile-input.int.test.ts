// Hostile tenant input: control characters in names, and company identifiers that look
// like a tenant id or a tenant's global ID (X-Tenant-Id accepts all three, so it must keep
// one meaning). Refused on both databases; nothing stored; /healthz answers during and after.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TENANT_ID_SHAPE } from '../../src/accounts/create-tenant.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CREATE = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id companyId } userErrors { code message field } } }`;
const COUNTS = `{ tenants { totalCount edges { node { id name companyId } } } }`;

describeEachDatabase('hostile tenant input', (kind) => {
  let t: TestApp;
  let alpha: { id: string; companyId: string };
  let alphaRowId: string;
  let before: unknown;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const r = await t.gql(CREATE, { input: { name: 'Alpha', companyId: 'alpha' } });
    expect(r.data.createTenant.userErrors).toEqual([]);
    alpha = r.data.createTenant.tenant;
    alphaRowId = decodeGlobalID(alpha.id).id;
    before = (await t.gql(COUNTS)).data;
  });
  afterAll(async () => t?.close());

  const health = async () => (await fetch(`${t.url}/healthz`)).status;

  it('tenant row ids have the shape the rule refuses (if Prisma changes its ids, this fails)', () => {
    expect(alphaRowId).toMatch(TENANT_ID_SHAPE);
  });

  it.each([
    ['a NUL', `Evil\u0000Corp`],
    ['a trailing TAB', 'Evil Corp\t'],
    ['a line break', 'Evil\nCorp'],
    ['an escape sequence', 'Evil \u001b[2J'],
    ['a lone surrogate', 'Evil \uDC00'],
  ])('refuses a tenant name with %s', async (_, name) => {
    const [r, during] = await Promise.all([t.gql(CREATE, { input: { name, companyId: 'evil' } }), health()]);
    expect(r.errors).toBeUndefined();
    expect(r.data.createTenant.tenant).toBeNull();
    expect(r.data.createTenant.userErrors).toEqual([expect.objectContaining({ code: 'INPUT_INVALID_CHARACTERS', field: 'input.name' })]);
    expect(during).toBe(200);
  });

  it('refuses a company identifier equal to an existing tenant id', async () => {
    const r = await t.gql(CREATE, { input: { name: 'Copycat', companyId: alphaRowId } });
    expect(r.data.createTenant.userErrors).toEqual([
      expect.objectContaining({ code: 'TENANT_COMPANY_ID_LOOKS_LIKE_ID', field: 'input.companyId' }),
    ]);
    expect(r.data.createTenant.userErrors[0].message).toContain('X-Tenant-Id');
  });

  const LOOKS = 'TENANT_COMPANY_ID_LOOKS_LIKE_ID';
  it.each([
    ['a tenant id shape', () => 'ck3x9a8b7c6d5e4f3g2h1j0k9', LOOKS],
    ['a tenant id shape in upper case', () => 'CKZZZZZZZZZZZZZZZZZZZZZZZZ'.slice(0, 25), LOOKS],
    // base64("Tenant:ck…") lower-cased: X-Tenant-Id would decode the original as a global ID.
    ['the lower-cased start of a tenant global ID', () => Buffer.from('Tenant:ck123456').toString('base64').toLowerCase(), LOOKS],
    // Lower-cased and without padding; base64 may hold "+" or "/", which no company identifier may.
    ['the lower-cased global ID of an existing tenant', () => alpha.id.toLowerCase().replace(/=+$/, ''), null],
  ])('refuses a company identifier with %s', async (_, value, expected) => {
    const companyId = value();
    const code = expected ?? (/^[a-z0-9-]+$/.test(companyId) ? LOOKS : 'TENANT_COMPANY_ID_INVALID');
    const r = await t.gql(CREATE, { input: { name: 'Copycat', companyId } });
    expect(r.data.createTenant.tenant).toBeNull();
    expect(r.data.createTenant.userErrors).toEqual([expect.objectContaining({ code, field: 'input.companyId' })]);
  });

  it('after all of that, nothing was stored, X-Tenant-Id still means one tenant, /healthz answers', async () => {
    expect((await t.gql(COUNTS)).data).toEqual(before);
    for (const header of [alpha.id, alphaRowId, 'alpha', 'ALPHA']) {
      const r = await t.gql(`{ tenant { companyId } }`, {}, { 'x-tenant-id': header });
      expect(r.data).toEqual({ tenant: { companyId: 'alpha' } });
    }
    expect(await health()).toBe(200);
  });

  it('still accepts ordinary company identifiers, including ones starting with c', async () => {
    for (const companyId of ['contoso', 'c0mpany-2026', `c${'a'.repeat(23)}`]) {
      const r = await t.gql(CREATE, { input: { name: `Tenant ${companyId}`, companyId } });
      expect(r.data.createTenant.userErrors).toEqual([]);
      expect(r.data.createTenant.tenant.companyId).toBe(companyId);
    }
  });
});
