// The main flow on each database: publish MX → add → verify (fails) → publish TXT →
// verify → COMPLETED; dig-equivalent look-ups through the real DNS socket; restart keeps all.
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADD_DOMAIN, AUDIT, DOMAINS, publishMx, SET_RECORD, VERIFY_DOMAIN } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('domain verification through DNS', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const resolver = () => {
    const r = new Resolver();
    r.setServers([`127.0.0.1:${t.dnsPort}`]);
    return r;
  };

  it('refuses a domain without an MX record and says how to publish one', async () => {
    const r = await t.gql(ADD_DOMAIN, { input: { name: 'no-mx.example' } });
    expect(r.data.addDomain.domain).toBeNull();
    const [e] = r.data.addDomain.userErrors;
    expect(e.code).toBe('DOMAIN_MX_MISSING');
    expect(e.field).toBe('input.name');
    expect(e.message).toContain('setDnsRecord');
    const list = await t.gql(DOMAINS, {});
    expect(list.data.domains.totalCount).toBe(0);
  });

  it('adds, fails to verify without TXT, verifies with TXT and reaches COMPLETED', async () => {
    await publishMx(t.gql, 'rehearsal.example');
    const added = await t.gql(ADD_DOMAIN, {
      input: { name: 'Rehearsal.Example.', inboundServers: [{ host: 'mail.rehearsal.example', port: 25, preference: 10 }] },
    });
    expect(added.data.addDomain.userErrors).toEqual([]);
    const domain = added.data.addDomain.domain;
    expect(domain.name).toBe('rehearsal.example');
    expect(domain.status).toBe('CONFIGURATION_REQUIRED');
    expect(domain.verificationRecord.type).toBe('TXT');
    expect(domain.verificationRecord.value).toMatch(/^tmes=[a-z2-7]{32}$/);
    expect(domain.alternativeMxRecord).toEqual({ value: 'rehearsal.in.tmems-jp.trendmicro.com', priority: 32767 });

    const first = await t.gql(VERIFY_DOMAIN, { id: domain.id });
    expect(first.data.verifyDomain.verified).toBe(false);
    expect(first.data.verifyDomain.domain.status).toBe('CONFIGURATION_REQUIRED');
    expect(first.data.verifyDomain.checks.map((c: any) => [c.method, c.result])).toEqual([
      ['TXT', 'NOT_FOUND'],
      ['MX', 'MISMATCH'],
    ]);
    expect(first.data.verifyDomain.checks[1].answer).toEqual(['10 mail.rehearsal.example']);

    const txt = await t.gql(SET_RECORD, { input: { name: 'rehearsal.example', type: 'TXT', value: domain.verificationRecord.value } });
    expect(txt.data.setDnsRecord.userErrors).toEqual([]);
    // What dig shows, through the real socket.
    expect(await resolver().resolveTxt('rehearsal.example')).toEqual([[domain.verificationRecord.value]]);

    const second = await t.gql(VERIFY_DOMAIN, { id: domain.id });
    expect(second.data.verifyDomain.verified).toBe(true);
    expect(second.data.verifyDomain.domain.status).toBe('COMPLETED');
    expect(second.data.verifyDomain.domain.verifiedBy).toBe('TXT');
    const history = second.data.verifyDomain.domain.verificationChecks;
    expect(history.totalCount).toBe(3);
    expect(history.edges[0].node).toMatchObject({ method: 'TXT', result: 'VERIFIED', expected: domain.verificationRecord.value });
    expect(history.edges[0].node.question).toBe(`rehearsal.example TXT via 127.0.0.1:${t.dnsPort}`);
  });

  it('verifies through the alternative MX record when no TXT can be published', async () => {
    await publishMx(t.gql, 'mx-only.example');
    const added = await t.gql(ADD_DOMAIN, { input: { name: 'mx-only.example' } });
    const d = added.data.addDomain.domain;
    await t.gql(SET_RECORD, {
      input: { name: 'mx-only.example', type: 'MX', priority: d.alternativeMxRecord.priority, value: d.alternativeMxRecord.value },
    });
    const r = await t.gql(VERIFY_DOMAIN, { id: d.id });
    expect(r.data.verifyDomain.domain).toMatchObject({ status: 'COMPLETED', verifiedBy: 'MX' });
    // The old MX still wins for mail: the CEGP host sits behind it.
    const mx = (await resolver().resolveMx('mx-only.example')).sort((a, b) => a.priority - b.priority);
    expect(mx).toEqual([
      { exchange: 'mail.mx-only.example', priority: 10 },
      { exchange: 'rehearsal.in.tmems-jp.trendmicro.com', priority: 32767 },
    ]);
  });

  it('reports another tmes= token as a mismatch', async () => {
    await publishMx(t.gql, 'wrong-token.example');
    const d = (await t.gql(ADD_DOMAIN, { input: { name: 'wrong-token.example' } })).data.addDomain.domain;
    await t.gql(SET_RECORD, { input: { name: 'wrong-token.example', type: 'TXT', value: 'tmes=somebodyelse' } });
    const r = await t.gql(VERIFY_DOMAIN, { id: d.id });
    expect(r.data.verifyDomain.checks[0]).toMatchObject({ method: 'TXT', result: 'MISMATCH', answer: ['tmes=somebodyelse'] });
    expect(r.data.verifyDomain.domain.status).toBe('CONFIGURATION_REQUIRED');
  });

  it('pages domains as a Relay connection with totalCount and filters by status', async () => {
    const page1 = await t.gql(DOMAINS, { first: 2 });
    expect(page1.data.domains.totalCount).toBe(3);
    expect(page1.data.domains.edges.map((e: any) => e.node.name)).toEqual(['mx-only.example', 'rehearsal.example']);
    expect(page1.data.domains.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gql(DOMAINS, { first: 2, after: page1.data.domains.pageInfo.endCursor });
    expect(page2.data.domains.edges.map((e: any) => e.node.name)).toEqual(['wrong-token.example']);
    const completed = await t.gql(DOMAINS, { filter: { status: 'COMPLETED' } });
    expect(completed.data.domains.edges.map((e: any) => e.node.name)).toEqual(['mx-only.example', 'rehearsal.example']);
    const tooMany = await t.gql(DOMAINS, { first: 101 });
    expect(tooMany.errors?.[0]?.message).toMatch(/100/);
  });

  it('writes an audit entry for every change, newest first', async () => {
    const r = await t.gql(AUDIT, { first: 100 });
    const types = r.data.auditLog.edges.map((e: any) => e.node.eventType);
    expect(types).toContain('DOMAIN_ADDED');
    expect(types).toContain('DNS_RECORD_SET');
    expect(types).toContain('DOMAIN_STATUS_CHANGED');
    const status = r.data.auditLog.edges.find(
      (e: any) => e.node.eventType === 'DOMAIN_STATUS_CHANGED' && e.node.targetName === 'rehearsal.example',
    ).node;
    expect(status.actor).toBe('local-admin');
    expect(status.changes).toEqual([{ field: 'status', newValue: 'COMPLETED', previousValue: 'CONFIGURATION_REQUIRED' }]);
  });

  it('keeps everything across a restart', async () => {
    await t.stop();
    await t.restart();
    const r = await t.gql(`{ domain(name: "rehearsal.example") { status verificationChecks(first: 1) { totalCount } } }`);
    expect(r.data.domain).toEqual({ status: 'COMPLETED', verificationChecks: { totalCount: 3 } });
    const txt = await resolver().resolveTxt('rehearsal.example');
    expect(txt[0]![0]).toMatch(/^tmes=/);
  });
});
