// Logs → Mail Tracking through a real app and HTTP: every address pattern form selects what
// the pure rules select (on SQLite and PostgreSQL alike, `_` and `%` literal, no match across
// two recipients), invalid patterns are refused with their code in English and Japanese, the
// subject search, status, direction and period filters, paging newest first, another tenant's
// messages never visible, and the verdict with its trace read from the stored JSON.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressMatches, parseAddressPatterns, parseSubjectSearch, subjectMatches } from '../../src/relay/tracking-search.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { insertMail, verdict } from '../support/tracking-rows.js';
import type { TraceStep } from '../../src/policies/engine/verdict.js';

const LIST = /* GraphQL */ `
  query List($f: MailMessageFilter, $first: Int, $after: String) {
    mailMessages(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id subject envelopeSender envelopeRecipients status } }
    }
  }`;

const T0 = Date.parse('2026-11-01T00:00:00Z');
const hours = (n: number) => new Date(T0 + n * 3_600_000);

/** The fixture messages: each address form and subject case has a row that must and one that must not match. */
const ROWS = [
  {
    key: 'm1',
    sender: 'Taro_Yamada@Example.co.jp',
    recipients: ['alice@info.example.com'],
    subject: 'Invoice for March 2026',
    status: 'DELIVERED',
    direction: 'INBOUND',
    at: 1,
  },
  {
    key: 'm2',
    sender: 'taroXyamada@example.co.jp',
    recipients: ['bob@example.com', 'carol@server.example.com'],
    subject: 'Re: march invoice',
    status: 'QUARANTINED',
    direction: 'OUTBOUND',
    at: 2,
  },
  // name@a then x@b.example.com: a LIKE over the joined lines would match name@*.example.com.
  {
    key: 'm3',
    sender: 'name@a.test',
    recipients: ['name@a', 'x@b.example.com'],
    subject: 'The "quoted" word',
    status: 'DELETED',
    direction: 'INBOUND',
    at: 3,
  },
  {
    key: 'm4',
    sender: '',
    recipients: ['nameplus@example.com'],
    subject: 'Invoice-for-march',
    status: 'BOUNCED',
    direction: 'INBOUND',
    at: 4,
  },
  {
    key: 'm5',
    sender: '100%@pct.test',
    recipients: ['dave@example.net'],
    subject: '請求書 3月分',
    status: 'PROCESSING',
    direction: 'INBOUND',
    at: 5,
  },
  {
    key: 'm6',
    sender: 'ops@partner.test',
    recipients: ['name@mx.example.com'],
    subject: '50%_off sale',
    status: 'DELIVERED',
    direction: 'INBOUND',
    at: 5,
  },
] as const;

