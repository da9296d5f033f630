// The snapshots' bounds, on a real database: a tenant above POLICY_SNAPSHOT_MAX_RULES gets
// none (its pages come from the database) and is not counted again until it changes; all
// snapshots together hold at most three times the bound, the least recently read going
// first; and a snapshot is served only at the revision it was read at.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findTenantById } from '../../src/accounts/find-request-tenant.js';
import { createLogger } from '../../src/platform/logger.js';
import { createPolicySnapshots } from '../../src/policies/policy-snapshots.js';
import { describeEachDatabase } from '../support/databases.js';
import { ruleRow } from '../support/policy-rows.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('policy snapshots', (kind) => {
  let t: TestApp;
  const tenants: string[] = [];
  const log = createLogger({ level: 'silent', format: 'json' });

  beforeAll(async () => {
    t = await startTestApp(kind);
    const db = t.app.database.client;
    // The default tenant (its default rules) and three more with 2, 4 and 6 extra rules.
    tenants.push(await t.app.defaultTenantId());
    for (const n of [2, 4, 6]) {
      const id = (await db.tenant.create({ data: { name: `T${n}`, companyId: `snap-${n}-${kind}` } })).id;
      await db.policyRule.createMany({
        data: Array.from({ length: n }, (_, i) => ruleRow(id, `r${i}`, i + 1)),
      });
      tenants.push(id);
    }
  });
  afterAll(async () => t?.close());

  const revision = async (id: string) => (await findTenantById(t.app.database.client, id))!.policyRevision;

  it('is served only at the revision it was read at, and never for a tenant above the bound', async () => {
    const snapshots = createPolicySnapshots({ db: t.app.database.client, log, maxRules: 5 });
    const [, two, , six] = tenants as [string, string, string, string];
    const r = await revision(two);
    expect(snapshots.current(two, r)).toBeNull();
    await snapshots.idle();
    expect(
      snapshots
        .current(two, r)
        ?.list('INBOUND', 'CONTENT_FILTERING')
        .map((x) => x.name),
    ).toEqual(['r0', 'r1']);
    expect(snapshots.current(two, r + 1)).toBeNull();
    await snapshots.idle();
    // Six rules: above the bound of 5, no snapshot, and no new count at the same revision.
    const r6 = await revision(six);
    expect(snapshots.current(six, r6)).toBeNull();
    await snapshots.idle();
    expect(snapshots.current(six, r6)).toBeNull();
  });

  it('holds at most three times the bound in all, dropping the least recently read tenant', async () => {
    const snapshots = createPolicySnapshots({ db: t.app.database.client, log, maxRules: 4 });
    const [, two, four] = tenants as [string, string, string];
    const build = async (id: string) => {
      snapshots.current(id, await revision(id));
      await snapshots.idle();
      return snapshots.current(id, await revision(id));
    };
    // 2 + 4 = 6 rules, then 4 more: 10 ≤ 12; a fourth snapshot of 4 would make 14 > 12.
    expect(await build(two)).not.toBeNull();
    expect(await build(four)).not.toBeNull();
    expect(snapshots.current(two, await revision(two))).not.toBeNull();
    const db = t.app.database.client;
    const other = (await db.tenant.create({ data: { name: 'T4b', companyId: `snap-4b-${kind}` } })).id;
    for (let i = 0; i < 4; i++) await db.stamp.create({ data: { tenantId: other, name: `s${i}`, text: 'x' } });
    await db.policyRule.createMany({
      data: Array.from({ length: 4 }, (_, i) => ruleRow(other, `v${i}`, i + 1, { type: 'VIRUS_SCAN' })),
    });
    const third = (await db.tenant.create({ data: { name: 'T4c', companyId: `snap-4c-${kind}` } })).id;
    await db.policyRule.createMany({
      data: Array.from({ length: 4 }, (_, i) => ruleRow(third, `w${i}`, i + 1, { direction: 'OUTBOUND', type: 'VIRUS_SCAN' })),
    });
    expect((await build(other))?.object('stamp', (await db.stamp.findFirstOrThrow({ where: { tenantId: other } })).id)).toBeDefined();
    // Read in the order four, two, other: `four` is the least recently read, and goes (10 rules stay, ≤ 12).
    expect(await build(third)).not.toBeNull();
    expect(snapshots.current(four, await revision(four))).toBeNull();
    expect(snapshots.current(third, await revision(third))).not.toBeNull();
  });
});
