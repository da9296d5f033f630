// The engine's input read from a real database: a tenant's rules as the migration imported
// them, its objects and domains, at one policy revision (read again when a write lands in
// between), compiled and evaluated; a stored rule that does not decode is listed, not fatal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPolicyRevision } from '../../../src/accounts/find-request-tenant.js';
import type { Db } from '../../../src/db/client.js';
import { compilePolicy } from '../../../src/policies/engine/compile-policy.js';
import { evaluateMessage, GLOBAL_ANTIVIRUS_RULE_NAME } from '../../../src/policies/engine/evaluate-message.js';
import { loadPolicySpec } from '../../../src/policies/engine/load-policy-spec.js';
import { describeEachDatabase } from '../../support/databases.js';
import { attachment, facts, NOW } from '../../support/engine-builders.js';
import { fixtureExport } from '../../support/export-fixtures.js';
import { confirm, upload, verifiedDomain } from '../../support/migration.js';
import { ruleRow } from '../../support/policy-rows.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describeEachDatabase('loadPolicySpec', (kind) => {
  let t: TestApp;
  let db: Db;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    db = t.app.database.client;
    tenantId = await t.app.defaultTenantId();
    await verifiedDomain(t, 'example.co.jp');
    await verifiedDomain(t, 'example.jp');
    await db.domain.create({ data: { tenantId, name: 'pending.example', verificationToken: 'tok' } });
    const r = await upload(t, fixtureExport('imsva-ja-basic'));
    expect((await confirm(t, r.payload.run.id)).run.state).toBe('COMPLETED');
    await db.directoryGroup.create({
      data: { tenantId, dn: 'CN=Sales,DC=example', name: 'Sales', members: ['sales@example.co.jp'], syncedAt: NOW },
    });
    await db.policyRule.create({ data: { ...ruleRow(tenantId, 'broken', 999), schemaVersion: 2, criteria: [{ type: 'NOPE' }] } });
  });
  afterAll(async () => t?.close());

  it('reads the tenant at its current revision: domains, rules, objects', async () => {
    const spec = (await loadPolicySpec(db, tenantId))!;
    expect(spec.revision).toBe(await readPolicyRevision(db, tenantId));
    expect(spec.tier).toBe('STANDARD');
    expect(spec.domains).toEqual([
      { name: 'example.co.jp', verified: true },
      { name: 'example.jp', verified: true },
      { name: 'pending.example', verified: false },
    ]);
    expect(spec.rules.map((r) => r.body.name)).toContain('外部メール注意スタンプ');
    expect(spec.rules.map((r) => r.body.name)).toContain('Organization: Virus');
    expect(spec.invalidRules).toEqual([{ id: expect.any(String), name: 'broken', problem: expect.stringContaining('broken') }]);
    expect(spec.keywordLists.length).toBeGreaterThan(0);
    expect(spec.keywordLists[0]!.expressions[0]).toEqual({
      expression: expect.any(String),
      caseSensitive: expect.any(Boolean),
      score: expect.any(Number),
    });
    expect(spec.stamps.length).toBeGreaterThan(0);
    expect(spec.directoryGroups).toEqual([{ dn: 'CN=Sales,DC=example', name: 'Sales', members: ['sales@example.co.jp'] }]);
    expect(structuredClone(spec)).toEqual(spec);
    expect(await loadPolicySpec(db, 'no-such-tenant')).toBeNull();
  });

  it('compiles and evaluates what the migration imported', async () => {
    const policy = compilePolicy((await loadPolicySpec(db, tenantId))!);
    const stampRule = policy.stages.INBOUND.flatMap((s) => s.rules).find((r) => r.body.name === '外部メール注意スタンプ')!;
    const f = facts({
      recipients: ['taro@example.co.jp', 'ann@pending.example'],
      attachments: [attachment({ malware: { name: 'Eicar_test_file', where: 'eicar.com' } })],
    });
    const [verified, pending] = evaluateMessage(policy, f, { mailId: 'm1', now: NOW }).verdicts;
    expect(verified!.recipients).toEqual(['taro@example.co.jp']);
    expect(verified!.verdict.trace.some((s) => s.ruleId === stampRule.id)).toBe(true);
    expect(verified!.verdict.action).not.toBe('DELIVER');
    expect(pending!.verdict.action).toBe('DELETE');
    expect(pending!.verdict.trace[0]).toMatchObject({ ruleName: GLOBAL_ANTIVIRUS_RULE_NAME, outcome: 'MATCHED', stoppedProcessing: true });
  });

  it('reads again when a policy write lands between the two revision reads', async () => {
    let writes = 0;
    const stamp = (await db.stamp.findFirst({ where: { tenantId } }))!;
    // The database as the adapter sees it, with one policy write landing while the rules are read.
    const racing = new Proxy(db, {
      get(target, prop) {
        if (prop === 'policyRule') {
          return {
            findMany: async (args: object) => {
              if (writes++ === 0) await target.stamp.update({ where: { id: stamp.id }, data: { text: 'changed during the read' } });
              return target.policyRule.findMany(args as never);
            },
          };
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as Db;
    const spec = (await loadPolicySpec(racing, tenantId))!;
    expect(writes).toBe(2);
    expect(spec.revision).toBe(await readPolicyRevision(db, tenantId));
    expect(spec.stamps.find((s) => s.id === stamp.id)?.text).toBe('changed during the read');
  });
});
