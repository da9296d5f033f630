// Every bad input of the issue gets a user error with a stable code, and nothing is stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADD_DOMAIN, publishMx, SET_RECORD } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const COUNTS = `{ domains { totalCount } auditLog { totalCount } dnsZones { totalCount edges { node { name records { totalCount } } } } }`;

describeEachDatabase('bad input is refused, nothing stored', (kind) => {
  let t: TestApp;
  let before: unknown;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await publishMx(t.gql, 'good.example');
    await publishMx(t.gql, 'example.co.jp');
    const ok = await t.gql(ADD_DOMAIN, { input: { name: 'good.example' } });
    expect(ok.data.addDomain.userErrors).toEqual([]);
    before = (await t.gql(COUNTS)).data;
  });
  afterAll(async () => t?.close());

  const server = (s: Record<string, unknown>) => ({ name: 'example.co.jp', inboundServers: [{ host: 'mail.example.co.jp', ...s }] });

  it.each(
    [
      ['an empty name', { name: '  ' }, 'DOMAIN_NAME_EMPTY', 'input.name'],
      ['a name with a space', { name: 'exa mple.com' }, 'DOMAIN_NAME_INVALID', 'input.name'],
      ['a name with an underscore', { name: 'ex_ample.com' }, 'DOMAIN_NAME_INVALID', 'input.name'],
      ['a label over 63 characters', { name: `${'a'.repeat(64)}.com` }, 'DOMAIN_NAME_LABEL_TOO_LONG', 'input.name'],
      ['a name over 253 characters', { name: `${'abcdefghi.'.repeat(26)}com` }, 'DOMAIN_NAME_TOO_LONG', 'input.name'],
      ['a single label', { name: 'localhost' }, 'DOMAIN_NAME_NOT_FQDN', 'input.name'],
      ['an IP address', { name: '192.0.2.1' }, 'DOMAIN_NAME_NOT_FQDN', 'input.name'],
      ['a duplicate (other case, trailing dot)', { name: 'GOOD.example.' }, 'DOMAIN_ALREADY_EXISTS', 'input.name'],
      [
        'a bare domain as inbound host',
        server({ host: 'example.co.jp' }),
        'INBOUND_SERVER_HOST_BARE_DOMAIN',
        'input.inboundServers.0.host',
      ],
      [
        'a bare .com domain as inbound host',
        server({ host: 'example.com' }),
        'INBOUND_SERVER_HOST_BARE_DOMAIN',
        'input.inboundServers.0.host',
      ],
      ['an invalid inbound host', server({ host: 'mail host' }), 'INBOUND_SERVER_HOST_INVALID', 'input.inboundServers.0.host'],
      ['port 0', server({ port: 0 }), 'INBOUND_SERVER_PORT_INVALID', 'input.inboundServers.0.port'],
      ['port 65536', server({ port: 65536 }), 'INBOUND_SERVER_PORT_INVALID', 'input.inboundServers.0.port'],
      ['preference 101', server({ preference: 101 }), 'INBOUND_SERVER_PREFERENCE_INVALID', 'input.inboundServers.0.preference'],
      [
        'a recipient of another domain',
        server({ recipient: 'user@other.example' }),
        'INBOUND_SERVER_RECIPIENT_INVALID',
        'input.inboundServers.0.recipient',
      ],
      [
        '101 inbound servers',
        { name: 'example.co.jp', inboundServers: Array.from({ length: 101 }, (_, i) => ({ host: `mx${i}.example.co.jp` })) },
        'INBOUND_SERVERS_TOO_MANY',
        'input.inboundServers',
      ],
      [
        'user-defined outbound without hosts',
        { name: 'example.co.jp', outboundServers: { type: 'USER_DEFINED', hosts: [] } },
        'OUTBOUND_SERVERS_REQUIRED',
        'input.outboundServers.hosts',
      ],
      [
        'hosts with Microsoft 365',
        { name: 'example.co.jp', outboundServers: { type: 'MICROSOFT_365', hosts: ['192.0.2.1'] } },
        'OUTBOUND_SERVERS_NOT_ALLOWED',
        'input.outboundServers.hosts',
      ],
    ].map(([label, input, code, field]) => ({ label, input, code, field })),
  )('addDomain with $label → $code', async ({ input, code, field }) => {
    const r = await t.gql(ADD_DOMAIN, { input });
    expect(r.errors).toBeUndefined();
    expect(r.data.addDomain.domain).toBeNull();
    expect(r.data.addDomain.userErrors).toContainEqual(expect.objectContaining({ code, field }));
    expect(r.data.addDomain.userErrors[0].message.length).toBeGreaterThan(10);
  });

  it('reports every bad server row at once', async () => {
    const r = await t.gql(ADD_DOMAIN, {
      input: {
        name: 'example.co.jp',
        inboundServers: [{ host: 'example.co.jp' }, { host: 'mail.example.co.jp', port: 70000, preference: 0 }],
      },
    });
    expect(r.data.addDomain.userErrors.map((e: any) => e.field)).toEqual([
      'input.inboundServers.0.host',
      'input.inboundServers.1.port',
      'input.inboundServers.1.preference',
    ]);
  });

  it.each(
    [
      ['an A record with a host name', { name: 'www.good.example', type: 'A', value: 'not-an-ip' }, 'DNS_RECORD_VALUE_INVALID_A'],
      ['an AAAA record with IPv4', { name: 'www.good.example', type: 'AAAA', value: '192.0.2.1' }, 'DNS_RECORD_VALUE_INVALID_AAAA'],
      ['an MX without priority', { name: 'good.example', type: 'MX', value: 'mx.good.example' }, 'DNS_RECORD_PRIORITY_INVALID'],
      [
        'an MX with priority 70000',
        { name: 'good.example', type: 'MX', priority: 70000, value: 'mx.good.example' },
        'DNS_RECORD_PRIORITY_INVALID',
      ],
      [
        'an MX pointing at an address',
        { name: 'good.example', type: 'MX', priority: 10, value: '192.0.2.1' },
        'DNS_RECORD_VALUE_INVALID_HOST',
      ],
      ['a priority on a TXT', { name: 'good.example', type: 'TXT', priority: 1, value: 'x' }, 'DNS_RECORD_PRIORITY_NOT_ALLOWED'],
      ['an empty TXT', { name: 'good.example', type: 'TXT', value: '' }, 'DNS_RECORD_VALUE_INVALID_TXT'],
      ['a TXT over 4000 bytes', { name: 'good.example', type: 'TXT', value: 'x'.repeat(4001) }, 'DNS_RECORD_VALUE_INVALID_TXT'],
      // Refused by the GraphQL layer for every string argument (src/graphql/input-text-plugin.ts).
      ['a TXT with a control character', { name: 'good.example', type: 'TXT', value: 'a\u0000b' }, 'INPUT_INVALID_CHARACTERS'],
      ['a negative TTL', { name: 'good.example', type: 'TXT', value: 'x', ttlSeconds: -1 }, 'DNS_RECORD_TTL_INVALID'],
      ['a bad owner name', { name: 'bad..name', type: 'A', value: '192.0.2.1' }, 'DNS_RECORD_NAME_INVALID'],
      [
        'a name outside the given zone',
        { zone: 'good.example', name: 'other.example', type: 'A', value: '192.0.2.1' },
        'DNS_RECORD_OUTSIDE_ZONE',
      ],
      ['a CNAME beside an MX', { name: 'good.example', type: 'CNAME', value: 'elsewhere.example' }, 'DNS_CNAME_CONFLICT'],
      ['a record in a CEGP regional zone', { name: 'x.in.tmems-jp.trendmicro.com', type: 'A', value: '192.0.2.1' }, 'DNS_ZONE_RESERVED'],
      ['an unknown record id', { id: 'RG5zUmVjb3JkOm5vcGU=', name: 'good.example', type: 'A', value: '192.0.2.1' }, 'DNS_RECORD_NOT_FOUND'],
      [
        'a domain id instead of a record id',
        { id: 'RG9tYWluOnh5eg==', name: 'good.example', type: 'A', value: '192.0.2.1' },
        'INPUT_INVALID_ID',
      ],
    ].map(([label, input, code]) => ({ label, input, code })),
  )('setDnsRecord with $label → $code', async ({ input, code }) => {
    const r = await t.gql(SET_RECORD, { input });
    expect(r.errors).toBeUndefined();
    expect(r.data.setDnsRecord.record).toBeNull();
    expect(r.data.setDnsRecord.userErrors.map((e: any) => e.code)).toContain(code);
  });

  it('answers an unknown or foreign id of delete/verify/update with a user error', async () => {
    const r = await t.gql(
      `mutation { a: deleteDomain(id: "nonsense") { deletedId userErrors { code } } b: verifyDomain(id: "RG9tYWluOm5vcGU=") { domain { id } userErrors { code } }
        c: deleteDnsRecord(id: "RG5zUmVjb3JkOm5vcGU=") { deletedId userErrors { code } } d: updateDomain(input: { id: "RG9tYWluOm5vcGU=" }) { domain { id } userErrors { code } } }`,
    );
    expect(r.data.a.userErrors[0].code).toBe('INPUT_INVALID_ID');
    expect(r.data.b.userErrors[0].code).toBe('DOMAIN_NOT_FOUND');
    expect(r.data.c.userErrors[0].code).toBe('DNS_RECORD_NOT_FOUND');
    expect(r.data.d.userErrors[0].code).toBe('DOMAIN_NOT_FOUND');
  });

  it('an update with one bad row changes nothing', async () => {
    const list = await t.gql(`{ domain(name: "good.example") { id inboundServers { host } } }`);
    const id = list.data.domain.id;
    const r = await t.gql(
      `mutation($input: UpdateDomainInput!) { updateDomain(input: $input) { domain { id } userErrors { code field } } }`,
      {
        input: { id, inboundServers: [{ host: 'mx1.good.example' }, { host: 'good.example' }], outboundProtection: true },
      },
    );
    expect(r.data.updateDomain.userErrors).toEqual([{ code: 'INBOUND_SERVER_HOST_BARE_DOMAIN', field: 'input.inboundServers.1.host' }]);
    const after = await t.gql(`{ domain(name: "good.example") { inboundServers { host } outboundProtection } }`);
    // Added without inbound servers, the domain keeps its default one: the capture mailbox.
    expect(after.data.domain).toEqual({ inboundServers: [{ host: 'capture' }], outboundProtection: false });
  });

  it('a malformed GraphQL input is a GraphQL request error (400), not a crash', async () => {
    const r = await t.gql(ADD_DOMAIN, { input: { name: 'x.example', inboundServers: [{ host: 'mail.x.example', port: 'twenty-five' }] } });
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.message).toMatch(/port/);
    expect(JSON.stringify(r.errors)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('after all of that, nothing was stored', async () => {
    expect((await t.gql(COUNTS)).data).toEqual(before);
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
