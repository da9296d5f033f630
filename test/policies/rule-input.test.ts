// A rule as an administrator submits it, shaped into the rule model with CEGP's defaults
// (docs/cegp/policies-and-content-filtering.md §3, §5, §7). Shaping only: what is wrong with
// the result is validate-rule.test.ts's business, and the last test shows the two together.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPAM_LEVEL, DEFAULT_WEB_REPUTATION_LEVEL, type Criterion, type CriterionType } from '../../src/policies/rule.js';
import {
  ACTION_TYPES,
  actionsFromInput,
  criterionFromInput,
  DEFAULT_QUARANTINE_AREA,
  interceptFromInput,
  MODIFY_ACTION_TYPES,
  MONITOR_ACTION_TYPES,
  routeFromInput,
  type ActionInput,
  type CriterionInput,
} from '../../src/policies/rule-input.js';
import { validateRule } from '../../src/policies/validate-rule.js';

describe('routeFromInput', () => {
  it('lists every kind of entry: addresses, domains, address groups, directory groups', () => {
    expect(
      routeFromInput({
        kind: 'SPECIFIED',
        addresses: [' Taro@Example.CO.JP ', '*@*.Partner.Example'],
        domains: ['Example.CO.JP.', ' tokyo.example.co.jp '],
        addressGroupIds: ['g1'],
        directoryGroupDns: ['  cn=Sales,dc=example,dc=co,dc=jp '],
      }),
    ).toEqual({
      kind: 'SPECIFIED',
      entries: [
        { type: 'ADDRESS', value: 'taro@example.co.jp' },
        { type: 'ADDRESS', value: '*@*.partner.example' },
        { type: 'DOMAIN', domain: 'example.co.jp' },
        { type: 'DOMAIN', domain: 'tokyo.example.co.jp' },
        { type: 'ADDRESS_GROUP', groupId: 'g1' },
        // A DN keeps its case: it is matched case-insensitively where it is read.
        { type: 'DIRECTORY_GROUP', dn: 'cn=Sales,dc=example,dc=co,dc=jp' },
      ],
    });
  });

  it('treats missing and null lists as empty', () => {
    expect(routeFromInput({ kind: 'MY_ORGANIZATION' })).toEqual({ kind: 'MY_ORGANIZATION', entries: [] });
    expect(routeFromInput({ kind: 'ANYONE', addresses: null, domains: null, addressGroupIds: null, directoryGroupDns: null })).toEqual({
      kind: 'ANYONE',
      entries: [],
    });
    expect(routeFromInput({ kind: 'SPECIFIED', addresses: [] })).toEqual({ kind: 'SPECIFIED', entries: [] });
  });
});

