// The policy lists as an administrator uses them after a migration: filters, the
// Needs fix → Fixed → enable flow, confirm, reorder, copy, delete, and the constraints of a
// rule and of policy objects (an object in use cannot be deleted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureExport } from '../support/export-fixtures.js';
import { confirm, upload, verifiedDomain } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const LIST = `query($d: PolicyDirection!, $t: PolicyType!, $f: PolicyRuleFilter, $s: PolicyRuleSort, $first: Int) {
  policyRules(direction: $d, type: $t, filter: $f, sort: $s, first: $first) { totalCount edges { node { id name order enabled migrationStatus level actionSummary
    migrationNotes { code category message } recipients { kind addresses addressGroups { name } } } } } }`;
const RULE = `rule { id name order enabled migrationStatus } userErrors { code message field }`;

describe('policy rules', () => {
  let t: TestApp;
  const list = async (d: string, ty: string, f: object = {}, s?: object) =>
    (await t.gql(LIST, { d, t: ty, f, s, first: 100 })).data.policyRules;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await verifiedDomain(t, 'example.co.jp');
    await verifiedDomain(t, 'example.jp');
    const r = await upload(t, fixtureExport('imsva-ja-basic'));
    await confirm(t, r.payload.run.id);
  });
  afterAll(async () => t?.close());

  it('has the documented default rules in a new tenant', async () => {
    const names = (await list('INBOUND', 'SPAM_FILTERING')).edges.map((e: any) => e.node.name);
    expect(names.slice(0, 4)).toEqual([
      'Organization: Spam or Phish',
      'Organization: Newsletter or spam-like',
      'Organization: Probable BEC threat',
      'Organization: Writing style BEC threat',
    ]);
    const outVirus = (await list('OUTBOUND', 'VIRUS_SCAN')).edges.map((e: any) => e.node.name);
    expect(outVirus).toContain('Organization: Global Outbound Policy (Virus)');
  });

  it('filters by migration status, name, level and recipient', async () => {
    const errors = await list('INBOUND', 'CONTENT_FILTERING', { migrationStatus: 'ERROR' });
    expect(errors.edges.map((e: any) => e.node.name)).toEqual(['DDEIにBCCでメール送信']);
    expect(errors.edges[0].node.migrationNotes[0]).toMatchObject({ code: 'ACTION_TARGET_UNMANAGED', category: 'ERROR' });
    expect((await list('INBOUND', 'CONTENT_FILTERING', { name: 'スタンプ' })).edges.map((e: any) => e.node.name)).toEqual([
      '外部メール注意スタンプ',
    ]);
    const org = await list('INBOUND', 'CONTENT_FILTERING', { level: 'ORGANIZATION' });
    expect(org.edges.every((e: any) => e.node.level === 'ORGANIZATION')).toBe(true);
    const forCeo = await list('INBOUND', 'CONTENT_FILTERING', { recipient: 'someone@example.co.jp' });
    expect(forCeo.totalCount).toBeGreaterThan(0);
    const outsider = await list('INBOUND', 'CONTENT_FILTERING', { recipient: 'x@elsewhere.example' });
    expect(outsider.totalCount).toBeLessThan(forCeo.totalCount);
    const byName = await list('INBOUND', 'CONTENT_FILTERING', {}, { field: 'NAME' });
    const names = byName.edges.map((e: any) => e.node.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'ja')));
  });

  it('takes a Needs-fix rule through Fixed to enabled, refusing shortcuts', async () => {
    const rule = (await list('INBOUND', 'CONTENT_FILTERING', { migrationStatus: 'ERROR' })).edges[0].node;
    expect(rule.enabled).toBe(false);
    const early = await t.gql(`mutation($id: ID!) { setPolicyRuleEnabled(id: $id, enabled: true) { ${RULE} } }`, { id: rule.id });
    expect(early.data.setPolicyRuleEnabled.userErrors[0].code).toBe('POLICY_RULE_NEEDS_FIX');
    const confirmWrong = await t.gql(`mutation($id: ID!) { confirmPolicy(id: $id) { ${RULE} } }`, { id: rule.id });
    expect(confirmWrong.data.confirmPolicy.userErrors[0].code).toBe('POLICY_STATUS_INVALID');
    const fixed = await t.gql(`mutation($id: ID!) { markPolicyFixed(id: $id) { ${RULE} } }`, { id: rule.id });
    expect(fixed.data.markPolicyFixed.rule).toMatchObject({ migrationStatus: 'FIXED', enabled: false });
    const enabled = await t.gql(`mutation($id: ID!) { setPolicyRuleEnabled(id: $id, enabled: true) { ${RULE} } }`, { id: rule.id });
    expect(enabled.data.setPolicyRuleEnabled.rule.enabled).toBe(true);
    expect((await list('INBOUND', 'CONTENT_FILTERING', { migrationStatus: 'RESOLVED', name: 'DDEI' })).totalCount).toBe(1);
  });

  it('confirms a Needs-confirmation rule', async () => {
    const rule = (await list('INBOUND', 'CONTENT_FILTERING', { migrationStatus: 'WARNING' })).edges[0].node;
    const r = await t.gql(`mutation($id: ID!) { confirmPolicy(id: $id) { ${RULE} } }`, { id: rule.id });
    expect(r.data.confirmPolicy.rule.migrationStatus).toBe('CONFIRMED');
  });

  it('reorders, copies and deletes, keeping orders 1..n', async () => {
    const before = (await list('INBOUND', 'CONTENT_FILTERING')).edges.map((e: any) => e.node);
    const last = before[before.length - 1];
    const moved = await t.gql(`mutation($id: ID!) { reorderPolicyRule(id: $id, order: 1) { ${RULE} } }`, { id: last.id });
    expect(moved.data.reorderPolicyRule.rule.order).toBe(1);
    const after = (await list('INBOUND', 'CONTENT_FILTERING')).edges.map((e: any) => e.node);
    expect(after.map((r: any) => r.order)).toEqual(before.map((_: unknown, i: number) => i + 1));
    expect(after[0].id).toBe(last.id);
    const copy = await t.gql(`mutation($id: ID!) { copyPolicyRule(id: $id) { ${RULE} } }`, { id: last.id });
    expect(copy.data.copyPolicyRule.rule).toMatchObject({
      name: `${last.name} (copy)`,
      enabled: false,
      order: before.length + 1,
      migrationStatus: null,
    });
    const del = await t.gql(`mutation($id: ID!) { deletePolicyRule(id: $id) { deletedId userErrors { code } } }`, { id: after[1].id });
    expect(del.data.deletePolicyRule.userErrors).toEqual([]);
    expect((await list('INBOUND', 'CONTENT_FILTERING')).edges.map((e: any) => e.node.order)).toEqual(
      before.map((_: unknown, i: number) => i + 1),
    );
  });

  it('refuses changes to a global rule other than its monitor actions', async () => {
    const global = (await list('OUTBOUND', 'VIRUS_SCAN', { name: 'Global' })).edges[0].node;
    const r = await t.gql(`mutation($i: UpdatePolicyRuleInput!) { updatePolicyRule(input: $i) { ${RULE} } }`, {
      i: { id: global.id, name: 'renamed' },
    });
    expect(r.data.updatePolicyRule.userErrors[0].code).toBe('POLICY_RULE_LOCKED');
    const del = await t.gql(`mutation($id: ID!) { deletePolicyRule(id: $id) { deletedId userErrors { code } } }`, { id: global.id });
    expect(del.data.deletePolicyRule.userErrors[0].code).toBe('POLICY_RULE_LOCKED');
  });

  it('validates a new rule as CEGP does', async () => {
    const base = {
      direction: 'INBOUND',
      type: 'CONTENT_FILTERING',
      name: 'テスト',
      recipients: { kind: 'MY_ORGANIZATION' },
      senders: { kind: 'ANYONE' },
      criteriaMode: 'ALL_MATCH',
      criteria: [{ type: 'ATTACHMENT_PASSWORD_PROTECTED' }, { type: 'SUBJECT_BLANK' }],
      intercept: { action: 'QUARANTINE' },
      modifyActions: [{ type: 'INSERT_X_HEADER', headerName: 'X-TM-Mine', headerValue: '1' }],
      monitorActions: [{ type: 'BCC', recipients: ['audit@outside.example'] }],
    };
    const bad = await t.gql(`mutation($i: AddPolicyRuleInput!) { addPolicyRule(input: $i) { ${RULE} } }`, { i: base });
    expect(bad.data.addPolicyRule.userErrors.map((e: any) => e.code).sort()).toEqual([
      'POLICY_ACTION_TARGET_UNMANAGED',
      'POLICY_BCC_WITH_TERMINAL',
      'POLICY_CRITERION_ANY_ONLY',
      'POLICY_X_HEADER_RESERVED',
    ]);
    const good = await t.gql(`mutation($i: AddPolicyRuleInput!) { addPolicyRule(input: $i) { ${RULE} } }`, {
      i: {
        ...base,
        criteriaMode: 'ANY_MATCH',
        modifyActions: [{ type: 'TAG_SUBJECT', text: '[注意]' }],
        monitorActions: [],
        intercept: { action: 'NONE' },
      },
    });
    expect(good.data.addPolicyRule.userErrors).toEqual([]);
    expect(good.data.addPolicyRule.rule).toMatchObject({ name: 'テスト', enabled: true, migrationStatus: null });
  });
});

