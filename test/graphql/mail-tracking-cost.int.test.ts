// What a mail tracking page costs: a page of 30 messages with every nested field (recipients,
// policy events, verdicts, their matched rules and trace rules) makes the queries a page of 3
// makes — the search's two, one per relation, one for all the rules — not one per message.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { observeQueries } from '../../src/db/client.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { insertMail, verdict } from '../support/tracking-rows.js';

const PAGE = /* GraphQL */ `
  query($first: Int) { mailMessages(first: $first) { totalCount edges { node { id
    recipients { address status } policyEvents { ruleName rule { id } }
    verdicts { action matchedRules { id name } trace { ruleName rule { id name } } }
  } } } }`;

describeEachDatabase('mail tracking page cost', (kind) => {
  let t: TestApp;
  let queries = 0;

  beforeAll(async () => {
    observeQueries((e) => {
      // The DNS server's zone-version poll (src/dns/live-zones.ts) runs beside the requests.
      if (/_max\$|_sum\$/.test(e.query)) return;
      queries++;
    });
    t = await startTestApp(kind);
    observeQueries(null);
    const tenantId = await t.app.defaultTenantId();
    const db = t.app.database.client;
    const rules = await db.policyRule.findMany({ where: { tenantId }, take: 3 });
    for (let i = 0; i < 30; i++) {
      const rule = rules[i % rules.length]!;
      const stored = {
        verdicts: [
          {
            recipients: ['a@example.co.jp'],
            verdict: verdict({
              action: 'DELETE',
              matchedRuleIds: [rule.id],
              trace: [
                {
                  direction: 'INBOUND',
                  policyType: rule.type,
                  ruleId: rule.id,
                  ruleName: rule.name,
                  recipients: ['a@example.co.jp'],
                  outcome: 'MATCHED',
                  route: [],
                  criteriaMode: 'NONE',
                  criteria: [],
                  actions: [],
                  stoppedProcessing: true,
                  note: null,
                },
              ],
            }),
          },
        ],
      };
      const m = await insertMail(db, tenantId, { status: 'DELETED', verdict: stored, receivedAt: new Date(Date.UTC(2026, 10, 1, i)) });
      await db.mailRecipient.create({
        data: { mailMessageId: m.id, address: 'a@example.co.jp', originalAddress: 'a@example.co.jp', status: 'DELETED' },
      });
      await db.policyEvent.create({
        data: {
          tenantId,
          mailMessageId: m.id,
          direction: 'INBOUND',
          policyType: rule.type,
          ruleId: rule.id,
          ruleName: rule.name,
          threatType: 'CONTENT',
          actions: ['DELETE'],
          envelopeSender: '',
          recipients: ['a@example.co.jp'],
        },
      });
    }
  });
  afterAll(() => t.close());

  const cost = async (first: number) => {
    queries = 0;
    const r = await t.gql(PAGE, { first });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data.mailMessages.edges).toHaveLength(first);
    expect(r.data.mailMessages.edges.every((e: any) => e.node.verdicts[0].matchedRules.length === 1 && e.node.policyEvents[0].rule)).toBe(
      true,
    );
    return queries;
  };

  it('costs the same for 30 messages as for 3', async () => {
    // The first request reads the default tenant's id once (graphql/yoga.ts): not a page's cost.
    await cost(1);
    const small = await cost(3);
    expect(await cost(30)).toBe(small);
    // The tenant, the page's ids, its rows, recipients, policy events, the count, the rules.
    expect(small).toBe(7);
  });
});