describe('criterionFromInput', () => {
  it.each<[CriterionInput, Criterion]>([
    [{ type: 'SPAM' }, { type: 'SPAM', threat: 'SPAM', level: 'MODERATELY_LOW' }],
    [
      { type: 'SPAM', spamThreat: 'BEC', level: null },
      { type: 'SPAM', threat: 'BEC', level: 'MODERATELY_LOW' },
    ],
    [
      { type: 'SPAM', spamThreat: 'GRAYMAIL', level: 'HIGHEST' },
      { type: 'SPAM', threat: 'GRAYMAIL', level: 'HIGHEST' },
    ],
    [{ type: 'WEB_REPUTATION' }, { type: 'WEB_REPUTATION', level: 'MODERATELY_HIGH' }],
    [
      { type: 'WEB_REPUTATION', level: 'LOW' },
      { type: 'WEB_REPUTATION', level: 'LOW' },
    ],
  ])("gives %j CEGP's detection defaults: %j", (input, criterion) => {
    expect(criterionFromInput(input)).toEqual(criterion);
  });

  it('uses the documented defaults: spam Moderately low, web reputation Moderately high (§7)', () => {
    expect(DEFAULT_SPAM_LEVEL).toBe('MODERATELY_LOW');
    expect(DEFAULT_WEB_REPUTATION_LEVEL).toBe('MODERATELY_HIGH');
  });

  it.each(['MESSAGE_SIZE', 'ATTACHMENT_SIZE'] as const)('shapes %s, a missing size as -1 and a missing comparator as ">"', (type) => {
    expect(criterionFromInput({ type, operator: 'LE', bytes: 1024 })).toEqual({ type, op: 'LE', bytes: 1024 });
    expect(criterionFromInput({ type })).toEqual({ type, op: 'GT', bytes: -1 });
    expect(criterionFromInput({ type, operator: null, bytes: null })).toEqual({ type, op: 'GT', bytes: -1 });
    expect(criterionFromInput({ type, bytes: 0 })).toEqual({ type, op: 'GT', bytes: 0 });
  });

  it.each(['ATTACHMENT_COUNT', 'RECIPIENT_COUNT'] as const)('shapes %s, a missing count as -1', (type) => {
    expect(criterionFromInput({ type, operator: 'LE', count: 3 })).toEqual({ type, op: 'LE', count: 3 });
    expect(criterionFromInput({ type })).toEqual({ type, op: 'GT', count: -1 });
    expect(criterionFromInput({ type, count: 0 })).toEqual({ type, op: 'GT', count: 0 });
  });

  it('shapes the attachment lists, Selected unless told otherwise', () => {
    expect(criterionFromInput({ type: 'ATTACHMENT_NAME', values: ['*.exe', 'LOVE-LETTER*.vbs'] })).toEqual({
      type: 'ATTACHMENT_NAME',
      selected: true,
      patterns: ['*.exe', 'LOVE-LETTER*.vbs'],
    });
    expect(criterionFromInput({ type: 'ATTACHMENT_MIME_TYPE', selected: false, values: ['application/zip'] })).toEqual({
      type: 'ATTACHMENT_MIME_TYPE',
      selected: false,
      types: ['application/zip'],
    });
    expect(criterionFromInput({ type: 'ATTACHMENT_TRUE_FILE_TYPE', selected: null })).toEqual({
      type: 'ATTACHMENT_TRUE_FILE_TYPE',
      selected: true,
      types: [],
    });
  });

  it('shapes the keyword criteria, the header criterion with its headers', () => {
    expect(criterionFromInput({ type: 'HEADER_KEYWORDS', values: ['X-Mailer'], keywordListIds: ['k1'] })).toEqual({
      type: 'HEADER_KEYWORDS',
      headers: ['X-Mailer'],
      keywordListIds: ['k1'],
    });
    for (const type of ['SUBJECT_KEYWORDS', 'BODY_KEYWORDS', 'ATTACHMENT_CONTENT_KEYWORDS'] as const) {
      expect(criterionFromInput({ type, keywordListIds: ['k1', 'k2'] })).toEqual({ type, keywordListIds: ['k1', 'k2'] });
      expect(criterionFromInput({ type })).toEqual({ type, keywordListIds: [] });
    }
    expect(criterionFromInput({ type: 'HEADER_KEYWORDS' })).toEqual({ type: 'HEADER_KEYWORDS', headers: [], keywordListIds: [] });
  });

  it('shapes DLP: template ids and the predefined templates given as values', () => {
    expect(criterionFromInput({ type: 'DLP', dlpTemplateIds: ['t1'], values: ['Japan: My Number'] })).toEqual({
      type: 'DLP',
      templateIds: ['t1'],
      predefinedTemplates: ['Japan: My Number'],
    });
    expect(criterionFromInput({ type: 'DLP' })).toEqual({ type: 'DLP', templateIds: [], predefinedTemplates: [] });
  });

  it.each<CriterionType>([
    'ENVELOPE_SENDER_BLANK',
    'HEADER_SENDER_DIFFERS_FROM_ENVELOPE',
    'HEADER_SENDER_DIFFERS_FROM_REPLY_TO',
    'SUBJECT_BLANK',
    'BODY_BLANK',
    'ATTACHMENT_PASSWORD_PROTECTED',
    'ATTACHMENT_ACTIVE_CONTENT',
    'MALWARE',
    'CORRELATED_INTELLIGENCE',
  ])('shapes %s as the bare criterion, whatever else came with it', (type) => {
    expect(criterionFromInput({ type, operator: 'GT', bytes: 1, values: ['x'], keywordListIds: ['k1'] })).toEqual({ type });
  });

  it('does not share the input arrays with the criterion', () => {
    const values = ['*.exe'];
    const c = criterionFromInput({ type: 'ATTACHMENT_NAME', values });
    values.push('*.com');
    expect(c).toEqual({ type: 'ATTACHMENT_NAME', selected: true, patterns: ['*.exe'] });
  });
});

describe('interceptFromInput', () => {
  it('sends a quarantine without an area to the "Default" area', () => {
    expect(DEFAULT_QUARANTINE_AREA).toBe('Default');
    expect(interceptFromInput({ action: 'QUARANTINE' })).toEqual({ intercept: 'QUARANTINE', interceptOptions: { area: 'Default' } });
    expect(interceptFromInput({ action: 'QUARANTINE', quarantineArea: '   ' })).toEqual({
      intercept: 'QUARANTINE',
      interceptOptions: { area: 'Default' },
    });
    expect(interceptFromInput({ action: 'QUARANTINE', quarantineArea: ' 経理部 ' })).toEqual({
      intercept: 'QUARANTINE',
      interceptOptions: { area: '経理部' },
    });
  });

  it('keeps the deliver-now server and the new recipients, trimmed', () => {
    expect(interceptFromInput({ action: 'DELIVER_NOW', server: ' mail.example.co.jp:25 ' })).toEqual({
      intercept: 'DELIVER_NOW',
      interceptOptions: { server: 'mail.example.co.jp:25' },
    });
    expect(interceptFromInput({ action: 'CHANGE_RECIPIENT', recipients: [' it@example.co.jp', 'sec@example.co.jp '] })).toEqual({
      intercept: 'CHANGE_RECIPIENT',
      interceptOptions: { recipients: ['it@example.co.jp', 'sec@example.co.jp'] },
    });
  });

  it('leaves out options that were not given', () => {
    expect(interceptFromInput({ action: 'NONE' })).toEqual({ intercept: 'NONE', interceptOptions: {} });
    expect(interceptFromInput({ action: 'DELETE', server: '', recipients: [], quarantineArea: 'Default' })).toEqual({
      intercept: 'DELETE',
      interceptOptions: {},
    });
    expect(interceptFromInput({ action: 'DELIVER_NOW', server: null })).toEqual({ intercept: 'DELIVER_NOW', interceptOptions: {} });
  });
});