describe('policy objects', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await verifiedDomain(t, 'example.co.jp');
  });
  afterAll(async () => t?.close());

  it('refuses to delete an object a rule uses, naming the rule', async () => {
    const g = await t.gql(
      `mutation { addAddressGroup(input: { name: "役員", internal: true, addresses: ["ceo@example.co.jp"] }) { addressGroup { id name internal } userErrors { code } } }`,
    );
    expect(g.data.addAddressGroup.addressGroup).toMatchObject({ name: '役員', internal: true });
    const groupId = g.data.addAddressGroup.addressGroup.id;
    const r = await t.gql(`mutation($i: AddPolicyRuleInput!) { addPolicyRule(input: $i) { rule { id } userErrors { code message } } }`, {
      i: {
        direction: 'INBOUND',
        type: 'CONTENT_FILTERING',
        name: '役員宛て',
        recipients: { kind: 'SPECIFIED', addressGroupIds: [groupId] },
        senders: { kind: 'ANYONE' },
        criteriaMode: 'NO_CRITERIA',
        intercept: { action: 'NONE' },
        modifyActions: [{ type: 'TAG_SUBJECT', text: '[役員]' }],
      },
    });
    expect(r.data.addPolicyRule.userErrors).toEqual([]);
    const del = await t.gql(`mutation($id: ID!) { deleteAddressGroup(id: $id) { deletedId userErrors { code message } } }`, {
      id: groupId,
    });
    expect(del.data.deleteAddressGroup.userErrors[0].code).toBe('POLICY_OBJECT_IN_USE');
    expect(del.data.deleteAddressGroup.userErrors[0].message).toContain('役員宛て');
    await t.gql(`mutation($id: ID!) { deletePolicyRule(id: $id) { deletedId } }`, { id: r.data.addPolicyRule.rule.id });
    const again = await t.gql(`mutation($id: ID!) { deleteAddressGroup(id: $id) { deletedId userErrors { code } } }`, { id: groupId });
    expect(again.data.deleteAddressGroup).toEqual({ deletedId: groupId, userErrors: [] });
  });

  it('validates groups, keyword lists and list entries', async () => {
    const internal = await t.gql(
      `mutation { addAddressGroup(input: { name: "x", internal: true, addresses: ["a@partner.example", "*@*.example.co.jp"] }) { userErrors { code field } } }`,
    );
    expect(internal.data.addAddressGroup.userErrors.map((e: any) => e.field)).toEqual(['input.addresses.0', 'input.addresses.1']);
    const list = await t.gql(
      `mutation { addKeywordList(input: { name: "機密", match: SCORE, expressions: [{ expression: "機密|社外秘" }, { expression: "(abc" }] }) { userErrors { code field } } }`,
    );
    expect(list.data.addKeywordList.userErrors.map((e: any) => e.code).sort()).toEqual([
      'KEYWORD_EXPRESSION_INVALID',
      'KEYWORD_LIST_THRESHOLD_REQUIRED',
    ]);
    const ok = await t.gql(
      `mutation { addKeywordList(input: { name: "機密", match: SCORE, threshold: 5, expressions: [{ expression: "機密|社外秘", score: 5 }] }) { keywordList { name match threshold } userErrors { code } } }`,
    );
    expect(ok.data.addKeywordList).toEqual({ keywordList: { name: '機密', match: 'SCORE', threshold: 5 }, userErrors: [] });
    const dup = await t.gql(
      `mutation { addKeywordList(input: { name: "機密", match: ANY, expressions: [{ expression: "x" }] }) { userErrors { code } } }`,
    );
    expect(dup.data.addKeywordList.userErrors[0].code).toBe('POLICY_OBJECT_NAME_TAKEN');
    const ips = await t.gql(
      `mutation { addListEntries(list: BLOCKED_IP, values: ["198.51.100.7", "10.0.0.1", "nonsense"]) { added userErrors { code field } } }`,
    );
    expect(ips.data.addListEntries.userErrors.map((e: any) => e.field)).toEqual(['values.1', 'values.2']);
    const added = await t.gql(
      `mutation { addListEntries(list: BLOCKED_IP, values: ["198.51.100.7", "203.0.113.0/24"]) { added userErrors { code } } }`,
    );
    expect(added.data.addListEntries.added).toBe(2);
    const shown = await t.gql(`{ listEntries(list: BLOCKED_IP) { totalCount edges { node { value } } } }`);
    expect(shown.data.listEntries.edges.map((e: any) => e.node.value)).toEqual(['198.51.100.7', '203.0.113.0/24']);
  });

  it('tests keyword lists in the test area', async () => {
    const r = await t.gql(
      `{ testKeywords(input: { text: "社外秘の資料", expressions: [{ expression: "機密|社外秘" }, { expression: "abc\\\\bdef" }], match: ALL }) { matched expressions { valid problemCode matched matches { text } } } }`,
    );
    expect(r.data.testKeywords.expressions).toEqual([
      { valid: true, problemCode: null, matched: true, matches: [{ text: '社外秘' }] },
      { valid: false, problemCode: 'EXPRESSION_WORD_BOUNDARY_MIDDLE', matched: false, matches: [] },
    ]);
    expect(r.data.testKeywords.matched).toBe(true);
  });

  it('saves the "show migration status" setting', async () => {
    const r = await t.gql(`mutation { setShowMigrationStatus(show: false) { showMigrationStatus userErrors { code } } }`);
    expect(r.data.setShowMigrationStatus).toEqual({ showMigrationStatus: false, userErrors: [] });
    expect((await t.gql(`{ policySettings { showMigrationStatus } }`)).data.policySettings.showMigrationStatus).toBe(false);
  });
});
