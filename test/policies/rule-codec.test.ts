// The stored form of a rule: what decodes, what upgrades from version 1, and the clear error
// for what does not decode.
import { describe, expect, it } from 'vitest';
import { ExpectedError } from '../../src/platform/errors.js';
import { defaultRules } from '../../src/policies/default-rules.js';
import { decodeRuleBody, encodeRuleColumns, RULE_SCHEMA_VERSION, type StoredRule } from '../../src/policies/rule-codec.js';
import { MY_ORGANIZATION, type RuleBody } from '../../src/policies/rule.js';

const body: RuleBody = {
  direction: 'INBOUND',
  type: 'CONTENT_FILTERING',
  name: ' Block invoices ',
  notes: '',
  enabled: true,
  recipients: {
    kind: 'SPECIFIED',
    entries: [
      { type: 'ADDRESS', value: '*@example.co.jp' },
      { type: 'DOMAIN', domain: 'example.jp' },
      { type: 'ADDRESS_GROUP', groupId: 'g1' },
      { type: 'DIRECTORY_GROUP', dn: 'cn=sales' },
    ],
  },
  senders: { kind: 'ANYONE', entries: [] },
  exceptions: [{ sender: { kind: 'SPECIFIED', entries: [{ type: 'ADDRESS', value: 'ceo@partner.example' }] }, recipient: MY_ORGANIZATION }],
  criteriaMode: 'ANY_MATCH',
  criteria: [
    { type: 'SUBJECT_KEYWORDS', keywordListIds: ['k1'] },
    { type: 'MESSAGE_SIZE', op: 'GT', bytes: 1024 },
    { type: 'SPAM', threat: 'PHISHING', level: 'HIGH' },
  ],
  intercept: 'QUARANTINE',
  interceptOptions: { area: 'Default' },
  modifyActions: [{ type: 'TAG_SUBJECT', text: '[SPAM]', skipSigned: true }],
  monitorActions: [{ type: 'NOTIFY', notificationId: 'n1' }],
};

const stored = (b: RuleBody): StoredRule => ({ ...encodeRuleColumns(b) });

describe('encodeRuleColumns and decodeRuleBody', () => {
  it('round-trip a rule with every route entry kind, the name trimmed', () => {
    const columns = encodeRuleColumns(body);
    expect(columns.schemaVersion).toBe(RULE_SCHEMA_VERSION);
    expect(columns.level).toBe('GROUP');
    expect(decodeRuleBody(stored(body))).toEqual({ ...body, name: 'Block invoices' });
  });

  it('round-trip every default rule', () => {
    for (const { order: _order, locked: _locked, ...r } of defaultRules())
      expect(decodeRuleBody(stored(r))).toEqual({ ...r, name: r.name.trim() });
  });

  it('refuse to encode a malformed body made in code', () => {
    const bad = { ...body, criteria: [{ type: 'MESSAGE_SIZE', op: 'ABOUT', bytes: 1 }] } as unknown as RuleBody;
    expect(() => encodeRuleColumns(bad)).toThrow(ExpectedError);
  });
});

describe('version 1 rows', () => {
  const v1 = (criteria: unknown[]): StoredRule => ({ ...stored(body), schemaVersion: 1, criteria });
  it('read free-text spam and web reputation levels as enums', () => {
    const decoded = decodeRuleBody(
      v1([
        { type: 'SPAM', level: 'moderately-high' },
        { type: 'WEB_REPUTATION', level: 'moderately-low' },
      ]),
    );
    expect(decoded.criteria).toEqual([
      { type: 'SPAM', threat: 'SPAM', level: 'MODERATELY_HIGH' },
      { type: 'WEB_REPUTATION', level: 'MODERATELY_LOW' },
    ]);
  });
  it('read the spam kinds of the old default rules as threats', () => {
    expect(
      decodeRuleBody(
        v1([
          { type: 'SPAM', level: 'bec' },
          { type: 'SPAM', level: 'bec-writing-style' },
        ]),
      ).criteria,
    ).toEqual([
      { type: 'SPAM', threat: 'BEC', level: 'MODERATELY_LOW' },
      { type: 'SPAM', threat: 'BEC_WRITING_STYLE', level: 'MODERATELY_LOW' },
    ]);
  });
});

describe('a stored rule that does not decode', () => {
  const fails = (row: StoredRule) => {
    try {
      decodeRuleBody(row);
    } catch (err) {
      expect(err).toBeInstanceOf(ExpectedError);
      return err as ExpectedError;
    }
    throw new Error('decoded');
  };
  it('names the rule and the place', () => {
    const err = fails({ ...stored(body), recipients: { kind: 'SPECIFIED', entries: [{ type: 'ADDRESS_GROUP' }] } });
    expect(err.code).toBe('POLICY_RULE_STORED_INVALID');
    expect(err.messageIn('en')).toContain('Block invoices');
    expect(err.messageIn('en')).toContain('recipients.entries.0');
    expect(err.messageIn('ja')).toContain('Block invoices');
  });
  it('refuses an unknown criterion, a cast string, and a version from the future', () => {
    expect(fails({ ...stored(body), criteria: [{ type: 'TELEPATHY' }] }).code).toBe('POLICY_RULE_STORED_INVALID');
    expect(fails({ ...stored(body), criteria: '[]' }).code).toBe('POLICY_RULE_STORED_INVALID');
    expect(fails({ ...stored(body), schemaVersion: RULE_SCHEMA_VERSION + 1 }).messageIn('en')).toContain('schemaVersion');
  });
});
