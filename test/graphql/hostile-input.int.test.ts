// Hostile text in string arguments: a NUL byte (which PostgreSQL text cannot hold), other
// control characters and lone surrogates, in any argument of any field, from variables or
// inline literals. Each is refused with INPUT_INVALID_CHARACTERS on both databases, nothing
// is stored, and /healthz answers during and after.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureMembers } from '../support/export-fixtures.js';
import { SET_RECORD } from '../support/graphql-documents.js';
import { upload } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { zipMembers } from '../support/zip.js';

const NUL = '\u0000';

const COUNTS = `{
  tenants { totalCount }
  stamps { totalCount }
  keywordLists { totalCount }
  policyNotifications { totalCount }
  addressGroups { totalCount }
  listEntries(list: BLOCKED_IP) { totalCount }
  auditLog { totalCount }
  dnsZones { totalCount edges { node { name records { totalCount } } } }
}`;

const CREATE_TENANT = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } userErrors { code message field } } }`;
const ADD_STAMP = `mutation($input: StampInput!) { addStamp(input: $input) { stamp { id } userErrors { code message field } } }`;
const ADD_KEYWORDS = `mutation($input: KeywordListInput!) { addKeywordList(input: $input) { keywordList { id } userErrors { code message field } } }`;
const ADD_ENTRIES = `mutation($values: [String!]!, $description: String) { addListEntries(list: BLOCKED_IP, values: $values, description: $description) { added userErrors { code message field } } }`;
const ADD_NOTIFICATION = `mutation($input: PolicyNotificationInput!) { addPolicyNotification(input: $input) { policyNotification { id } userErrors { code message field } } }`;
const RULES = `query($f: PolicyRuleFilter) { policyRules(direction: INBOUND, type: CONTENT_FILTERING, filter: $f) { totalCount } }`;
const RECORDS = `query($zone: String!) { dnsRecords(zone: $zone) { totalCount } }`;

describeEachDatabase('hostile text in GraphQL arguments', (kind) => {
  let t: TestApp;
  let before: unknown;
  beforeAll(async () => {
    t = await startTestApp(kind);
    // A zone with a record, so that nested connection arguments have something to run on.
    const r = await t.gql(SET_RECORD, { input: { name: 'hostile.example', type: 'TXT', value: 'v=spf1 -all' } });
    expect(r.data.setDnsRecord.userErrors).toEqual([]);
    before = (await t.gql(COUNTS)).data;
  });
  afterAll(async () => t?.close());

  const health = async () => (await fetch(`${t.url}/healthz`)).status;

  const mutations: { label: string; doc: string; vars: Record<string, unknown>; root: string; field: string }[] = [
    {
      label: 'createTenant name',
      doc: CREATE_TENANT,
      vars: { input: { name: `Evil${NUL}Corp` } },
      root: 'createTenant',
      field: 'input.name',
    },
    {
      label: 'createTenant companyId',
      doc: CREATE_TENANT,
      vars: { input: { name: 'Evil', companyId: `evil${NUL}` } },
      root: 'createTenant',
      field: 'input.companyId',
    },
    {
      label: 'stamp text',
      doc: ADD_STAMP,
      vars: { input: { name: 'Footer', text: `line 1${NUL}line 2` } },
      root: 'addStamp',
      field: 'input.text',
    },
    { label: 'stamp name', doc: ADD_STAMP, vars: { input: { name: `Foo${NUL}`, text: 'x' } }, root: 'addStamp', field: 'input.name' },
    {
      label: 'keyword list expression',
      doc: ADD_KEYWORDS,
      vars: { input: { name: 'Secret', match: 'ANY', expressions: [{ expression: 'ok' }, { expression: `se${NUL}cret` }] } },
      root: 'addKeywordList',
      field: 'input.expressions.1.expression',
    },
    {
      label: 'list entry',
      doc: ADD_ENTRIES,
      vars: { values: ['198.51.100.7', `198.51.100.8${NUL}`] },
      root: 'addListEntries',
      field: 'values.1',
    },
    {
      label: 'list entry description',
      doc: ADD_ENTRIES,
      vars: { values: ['198.51.100.7'], description: `a${NUL}` },
      root: 'addListEntries',
      field: 'description',
    },
    {
      label: 'notification body',
      doc: ADD_NOTIFICATION,
      vars: {
        input: { name: 'N', subject: 'S', fromAddress: 'a@hostile.example', toAddresses: ['b@hostile.example'], body: `Hello${NUL}` },
      },
      root: 'addPolicyNotification',
      field: 'input.body',
    },
    { label: 'a lone surrogate', doc: ADD_STAMP, vars: { input: { name: 'Foo\uD800', text: 'x' } }, root: 'addStamp', field: 'input.name' },
    { label: 'DEL', doc: ADD_STAMP, vars: { input: { name: 'Foo\u007F', text: 'x' } }, root: 'addStamp', field: 'input.name' },
    { label: 'U+FFFF', doc: ADD_STAMP, vars: { input: { name: 'Foo\uFFFF', text: 'x' } }, root: 'addStamp', field: 'input.name' },
    {
      label: 'a TAB in a one-line name',
      doc: ADD_STAMP,
      vars: { input: { name: 'Foo\tBar', text: 'x' } },
      root: 'addStamp',
      field: 'input.name',
    },
    {
      label: 'a line break in a one-line name',
      doc: ADD_STAMP,
      vars: { input: { name: 'Foo\nBar', text: 'x' } },
      root: 'addStamp',
      field: 'input.name',
    },
    {
      label: 'an escape in multi-line text',
      doc: ADD_STAMP,
      vars: { input: { name: 'Foo', text: 'a\u001b[31mred' } },
      root: 'addStamp',
      field: 'input.text',
    },
    {
      label: 'a NUL in a setDnsRecord value',
      doc: SET_RECORD,
      vars: { input: { name: 'hostile.example', type: 'TXT', value: `a${NUL}b` } },
      root: 'setDnsRecord',
      field: 'input.value',
    },
  ];

  it.each(mutations)('a mutation refuses $label with INPUT_INVALID_CHARACTERS in its payload', async ({ doc, vars, root, field }) => {
    const [r, during] = await Promise.all([t.gql(doc, vars), health()]);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data[root].userErrors).toEqual([expect.objectContaining({ code: 'INPUT_INVALID_CHARACTERS', field })]);
    expect(r.data[root].userErrors[0].message).toContain(field);
    expect(during).toBe(200);
  });

  it('names the field in Japanese too', async () => {
    const r = await t.gql(CREATE_TENANT, { input: { name: `Evil${NUL}` } }, { 'accept-language': 'ja' });
    expect(r.data.createTenant.userErrors[0]).toMatchObject({ code: 'INPUT_INVALID_CHARACTERS', field: 'input.name' });
    expect(r.data.createTenant.userErrors[0].message).toMatch(/input\.name に使用できない文字 \(U\+0000、5 文字目\)/);
  });

  it('refuses a NUL written inline in the document, not only in variables', async () => {
    const r = await t.gql(`mutation { addStamp(input: { name: "Foo\\u0000", text: "x" }) { stamp { id } userErrors { code field } } }`);
    expect(r.data.addStamp).toEqual({ stamp: null, userErrors: [{ code: 'INPUT_INVALID_CHARACTERS', field: 'input.name' }] });
  });

  it.each([
    { label: 'a rule filter', doc: RULES, vars: { f: { name: `x${NUL}` } }, field: 'filter.name' },
    { label: 'a rule sender filter', doc: RULES, vars: { f: { sender: `a${NUL}@b.example` } }, field: 'filter.sender' },
    { label: 'dnsRecords(zone:)', doc: RECORDS, vars: { zone: `hostile${NUL}.example` }, field: 'zone' },
    { label: 'domain(name:)', doc: `query($n: String!) { domain(name: $n) { id } }`, vars: { n: `a${NUL}.example` }, field: 'name' },
    {
      label: 'a domains filter',
      doc: `query($f: DomainFilter) { domains(filter: $f) { totalCount } }`,
      vars: { f: { nameContains: NUL } },
      field: 'filter.nameContains',
    },
    { label: 'a cursor', doc: `query($a: String) { tenants(after: $a) { totalCount } }`, vars: { a: NUL }, field: 'after' },
    { label: 'node(id:)', doc: `query($id: ID!) { node(id: $id) { id } }`, vars: { id: `U3RhbXA6${NUL}` }, field: 'id' },
    {
      label: 'a nested connection argument',
      doc: `query($a: String) { dnsZones { edges { node { name records(after: $a) { totalCount } } } } }`,
      vars: { a: `x${NUL}` },
      field: 'dnsZones.edges.node.records.after',
    },
  ])('a query refuses $label with a GraphQL error coded INPUT_INVALID_CHARACTERS', async ({ doc, vars, field }) => {
    const [r, during] = await Promise.all([t.gql(doc, vars), health()]);
    expect([200, 400]).toContain(r.status);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['INPUT_INVALID_CHARACTERS']);
    expect(r.errors?.[0]?.extensions?.field).toBe(field);
    expect(r.errors?.[0]?.message).toContain(field);
    expect(JSON.stringify(r)).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error/);
    expect(during).toBe(200);
  });

  it("an enum argument (the audit filter's targetType) refuses hostile text as no value of the enum", async () => {
    const r = await t.gql(`query($f: AuditFilter) { auditLog(filter: $f) { totalCount } }`, { f: { targetType: `POLICY_RULE${NUL}` } });
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.message).toMatch(/AuditTargetType/);
    expect(JSON.stringify(r)).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error/);
  });

  it('a subscription refuses a bad argument and ends the stream', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription($r: ID) { migrationProgress(runId: $r) { percent } }`, variables: { r: `x${NUL}` } }),
    });
    // Without the check the stream would stay open waiting for progress events.
    const text = await res.text();
    expect(text).toContain('INPUT_INVALID_CHARACTERS');
    expect(text).toContain('runId');
  });

  it('a keyword test (a query with userErrors) answers in its payload', async () => {
    const r = await t.gql(`query($i: KeywordTestInput!) { testKeywords(input: $i) { matched userErrors { code field } } }`, {
      i: { text: 'plain', expressions: [{ expression: `a${NUL}` }] },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.testKeywords).toEqual({
      matched: null,
      userErrors: [{ code: 'INPUT_INVALID_CHARACTERS', field: 'input.expressions.0.expression' }],
    });
  });

  it('reports every bad entry of a list, up to a bound', async () => {
    const r = await t.gql(ADD_ENTRIES, { values: Array.from({ length: 500 }, (_, i) => `198.51.100.${i % 250}${NUL}`) });
    const errors = r.data.addListEntries.userErrors;
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.length).toBeLessThan(500);
    expect(errors.slice(0, 2).map((e: any) => e.field)).toEqual(['values.0', 'values.1']);
  });

  it('after all of that, nothing was stored and /healthz answers', async () => {
    expect((await t.gql(COUNTS)).data).toEqual(before);
    expect(await health()).toBe(200);
  });

  it('multi-line text keeps TAB, LF and CR; clean input still works', async () => {
    const text = 'Confidential\r\n\tdo not forward\nthanks';
    const r = await t.gql(ADD_STAMP, { input: { name: 'Footer 機密', text } });
    expect(r.data.addStamp.userErrors).toEqual([]);
    const stored = await t.gql(`{ stamps { edges { node { name text } } } }`);
    expect(stored.data.stamps.edges.map((e: any) => e.node)).toContainEqual({ name: 'Footer 機密', text });
    const test = await t.gql(`query($i: KeywordTestInput!) { testKeywords(input: $i) { matched userErrors { code } } }`, {
      i: { text: 'line one\n\tsecret here', expressions: [{ expression: 'secret' }] },
    });
    expect(test.data.testKeywords).toEqual({ matched: true, userErrors: [] });
  });
});

