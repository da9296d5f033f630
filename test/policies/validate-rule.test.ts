// validateRule, one constraint at a time, with a hand-built context: the codes, fields and
// messages an administrator's client receives (docs/cegp/policies-and-content-filtering.md §1–§5).
import { describe, expect, it } from 'vitest';
import type { InterceptAction } from '../../src/db/enums.js';
import type { ExpectedError } from '../../src/platform/errors.js';
import { defaultRules } from '../../src/policies/default-rules.js';
import {
  ANYONE,
  MAX_SIZE_CRITERION_BYTES,
  MY_ORGANIZATION,
  type Criterion,
  type ModifyAction,
  type MonitorAction,
  type RouteEntry,
  type RouteSpec,
  type RuleBody,
} from '../../src/policies/rule.js';
import {
  isAddressPattern,
  MAX_COUNT_CRITERION,
  MAX_ROUTE_ENTRIES,
  MAX_RULE_NAME_CHARS,
  validateRule,
  type RuleValidationContext,
} from '../../src/policies/validate-rule.js';

const ctx: RuleValidationContext = {
  managedDomains: [
    { name: 'example.co.jp', verified: true },
    // Registered but not yet verified: still one of "My domains".
    { name: 'pending.example', verified: false },
  ],
  objectIds: {
    ADDRESS_GROUP: new Set(['g1']),
    KEYWORD_LIST: new Set(['k1', 'k2']),
    NOTIFICATION: new Set(['n1']),
    STAMP: new Set(['s1']),
    DLP_TEMPLATE: new Set(['t1']),
  },
  internalGroupIds: new Set(['g1']),
};

/** An inbound content-filtering rule with no problem; each test changes one thing. */
const base: RuleBody = {
  direction: 'INBOUND',
  type: 'CONTENT_FILTERING',
  name: 'Block invoices',
  notes: '',
  enabled: true,
  recipients: MY_ORGANIZATION,
  senders: ANYONE,
  exceptions: [],
  criteriaMode: 'ANY_MATCH',
  criteria: [{ type: 'SUBJECT_KEYWORDS', keywordListIds: ['k1'] }],
  intercept: 'NONE',
  interceptOptions: {},
  modifyActions: [],
  monitorActions: [],
};
const rule = (patch: Partial<RuleBody>): RuleBody => ({ ...base, ...patch });
const specified = (...entries: RouteEntry[]): RouteSpec => ({ kind: 'SPECIFIED', entries });
const address = (value: string): RouteEntry => ({ type: 'ADDRESS', value });
const withCriteria = (...criteria: Criterion[]) => rule({ criteria });
const withModify = (...modifyActions: ModifyAction[]) => rule({ modifyActions });
const withMonitor = (...monitorActions: MonitorAction[]) => rule({ monitorActions });

/** What a client sees of each problem: code and field (userErrors { code field }). */
const seen = (r: RuleBody) => validateRule(r, ctx).map((e) => ({ code: e.code, field: e.field }));
const codes = (r: RuleBody) => validateRule(r, ctx).map((e) => e.code);
/** The only problem of a rule, for its message. */
const only = (r: RuleBody): ExpectedError => {
  const problems = validateRule(r, ctx);
  expect(problems.map((e) => e.code)).toHaveLength(1);
  return problems[0]!;
};
const messages = (e: ExpectedError) => ({ en: e.messageIn('en'), ja: e.messageIn('ja') });