describe('actionsFromInput', () => {
  const every: ActionInput[] = [
    { type: 'BCC', recipients: [' audit@example.co.jp '] },
    { type: 'INSERT_X_HEADER', headerName: 'X-Scan', headerValue: 'yes' },
    { type: 'NOTIFY', notificationId: 'n1' },
    { type: 'INSERT_STAMP', stampId: 's1' },
    { type: 'TAG_SUBJECT', text: '[社外]', skipSigned: true },
    { type: 'DELETE_ATTACHMENTS' },
    { type: 'SANITIZE', deleteIfUnable: true },
    { type: 'CLEAN_MALWARE' },
    { type: 'ENCRYPT' },
  ];

  it('puts each action in its half, whatever order and list they came in', () => {
    expect(actionsFromInput(every)).toEqual({
      modifyActions: [
        { type: 'INSERT_X_HEADER', name: 'X-Scan', value: 'yes' },
        { type: 'INSERT_STAMP', stampId: 's1' },
        { type: 'TAG_SUBJECT', text: '[社外]', skipSigned: true },
        { type: 'DELETE_ATTACHMENTS' },
        { type: 'SANITIZE', deleteIfUnable: true },
        { type: 'CLEAN_MALWARE' },
        { type: 'ENCRYPT' },
      ],
      monitorActions: [
        { type: 'BCC', recipients: ['audit@example.co.jp'] },
        { type: 'NOTIFY', notificationId: 'n1' },
      ],
    });
  });

  it('knows every action type as exactly one of modify or monitor', () => {
    expect(new Set(every.map((a) => a.type))).toEqual(new Set(ACTION_TYPES));
    expect(MODIFY_ACTION_TYPES.filter((t) => (MONITOR_ACTION_TYPES as readonly string[]).includes(t))).toEqual([]);
    const { modifyActions, monitorActions } = actionsFromInput(ACTION_TYPES.map((type) => ({ type })));
    expect(modifyActions.map((a) => a.type)).toEqual([...MODIFY_ACTION_TYPES]);
    expect(monitorActions.map((a) => a.type)).toEqual([...MONITOR_ACTION_TYPES]);
  });

  it('fills what was left out with empty values (for validation to name) and off switches', () => {
    expect(actionsFromInput(ACTION_TYPES.map((type) => ({ type })))).toEqual({
      modifyActions: [
        { type: 'INSERT_X_HEADER', name: '', value: '' },
        { type: 'INSERT_STAMP', stampId: '' },
        { type: 'TAG_SUBJECT', text: '', skipSigned: false },
        { type: 'DELETE_ATTACHMENTS' },
        { type: 'SANITIZE', deleteIfUnable: false },
        { type: 'CLEAN_MALWARE' },
        { type: 'ENCRYPT' },
      ],
      monitorActions: [
        { type: 'NOTIFY', notificationId: '' },
        { type: 'BCC', recipients: [] },
      ],
    });
  });

  it('gives two empty halves for no actions', () => {
    expect(actionsFromInput([])).toEqual({ modifyActions: [], monitorActions: [] });
  });
});

describe('shaped input and validation', () => {
  it('lets validation name what the administrator left out instead of a default standing in', () => {
    const problems = validateRule(
      {
        direction: 'INBOUND',
        type: 'CONTENT_FILTERING',
        name: 'Large mail',
        notes: '',
        enabled: true,
        recipients: routeFromInput({ kind: 'MY_ORGANIZATION' }),
        senders: routeFromInput({ kind: 'ANYONE' }),
        exceptions: [],
        criteriaMode: 'ANY_MATCH',
        criteria: [criterionFromInput({ type: 'MESSAGE_SIZE' }), criterionFromInput({ type: 'RECIPIENT_COUNT', operator: 'GT' })],
        ...interceptFromInput({ action: 'QUARANTINE' }),
        ...actionsFromInput([{ type: 'TAG_SUBJECT' }]),
      },
      {
        managedDomains: [{ name: 'example.co.jp', verified: true }],
        objectIds: {
          ADDRESS_GROUP: new Set(),
          KEYWORD_LIST: new Set(),
          NOTIFICATION: new Set(),
          STAMP: new Set(),
          DLP_TEMPLATE: new Set(),
        },
        internalGroupIds: new Set(),
      },
    );
    expect(problems.map((e) => [e.code, e.field])).toEqual([
      ['POLICY_CRITERION_SIZE_INVALID', 'input.criteria.0'],
      ['POLICY_CRITERION_COUNT_INVALID', 'input.criteria.1'],
      ['POLICY_TAG_SUBJECT_REQUIRED', 'input.modifyActions.0'],
    ]);
  });
});
