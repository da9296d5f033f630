// What a policy list page costs and lists, on both paths: from the database (a second
// instance on the same database with POLICY_SNAPSHOT_MAX_RULES=0) a page of 100 rules with
// every nested object (address groups, keyword lists, DLP templates, stamps, notifications)
// costs the queries a page of 10 costs; from the tenant's policy snapshot it costs the one
// tenant lookup. On both, every filter and sort lists, page after page, the rules the
// reference lists (filterRules + sortRules over every row of the list), and a write made
// anywhere shows in the next page.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { observeQueries } from '../../src/db/client.js';
import { loadRouteDirectory } from '../../src/policies/load-route-directory.js';
import { EMPTY_DIRECTORY } from '../../src/policies/route-match.js';
import { filterRules, sortRules, type RuleFilter, type RuleSortField } from '../../src/policies/rule-list.js';
import { describeEachDatabase } from '../support/databases.js';
import { verifiedDomain } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const RULES = 130;
const PAGE = 40;
/** Bound on pages read through one list: the list has ~140 rules, so this is only a runaway guard. */
const MAX_PAGES = 20;

const LIST = /* GraphQL */ `
  query List($d: PolicyDirection!, $t: PolicyType!, $f: PolicyRuleFilter, $s: PolicyRuleSort, $first: Int, $after: String, $last: Int, $before: String) {
    policyRules(direction: $d, type: $t, filter: $f, sort: $s, first: $first, after: $after, last: $last, before: $before) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name } }
    }
  }`;

const NESTED = /* GraphQL */ `
  query Nested($f: PolicyRuleFilter, $s: PolicyRuleSort, $first: Int) {
    policyRules(direction: INBOUND, type: CONTENT_FILTERING, filter: $f, sort: $s, first: $first) {
      totalCount
      edges { node { id name order enabled level migrationStatus
        recipients { kind addresses addressGroups { id name } }
        senders { kind addresses addressGroups { id name } }
        exceptions { sender { addressGroups { id name } } recipient { addressGroups { name } } }
        criteria { type keywordLists { id name } dlpTemplates { id name } }
        modifyActions { type stamp { id name } }
        monitorActions { type notification { id name } }
      } }
    }
  }`;

const SORT_FIELDS: RuleSortField[] = ['ORDER', 'NAME', 'MODIFIED', 'LAST_USED', 'ENABLED', 'MIGRATION_STATUS', 'CREATED'];
const FILTERS: RuleFilter[] = [
  {},
  { name: 'rule' },
  { name: '  ' },
  { name: 'ＡＢＣ' },
  { name: 'ａｂｃ' },
  { name: '%' },
  { name: 'ルール1' },
  { enabled: false },
  { level: 'ORGANIZATION' },
  { level: 'USER_GROUP' },
  { migrationStatus: 'ERROR' },
  { migrationStatus: 'WARNING' },
  { migrationStatus: 'RESOLVED' },
  { criteriaType: 'DLP' },
  { criteriaType: 'SUBJECT_KEYWORDS', enabled: false },
  { sender: 'partner@outside.example' },
  { recipient: 'a@example.co.jp' },
  { recipient: 'ceo@example.co.jp', enabled: true, name: 'R' },
];
const NAMES = (i: number) => [`Rule ${i}`, `rule ${i} alpha`, `ルール${i}`, `るーる${i}`, `ＡＢＣ${i}`, `x%_${i}`][i % 6]!;
const STATUSES = [null, 'NEEDS_FIX', 'NEEDS_CONFIRMATION', 'FIXED', 'CONFIRMED', 'SUCCESS', null] as const;