// The importer reaches the use-cases without GraphQL: a NUL in an export must be refused by
// the bundle reader (XML 1.0 §2.2 for the XML members; the same rule for imss.ini).
describeEachDatabase('hostile text in an uploaded export', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const withNul = (member: string, edit: (latin1: string) => string) => {
    const members = fixtureMembers('imsva-ja-basic');
    // latin1 keeps every byte as it is, so Shift_JIS members survive the edit.
    members[member] = new Uint8Array(Buffer.from(edit(Buffer.from(members[member]!).toString('latin1')), 'latin1'));
    return zipMembers(members);
  };

  it.each([
    [
      'a NUL in imss.ini',
      withNul('imss.ini', (s) => `${s}\n[evil\u0000section]\nkey=va\u0000lue\n`),
      'BUNDLE_INVALID',
      /imss\.ini line \d+: character U\+0000/,
    ],
    [
      '&#0; in an XML member',
      withNul('policy/objects.xml', (s) => s.replace('<text>', '<text>&#0;')),
      'BUNDLE_XML_MALFORMED',
      /objects\.xml/,
    ],
  ])('%s is refused with a user error, not an internal error', async (_, bytes, code, message) => {
    // A refused upload is kept as a FAILED run with its audit entry; nothing else is written.
    const OBJECTS = `{ stamps { totalCount } keywordLists { totalCount } addressGroups { totalCount } policyNotifications { totalCount } listEntries(list: BLOCKED_IP) { totalCount } }`;
    const before = (await t.gql(OBJECTS)).data;
    const [r, during] = await Promise.all([upload(t, bytes), fetch(`${t.url}/healthz`)]);
    expect(r.errors).toBeUndefined();
    expect(r.payload.run.state).toBe('FAILED');
    expect(r.payload.userErrors).toEqual([expect.objectContaining({ code, field: 'file' })]);
    expect(r.payload.userErrors[0].message).toMatch(message);
    expect(during.status).toBe(200);
    expect((await t.gql(OBJECTS)).data).toEqual(before);
  });
});
