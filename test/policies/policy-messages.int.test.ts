// What an administrator reads when a rule or a policy object is refused: each problem has its
// own code, and the message is in the request's language, with no English inside Japanese
// (issue 7: the catalog is the only source of user-facing text).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { verifiedDomain } from '../support/migration.js';
import { latinWords } from '../support/latin-words.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const JA = { 'accept-language': 'ja' };
const EN = { 'accept-language': 'en' };
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describeEachDatabase('refusals of rules and policy objects', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await verifiedDomain(t, 'example.co.jp');
  });
  afterAll(async () => t?.close());

  const rule = {
    direction: 'INBOUND',
    type: 'CONTENT_FILTERING',
    name: '検査',
    recipients: { kind: 'SPECIFIED', addresses: [] },
    senders: { kind: 'ANYONE' },
    criteriaMode: 'NO_CRITERIA',
    intercept: { action: 'QUARANTINE' },
    modifyActions: [
      { type: 'INSERT_X_HEADER', headerName: 'X-TM-Mine', headerValue: '1' },
      { type: 'TAG_SUBJECT', text: ' ' },
    ],
    monitorActions: [{ type: 'BCC', recipients: [] }],
  };
  const ADD_RULE = `mutation($i: AddPolicyRuleInput!) { addPolicyRule(input: $i) { userErrors { code message field } } }`;

  it('gives each problem of a rule its own code, in Japanese without English words', async () => {
    const ja = (await t.gql(ADD_RULE, { i: rule }, JA)).data.addPolicyRule.userErrors;
    expect(ja.map((e: any) => e.code).sort()).toEqual([
      'POLICY_BCC_RECIPIENTS_REQUIRED',
      'POLICY_BCC_WITH_TERMINAL',
      'POLICY_ROUTE_EMPTY',
      'POLICY_TAG_SUBJECT_REQUIRED',
      'POLICY_X_HEADER_RESERVED',
    ]);
    for (const e of ja) {
      expect(e.message, e.code).toMatch(JAPANESE);
      expect(latinWords(e.message), e.message).toEqual([]);
    }
    expect(ja.find((e: any) => e.code === 'POLICY_ROUTE_EMPTY').message).toBe(
      '受信者を 1 つ以上選択するか、「自組織」を選択してください。',
    );
    const en = (await t.gql(ADD_RULE, { i: rule }, EN)).data.addPolicyRule.userErrors;
    for (const e of en) expect(e.message, e.code).not.toMatch(JAPANESE);
    expect(en.find((e: any) => e.code === 'POLICY_ROUTE_EMPTY').message).toBe('Choose at least one recipient, or "My organization".');
  });

  it('names a route list over the bound with its own code and the bound', async () => {
    const addresses = Array.from({ length: 501 }, (_, i) => `user${i}@example.co.jp`);
    const r = await t.gql(
      ADD_RULE,
      {
        i: {
          ...rule,
          recipients: { kind: 'SPECIFIED', addresses },
          modifyActions: [],
          monitorActions: [],
          intercept: { action: 'NONE' },
          criteriaMode: 'NO_CRITERIA',
        },
      },
      JA,
    );
    const e = r.data.addPolicyRule.userErrors.find((x: any) => x.code === 'POLICY_ROUTE_TOO_MANY_ENTRIES');
    expect(e).toMatchObject({ field: 'input.recipients' });
    expect(e.message).toContain('500');
    expect(r.data.addPolicyRule.userErrors.map((x: any) => x.code)).not.toContain('POLICY_ROUTE_EMPTY');
  });

  it("says what is wrong with a keyword expression in the reader's language", async () => {
    const ADD_LIST = `mutation { addKeywordList(input: { name: "機密", match: ANY, expressions: [{ expression: "(abc" }, { expression: "a .AND." }] }) { userErrors { code message field } } }`;
    const ja = (await t.gql(ADD_LIST, {}, JA)).data.addKeywordList.userErrors;
    expect(ja.map((e: any) => [e.code, e.field])).toEqual([
      ['KEYWORD_EXPRESSION_INVALID', 'input.expressions.0.expression'],
      ['KEYWORD_EXPRESSION_INVALID', 'input.expressions.1.expression'],
    ]);
    expect(ja[0].message).toContain('括弧の対応が取れていません');
    expect(ja[1].message).toContain('オペランドがありません');
    for (const e of ja) expect(latinWords(e.message, ['(abc', 'a .AND.']), e.message).toEqual([]);
    const en = (await t.gql(ADD_LIST, {}, EN)).data.addKeywordList.userErrors;
    expect(en[0].message).toMatch(
      /^Expression 1 \("\(abc"\) is not valid: At character 1 \("\(abc"\): A parenthesis or bracket has no partner/,
    );
    for (const e of en) expect(e.message).not.toMatch(JAPANESE);
  });

  it('refuses list entries and group addresses with one code per reason', async () => {
    const ips = (
      await t.gql(
        `mutation { addListEntries(list: BLOCKED_IP, values: ["198.51.100.7", "10.0.0.1", "nonsense"]) { userErrors { code message field } } }`,
        {},
        JA,
      )
    ).data.addListEntries.userErrors;
    expect(ips.map((e: any) => [e.code, e.field])).toEqual([
      ['LIST_ENTRY_IP_PRIVATE', 'values.1'],
      ['LIST_ENTRY_IP_INVALID', 'values.2'],
    ]);
    expect(ips[0].message).toBe(
      '「10.0.0.1」はプライベート・ループバック・リンクローカルのアドレスのため、ブロックする IP アドレスのリストには登録できません。',
    );
    const group = (
      await t.gql(
        `mutation { addAddressGroup(input: { name: "社内", internal: true, addresses: ["a@partner.example", "*@*.example.co.jp", "nonsense"] }) { userErrors { code message } } }`,
        {},
        JA,
      )
    ).data.addAddressGroup.userErrors;
    expect(group.map((e: any) => e.code)).toEqual([
      'ADDRESS_GROUP_INTERNAL_UNMANAGED',
      'ADDRESS_GROUP_INTERNAL_WILDCARD',
      'ADDRESS_GROUP_ADDRESS_INVALID',
    ]);
    const stamp = (await t.gql(`mutation { addStamp(input: { name: "注意", text: " " }) { userErrors { code message field } } }`, {}, JA))
      .data.addStamp.userErrors;
    expect(stamp).toEqual([{ code: 'POLICY_STAMP_TEXT_REQUIRED', message: 'スタンプの本文を入力してください。', field: 'input.text' }]);
    for (const e of [...ips, ...group]) expect(latinWords(e.message, ['nonsense']), e.message).toEqual([]);
  });

  it("names a missing object in the reader's language", async () => {
    const r = await t.gql(
      `mutation($id: ID!) { deleteAddressGroup(id: $id) { userErrors { code message } } }`,
      { id: 'QWRkcmVzc0dyb3VwOm5vbmU=' },
      JA,
    );
    expect(r.data.deleteAddressGroup.userErrors).toEqual([
      { code: 'POLICY_OBJECT_NOT_FOUND', message: 'このテナントにアドレスグループ none は見つかりません。' },
    ]);
  });
});
