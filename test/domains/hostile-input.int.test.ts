// Hostile domain input: characters the host parser would silently drop from a name, inbound
// servers the relay must never deliver to (link-local, metadata, multicast…), and the same
// server listed twice. Each is refused with a user error naming the field, on both
// databases; nothing is stored and /healthz answers during and after.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADD_DOMAIN, publishMx } from '../support/graphql-documents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const COUNTS = `{ domains { totalCount edges { node { name inboundServers { recipient host port preference } } } } auditLog { totalCount } }`;
const UPDATE = `mutation($input: UpdateDomainInput!) { updateDomain(input: $input) { domain { id inboundServers { host port } } userErrors { code message field } } }`;

describeEachDatabase('hostile domain input', (kind) => {
  let t: TestApp;
  let domainId: string;
  let before: unknown;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await publishMx(t.gql, 'good.example');
    await publishMx(t.gql, 'new.example');
    const ok = await t.gql(ADD_DOMAIN, { input: { name: 'good.example', inboundServers: [{ host: 'mx1.good.example' }] } });
    expect(ok.data.addDomain.userErrors).toEqual([]);
    domainId = ok.data.addDomain.domain.id;
    before = (await t.gql(COUNTS)).data;
  });
  afterAll(async () => t?.close());

  const health = async () => (await fetch(`${t.url}/healthz`)).status;

  it.each([
    ['a TAB', 'new\t.example', 'INPUT_INVALID_CHARACTERS'],
    ['a TAB inside a label', 'ne\tw.example', 'INPUT_INVALID_CHARACTERS'],
    ['a trailing line break', 'new.example\n', 'INPUT_INVALID_CHARACTERS'],
    ['a NUL', 'new\u0000.example', 'INPUT_INVALID_CHARACTERS'],
    ['a soft hyphen', 'ne\u00adw.example', 'DOMAIN_NAME_INVALID'],
    ['a zero-width space', 'ne\u200bw.example', 'DOMAIN_NAME_INVALID'],
    ['a no-break space', 'ne\u00a0w.example', 'DOMAIN_NAME_INVALID'],
    ['an ideographic space', 'new\u3000.example', 'DOMAIN_NAME_INVALID'],
    ['a byte order mark', '\ufeffnew.example', 'DOMAIN_NAME_INVALID'],
  ])('addDomain refuses a name with %s (%j → %s) instead of dropping it', async (_, name, code) => {
    const [r, during] = await Promise.all([t.gql(ADD_DOMAIN, { input: { name } }), health()]);
    expect(r.errors).toBeUndefined();
    expect(r.data.addDomain.domain).toBeNull();
    expect(r.data.addDomain.userErrors).toEqual([expect.objectContaining({ code, field: 'input.name' })]);
    expect(during).toBe(200);
  });

  it('a look-up by a name with a dropped character finds nothing', async () => {
    const r = await t.gql(`query($n: String!) { domain(name: $n) { name } }`, { n: 'go\u00adod.example' });
    expect(r.data).toEqual({ domain: null });
    const ok = await t.gql(`query($n: String!) { domain(name: $n) { name } }`, { n: ' Good.Example. ' });
    expect(ok.data).toEqual({ domain: { name: 'good.example' } });
  });

  const refusedHosts = [
    '169.254.169.254',
    '[169.254.169.254]',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    'fe80::1',
    'fe80::1%eth0',
    'fd00:ec2::254',
    '0.0.0.0',
    '::',
    '224.0.0.25',
    'ff02::1',
    '255.255.255.255',
    'metadata.google.internal',
  ];

  it.each(refusedHosts)('addDomain refuses the inbound server %s', async (host) => {
    const [r, during] = await Promise.all([
      t.gql(ADD_DOMAIN, { input: { name: 'new.example', inboundServers: [{ host: 'mx.new.example' }, { host }] } }),
      health(),
    ]);
    expect(r.data.addDomain.domain).toBeNull();
    expect(r.data.addDomain.userErrors).toEqual([
      expect.objectContaining({ code: 'INBOUND_SERVER_HOST_NOT_ALLOWED', field: 'input.inboundServers.1.host' }),
    ]);
    expect(r.data.addDomain.userErrors[0].message).toMatch(/^Inbound server 2: the relay may not deliver mail to /);
    expect(during).toBe(200);
  });

  it.each(refusedHosts)('updateDomain refuses the inbound server %s', async (host) => {
    const r = await t.gql(UPDATE, { input: { id: domainId, inboundServers: [{ host }] } }, { 'accept-language': 'ja' });
    expect(r.data.updateDomain.domain).toBeNull();
    expect(r.data.updateDomain.userErrors).toEqual([
      expect.objectContaining({ code: 'INBOUND_SERVER_HOST_NOT_ALLOWED', field: 'input.inboundServers.0.host' }),
    ]);
    expect(r.data.updateDomain.userErrors[0].message).toMatch(/^受信サーバ 1: .*配信できません/);
  });

  it.each([
    [
      'the same host twice',
      [{ host: 'mx1.good.example' }, { host: 'mx2.good.example' }, { host: 'mx1.good.example', preference: 20 }],
      'input.inboundServers.2.host',
    ],
    [
      'the same host in another case, with a trailing dot',
      [{ host: 'mx1.good.example' }, { host: 'MX1.Good.Example.' }],
      'input.inboundServers.1.host',
    ],
    ['one IPv6 address written two ways', [{ host: '2001:db8::25' }, { host: '[2001:DB8:0:0::25]' }], 'input.inboundServers.1.host'],
    ['the same port given and defaulted', [{ host: '192.0.2.25', port: 25 }, { host: '192.0.2.25' }], 'input.inboundServers.1.host'],
  ])('refuses %s, naming the repeated row', async (_, inboundServers, field) => {
    const add = await t.gql(ADD_DOMAIN, { input: { name: 'new.example', inboundServers } });
    expect(add.data.addDomain.userErrors).toEqual([expect.objectContaining({ code: 'INBOUND_SERVER_DUPLICATE', field })]);
    const upd = await t.gql(UPDATE, { input: { id: domainId, inboundServers } });
    expect(upd.data.updateDomain.userErrors).toEqual([expect.objectContaining({ code: 'INBOUND_SERVER_DUPLICATE', field })]);
  });

  it('after all of that, nothing was stored and /healthz answers', async () => {
    expect((await t.gql(COUNTS)).data).toEqual(before);
    expect(await health()).toBe(200);
  });

  it('still accepts one host on two ports, loopback and private addresses, and host names', async () => {
    const inboundServers = [
      { host: 'mx1.good.example', port: 25 },
      { host: 'mx1.good.example', port: 2525 },
      { host: '127.0.0.1', port: 2525 },
      { host: '10.0.0.25' },
      { host: '::1' },
      { recipient: 'ceo@good.example', host: 'mx1.good.example' },
    ];
    const r = await t.gql(UPDATE, { input: { id: domainId, inboundServers } });
    expect(r.data.updateDomain.userErrors).toEqual([]);
    expect(r.data.updateDomain.domain.inboundServers).toEqual([
      { host: 'mx1.good.example', port: 25 },
      { host: 'mx1.good.example', port: 2525 },
      { host: '127.0.0.1', port: 2525 },
      { host: '10.0.0.25', port: 25 },
      { host: '::1', port: 25 },
      { host: 'mx1.good.example', port: 25 },
    ]);
  });
});
