// The migration tool end to end over GraphQL (multipart upload) on each database: analysis
// changes nothing; import gives the documented rule states; MERGE is repeatable; OVERWRITE
// replaces; cancel imports nothing; reports download as PDF.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { fixtureExport } from '../support/export-fixtures.js';
import { confirm, objectState, ruleState, upload, verifiedDomain } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('IMSS/IMSVA migration', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await verifiedDomain(t, 'example.co.jp');
    await verifiedDomain(t, 'example.jp');
  });
  afterAll(async () => t?.close());

  it('shows the prerequisites before any upload', async () => {
    const r = await t.gql(`{ migrationPrerequisites { code met message } }`);
    expect(r.data.migrationPrerequisites.map((p: any) => [p.code, p.met])).toEqual([
      ['SOURCE_SUPPORTED', null],
      ['HIDDEN_KEY', null],
      ['DOMAINS_VERIFIED', true],
      ['DIRECTORY_SYNCHRONIZED', false],
    ]);
    expect(r.data.migrationPrerequisites[0].message).toContain('2011');
  });

  it('analyses a Japanese IMSVA export without changing anything', async () => {
    const before = await ruleState(t);
    const r = await upload(t, fixtureExport('imsva-ja-basic'));
    expect(r.payload.userErrors).toEqual([]);
    const run = r.payload.run;
    expect(run).toMatchObject({
      state: 'ANALYZED',
      mode: 'MERGE',
      source: { product: 'IMSVA', version: '9.1', build: '2011', language: 'ja' },
    });
    expect(run.counts.total).toBeGreaterThan(20);
    expect(run.prerequisites.every((p: any) => p.met)).toBe(true);
    expect(run.analysisReport.expired).toBe(false);
    expect(await ruleState(t)).toEqual(before);
    const items = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on MigrationRun { items(first: 100, filter: { category: ERROR }) { totalCount edges { node { code sourcePath destination message fix } } } } } }`,
      { id: run.id },
      { 'accept-language': 'ja' },
    );
    expect(items.errors).toBeUndefined();
    const errors = items.data.node.items.edges.map((e: any) => e.node);
    const ddei = errors.find((e: any) => e.code === 'ACTION_TARGET_UNMANAGED');
    expect(ddei.message).toContain('DDEIにBCCでメール送信');
    expect(ddei.message).toContain('ddei@10.1.2.3');
    expect(ddei.fix.length).toBeGreaterThan(0);
  });

  it('imports with the documented rule states', async () => {
    const latest = await t.gql(`{ latestMigration { id state } }`);
    const done = await confirm(t, latest.data.latestMigration.id);
    expect(done.userErrors).toEqual([]);
    expect(done.run.state).toBe('COMPLETED');
    expect(done.run.migrationReport.downloadUrl).toMatch(/^\/migration\/reports\/.+\.pdf\?lang=/);
    const rules = await ruleState(t);
    expect(rules).toContainEqual(
      expect.stringMatching(/^INBOUND\/CONTENT_FILTERING#\d+ DDEIにBCCでメール送信 enabled=false status=NEEDS_FIX$/),
    );
    expect(rules).toContainEqual(expect.stringMatching(/添付ファイル制限 enabled=true status=NEEDS_CONFIRMATION$/));
    expect(rules).toContainEqual(expect.stringMatching(/外部メール注意スタンプ enabled=true status=SUCCESS$/));
    const groups = (await objectState(t)).groups;
    expect(groups.some((g) => g.startsWith('役員 - internal internal=true'))).toBe(true);
  });

  it('gives the same state when the same export is merged again', async () => {
    const rules = await ruleState(t);
    const objects = await objectState(t);
    const r = await upload(t, fixtureExport('imsva-ja-basic'));
    await confirm(t, r.payload.run.id);
    expect(await ruleState(t)).toEqual(rules);
    expect(await objectState(t)).toEqual(objects);
  });

  it('cancels an analysed run with nothing imported', async () => {
    const rules = await ruleState(t);
    const r = await upload(t, fixtureExport('imsva-ja-basic'), 'again.dat', 'OVERWRITE');
    const c = await t.gql(`mutation($id: ID!) { cancelMigration(id: $id) { run { state } userErrors { code } } }`, {
      id: r.payload.run.id,
    });
    expect(c.data.cancelMigration).toEqual({ run: { state: 'CANCELLED' }, userErrors: [] });
    expect(await ruleState(t)).toEqual(rules);
    const again = await confirm(t, r.payload.run.id);
    expect(again.userErrors[0].code).toBe('MIGRATION_STATE_INVALID');
  });

  it('says in the import summary which rules marked Fixed a re-import put back to Needs fix', async () => {
    const db = t.app.database.client;
    const tenantId = await t.app.defaultTenantId();
    const first = await upload(t, fixtureExport('imsva-ja-basic'), 'fixed-1.dat', 'MERGE');
    expect((await confirm(t, first.payload.run.id)).run.state).toBe('COMPLETED');
    const needsFix = await db.policyRule.findMany({
      where: { tenantId, migrationStatus: 'NEEDS_FIX' },
      orderBy: { order: 'asc' },
      take: 2,
    });
    expect(needsFix.length).toBeGreaterThan(0);
    for (const rule of needsFix) {
      const id = Buffer.from(`PolicyRule:${rule.id}`).toString('base64');
      const r = await t.gql(`mutation($id: ID!) { markPolicyFixed(id: $id) { rule { migrationStatus } userErrors { code } } }`, { id });
      expect(r.data.markPolicyFixed).toEqual({ rule: { migrationStatus: 'FIXED' }, userErrors: [] });
    }
    const again = await upload(t, fixtureExport('imsva-ja-basic'), 'fixed-2.dat', 'MERGE');
    const done = await confirm(t, again.payload.run.id);
    expect(done.run.importSummary.fixedRulesReset).toBe(needsFix.length);
    expect([...done.run.importSummary.fixedRulesResetNames].sort()).toEqual(needsFix.map((r) => r.name).sort());
  });

  it('replaces with OVERWRITE: hand-made rules go, default rules stay, order restarts at 1', async () => {
    const db = t.app.database.client;
    const tenantId = await t.app.defaultTenantId();
    const defaults = await db.policyRule.count({ where: { tenantId, isDefault: true } });
    expect(defaults).toBeGreaterThan(0);
    const r = await upload(t, fixtureExport('imss-ja-ldap'), 'imss.dat', 'OVERWRITE');
    expect(r.payload.userErrors).toEqual([]);
    const done = await confirm(t, r.payload.run.id);
    expect(done.run.state).toBe('COMPLETED');
    expect(done.run.importSummary.removedRules).toBeGreaterThan(0);
    const rules = await db.policyRule.findMany({ where: { tenantId, isDefault: false } });
    expect(rules.some((x) => x.name === 'DDEIにBCCでメール送信')).toBe(false);
    expect(await db.policyRule.count({ where: { tenantId, isDefault: true } })).toBe(defaults);
    const first = await db.policyRule.findFirst({ where: { tenantId, direction: rules[0]!.direction, type: rules[0]!.type, order: 1 } });
    expect(first?.isDefault).toBe(false);
  });
});
