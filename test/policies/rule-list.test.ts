// The filters and sort of the CEGP policy list screen over one list's rules
// (docs/cegp/policies-and-content-filtering.md §1 "Query filters", "Default sort").
import { describe, expect, it } from 'vitest';
import type { RouteDirectory } from '../../src/policies/route-match.js';
import { ANYONE, MY_ORGANIZATION, type RouteSpec } from '../../src/policies/rule.js';
import { filterRules, sortRules, type ListedRule, type RuleFilter, type RuleSortField } from '../../src/policies/rule-list.js';

const dir: RouteDirectory = {
  domains: [{ name: 'example.co.jp', verified: true }],
  addressGroups: new Map([['g-vendors', ['*@vendor.example']]]),
  directoryGroups: new Map([['cn=finance', ['hanako@example.co.jp']]]),
};
const specified = (...values: string[]): RouteSpec => ({ kind: 'SPECIFIED', entries: values.map((value) => ({ type: 'ADDRESS', value })) });
const day = (d: number) => new Date(Date.UTC(2025, 0, d));

type Row = ListedRule & { id: string };
const row = (id: string, order: number, patch: Partial<ListedRule> = {}): Row => ({
  id,
  name: id,
  enabled: true,
  order,
  level: 'ORGANIZATION',
  recipients: MY_ORGANIZATION,
  senders: ANYONE,
  criteria: [],
  migrationStatus: null,
  updatedAt: day(1),
  createdAt: day(1),
  lastUsedAt: null,
  ...patch,
});
const ids = (rules: Row[]) => rules.map((r) => r.id);