describeEachDatabase('mail tracking', (kind) => {
  let t: TestApp;
  let tenantId: string;
  const other = { 'x-tenant-id': 'other-co' };
  const idOf: Record<string, string> = {};
  const keyOf: Record<string, string> = {};
  let ruleId: string;
  let otherMessage: string;

  const keys = async (f: object) => {
    const r = await t.gql(LIST, { f, first: 100 });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return (r.data.mailMessages.edges as { node: { id: string } }[]).map((e) => keyOf[e.node.id]).sort();
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    tenantId = await t.app.defaultTenantId();
    const db = t.app.database.client;
    for (const r of ROWS) {
      const row = await insertMail(db, tenantId, {
        sender: r.sender,
        recipients: [...r.recipients],
        subject: r.subject,
        status: r.status,
        direction: r.direction,
        receivedAt: hours(r.at),
      });
      idOf[r.key] = encodeGlobalID('MailMessage', row.id);
      keyOf[idOf[r.key]!] = r.key;
    }
    const created = await t.gql(`mutation { createTenant(input: { name: "別会社", companyId: "other-co" }) { tenant { id } } }`);
    const otherTenant = (await db.tenant.findUniqueOrThrow({ where: { companyId: 'other-co' } })).id;
    expect(created.data.createTenant.tenant.id).toBeTruthy();
    // Another tenant's message that matches every filter used here.
    otherMessage = (
      await insertMail(db, otherTenant, {
        sender: 'taro_yamada@example.co.jp',
        recipients: ['alice@info.example.com'],
        subject: 'Invoice for March 2026',
        status: 'DELIVERED',
        receivedAt: hours(1),
      })
    ).id;
    ruleId = (await db.policyRule.findFirstOrThrow({ where: { tenantId } })).id;
  });
  afterAll(() => t.close());

  it('selects with each address pattern form exactly the messages the search rules select', async () => {
    const senders = ['taro_yamada@example.co.jp', '*@example.co.jp', 'TARO*@example.co.jp', 'name@*', '100%@*', '*@*', '', '*@*.test'];
    const recipients = [
      'name@*.example.com',
      '*@example.com',
      '*@server.example.com',
      'name*@example.com',
      '*@*.example.com',
      'ALICE@INFO.EXAMPLE.COM',
      'bob@example.com; dave@example.net',
      'name@a',
    ];
    const expected = (field: 'sender' | 'recipient', text: string) => {
      const patterns = parseAddressPatterns(text, 'f');
      return ROWS.filter(
        (r) =>
          patterns.length === 0 || (field === 'sender' ? [r.sender] : r.recipients).some((a) => patterns.some((p) => addressMatches(p, a))),
      )
        .map((r) => r.key)
        .sort();
    };
    for (const s of senders) expect(await keys({ sender: s }), `sender ${s}`).toEqual(expected('sender', s));
    for (const r of recipients) expect(await keys({ recipient: r }), `recipient ${r}`).toEqual(expected('recipient', r));
    // What the rules select, spelled out for the cases a LIKE gets wrong.
    expect(await keys({ sender: 'taro_yamada@example.co.jp' })).toEqual(['m1']);
    expect(await keys({ sender: '100%@*' })).toEqual(['m5']);
    expect(await keys({ recipient: 'name@*.example.com' })).toEqual(['m6']);
    expect(await keys({ recipient: '*@example.com' })).toEqual(['m2', 'm4']);
  });

  it('refuses invalid patterns with their code, in English and Japanese', async () => {
    for (const [pattern, field] of [
      ['name@example.*', 'sender'],
      ['*name@example.com', 'recipient'],
      ['name', 'sender'],
    ] as const) {
      const en = await t.gql(LIST, { f: { [field]: pattern } });
      expect(en.data).toBeNull();
      expect(en.errors?.[0]?.extensions).toMatchObject({ code: 'TRACKING_ADDRESS_PATTERN_INVALID', field: `filter.${field}` });
      expect(en.errors?.[0]?.message).toContain(`"${pattern}" is not an address search pattern`);
      const ja = await t.gql(LIST, { f: { [field]: pattern } }, { 'accept-language': 'ja' });
      expect(ja.errors?.[0]?.extensions?.code).toBe('TRACKING_ADDRESS_PATTERN_INVALID');
      expect(ja.errors?.[0]?.message).toContain(`「${pattern}」はアドレスの検索パターンではありません`);
    }
    const many = Array.from({ length: 11 }, (_, i) => `u${i}@x.test`).join(';');
    expect((await t.gql(LIST, { f: { recipient: many } })).errors?.[0]?.extensions?.code).toBe('TRACKING_ADDRESS_PATTERN_TOO_MANY');
    const period = await t.gql(LIST, { f: { receivedAfter: hours(3).toISOString(), receivedBefore: hours(1).toISOString() } });
    expect(period.errors?.[0]?.extensions?.code).toBe('TRACKING_PERIOD_INVALID');
  });

  it('searches the subject: words all present in any ASCII case, "…" an exact phrase, \\" a quote', async () => {
    const cases: [string, string[]][] = [
      ['invoice MARCH', ['m1', 'm2', 'm4']],
      ['"invoice for"', ['m1']],
      ['"for march" invoice', ['m1']],
      ['\\"quoted\\"', ['m3']],
      ['請求書', ['m5']],
      ['50%_off', ['m6']],
      ['50x', []],
      ['inv*26', ['m1']],
    ];
    for (const [q, want] of cases) {
      expect(await keys({ subject: q }), q).toEqual(want);
      const terms = parseSubjectSearch(q, 'f');
      expect(
        ROWS.filter((r) => subjectMatches(terms, r.subject))
          .map((r) => r.key)
          .sort(),
        `pure ${q}`,
      ).toEqual(want);
    }
  });

  it('filters by status, direction, message ID and period', async () => {
    expect(await keys({ status: 'DELIVERED' })).toEqual(['m1', 'm6']);
    expect(await keys({ direction: 'OUTBOUND' })).toEqual(['m2']);
    expect(await keys({ receivedAfter: hours(2).toISOString(), receivedBefore: hours(4).toISOString() })).toEqual(['m2', 'm3']);
    const row = await t.app.database.client.mailMessage.findFirstOrThrow({ where: { tenantId, subject: '請求書 3月分' } });
    expect(await keys({ messageId: `<${row.messageId}>` })).toEqual(['m5']);
  });

  it('pages newest first with opaque cursors, and counts', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r: { data: { mailMessages: any } } = await t.gql(LIST, { first: 2, after });
      const conn = r.data.mailMessages;
      expect(conn.totalCount).toBe(ROWS.length);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => keyOf[e.node.id]));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    // m5 and m6 share a time: the id breaks the tie, and neither is lost or repeated.
    expect(seen.slice(2)).toEqual(['m4', 'm3', 'm2', 'm1']);
    expect([...seen.slice(0, 2)].sort()).toEqual(['m5', 'm6']);
    const bad = await t.gql(LIST, { first: 2, after: 'bm90IGEgY3Vyc29y' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('TRACKING_CURSOR_INVALID');
    const back = await t.gql('{ mailMessages(last: 2) { edges { cursor } } }');
    expect(back.errors?.[0]?.extensions?.code).toBe('TRACKING_BACKWARD_PAGING_UNSUPPORTED');
  });

  it("never shows another tenant's messages", async () => {
    expect(await keys({ sender: 'taro_yamada@example.co.jp' })).toEqual(['m1']);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: encodeGlobalID('MailMessage', otherMessage) });
    expect(node.data.node).toBeNull();
    const theirs = await t.gql(LIST, { f: {} }, other);
    expect(theirs.data.mailMessages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      encodeGlobalID('MailMessage', otherMessage),
    ]);
  });

  describe('the verdict', () => {
    let messageGid: string;
    const VERDICT = /* GraphQL */ `
      query($id: ID!) { node(id: $id) { ... on MailMessage {
        recipients { address originalAddress status deliveredTo lastReply attempts nextAttemptAt }
        verdict { action recipients }
        verdicts { action recipients matchedRules { id name } matchedRuleNames quarantineArea changedRecipients deliverNowServer encrypted
          budgetExhausted { code message params { name value } }
          trace { policyType direction ruleName rule { id } recipients outcome criteriaMode stoppedProcessing
            route { code message } note { code }
            criteria { type matched evidence { code message params { name value } } }
            actions { type taken reason { code message } detail { name value } } } }
        policyEvents { ruleName threatType actions rule { id } }
      } } }`;

    beforeAll(async () => {
      const db = t.app.database.client;
      const step: TraceStep = {
        direction: 'INBOUND',
        policyType: 'CONTENT_FILTERING',
        ruleId,
        ruleName: 'Block invoices',
        recipients: ['a@example.co.jp'],
        outcome: 'MATCHED',
        route: [{ code: 'ROUTE_ANYONE', params: {} }],
        criteriaMode: 'ANY',
        criteria: [
          {
            type: 'SUBJECT_KEYWORDS',
            matched: true,
            evidence: [{ code: 'KEYWORD_MATCHED', params: { list: 'Invoices', expression: 'invoice', text: 'Invoice', where: 'SUBJECT' } }],
          },
          // A criterion type this schema does not know (a newer engine): left out.
          { type: 'FUTURE_CRITERION' as never, matched: false, evidence: [] },
        ],
        actions: [
          { type: 'QUARANTINE', taken: true, reason: null, detail: { area: 'Default' } },
          { type: 'TAG_SUBJECT', taken: false, reason: { code: 'ACTION_SUPERSEDED', params: { by: 'QUARANTINE' } }, detail: {} },
        ],
        stoppedProcessing: true,
        note: null,
      };
      const stored = {
        verdicts: [
          {
            recipients: ['a@example.co.jp'],
            verdict: verdict({
              action: 'QUARANTINE',
              matchedRuleIds: [ruleId, 'cmdeletedrule000000000000'],
              trace: [
                step,
                { ...step, ruleId: 'cmdeletedrule000000000000', ruleName: 'Old rule', criteria: [], actions: [], stoppedProcessing: false },
                {
                  ...step,
                  ruleId: null,
                  ruleName: 'Global Anti-Virus Rule',
                  policyType: 'VIRUS_SCAN',
                  outcome: 'SKIPPED',
                  criteriaMode: 'NONE',
                  criteria: [],
                  actions: [],
                  note: { code: 'PROCESSING_STOPPED', params: {} },
                },
              ],
              quarantine: { area: 'Default', ruleId, ruleName: 'Block invoices', reason: 'CONTENT' },
            }),
          },
          {
            recipients: ['b@example.co.jp'],
            verdict: verdict({
              action: 'CHANGE_RECIPIENT',
              changedRecipients: ['audit@example.co.jp'],
              budgetExhausted: { code: 'BUDGET_EXHAUSTED', params: { rulesLeft: 3 } },
            }),
          },
        ],
      };
      const m = await insertMail(db, tenantId, {
        recipients: ['a@example.co.jp', 'b@example.co.jp'],
        status: 'QUARANTINED',
        verdict: stored,
        receivedAt: hours(-100),
      });
      await db.mailRecipient.create({
        data: {
          mailMessageId: m.id,
          address: 'a@example.co.jp',
          originalAddress: 'a@example.co.jp',
          status: 'QUARANTINED',
          lastReply: 'quarantined by Block invoices',
        },
      });
      await db.mailRecipient.create({
        data: {
          mailMessageId: m.id,
          address: 'audit@example.co.jp',
          originalAddress: 'b@example.co.jp',
          status: 'DELIVERED',
          deliveredTo: '127.0.0.1:2525',
          lastReply: '250 OK',
          attempts: 1,
        },
      });
      await db.policyEvent.create({
        data: {
          tenantId,
          mailMessageId: m.id,
          direction: 'INBOUND',
          policyType: 'CONTENT_FILTERING',
          ruleId,
          ruleName: 'Block invoices',
          threatType: 'CONTENT',
          actions: ['QUARANTINE'],
          envelopeSender: m.envelopeSender,
          recipients: ['a@example.co.jp'],
          subject: '',
        },
      });
      messageGid = encodeGlobalID('MailMessage', m.id);
    });

    it('answers the verdicts, the rules that still exist, the trace and the evidence', async () => {
      const r = await t.gql(VERDICT, { id: messageGid });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      const m = r.data.node;
      expect(m.recipients.map((x: { address: string; status: string }) => [x.address, x.status])).toEqual(
        expect.arrayContaining([
          ['a@example.co.jp', 'QUARANTINED'],
          ['audit@example.co.jp', 'DELIVERED'],
        ]),
      );
      expect(m.verdict).toEqual({ action: 'QUARANTINE', recipients: ['a@example.co.jp'] });
      const [q, c] = m.verdicts;
      expect(q.matchedRules).toEqual([{ id: encodeGlobalID('PolicyRule', ruleId), name: expect.any(String) }]);
      expect(q.matchedRuleNames).toEqual(['Block invoices', 'Old rule']);
      expect(q.quarantineArea).toBe('Default');
      expect(q.encrypted).toBe(false);
      expect(q.trace.map((s: { ruleName: string; outcome: string; rule: unknown }) => [s.ruleName, s.outcome, s.rule !== null])).toEqual([
        ['Block invoices', 'MATCHED', true],
        ['Old rule', 'MATCHED', false],
        ['Global Anti-Virus Rule', 'SKIPPED', false],
      ]);
      const step = q.trace[0];
      expect(step.criteriaMode).toBe('ANY_MATCH');
      expect(q.trace[2].criteriaMode).toBe('NO_CRITERIA');
      expect(q.trace[2].note).toEqual({ code: 'PROCESSING_STOPPED' });
      expect(step.criteria).toHaveLength(1);
      expect(step.criteria[0].evidence[0].code).toBe('KEYWORD_MATCHED');
      expect(step.criteria[0].evidence[0].params).toContainEqual({ name: 'expression', value: 'invoice' });
      expect(step.criteria[0].evidence[0].message).toBe('Keyword list "Invoices": expression "invoice" matched "Invoice" in the subject.');
      expect(step.actions).toEqual([
        { type: 'QUARANTINE', taken: true, reason: null, detail: [{ name: 'area', value: 'Default' }] },
        { type: 'TAG_SUBJECT', taken: false, reason: { code: 'ACTION_SUPERSEDED', message: expect.any(String) }, detail: [] },
      ]);
      expect(c).toMatchObject({ action: 'CHANGE_RECIPIENT', changedRecipients: ['audit@example.co.jp'], matchedRules: [], trace: [] });
      expect(c.budgetExhausted.params).toEqual([{ name: 'rulesLeft', value: '3' }]);
      expect(m.policyEvents).toEqual([
        { ruleName: 'Block invoices', threatType: 'CONTENT', actions: ['QUARANTINE'], rule: { id: encodeGlobalID('PolicyRule', ruleId) } },
      ]);
    });

    it('answers a processing message without a verdict', async () => {
      const r = await t.gql(`query($id: ID!) { node(id: $id) { ... on MailMessage { verdict { action } verdicts { action } } } }`, {
        id: idOf.m5,
      });
      expect(r.data.node).toEqual({ verdict: null, verdicts: [] });
    });
  });
});
