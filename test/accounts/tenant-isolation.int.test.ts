// Two tenants on one server do not see each other's domains, records or audit entries,
// not even by global ID.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADD_DOMAIN, AUDIT, DOMAINS, publishMx, SET_RECORD } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CREATE = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id name companyId region tier inboundHost relayHost } userErrors { code field message } } }`;

describeEachDatabase('tenants', (kind) => {
  let t: TestApp;
  let a: Record<string, string>;
  let b: Record<string, string>;
  let aDomainId: string;
  let aRecordId: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const ta = await t.gql(CREATE, { input: { name: 'Alpha 株式会社', companyId: 'alpha' } });
    const _tb = await t.gql(CREATE, { input: { name: 'Beta', companyId: 'beta', region: 'EU', tier: 'ADVANCED' } });
    a = { 'x-tenant-id': ta.data.createTenant.tenant.id };
    b = { 'x-tenant-id': 'beta' }; // a company identifier works as well as the global ID
    aRecordId = (await publishMx(t.gql, 'alpha.example', a)).id;
    aDomainId = (await t.gql(ADD_DOMAIN, { input: { name: 'alpha.example' } }, a)).data.addDomain.domain.id;
  });
  afterAll(async () => t?.close());

  it('creates tenants with their CEGP host names', async () => {
    const r = await t.gql(
      `{ tenants { totalCount edges { node { name companyId region tier isDefault inboundHost relayHost maxMessageSizeMb } } } }`,
    );
    expect(r.data.tenants.totalCount).toBe(3);
    expect(r.data.tenants.edges.map((e: any) => e.node.companyId)).toEqual(['rehearsal', 'alpha', 'beta']);
    expect(r.data.tenants.edges[2].node).toMatchObject({
      inboundHost: 'beta.in.tmes.trendmicro.eu',
      relayHost: 'beta.relay.tmes.trendmicro.eu',
      maxMessageSizeMb: 150,
    });
  });

  it('refuses a duplicate or malformed company identifier', async () => {
    const dup = await t.gql(CREATE, { input: { name: 'Alpha again', companyId: 'alpha' } });
    expect(dup.data.createTenant.userErrors).toEqual([
      expect.objectContaining({ code: 'TENANT_COMPANY_ID_TAKEN', field: 'input.companyId' }),
    ]);
    const bad = await t.gql(CREATE, { input: { name: '', companyId: 'Not Valid!' } });
    expect(bad.data.createTenant.userErrors.map((e: any) => e.code)).toEqual(['TENANT_NAME_INVALID', 'TENANT_COMPANY_ID_INVALID']);
  });

  it('keeps domains, zones and records apart', async () => {
    expect((await t.gql(DOMAINS, {}, a)).data.domains.totalCount).toBe(1);
    expect((await t.gql(DOMAINS, {}, b)).data.domains.totalCount).toBe(0);
    expect((await t.gql(DOMAINS, {})).data.domains.totalCount).toBe(0);
    expect((await t.gql(`{ domain(name: "alpha.example") { id } }`, {}, b)).data.domain).toBeNull();
    expect((await t.gql(`{ dnsZones { totalCount } }`, {}, b)).data.dnsZones.totalCount).toBe(0);
    expect((await t.gql(`{ dnsRecords(zone: "alpha.example") { totalCount } }`, {}, b)).data.dnsRecords.totalCount).toBe(0);
    expect((await t.gql(`{ dnsRecords(zone: "alpha.example") { totalCount } }`, {}, a)).data.dnsRecords.totalCount).toBe(1);
  });

  it("does not resolve another tenant's objects by global ID", async () => {
    const q = `query($d: ID!, $r: ID!) { d: node(id: $d) { id } r: node(id: $r) { id } }`;
    expect((await t.gql(q, { d: aDomainId, r: aRecordId }, a)).data).toEqual({ d: { id: aDomainId }, r: { id: aRecordId } });
    expect((await t.gql(q, { d: aDomainId, r: aRecordId }, b)).data).toEqual({ d: null, r: null });
  });

  it("does not let one tenant change another's data", async () => {
    const del = await t.gql(`mutation($id: ID!) { deleteDomain(id: $id) { deletedId userErrors { code } } }`, { id: aDomainId }, b);
    expect(del.data.deleteDomain.userErrors[0].code).toBe('DOMAIN_NOT_FOUND');
    const rec = await t.gql(`mutation($id: ID!) { deleteDnsRecord(id: $id) { deletedId userErrors { code } } }`, { id: aRecordId }, b);
    expect(rec.data.deleteDnsRecord.userErrors[0].code).toBe('DNS_RECORD_NOT_FOUND');
    const hijack = await t.gql(SET_RECORD, { input: { name: 'www.alpha.example', type: 'A', value: '192.0.2.9' } }, b);
    expect(hijack.data.setDnsRecord.userErrors[0].code).toBe('DNS_ZONE_OWNED_BY_ANOTHER_TENANT');
  });

  it('lets a mail domain belong to one tenant only', async () => {
    const r = await t.gql(ADD_DOMAIN, { input: { name: 'alpha.example' } }, b);
    expect(r.data.addDomain.userErrors[0].code).toBe('DOMAIN_ALREADY_EXISTS');
  });

  it('keeps audit logs apart', async () => {
    const la = (await t.gql(AUDIT, { first: 50 }, a)).data.auditLog;
    const lb = (await t.gql(AUDIT, { first: 50 }, b)).data.auditLog;
    expect(la.edges.map((e: any) => e.node.eventType).sort()).toEqual(['DNS_RECORD_SET', 'DOMAIN_ADDED', 'TENANT_CREATED']);
    expect(lb.edges.map((e: any) => e.node.eventType)).toEqual(['TENANT_CREATED']);
    expect(JSON.stringify(lb)).not.toContain('alpha.example');
  });

  it('answers an unknown X-Tenant-Id with a clear error in the asked language', async () => {
    const en = await t.gql(`{ tenant { id } }`, {}, { 'x-tenant-id': 'nobody' });
    expect(en.errors?.[0]).toMatchObject({ extensions: { code: 'TENANT_NOT_FOUND' } });
    expect(en.errors?.[0]?.message).toContain('nobody');
    const ja = await t.gql(`{ tenant { id } }`, {}, { 'x-tenant-id': 'nobody', 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' });
    expect(ja.errors?.[0]?.message).toContain('テナント');
  });
});