describe('filterRules', () => {
  const rules: Row[] = [
    row('org', 1, { name: 'Organization: Virus', criteria: [{ type: 'MALWARE' }], migrationStatus: 'SUCCESS' }),
    row('user', 2, {
      name: '経理部の請求書',
      level: 'USER',
      enabled: false,
      recipients: specified('taro@example.co.jp'),
      senders: specified('*@partner.example'),
      criteria: [
        { type: 'SUBJECT_KEYWORDS', keywordListIds: ['k1'] },
        { type: 'MESSAGE_SIZE', op: 'GT', bytes: 1 },
      ],
      migrationStatus: 'NEEDS_FIX',
    }),
    row('group', 3, {
      name: 'Vendor mail (100%_off)',
      level: 'GROUP',
      recipients: { kind: 'SPECIFIED', entries: [{ type: 'DIRECTORY_GROUP', dn: 'cn=finance' }] },
      senders: { kind: 'SPECIFIED', entries: [{ type: 'ADDRESS_GROUP', groupId: 'g-vendors' }] },
      criteria: [{ type: 'SUBJECT_KEYWORDS', keywordListIds: ['k1'] }],
      migrationStatus: 'NEEDS_CONFIRMATION',
    }),
    row('fixed', 4, { name: 'Fixed after import', enabled: false, migrationStatus: 'FIXED' }),
    row('confirmed', 5, { name: 'Confirmed after import', migrationStatus: 'CONFIRMED' }),
  ];
  const filter = (f: RuleFilter) => ids(filterRules(rules, f, dir));

  it('lists every rule, in the order given, with no filter', () => {
    expect(filter({})).toEqual(['org', 'user', 'group', 'fixed', 'confirmed']);
    expect(
      filter({ name: null, enabled: null, criteriaType: null, level: null, migrationStatus: null, sender: null, recipient: null }),
    ).toEqual(ids(rules));
  });

  it('Rule: a part of the name, trimmed, without case', () => {
    expect(filter({ name: '  VIRUS ' })).toEqual(['org']);
    expect(filter({ name: 'after' })).toEqual(['fixed', 'confirmed']);
    expect(filter({ name: '請求' })).toEqual(['user']);
    // LIKE's wildcards are plain characters here.
    expect(filter({ name: '100%_' })).toEqual(['group']);
    expect(filter({ name: '%' })).toEqual(['group']);
    expect(filter({ name: '   ' })).toEqual(ids(rules));
    expect(filter({ name: 'nothing like it' })).toEqual([]);
  });

  it('Status: enabled or disabled', () => {
    expect(filter({ enabled: true })).toEqual(['org', 'group', 'confirmed']);
    expect(filter({ enabled: false })).toEqual(['user', 'fixed']);
  });

  it('Level: Organization, or User/Group', () => {
    expect(filter({ level: 'ORGANIZATION' })).toEqual(['org', 'fixed', 'confirmed']);
    expect(filter({ level: 'USER_GROUP' })).toEqual(['user', 'group']);
  });

  it('Migration status: Error, Warning, or Fixed/Confirmed/Successful; rules made by hand have none', () => {
    const withHandMade = [...rules, row('hand', 6)];
    const status = (migrationStatus: RuleFilter['migrationStatus']) => ids(filterRules(withHandMade, { migrationStatus }, dir));
    expect(status('ERROR')).toEqual(['user']);
    expect(status('WARNING')).toEqual(['group']);
    expect(status('RESOLVED')).toEqual(['org', 'fixed', 'confirmed']);
    expect(ids(filterRules(withHandMade, {}, dir))).toContain('hand');
  });

  it('Criteria type: rules with a criterion of that type', () => {
    expect(filter({ criteriaType: 'SUBJECT_KEYWORDS' })).toEqual(['user', 'group']);
    expect(filter({ criteriaType: 'MESSAGE_SIZE' })).toEqual(['user']);
    expect(filter({ criteriaType: 'BODY_BLANK' })).toEqual([]);
  });

  it('Sender: rules whose senders cover the address (Anyone, typed patterns, address groups)', () => {
    expect(filter({ sender: 'boss@partner.example' })).toEqual(['org', 'user', 'fixed', 'confirmed']);
    expect(filter({ sender: 'sales@vendor.example' })).toEqual(['org', 'group', 'fixed', 'confirmed']);
    expect(filter({ sender: 'who@elsewhere.example' })).toEqual(['org', 'fixed', 'confirmed']);
  });

  it('Recipient: rules whose recipients cover the address (My organization, typed addresses, directory groups)', () => {
    expect(filter({ recipient: 'taro@example.co.jp' })).toEqual(['org', 'user', 'fixed', 'confirmed']);
    expect(filter({ recipient: 'HANAKO@example.co.jp' })).toEqual(['org', 'group', 'fixed', 'confirmed']);
    expect(filter({ recipient: 'someone@partner.example' })).toEqual([]);
  });

  it('does not hide a rule whose exception covers the address', () => {
    const excepted = row('excepted', 1, {
      exceptions: [{ sender: ANYONE, recipient: specified('taro@example.co.jp') }],
    } as Partial<ListedRule>);
    expect(ids(filterRules([excepted], { recipient: 'taro@example.co.jp' }, dir))).toEqual(['excepted']);
  });

  it('combines filters: a rule is listed when it passes every one', () => {
    expect(filter({ enabled: false, level: 'ORGANIZATION' })).toEqual(['fixed']);
    expect(filter({ criteriaType: 'SUBJECT_KEYWORDS', sender: 'sales@vendor.example' })).toEqual(['group']);
    expect(filter({ name: 'import', migrationStatus: 'RESOLVED', enabled: true })).toEqual(['confirmed']);
  });
});