describeEachDatabase('policy list pages', (kind) => {
  /** The database path: snapshots off. */
  let t: TestApp;
  /** The snapshot path: the default settings, on the same database. */
  let snap: TestApp;
  let tenantId: string;
  let queries = 0;
  const sql: string[] = [];
  const ids: Record<'groups' | 'lists' | 'stamps' | 'notes' | 'dlp', string[]> = { groups: [], lists: [], stamps: [], notes: [], dlp: [] };

  /** Runs one request and returns the number of queries the server made for it. */
  async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; sql: string[] }> {
    queries = 0;
    sql.length = 0;
    const result = await fn();
    return { result, queries, sql: [...sql] };
  }

  const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}, app: TestApp = t) => {
    const r = await app.gql(query, variables, headers);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };

  async function add(mutation: string, field: string, payload: string, input: object): Promise<string> {
    const data = await gql(`mutation($i: ${mutation}Input!) { ${field}(input: $i) { ${payload} { id } userErrors { code message } } }`, {
      i: input,
    });
    if (data[field].userErrors.length) throw new Error(JSON.stringify(data[field].userErrors));
    return data[field][payload].id as string;
  }

  beforeAll(async () => {
    observeQueries((e) => {
      // The DNS server's zone-version poll (src/dns/live-zones.ts, every 500 ms) runs beside
      // the requests; its aggregates (MAX, SUM) are not the request's, and no list query has them.
      if (/_max\$|_sum\$/.test(e.query)) return;
      // The relay's outbox, sweeps and status reads run beside the requests too; no list query
      // touches the mail tables.
      if (/"(MailMessage|MailRecipient|QuarantinedMessage|CapturedMessage)"/.test(e.query)) return;
      queries++;
      sql.push(e.query);
    });
    snap = await startTestApp(kind);
    t = await startTestApp(kind, { POLICY_SNAPSHOT_MAX_RULES: '0' }, { database: snap.db });
    observeQueries(null);
    tenantId = await t.app.defaultTenantId();
    await verifiedDomain(t, 'example.co.jp');
    const db = t.app.database.client;
    for (const [i, addresses] of [
      ['a@example.co.jp', 'b@example.co.jp'],
      ['ceo@example.co.jp'],
      ['sales@example.co.jp', 'a@example.co.jp'],
    ].entries()) {
      ids.groups.push(await add('AddressGroup', 'addAddressGroup', 'addressGroup', { name: `グループ${i}`, internal: true, addresses }));
    }
    for (let i = 0; i < 3; i++)
      ids.lists.push(
        await add('KeywordList', 'addKeywordList', 'keywordList', {
          name: `キーワード${i}`,
          match: 'ANY',
          expressions: [{ expression: `機密${i}` }],
        }),
      );
    for (let i = 0; i < 2; i++) ids.stamps.push(await add('Stamp', 'addStamp', 'stamp', { name: `スタンプ${i}`, text: `注意 ${i}` }));
    for (let i = 0; i < 2; i++) {
      ids.notes.push(
        await add('PolicyNotification', 'addPolicyNotification', 'policyNotification', {
          name: `通知${i}`,
          fromAddress: 'admin@example.co.jp',
          toAddresses: ['admin@example.co.jp'],
          subject: `件名${i}`,
        }),
      );
    }
    // DLP templates come only from a migration import: the rows it writes.
    for (let i = 0; i < 2; i++) {
      const row = await db.dlpTemplate.create({
        data: { tenantId, name: `テンプレート${i}`, identifiers: ['クレジットカード番号'], createdByMigration: true },
      });
      ids.dlp.push(encodeGlobalID('DlpTemplate', row.id));
    }
    for (let i = 0; i < RULES; i++) {
      const recipients =
        i % 4 === 0
          ? { kind: 'MY_ORGANIZATION' }
          : i % 4 === 1
            ? { kind: 'SPECIFIED', addressGroupIds: [ids.groups[i % 3]] }
            : i % 4 === 2
              ? { kind: 'SPECIFIED', addresses: [`user${i % 5}@example.co.jp`] }
              : { kind: 'SPECIFIED', addresses: ['ceo@example.co.jp'], addressGroupIds: [ids.groups[(i + 1) % 3]] };
      const input = {
        direction: 'INBOUND',
        type: 'CONTENT_FILTERING',
        name: NAMES(i),
        enabled: i % 3 !== 0,
        recipients,
        senders: i % 5 === 0 ? { kind: 'SPECIFIED', addresses: ['partner@outside.example'] } : { kind: 'ANYONE' },
        // Every rule names every kind of object (a group at least in its exception), so a page
        // of 10 reads each kind as a page of 100 does and the query counts can be compared.
        exceptions: [
          {
            sender: { kind: 'SPECIFIED', addresses: ['x@outside.example'] },
            recipient: { kind: 'SPECIFIED', addressGroupIds: [ids.groups[i % 3]] },
          },
        ],
        criteriaMode: 'ANY_MATCH',
        criteria: [
          { type: i % 2 ? 'SUBJECT_KEYWORDS' : 'BODY_KEYWORDS', keywordListIds: [ids.lists[i % 3]] },
          ...(i % 4 === 3 ? [] : [{ type: 'DLP', dlpTemplateIds: [ids.dlp[i % 2]] }]),
        ],
        intercept: { action: 'NONE' },
        modifyActions: [{ type: 'INSERT_STAMP', stampId: ids.stamps[i % 2] }],
        monitorActions: [{ type: 'NOTIFY', notificationId: ids.notes[i % 2] }],
      };
      await add('AddPolicyRule', 'addPolicyRule', 'rule', input);
    }
    // What a migration leaves: statuses, last-used times (with ties), equal modification times.
    const rules = await db.policyRule.findMany({
      where: { tenantId, direction: 'INBOUND', type: 'CONTENT_FILTERING', isDefault: false },
      orderBy: { order: 'asc' },
    });
    const sameTime = new Date('2026-11-20T09:00:00.000Z');
    for (const [i, r] of rules.entries()) {
      await db.policyRule.update({
        where: { id: r.id },
        data: {
          migrationStatus: STATUSES[i % STATUSES.length],
          lastUsedAt: i % 3 === 0 ? null : new Date(Date.UTC(2026, 10, 1 + (i % 9))),
          ...(i % 4 === 0 ? { updatedAt: sameTime } : {}),
        },
      });
    }
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await snap?.close();
  });

  /** A request on the snapshot app, then its build: the next request there reads the snapshot. */
  async function warm(): Promise<void> {
    await gql(LIST, { d: 'INBOUND', t: 'CONTENT_FILTERING', first: 1 }, {}, snap);
    await snap.app.policySnapshots.idle();
  }

  /** The in-memory path over every row of the list: the reference. */
  async function expected(f: RuleFilter, field: RuleSortField, descending: boolean): Promise<string[]> {
    const db = t.app.database.client;
    const rows = await db.policyRule.findMany({ where: { tenantId, direction: 'INBOUND', type: 'CONTENT_FILTERING' } });
    const directory = f.sender || f.recipient ? await loadRouteDirectory(db, tenantId) : EMPTY_DIRECTORY;
    return sortRules(filterRules(rows, f, directory), field, descending).map((r) => r.id);
  }

  const rawId = (id: string) => decodeGlobalID(id).id;
  const vars = (f: RuleFilter, field: RuleSortField, descending: boolean) => ({
    d: 'INBOUND',
    t: 'CONTENT_FILTERING',
    f,
    s: { field, descending },
  });

  /** Pages forward with `first`, then backward with `last`, checking the total on every page. */
  async function pagedBothWays(
    f: RuleFilter,
    field: RuleSortField,
    descending: boolean,
    want: string[],
    app: TestApp,
  ): Promise<{ forward: string[]; backward: string[] }> {
    const forward: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < MAX_PAGES; n++) {
      const c: any = (await gql(LIST, { ...vars(f, field, descending), first: PAGE, after }, {}, app)).policyRules;
      expect(c.totalCount).toBe(want.length);
      forward.push(...c.edges.map((e: any) => rawId(e.node.id)));
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    const backward: string[] = [];
    let before: string | null = null;
    for (let n = 0; n < MAX_PAGES; n++) {
      const c: any = (await gql(LIST, { ...vars(f, field, descending), last: PAGE, before }, {}, app)).policyRules;
      backward.unshift(...c.edges.map((e: any) => rawId(e.node.id)));
      expect(c.pageInfo.hasNextPage).toBe(before !== null);
      if (!c.pageInfo.hasPreviousPage) break;
      before = c.pageInfo.startCursor;
    }
    return { forward, backward };
  }

  it('costs the same number of queries for a page of 100 as for a page of 10, nested objects included', async () => {
    // Pages of seeded rules only (the 3 default rules of the list name no objects).
    for (const [f, s] of [
      [{}, { field: 'ORDER', descending: true }],
      [
        { enabled: true, level: 'USER_GROUP' },
        { field: 'MODIFIED', descending: true },
      ],
      [{ sender: 'partner@outside.example' }, { field: 'ORDER' }],
      [{ name: 'r' }, { field: 'NAME' }],
      [{ criteriaType: 'SUBJECT_KEYWORDS' }, { field: 'MIGRATION_STATUS' }],
      [{ name: 'ａｂｃ' }, { field: 'LAST_USED', descending: true }],
    ] as [RuleFilter, object][]) {
      const small = await measured(() => gql(NESTED, { f, s, first: 10 }));
      const large = await measured(() => gql(NESTED, { f, s, first: 100 }));
      const total = small.result.policyRules.totalCount;
      expect(small.result.policyRules.edges).toHaveLength(Math.min(10, total));
      expect(large.result.policyRules.edges).toHaveLength(Math.min(100, total));
      expect({ filter: f, queries: large.queries }).toEqual({ filter: f, queries: small.queries });
    }
    // The page of 100 is the whole story: 1 tenant lookup, count + page, then one query per kind of nested object.
    const all = await measured(() => gql(NESTED, { first: 100 }));
    expect(all.queries).toBe(1 + 2 + 5);
    const nodes = all.result.policyRules.edges.map((e: any) => e.node);
    const rule = nodes.find((n: any) => n.name === 'rule 1 alpha');
    expect(rule.recipients.addressGroups.map((g: any) => g.name)).toEqual(['グループ1']);
    expect(rule.criteria.map((c: any) => [c.type, c.keywordLists.map((k: any) => k.name), c.dlpTemplates.map((d: any) => d.name)])).toEqual(
      [
        ['SUBJECT_KEYWORDS', ['キーワード1'], []],
        ['DLP', [], ['テンプレート1']],
      ],
    );
    expect(rule.modifyActions[0].stamp.name).toBe('スタンプ1');
    expect(rule.monitorActions[0].notification.name).toBe('通知1');
    expect(rule.exceptions[0].recipient.addressGroups.map((g: any) => g.name)).toEqual(['グループ1']);
    const other = nodes.find((n: any) => n.name === 'ルール2');
    expect([other.recipients.addresses, other.recipients.addressGroups, other.monitorActions[0].notification.name]).toEqual([
      ['user2@example.co.jp'],
      [],
      '通知0',
    ]);
  });

  it('batches the objects of rules read one by one (node) too, and counts only when the total is asked for', async () => {
    const ids = (await gql(LIST, { ...vars({}, 'ORDER', true), first: 3 })).policyRules.edges.map((e: any) => e.node.id);
    const one = `query($a: ID!, $b: ID!, $c: ID!) { a: node(id: $a) { ...R } b: node(id: $b) { ...R } c: node(id: $c) { ...R } }
      fragment R on PolicyRule { name recipients { addressGroups { name } } exceptions { recipient { addressGroups { name } } } modifyActions { stamp { name } } }`;
    const r = await measured(() => gql(one, { a: ids[0], b: ids[1], c: ids[2] }));
    expect(['a', 'b', 'c'].map((k) => r.result[k].modifyActions[0].stamp.name).every((n: string) => n.startsWith('スタンプ'))).toBe(true);
    expect(r.sql.filter((q) => /AddressGroup/.test(q))).toHaveLength(1);
    expect(r.sql.filter((q) => /Stamp/.test(q))).toHaveLength(1);
    const page = `query($f: Int) { policyRules(direction: INBOUND, type: CONTENT_FILTERING, first: $f) { edges { node { id } } } }`;
    const withTotal = `query($f: Int) { policyRules(direction: INBOUND, type: CONTENT_FILTERING, first: $f) { totalCount edges { node { id } } } }`;
    expect((await measured(() => gql(page, { f: 10 }))).queries).toBe((await measured(() => gql(withTotal, { f: 10 }))).queries - 1);
  });

  it('asks for no tenant twice, and one query answers a request that reads nothing else', async () => {
    expect((await measured(() => gql('{ __typename }', {}))).queries).toBe(1);
    expect((await measured(() => gql('{ __typename }', {}, { 'x-tenant-id': tenantId }))).queries).toBe(1);
  });

  it('reads an address group’s addresses only when they are asked for', async () => {
    const without = await measured(() => gql(NESTED, { first: 100 }));
    const groupReads = (list: string[]) => list.filter((q) => /AddressGroup/.test(q));
    expect(groupReads(without.sql).length).toBeGreaterThan(0);
    expect(groupReads(without.sql).filter((q) => /addresses/.test(q))).toEqual([]);
    const withAddresses = await measured(() =>
      gql(
        `query { policyRules(direction: INBOUND, type: CONTENT_FILTERING, first: 100) { edges { node { recipients { addressGroups { name ...A } } } } } } fragment A on AddressGroup { addresses }`,
        {},
      ),
    );
    expect(groupReads(withAddresses.sql).some((q) => /addresses/.test(q))).toBe(true);
    const listed = withAddresses.result.policyRules.edges.flatMap((e: any) => e.node.recipients.addressGroups);
    expect(listed.find((g: any) => g.name === 'グループ1').addresses).toEqual(['ceo@example.co.jp']);
  });

  it.each(['database', 'snapshot'] as const)(
    'lists from the %s, with every filter and sort, what the reference lists, page after page in both directions',
    async (path) => {
      const app = path === 'database' ? t : snap;
      if (path === 'snapshot') await warm();
      const cases: [RuleFilter, RuleSortField, boolean][] = [
        ...FILTERS.flatMap(
          (f) =>
            [
              [f, 'ORDER', false],
              [f, 'NAME', true],
              [f, 'LAST_USED', false],
            ] as [RuleFilter, RuleSortField, boolean][],
        ),
        ...SORT_FIELDS.flatMap(
          (s) =>
            [
              [{}, s, false],
              [{}, s, true],
              [{ sender: 'partner@outside.example' }, s, true],
              [{ enabled: true }, s, false],
            ] as [RuleFilter, RuleSortField, boolean][],
        ),
      ];
      for (const [f, field, descending] of cases) {
        const want = await expected(f, field, descending);
        const got = await pagedBothWays(f, field, descending, want, app);
        expect({ f, field, descending, ids: got.forward }).toEqual({ f, field, descending, ids: want });
        expect({ f, field, descending, ids: got.backward }).toEqual({ f, field, descending, ids: want });
      }
      // Filters that select something, so the comparisons above are not of empty lists.
      for (const f of FILTERS) expect({ f, some: (await expected(f, 'ORDER', false)).length > 0 }).toEqual({ f, some: true });
      if (path === 'snapshot') {
        // …and they were cut from the snapshot: a nested page costs the tenant lookup alone.
        const r = await measured(() => gql(NESTED, { first: 100 }, {}, snap));
        expect(r.result.policyRules.edges).toHaveLength(100);
        expect(r.queries).toBe(1);
      }
    },
    // Hundreds of pages, each a real request: on a loaded CI machine beside the relay suites
    // this took longer than the default 30 s; nothing here measures time.
    120_000,
  );

  it('shows a write made anywhere in the next page from the snapshot: this instance, another one, or SQL by hand', async () => {
    const db = t.app.database.client;
    const page = async () =>
      (await gql(NESTED, { f: { name: 'rule 1 alpha' }, first: 10 }, {}, snap)).policyRules.edges.map((e: any) => e.node) as any[];
    await warm();
    const [rule] = await page();
    expect(rule.modifyActions[0].stamp.name).toBe('スタンプ1');
    // Another instance (snapshots off) renames the stamp through the API.
    const renamed = await gql(`mutation($id: ID!, $i: StampInput!) { updateStamp(id: $id, input: $i) { userErrors { code } } }`, {
      id: ids.stamps[1],
      i: { name: 'スタンプ改', text: '注意 1' },
    });
    expect(renamed.updateStamp.userErrors).toEqual([]);
    expect((await page())[0].modifyActions[0].stamp.name).toBe('スタンプ改');
    await snap.app.policySnapshots.idle();
    // SQL by hand, as a CLI import or an operator would write: the triggers bump the revision.
    const id = rawId(rule.id);
    await db.$executeRawUnsafe(`UPDATE "PolicyRule" SET "enabled" = ${kind === 'sqlite' ? 0 : 'false'} WHERE "id" = '${id}'`);
    expect((await page())[0].enabled).toBe(false);
    await snap.app.policySnapshots.idle();
    // This instance's own mutation.
    const back = await gql(
      `mutation($id: ID!, $i: StampInput!) { updateStamp(id: $id, input: $i) { userErrors { code } } }`,
      { id: ids.stamps[1], i: { name: 'スタンプ1', text: '注意 1' } },
      {},
      snap,
    );
    expect(back.updateStamp.userErrors).toEqual([]);
    expect((await page())[0].modifyActions[0].stamp.name).toBe('スタンプ1');
    await snap.app.policySnapshots.idle();
    // And after each, the page is from a snapshot again.
    expect((await measured(() => page())).queries).toBe(1);
    await db.$executeRawUnsafe(`UPDATE "PolicyRule" SET "enabled" = ${kind === 'sqlite' ? 1 : 'true'} WHERE "id" = '${id}'`);
  });

  it('keeps a cursor valid when its rule is disabled or deleted before the next page', async () => {
    for (const [f, field] of [
      [{ enabled: true }, 'ORDER'],
      [{ enabled: true, sender: 'partner@outside.example' }, 'ORDER'],
      [{ enabled: true }, 'NAME'],
    ] as [RuleFilter, RuleSortField][]) {
      const before = await expected(f, field, false);
      const first: any = (await gql(LIST, { ...vars(f, field, false), first: 3 })).policyRules;
      const gone = rawId(first.edges[2].node.id);
      await t.app.database.client.policyRule.update({ where: { id: gone }, data: { enabled: false } });
      const next: any = (await gql(LIST, { ...vars(f, field, false), first: 3, after: first.pageInfo.endCursor })).policyRules;
      expect(next.edges.map((e: any) => rawId(e.node.id))).toEqual(before.slice(3, 6));
      expect(next.totalCount).toBe(before.length - 1);
      await t.app.database.client.policyRule.update({ where: { id: gone }, data: { enabled: true } });
    }
  });

  it('refuses a cursor of another sort, or one it did not make, with a code', async () => {
    const page: any = (await gql(LIST, { ...vars({}, 'ORDER', false), first: 2 })).policyRules;
    for (const [after, s] of [
      [page.pageInfo.endCursor, { field: 'NAME' }],
      [page.pageInfo.endCursor, { field: 'ORDER', descending: true }],
      ['bm90IGEgY3Vyc29y', { field: 'ORDER' }],
      ['x'.repeat(20_000), { field: 'ORDER' }],
    ] as [string, object][]) {
      const r = await t.gql(LIST, { d: 'INBOUND', t: 'CONTENT_FILTERING', s, first: 2, after }, { 'accept-language': 'ja' });
      expect(r.errors?.[0]?.extensions?.code).toBe('POLICY_RULE_CURSOR_INVALID');
      expect(r.errors?.[0]?.message).toContain('カーソル');
    }
  });

  it('never returns another tenant’s objects, even when a rule names them', async () => {
    const other = await gql(
      `mutation { createTenant(input: { name: "別会社", companyId: "other-co" }) { tenant { id } userErrors { code } } }`,
      {},
    );
    const otherId = rawId(other.createTenant.tenant.id);
    const foreign = await t.app.database.client.addressGroup.create({
      data: { tenantId: otherId, name: '他社グループ', addresses: ['x@other.example'] },
    });
    const db = t.app.database.client;
    const rule = await db.policyRule.findFirstOrThrow({ where: { tenantId, name: 'rule 1 alpha' } });
    const original = rule.recipients;
    await db.policyRule.update({
      where: { id: rule.id },
      data: {
        recipients: {
          kind: 'SPECIFIED',
          entries: [
            { type: 'ADDRESS_GROUP', groupId: foreign.id },
            { type: 'ADDRESS_GROUP', groupId: rawId(ids.groups[0]!) },
          ],
        },
      },
    });
    const r = await gql(NESTED, { f: { name: 'rule 1 alpha' }, first: 10 });
    const node = r.policyRules.edges.find((e: any) => e.node.name === 'rule 1 alpha').node;
    expect(node.recipients.addressGroups.map((g: any) => g.name)).toEqual(['グループ0']);
    await db.policyRule.update({ where: { id: rule.id }, data: { recipients: original as object } });
  });
});
