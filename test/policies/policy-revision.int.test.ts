// The policy revision (migration 20261201210055_policy_revision): every insert, update and
// delete of a tenant's policy rules and policy objects bumps that tenant's revision, in the
// writing transaction, and no other tenant's; a rolled-back write bumps nothing. The policy
// snapshots are exact only because of this, so it is checked table by table on both databases.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPolicyRevision } from '../../src/accounts/find-request-tenant.js';
import type { Db } from '../../src/db/client.js';
import { createLogger } from '../../src/platform/logger.js';
import { createRuleUsage } from '../../src/relay/rule-usage.js';
import { describeEachDatabase } from '../support/databases.js';
import { ruleRow } from '../support/policy-rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('policy revision', (kind) => {
  let t: TestApp;
  let db: Db;
  let tenantId: string;
  let otherId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    db = t.app.database.client;
    tenantId = await t.app.defaultTenantId();
    otherId = (await db.tenant.create({ data: { name: 'Other', companyId: `other-${kind}` } })).id;
  });
  afterAll(async () => t?.close());

  const revisions = async () => [await readPolicyRevision(db, tenantId), await readPolicyRevision(db, otherId)];

  /** Runs `write` and returns by how much it moved [this tenant's, the other tenant's] revision. */
  async function moved(write: () => Promise<unknown>): Promise<[boolean, boolean]> {
    const [a0, b0] = await revisions();
    await write();
    const [a1, b1] = await revisions();
    return [a1! > a0!, b1! > b0!];
  }

  const ruleData = (name: string) => ruleRow(tenantId, name, 900);

  it('moves with every write to a rule or an object of the tenant, and only its own', async () => {
    const tables: [string, () => Promise<{ id: string }>, (id: string) => Promise<unknown>, (id: string) => Promise<unknown>][] = [
      [
        'PolicyRule',
        () => db.policyRule.create({ data: ruleData('rev') }),
        (id) => db.policyRule.update({ where: { id }, data: { enabled: false } }),
        (id) => db.policyRule.delete({ where: { id } }),
      ],
      [
        'AddressGroup',
        () => db.addressGroup.create({ data: { tenantId, name: 'rev', addresses: [] } }),
        (id) => db.addressGroup.update({ where: { id }, data: { description: 'x' } }),
        (id) => db.addressGroup.delete({ where: { id } }),
      ],
      [
        'KeywordList',
        () => db.keywordList.create({ data: { tenantId, name: 'rev', expressions: [] } }),
        (id) => db.keywordList.update({ where: { id }, data: { description: 'x' } }),
        (id) => db.keywordList.delete({ where: { id } }),
      ],
      [
        'Stamp',
        () => db.stamp.create({ data: { tenantId, name: 'rev', text: 't' } }),
        (id) => db.stamp.update({ where: { id }, data: { text: 'u' } }),
        (id) => db.stamp.delete({ where: { id } }),
      ],
      [
        'PolicyNotification',
        () =>
          db.policyNotification.create({
            data: { tenantId, name: 'rev', fromAddress: 'a@x.example', toAddresses: 'b@x.example', subject: 's' },
          }),
        (id) => db.policyNotification.update({ where: { id }, data: { subject: 't' } }),
        (id) => db.policyNotification.delete({ where: { id } }),
      ],
      [
        'DlpTemplate',
        () => db.dlpTemplate.create({ data: { tenantId, name: 'rev', identifiers: [] } }),
        (id) => db.dlpTemplate.update({ where: { id }, data: { predefined: true } }),
        (id) => db.dlpTemplate.delete({ where: { id } }),
      ],
    ];
    for (const [table, create, update, remove] of tables) {
      let id = '';
      expect({ table, op: 'insert', moved: await moved(async () => (id = (await create()).id)) }).toEqual({
        table,
        op: 'insert',
        moved: [true, false],
      });
      expect({ table, op: 'update', moved: await moved(() => update(id)) }).toEqual({ table, op: 'update', moved: [true, false] });
      expect({ table, op: 'delete', moved: await moved(() => remove(id)) }).toEqual({ table, op: 'delete', moved: [true, false] });
    }
  });

  it('moves once for a statement over many rows (an import), and not for a write that rolls back', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...ruleData(`bulk ${i}`), order: 1000 + i }));
    const [before] = await revisions();
    await db.policyRule.createMany({ data: many });
    const [after] = await revisions();
    // One per row on SQLite (row triggers), one per statement on PostgreSQL: moved, either way.
    expect(after! - before!).toBe(kind === 'sqlite' ? 50 : 1);
    const rolledBack = await moved(() =>
      db
        .$transaction(async (tx) => {
          await tx.policyRule.deleteMany({ where: { tenantId, name: { startsWith: 'bulk ' } } });
          throw new Error('roll back');
        })
        .catch(() => undefined),
    );
    expect(rolledBack).toEqual([false, false]);
    expect(await moved(() => db.policyRule.deleteMany({ where: { tenantId, name: { startsWith: 'bulk ' } } }))).toEqual([true, false]);
  });

  it('does not move for writes that are not policies (a domain)', async () => {
    expect(await moved(() => db.domain.create({ data: { tenantId, name: `rev-${kind}.example`, verificationToken: 'x' } }))).toEqual([
      false,
      false,
    ]);
  });

  it("does not move when only a rule's last used time is written (the relay's flush), and still does for any other column", async () => {
    const rule = await db.policyRule.create({ data: ruleData('used') });
    const usage = createRuleUsage({ db, dbKind: kind, log: createLogger({ level: 'silent', format: 'json' }) });
    const at = new Date('2026-12-01T10:00:00.000Z');
    expect(
      await moved(async () => {
        usage.record([rule.id], at);
        await usage.close();
      }),
    ).toEqual([false, false]);
    const stored = await db.policyRule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(stored.lastUsedAt?.toISOString()).toBe(at.toISOString());
    // "Modified" stays: the rule fired, nobody edited it.
    expect(stored.updatedAt.toISOString()).toBe(rule.updatedAt.toISOString());
    expect(await moved(() => db.policyRule.update({ where: { id: rule.id }, data: { notes: 'edited' } }))).toEqual([true, false]);
    expect(await moved(() => db.policyRule.update({ where: { id: rule.id }, data: { lastUsedAt: new Date(), enabled: false } }))).toEqual([
      true,
      false,
    ]);
  });

  it.runIf(kind === 'sqlite')('watches every PolicyRule column but lastUsedAt in the SQLite update trigger', async () => {
    const [row] = await db.$queryRawUnsafe<{ sql: string }[]>(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'PolicyRule_policy_revision_update'",
    );
    const watched = /UPDATE OF (.+?) ON "PolicyRule"/
      .exec(row!.sql)![1]!
      .split(',')
      .map((c) => c.trim().replace(/"/g, ''));
    const columns = (await db.$queryRawUnsafe<{ name: string }[]>('PRAGMA table_info("PolicyRule")')).map((c) => c.name);
    expect(watched.sort()).toEqual(columns.filter((c) => c !== 'lastUsedAt').sort());
  });
});
