// Unverified domains are re-checked in the background (VERIFY_INTERVAL_SECONDS) and the
// change reaches a subscriber over Server-Sent Events; updates replace server lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_DOMAIN, AUDIT, publishMx, SET_RECORD } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

async function* sseEvents(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const data = block.split('\n').find((l) => l.startsWith('data:'));
      if (data && block.includes('event: next')) yield JSON.parse(data.slice(5));
    }
  }
}

describe('status changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { VERIFY_INTERVAL_SECONDS: '1' });
  });
  afterAll(async () => t?.close());

  it('verifies in the background and tells subscribers', async () => {
    const abort = new AbortController();
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: 'subscription { domainStatusChanged { domainName previousStatus status domain { status verifiedBy } } }',
      }),
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseEvents(res);

    await publishMx(t.gql, 'background.example');
    const d = (await t.gql(ADD_DOMAIN, { input: { name: 'background.example' } })).data.addDomain.domain;
    await t.gql(SET_RECORD, { input: { name: 'background.example', type: 'TXT', value: d.verificationRecord.value } });

    const first = await events.next();
    abort.abort();
    expect(first.value.data.domainStatusChanged).toEqual({
      domainName: 'background.example',
      previousStatus: 'CONFIGURATION_REQUIRED',
      status: 'COMPLETED',
      domain: { status: 'COMPLETED', verifiedBy: 'TXT' },
    });
    const audit = await t.gql(AUDIT, { first: 5 });
    const entry = audit.data.auditLog.edges.find((e: any) => e.node.eventType === 'DOMAIN_STATUS_CHANGED').node;
    expect(entry.actor).toBe('system');
    const checks = await t.gql(`{ domain(name: "background.example") { verificationChecks(first: 1) { edges { node { result } } } } }`);
    expect(checks.data.domain.verificationChecks.edges[0].node.result).toBe('VERIFIED');
  });

  it('updates server lists and audits field by field', async () => {
    const d = (await t.gql(`{ domain(name: "background.example") { id } }`)).data.domain;
    const r = await t.gql(
      `mutation($input: UpdateDomainInput!) { updateDomain(input: $input) { domain { inboundServers { recipient host port preference } outboundServers { type hosts } outboundProtection configurationIssues { code } } userErrors { code } } }`,
      {
        input: {
          id: d.id,
          inboundServers: [
            { host: 'mx1.background.example', preference: 10 },
            { recipient: 'ceo@background.example', host: '192.0.2.5', port: 2525, preference: 5 },
          ],
          outboundServers: { type: 'USER_DEFINED', hosts: ['192.0.2.0/24', 'MTA.background.example'] },
          outboundProtection: true,
        },
      },
    );
    expect(r.data.updateDomain).toEqual({
      domain: {
        inboundServers: [
          { recipient: '*', host: 'mx1.background.example', port: 25, preference: 10 },
          { recipient: 'ceo@background.example', host: '192.0.2.5', port: 2525, preference: 5 },
        ],
        outboundServers: { type: 'USER_DEFINED', hosts: ['192.0.2.0/24', 'mta.background.example'] },
        outboundProtection: true,
        configurationIssues: [],
      },
      userErrors: [],
    });
    const audit = await t.gql(AUDIT, { first: 1 });
    const entry = audit.data.auditLog.edges[0].node;
    expect(entry.eventType).toBe('DOMAIN_UPDATED');
    expect(entry.changes.map((c: any) => c.field).sort()).toEqual(['inboundServers', 'outboundProtection', 'outboundServers']);
    expect(entry.changes.find((c: any) => c.field === 'outboundProtection')).toEqual({
      field: 'outboundProtection',
      newValue: 'true',
      previousValue: 'false',
    });
  });

  it('audits a save that changes nothing, with no changed field', async () => {
    const d = (await t.gql(`{ domain(name: "background.example") { id } }`)).data.domain;
    const r = await t.gql(`mutation($input: UpdateDomainInput!) { updateDomain(input: $input) { userErrors { code } } }`, {
      input: { id: d.id, outboundProtection: true },
    });
    expect(r.data.updateDomain.userErrors).toEqual([]);
    const entry = (await t.gql(AUDIT, { first: 1 })).data.auditLog.edges[0].node;
    expect(entry).toMatchObject({ eventType: 'DOMAIN_UPDATED', targetName: 'background.example', changes: [] });
  });

  it('accepts an internationalised domain name and stores it as punycode', async () => {
    await publishMx(t.gql, 'xn--r8jz45g.jp');
    const r = await t.gql(ADD_DOMAIN, { input: { name: '例え.JP' } });
    expect(r.data.addDomain.domain).toMatchObject({ name: 'xn--r8jz45g.jp', unicodeName: '例え.jp' });
    expect((await t.gql(`{ domain(name: "例え.jp") { name } }`)).data.domain.name).toBe('xn--r8jz45g.jp');
  });

  it('deletes a domain with its history', async () => {
    const d = (await t.gql(`{ domain(name: "background.example") { id } }`)).data.domain;
    const r = await t.gql(`mutation($id: ID!) { deleteDomain(id: $id) { deletedId userErrors { code } } }`, { id: d.id });
    expect(r.data.deleteDomain).toEqual({ deletedId: d.id, userErrors: [] });
    expect((await t.gql(`{ domain(name: "background.example") { id } }`)).data.domain).toBeNull();
    // Only this domain's checks: the scheduler keeps checking the other, unverified domains meanwhile.
    const rawId = Buffer.from(d.id, 'base64').toString('utf8').split(':')[1]!;
    expect(await t.app.database.client.verificationCheck.count({ where: { domainId: rawId } })).toBe(0);
  });
});