describe('sortRules', () => {
  const sort = (rules: Row[], field?: RuleSortField, descending?: boolean) => ids(sortRules(rules, field, descending));

  it('sorts by order by default, ascending', () => {
    const rules = [row('c', 3), row('a', 1), row('b', 2)];
    expect(sort(rules)).toEqual(['a', 'b', 'c']);
    expect(sort(rules, 'ORDER')).toEqual(['a', 'b', 'c']);
    expect(sort(rules, 'ORDER', true)).toEqual(['c', 'b', 'a']);
  });

  it('does not change the list it was given', () => {
    const rules = [row('c', 3), row('a', 1)];
    sortRules(rules, 'NAME');
    expect(ids(rules)).toEqual(['c', 'a']);
  });

  it('NAME: without case, the Japanese collation of the screen (kana in gojūon order, not code point order)', () => {
    const rules = [
      row('kanji', 1, { name: '漢字のルール' }),
      row('ka', 2, { name: 'かきく' }),
      row('a-katakana', 3, { name: 'アイウ' }),
      row('i', 4, { name: 'いろは' }),
      row('beta', 5, { name: 'beta' }),
      row('alpha', 6, { name: 'Alpha' }),
    ];
    expect(sort(rules, 'NAME')).toEqual(['alpha', 'beta', 'a-katakana', 'i', 'ka', 'kanji']);
    // Code point order would put every hiragana name before every katakana one.
    expect(['アイウ', 'いろは'].sort()).toEqual(['いろは', 'アイウ']);
  });

  it('NAME: names equal but for case keep their order', () => {
    expect(sort([row('second', 2, { name: 'alpha' }), row('first', 1, { name: 'ALPHA' })], 'NAME')).toEqual(['first', 'second']);
  });

  it('MODIFIED and CREATED: oldest first', () => {
    const rules = [row('new', 1, { updatedAt: day(9), createdAt: day(2) }), row('old', 2, { updatedAt: day(3), createdAt: day(5) })];
    expect(sort(rules, 'MODIFIED')).toEqual(['old', 'new']);
    expect(sort(rules, 'CREATED')).toEqual(['new', 'old']);
  });

  it('LAST_USED: never used first, and last when descending', () => {
    const rules = [row('recent', 1, { lastUsedAt: day(9) }), row('never', 2), row('long-ago', 3, { lastUsedAt: day(1) })];
    expect(sort(rules, 'LAST_USED')).toEqual(['never', 'long-ago', 'recent']);
    expect(sort(rules, 'LAST_USED', true)).toEqual(['recent', 'long-ago', 'never']);
  });

  it('ENABLED: disabled first', () => {
    expect(sort([row('on', 1), row('off', 2, { enabled: false })], 'ENABLED')).toEqual(['off', 'on']);
  });

  it('MIGRATION_STATUS: error, warning, then resolved ones, rules made by hand last', () => {
    const rules = [
      row('hand', 1),
      row('success', 2, { migrationStatus: 'SUCCESS' }),
      row('confirmed', 3, { migrationStatus: 'CONFIRMED' }),
      row('fixed', 4, { migrationStatus: 'FIXED' }),
      row('warning', 5, { migrationStatus: 'NEEDS_CONFIRMATION' }),
      row('error', 6, { migrationStatus: 'NEEDS_FIX' }),
    ];
    expect(sort(rules, 'MIGRATION_STATUS')).toEqual(['error', 'warning', 'fixed', 'confirmed', 'success', 'hand']);
  });

  it('breaks ties by order, whatever order the rules came in', () => {
    const rules = [row('r3', 3, { enabled: false }), row('r1', 1), row('r4', 4), row('r2', 2, { enabled: false })];
    expect(sort(rules, 'ENABLED')).toEqual(['r2', 'r3', 'r1', 'r4']);
    const sameDay = [row('b', 2), row('c', 3), row('a', 1)];
    for (const field of ['MODIFIED', 'CREATED', 'LAST_USED', 'MIGRATION_STATUS', 'NAME'] as const)
      expect(
        sort(
          sameDay.map((r) => ({ ...r, name: 'same' })),
          field,
        ),
      ).toEqual(['a', 'b', 'c']);
  });

  it('descending reverses the whole list, ties included, as the paged database read does (key, order, id all descending)', () => {
    const rules = [row('r3', 3, { enabled: false }), row('r1', 1), row('r4', 4), row('r2', 2, { enabled: false })];
    expect(sort(rules, 'ENABLED', true)).toEqual(['r4', 'r1', 'r3', 'r2']);
    const named = [row('i', 1, { name: 'いろは' }), row('a', 2, { name: 'アイウ' }), row('z', 3, { name: 'zebra' })];
    expect(sort(named, 'NAME', true)).toEqual(['i', 'a', 'z']);
  });
});