describe('valid rules', () => {
  it.each<[string, RuleBody]>([
    ['inbound virus scan', rule({ type: 'VIRUS_SCAN', criteria: [{ type: 'MALWARE' }], intercept: 'DELETE' })],
    [
      'outbound virus scan that cleans',
      rule({
        direction: 'OUTBOUND',
        type: 'VIRUS_SCAN',
        recipients: ANYONE,
        senders: MY_ORGANIZATION,
        criteria: [{ type: 'MALWARE' }],
        modifyActions: [{ type: 'CLEAN_MALWARE' }],
      }),
    ],
    [
      'inbound spam filtering',
      rule({
        type: 'SPAM_FILTERING',
        criteria: [
          { type: 'SPAM', threat: 'PHISHING', level: 'HIGH' },
          { type: 'WEB_REPUTATION', level: 'MODERATELY_HIGH' },
        ],
        intercept: 'QUARANTINE',
        interceptOptions: { area: 'Default' },
      }),
    ],
    [
      'outbound spam filtering that tags',
      rule({
        direction: 'OUTBOUND',
        type: 'SPAM_FILTERING',
        recipients: ANYONE,
        senders: MY_ORGANIZATION,
        criteria: [{ type: 'SPAM', threat: 'SPAM', level: 'MODERATELY_LOW' }],
        modifyActions: [{ type: 'TAG_SUBJECT', text: '[SPAM]', skipSigned: true }],
      }),
    ],
    [
      'inbound Correlated Intelligence',
      rule({ type: 'CORRELATED_INTELLIGENCE', criteria: [{ type: 'CORRELATED_INTELLIGENCE' }], intercept: 'QUARANTINE' }),
    ],
    [
      'inbound content filtering using every route form and action',
      rule({
        recipients: specified(
          address('taro@example.co.jp'),
          address('*@example.co.jp'),
          { type: 'DOMAIN', domain: 'example.co.jp' },
          { type: 'DOMAIN', domain: 'pending.example' },
          { type: 'ADDRESS_GROUP', groupId: 'g1' },
          { type: 'DIRECTORY_GROUP', dn: 'cn=sales,dc=example,dc=co,dc=jp' },
        ),
        senders: specified(address('*@*.partner.example'), address('ceo@*'), address('*@*'), { type: 'ADDRESS_GROUP', groupId: 'g1' }),
        exceptions: [
          { sender: specified(address('boss@*')), recipient: specified() },
          { sender: ANYONE, recipient: specified(address('hanako@example.co.jp')) },
        ],
        criteriaMode: 'ALL_MATCH',
        criteria: [
          { type: 'ENVELOPE_SENDER_BLANK' },
          { type: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE' },
          { type: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO' },
          { type: 'HEADER_KEYWORDS', headers: ['X-Mailer', ''], keywordListIds: ['k1'] },
          { type: 'MESSAGE_SIZE', op: 'GT', bytes: MAX_SIZE_CRITERION_BYTES },
          { type: 'SUBJECT_KEYWORDS', keywordListIds: ['k1', 'k2'] },
          { type: 'SUBJECT_BLANK' },
          { type: 'BODY_KEYWORDS', keywordListIds: ['k2'] },
          { type: 'BODY_BLANK' },
          { type: 'ATTACHMENT_NAME', selected: true, patterns: ['*.exe'] },
          { type: 'ATTACHMENT_MIME_TYPE', selected: false, types: ['application/zip'] },
          { type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: true, types: ['EXE'] },
          { type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: ['k1'] },
          { type: 'ATTACHMENT_SIZE', op: 'LE', bytes: 0 },
          { type: 'ATTACHMENT_COUNT', op: 'GT', count: MAX_COUNT_CRITERION },
        ],
        modifyActions: [
          { type: 'INSERT_X_HEADER', name: 'X-Company-Scan', value: 'yes' },
          { type: 'INSERT_STAMP', stampId: 's1' },
          { type: 'TAG_SUBJECT', text: '[社外]', skipSigned: false },
          { type: 'DELETE_ATTACHMENTS' },
          { type: 'SANITIZE', deleteIfUnable: true },
        ],
        monitorActions: [
          { type: 'NOTIFY', notificationId: 'n1' },
          { type: 'BCC', recipients: ['audit@example.co.jp', 'audit@tokyo.example.co.jp'] },
        ],
      }),
    ],
    [
      'inbound content filtering with the Any Match only criteria',
      withCriteria(
        { type: 'ATTACHMENT_PASSWORD_PROTECTED' },
        { type: 'ATTACHMENT_ACTIVE_CONTENT' },
        { type: 'RECIPIENT_COUNT', op: 'GT', count: 0 },
      ),
    ],
    ['content filtering with no criteria', rule({ criteriaMode: 'NO_CRITERIA', criteria: [] })],
    [
      'outbound content filtering that encrypts',
      rule({ direction: 'OUTBOUND', recipients: ANYONE, senders: MY_ORGANIZATION, modifyActions: [{ type: 'ENCRYPT' }] }),
    ],
    [
      'inbound DLP',
      rule({
        type: 'DLP',
        criteria: [{ type: 'DLP', templateIds: ['t1'], predefinedTemplates: ['Japan: My Number'] }],
        intercept: 'QUARANTINE',
        interceptOptions: { area: 'Default' },
        monitorActions: [{ type: 'NOTIFY', notificationId: 'n1' }],
      }),
    ],
    [
      'outbound DLP that changes the recipient',
      rule({
        direction: 'OUTBOUND',
        type: 'DLP',
        recipients: ANYONE,
        senders: MY_ORGANIZATION,
        criteria: [{ type: 'DLP', templateIds: [], predefinedTemplates: ['Japan: My Number'] }],
        intercept: 'CHANGE_RECIPIENT',
        interceptOptions: { recipients: ['compliance@example.co.jp'] },
      }),
    ],
    ['deliver now to the default server', rule({ intercept: 'DELIVER_NOW', interceptOptions: {} })],
    ['deliver now to a named server', rule({ intercept: 'DELIVER_NOW', interceptOptions: { server: 'mail.example.co.jp:25' } })],
    ['deliver now to an IPv6 server', rule({ intercept: 'DELIVER_NOW', interceptOptions: { server: '[2001:db8::1]:587' } })],
  ])('%s has no problems', (_what, r) => {
    expect(validateRule(r, ctx)).toEqual([]);
  });

  it('every default rule of a new tenant has no problems', () => {
    const empty: RuleValidationContext = {
      managedDomains: [],
      objectIds: {
        ADDRESS_GROUP: new Set(),
        KEYWORD_LIST: new Set(),
        NOTIFICATION: new Set(),
        STAMP: new Set(),
        DLP_TEMPLATE: new Set(),
      },
      internalGroupIds: new Set(),
    };
    for (const { locked: _locked, order: _order, ...r } of defaultRules()) expect([r.name, validateRule(r, empty)]).toEqual([r.name, []]);
  });
});

describe('basic information', () => {
  it.each(['', '   ', 'x'.repeat(MAX_RULE_NAME_CHARS + 1)])('refuses the name %j', (name) => {
    expect(seen(rule({ name }))).toEqual([{ code: 'POLICY_RULE_NAME_INVALID', field: 'input.name' }]);
  });

  it(`takes a name of ${MAX_RULE_NAME_CHARS} characters, counted without surrounding spaces`, () => {
    expect(seen(rule({ name: 'x'.repeat(MAX_RULE_NAME_CHARS) }))).toEqual([]);
    expect(seen(rule({ name: `  ${'名'.repeat(MAX_RULE_NAME_CHARS)}  ` }))).toEqual([]);
  });

  it('refuses an outbound Correlated Intelligence rule', () => {
    const e = only(rule({ direction: 'OUTBOUND', type: 'CORRELATED_INTELLIGENCE', recipients: ANYONE, senders: MY_ORGANIZATION }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_TYPE_DIRECTION_INVALID', field: 'input.type' });
    expect(e.messageIn('en')).toBe('CORRELATED_INTELLIGENCE rules exist for inbound mail only.');
  });
});

describe('recipients and senders', () => {
  it('refuses an empty specified list, naming the side and its broad choice', () => {
    const rcpt = only(rule({ recipients: specified() }));
    expect({ code: rcpt.code, field: rcpt.field }).toEqual({ code: 'POLICY_ROUTE_EMPTY', field: 'input.recipients' });
    expect(messages(rcpt)).toEqual({
      en: 'Choose at least one recipient, or "My organization".',
      ja: '受信者を 1 つ以上選択するか、「自組織」を選択してください。',
    });
    const send = only(rule({ senders: specified() }));
    expect({ code: send.code, field: send.field }).toEqual({ code: 'POLICY_ROUTE_EMPTY', field: 'input.senders' });
    expect(messages(send)).toEqual({
      en: 'Choose at least one sender, or "Anyone".',
      ja: '送信者を 1 つ以上選択するか、「すべてのユーザー」を選択してください。',
    });
    // Outbound, the senders are the organization side.
    expect(only(rule({ direction: 'OUTBOUND', recipients: ANYONE, senders: specified() })).messageIn('en')).toBe(
      'Choose at least one sender, or "My organization".',
    );
  });

  it('lets an exception part stay empty (it then reads as anyone)', () => {
    expect(seen(rule({ exceptions: [{ sender: specified(), recipient: specified() }] }))).toEqual([]);
  });

  it(`refuses more than ${MAX_ROUTE_ENTRIES} entries in one list`, () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => address(`user${i}@partner.example`));
    expect(seen(rule({ senders: specified(...entries(MAX_ROUTE_ENTRIES)) }))).toEqual([]);
    const e = only(rule({ senders: specified(...entries(MAX_ROUTE_ENTRIES + 1)) }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_ROUTE_TOO_MANY_ENTRIES', field: 'input.senders' });
    expect(messages(e)).toEqual({
      en: 'The sender list has 501 entries; a list holds at most 500.',
      ja: '送信者のエントリが 501 件あります。1 つのリストに指定できるのは最大 500 件です。',
    });
    const x = only(rule({ exceptions: [{ sender: specified(...entries(MAX_ROUTE_ENTRIES + 1)), recipient: MY_ORGANIZATION }] }));
    expect({ code: x.code, field: x.field }).toEqual({ code: 'POLICY_ROUTE_TOO_MANY_ENTRIES', field: 'input.exceptions.0.sender' });
    expect(x.messageIn('ja')).toMatch(/^例外の送信者のエントリが 501 件/);
  });

  it.each([
    'taro',
    'taro@',
    '@example.co.jp',
    'taro@localhost',
    'ta ro@example.co.jp',
    'a@@example.co.jp',
    'a@exa_mple.co.jp',
    'a@-x.example',
    '*@*.*.example',
    'a@*example.com',
  ])('refuses the address pattern %j', (value) => {
    const e = only(rule({ senders: specified(address(value)) }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_ROUTE_ADDRESS_INVALID', field: 'input.senders' });
    expect(e.messageIn('en')).toContain(`"${value}"`);
  });

  it.each(['taro@example.co.jp', 'Taro.Yamada+news@Example.CO.JP', '*@example.co.jp', '*@*.example.co.jp', 'ceo@*', '*@*'])(
    'takes the address pattern %j on the external side',
    (value) => {
      expect(isAddressPattern(value)).toBe(true);
      expect(seen(rule({ senders: specified(address(value)) }))).toEqual([]);
    },
  );

  it.each(['ceo@*', '*@*.example.co.jp', '*@*'])('refuses the wildcard domain %j on the organization side', (value) => {
    expect(seen(rule({ recipients: specified(address(value)) }))).toEqual([
      { code: 'POLICY_ROUTE_WILDCARD_INTERNAL', field: 'input.recipients' },
    ]);
    expect(seen(rule({ direction: 'OUTBOUND', recipients: specified(address(value)), senders: specified(address(value)) }))).toEqual([
      { code: 'POLICY_ROUTE_WILDCARD_INTERNAL', field: 'input.senders' },
    ]);
    expect(seen(rule({ exceptions: [{ sender: specified(address(value)), recipient: specified(address(value)) }] }))).toEqual([
      { code: 'POLICY_ROUTE_WILDCARD_INTERNAL', field: 'input.exceptions.0.recipient' },
    ]);
  });

  it('refuses a domain that is not one of My domains', () => {
    const e = only(rule({ recipients: specified({ type: 'DOMAIN', domain: 'other.example' }) }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_ROUTE_DOMAIN_UNKNOWN', field: 'input.recipients' });
    expect(e.messageIn('en')).toContain('other.example');
    // A subdomain of a managed domain is not itself one of My domains.
    expect(codes(rule({ recipients: specified({ type: 'DOMAIN', domain: 'tokyo.example.co.jp' }) }))).toEqual([
      'POLICY_ROUTE_DOMAIN_UNKNOWN',
    ]);
  });

  it('refuses an address group the tenant does not have, wherever it is', () => {
    const e = only(rule({ senders: specified({ type: 'ADDRESS_GROUP', groupId: 'g-gone' }) }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_OBJECT_NOT_FOUND', field: 'input.senders' });
    expect(messages(e)).toEqual({
      en: 'The address group g-gone was not found in this tenant.',
      ja: 'このテナントにアドレスグループ g-gone は見つかりません。',
    });
    expect(seen(rule({ exceptions: [{ sender: ANYONE, recipient: specified({ type: 'ADDRESS_GROUP', groupId: 'g-gone' }) }] }))).toEqual([
      { code: 'POLICY_OBJECT_NOT_FOUND', field: 'input.exceptions.0.recipient' },
    ]);
  });

  // §2: "LDAP groups are allowed on the internal side only".
  it('refuses a directory (LDAP) group on the external side (inbound senders, outbound recipients, their exception parts)', () => {
    const ldap = specified({ type: 'DIRECTORY_GROUP', dn: 'cn=sales,dc=example' });
    expect(seen(rule({ senders: ldap }))).toEqual([{ code: 'POLICY_ROUTE_DIRECTORY_GROUP_EXTERNAL', field: 'input.senders' }]);
    expect(seen(rule({ direction: 'OUTBOUND', senders: MY_ORGANIZATION, recipients: ldap }))).toEqual([
      { code: 'POLICY_ROUTE_DIRECTORY_GROUP_EXTERNAL', field: 'input.recipients' },
    ]);
    expect(seen(rule({ exceptions: [{ sender: ldap, recipient: ANYONE }] }))).toEqual([
      { code: 'POLICY_ROUTE_DIRECTORY_GROUP_EXTERNAL', field: 'input.exceptions.0.sender' },
    ]);
    expect(seen(rule({ recipients: ldap }))).toEqual([]);
  });
  // §2: internal address groups "are mandatory where the group sits on the organization side".
  it('refuses a hybrid (non-internal) address group on the organization side', () => {
    const hybrid: RuleValidationContext = { ...ctx, objectIds: { ...ctx.objectIds, ADDRESS_GROUP: new Set(['g1', 'g-hybrid']) } };
    const problems = validateRule(rule({ recipients: specified({ type: 'ADDRESS_GROUP', groupId: 'g-hybrid' }) }), hybrid);
    expect(problems.map((e) => [e.code, e.field])).toEqual([['POLICY_ROUTE_GROUP_NOT_INTERNAL', 'input.recipients']]);
    expect(problems[0]!.messageIn('ja')).toContain('内部グループ');
    expect(validateRule(rule({ senders: specified({ type: 'ADDRESS_GROUP', groupId: 'g-hybrid' }) }), hybrid)).toEqual([]);
  });
});

describe('scanning criteria', () => {
  it('requires a criterion unless the rule has No criteria', () => {
    expect(seen(rule({ criteriaMode: 'ANY_MATCH', criteria: [] }))).toEqual([
      { code: 'POLICY_CRITERIA_REQUIRED', field: 'input.criteria' },
    ]);
    expect(seen(rule({ criteriaMode: 'ALL_MATCH', criteria: [] }))).toEqual([
      { code: 'POLICY_CRITERIA_REQUIRED', field: 'input.criteria' },
    ]);
  });

  it.each<Criterion>([
    { type: 'ATTACHMENT_PASSWORD_PROTECTED' },
    { type: 'ATTACHMENT_ACTIVE_CONTENT' },
    { type: 'RECIPIENT_COUNT', op: 'GT', count: 10 },
  ])('refuses $type under All Match', (c) => {
    const e = only(rule({ criteriaMode: 'ALL_MATCH', criteria: [{ type: 'BODY_BLANK' }, c] }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_CRITERION_ANY_ONLY', field: 'input.criteria.1' });
    expect(e.messageIn('en')).toBe(`The criterion ${c.type} is available under Any Match only.`);
  });

  it('refuses the blank envelope sender criterion outbound', () => {
    const e = only(
      rule({ direction: 'OUTBOUND', recipients: ANYONE, senders: MY_ORGANIZATION, criteria: [{ type: 'ENVELOPE_SENDER_BLANK' }] }),
    );
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_CRITERION_INBOUND_ONLY', field: 'input.criteria.0' });
  });

  it.each([-1, MAX_SIZE_CRITERION_BYTES + 1, 1.5, Number.NaN])('refuses a size of %s bytes', (bytes) => {
    for (const type of ['MESSAGE_SIZE', 'ATTACHMENT_SIZE'] as const) {
      const e = only(withCriteria({ type: 'BODY_BLANK' }, { type, op: 'GT', bytes }));
      expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_CRITERION_SIZE_INVALID', field: 'input.criteria.1' });
      expect(messages(e)).toEqual({
        en: `Criterion 2 (${type}): the size must be 0 to 150 MB.`,
        ja: `条件 2 (${type}): サイズは 0〜150 MB で指定してください。`,
      });
    }
  });

  it.each([-1, MAX_COUNT_CRITERION + 1, 2.5])('refuses a count of %s', (count) => {
    for (const type of ['ATTACHMENT_COUNT', 'RECIPIENT_COUNT'] as const) {
      const e = only(withCriteria({ type, op: 'LE', count }));
      expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_CRITERION_COUNT_INVALID', field: 'input.criteria.0' });
      expect(e.messageIn('en')).toBe(`Criterion 1 (${type}): the count must be a whole number from 0 to ${MAX_COUNT_CRITERION}.`);
    }
  });

  it.each<Criterion>([
    { type: 'ATTACHMENT_NAME', selected: true, patterns: [] },
    { type: 'ATTACHMENT_MIME_TYPE', selected: false, types: [] },
    { type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: true, types: [] },
  ])('refuses $type with no values', (c) => {
    expect(seen(withCriteria(c))).toEqual([{ code: 'POLICY_CRITERION_VALUES_REQUIRED', field: 'input.criteria.0' }]);
  });

  it.each<Criterion>([
    { type: 'HEADER_KEYWORDS', headers: ['Subject'], keywordListIds: [] },
    { type: 'SUBJECT_KEYWORDS', keywordListIds: [] },
    { type: 'BODY_KEYWORDS', keywordListIds: [] },
    { type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: [] },
  ])('refuses $type with no keyword list', (c) => {
    expect(seen(withCriteria(c))).toEqual([{ code: 'POLICY_CRITERION_KEYWORD_LISTS_REQUIRED', field: 'input.criteria.0' }]);
  });

  it('refuses each keyword list the tenant does not have', () => {
    const problems = validateRule(withCriteria({ type: 'BODY_KEYWORDS', keywordListIds: ['k1', 'k-gone', 'k-lost'] }), ctx);
    expect(problems.map((e) => [e.code, e.field, e.messageIn('en')])).toEqual([
      ['POLICY_OBJECT_NOT_FOUND', 'input.criteria.0', 'The keyword list k-gone was not found in this tenant.'],
      ['POLICY_OBJECT_NOT_FOUND', 'input.criteria.0', 'The keyword list k-lost was not found in this tenant.'],
    ]);
  });

  it.each([[[]], [['']], [['  ', '\t']]])('refuses a header criterion with the headers %j', (headers) => {
    expect(seen(withCriteria({ type: 'HEADER_KEYWORDS', headers, keywordListIds: ['k1'] }))).toEqual([
      { code: 'POLICY_CRITERION_HEADERS_REQUIRED', field: 'input.criteria.0' },
    ]);
  });

  it('refuses a DLP template the tenant does not have', () => {
    const e = only(withCriteria({ type: 'DLP', templateIds: ['t1', 't-gone'], predefinedTemplates: [] }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_OBJECT_NOT_FOUND', field: 'input.criteria.0' });
    expect(messages(e)).toEqual({
      en: 'The DLP template t-gone was not found in this tenant.',
      ja: 'このテナントにDLP テンプレート t-gone は見つかりません。',
    });
  });
});

describe('actions', () => {
  it('requires a recipient to change to, in a managed domain', () => {
    expect(seen(rule({ intercept: 'CHANGE_RECIPIENT', interceptOptions: {} }))).toEqual([
      { code: 'POLICY_CHANGE_RECIPIENT_REQUIRED', field: 'input.intercept.recipients' },
    ]);
    expect(seen(rule({ intercept: 'CHANGE_RECIPIENT', interceptOptions: { recipients: [] } }))).toEqual([
      { code: 'POLICY_CHANGE_RECIPIENT_REQUIRED', field: 'input.intercept.recipients' },
    ]);
    const e = only(rule({ intercept: 'CHANGE_RECIPIENT', interceptOptions: { recipients: ['ok@example.co.jp', 'boss@partner.example'] } }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_ACTION_TARGET_UNMANAGED', field: 'input.intercept.recipients' });
    expect(messages(e)).toEqual({
      en: 'The change recipient address boss@partner.example is outside your managed domains.',
      ja: '受信者の変更のアドレス boss@partner.example は管理対象ドメイン外です。',
    });
  });

  it.each([
    'mail.example.co.jp',
    'mail example:25',
    'mail.example.co.jp:',
    'mail.example.co.jp:123456',
    '2001:db8::1:25',
    '[mail.example]:25',
    'http://mail.example:25',
  ])('refuses the deliver-now server %j', (server) => {
    const e = only(rule({ intercept: 'DELIVER_NOW', interceptOptions: { server } }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_DELIVER_NOW_SERVER_INVALID', field: 'input.intercept.server' });
    expect(e.messageIn('en')).toContain(`got "${server}"`);
  });

  it.each(['mail.example.co.jp:0', 'mail.example.co.jp:65536', '[2001:db8::1]:99999'])(
    'refuses the deliver-now server %j (no such port)',
    (server) => {
      expect(seen(rule({ intercept: 'DELIVER_NOW', interceptOptions: { server } }))).toEqual([
        { code: 'POLICY_DELIVER_NOW_SERVER_INVALID', field: 'input.intercept.server' },
      ]);
    },
  );

  it.each(['mail.example.co.jp:1', 'MX1.Example.CO.JP:65535', '192.0.2.10:25', '[::1]:2525'])(
    'takes the deliver-now server %j',
    (server) => {
      expect(seen(rule({ intercept: 'DELIVER_NOW', interceptOptions: { server } }))).toEqual([]);
    },
  );

  it('refuses Clean malware together with Delete matching attachments', () => {
    expect(seen(withModify({ type: 'CLEAN_MALWARE' }, { type: 'DELETE_ATTACHMENTS' }))).toEqual([
      { code: 'POLICY_ACTIONS_EXCLUSIVE', field: 'input.modifyActions' },
    ]);
  });

  it.each(['X-TM-Scan', 'x-tm', 'X-MT-Flag', 'x-mtx', 'X-TMASE-Version'])('refuses the reserved X-Header %j', (name) => {
    const e = only(withModify({ type: 'TAG_SUBJECT', text: '[x]', skipSigned: false }, { type: 'INSERT_X_HEADER', name, value: 'v' }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_X_HEADER_RESERVED', field: 'input.modifyActions.1' });
    expect(e.messageIn('en')).toContain(`"${name}"`);
  });

  it.each(['', 'X Scan', 'X-Scan:', 'X-スキャン', 'X-Scan\r\nBcc'])('refuses the header name %j', (name) => {
    expect(seen(withModify({ type: 'INSERT_X_HEADER', name, value: 'v' }))).toEqual([
      { code: 'POLICY_X_HEADER_NAME_INVALID', field: 'input.modifyActions.0' },
    ]);
  });

  it.each(['X-Scan', 'X-Company_Flag.v2', 'X-Mailer-Info', 'Xtm-Not-Reserved'])('takes the header name %j', (name) => {
    expect(seen(withModify({ type: 'INSERT_X_HEADER', name, value: 'v' }))).toEqual([]);
  });

  // The header value reaches the relayed message as is: a CR or LF in it would start a new header.
  it.each(['ok\r\nBcc: victim@example.com', 'line\nbreak', 'cr\ronly'])('refuses the X-Header value %j', (value) => {
    expect(seen(withModify({ type: 'INSERT_X_HEADER', name: 'X-Scan', value }))).toEqual([
      { code: 'POLICY_X_HEADER_VALUE_INVALID', field: 'input.modifyActions.0' },
    ]);
  });

  it.each<[string, Partial<RuleBody>]>([
    ['inbound', {}],
    ['outbound with an intercept', { direction: 'OUTBOUND', recipients: ANYONE, senders: MY_ORGANIZATION, intercept: 'DELETE' }],
  ])('refuses Encrypt email %s', (_what, patch) => {
    expect(seen(rule({ ...patch, modifyActions: [{ type: 'ENCRYPT' }] }))).toEqual([
      { code: 'POLICY_ENCRYPT_NOT_ALLOWED', field: 'input.modifyActions.0' },
    ]);
  });

  it('refuses a stamp the tenant does not have', () => {
    const e = only(withModify({ type: 'INSERT_STAMP', stampId: 's-gone' }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_OBJECT_NOT_FOUND', field: 'input.modifyActions.0' });
    expect(e.messageIn('ja')).toBe('このテナントにスタンプ s-gone は見つかりません。');
  });

  it.each(['', '   '])('refuses the subject tag %j', (text) => {
    expect(seen(withModify({ type: 'TAG_SUBJECT', text, skipSigned: false }))).toEqual([
      { code: 'POLICY_TAG_SUBJECT_REQUIRED', field: 'input.modifyActions.0' },
    ]);
  });

  it.each<InterceptAction>(['DELETE', 'DELIVER_NOW', 'QUARANTINE', 'CHANGE_RECIPIENT'])(
    'refuses BCC with the terminal action %s',
    (intercept) => {
      const r = rule({
        intercept,
        interceptOptions: intercept === 'CHANGE_RECIPIENT' ? { recipients: ['ok@example.co.jp'] } : {},
        monitorActions: [
          { type: 'NOTIFY', notificationId: 'n1' },
          { type: 'BCC', recipients: ['audit@example.co.jp'] },
        ],
      });
      expect(seen(r)).toEqual([{ code: 'POLICY_BCC_WITH_TERMINAL', field: 'input.monitorActions.1' }]);
    },
  );

  it('requires BCC recipients, each in a managed domain', () => {
    expect(seen(withMonitor({ type: 'BCC', recipients: [] }))).toEqual([
      { code: 'POLICY_BCC_RECIPIENTS_REQUIRED', field: 'input.monitorActions.0' },
    ]);
    const problems = validateRule(
      withMonitor({ type: 'BCC', recipients: ['audit@example.co.jp', 'audit@partner.example', 'audit@*'] }),
      ctx,
    );
    expect(problems.map((e) => [e.code, e.field, e.messageIn('en')])).toEqual([
      [
        'POLICY_ACTION_TARGET_UNMANAGED',
        'input.monitorActions.0',
        'The BCC address audit@partner.example is outside your managed domains.',
      ],
      [
        'POLICY_ACTION_TARGET_NOT_MAILBOX',
        'input.monitorActions.0',
        'The BCC address "audit@*" is not one mailbox (user@example.com, no wildcard).',
      ],
    ]);
  });

  // The relay sends to these addresses: a pattern such as *@example.co.jp names no mailbox.
  it('refuses a BCC or Change recipient target that is a pattern such as *@example.co.jp, not a mailbox', () => {
    expect(seen(withMonitor({ type: 'BCC', recipients: ['*@example.co.jp'] }))).toEqual([
      { code: 'POLICY_ACTION_TARGET_NOT_MAILBOX', field: 'input.monitorActions.0' },
    ]);
    expect(seen(rule({ intercept: 'CHANGE_RECIPIENT', interceptOptions: { recipients: ['*@example.co.jp'] } }))).toEqual([
      { code: 'POLICY_ACTION_TARGET_NOT_MAILBOX', field: 'input.intercept.recipients' },
    ]);
  });

  it('refuses a DLP criterion with no template at all', () => {
    expect(codes(withCriteria({ type: 'DLP', templateIds: [], predefinedTemplates: [] }))).toEqual(['POLICY_CRITERION_VALUES_REQUIRED']);
  });

  it('refuses a notification the tenant does not have', () => {
    const e = only(withMonitor({ type: 'NOTIFY', notificationId: 'n-gone' }));
    expect({ code: e.code, field: e.field }).toEqual({ code: 'POLICY_OBJECT_NOT_FOUND', field: 'input.monitorActions.0' });
    expect(e.messageIn('en')).toBe('The notification n-gone was not found in this tenant.');
  });
});

describe('several problems', () => {
  it('are all reported at once, in form order', () => {
    const r = rule({
      name: '',
      recipients: specified(address('ceo@*')),
      criteriaMode: 'ALL_MATCH',
      criteria: [{ type: 'RECIPIENT_COUNT', op: 'GT', count: -1 }],
      intercept: 'QUARANTINE',
      modifyActions: [{ type: 'INSERT_X_HEADER', name: 'X-TM-Flag', value: '' }],
      monitorActions: [{ type: 'BCC', recipients: [] }],
    });
    expect(seen(r)).toEqual([
      { code: 'POLICY_RULE_NAME_INVALID', field: 'input.name' },
      { code: 'POLICY_ROUTE_WILDCARD_INTERNAL', field: 'input.recipients' },
      { code: 'POLICY_CRITERION_ANY_ONLY', field: 'input.criteria.0' },
      { code: 'POLICY_CRITERION_COUNT_INVALID', field: 'input.criteria.0' },
      { code: 'POLICY_X_HEADER_RESERVED', field: 'input.modifyActions.0' },
      { code: 'POLICY_BCC_WITH_TERMINAL', field: 'input.monitorActions.0' },
      { code: 'POLICY_BCC_RECIPIENTS_REQUIRED', field: 'input.monitorActions.0' },
    ]);
  });
});
