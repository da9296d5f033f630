// The rule model's derived facts: the level the list screen shows, the side that is "my
// organization", the policy objects a rule holds on to, and the criterion sets checked against
// the vendor notes (docs/cegp/policies-and-content-filtering.md §1 and §3).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ANY_MATCH_ONLY,
  ANYONE,
  DETECTION_LEVELS,
  detectionLevelOf,
  INBOUND_ONLY,
  internalSide,
  levelOf,
  MAX_SIZE_CRITERION_BYTES,
  MY_ORGANIZATION,
  objectRefsOf,
  type CriterionType,
  type RouteEntry,
  type RouteSpec,
  type RuleBody,
} from '../../src/policies/rule.js';

const specified = (...entries: RouteEntry[]): RouteSpec => ({ kind: 'SPECIFIED', entries });
const address = (value: string): RouteEntry => ({ type: 'ADDRESS', value });
const group = (groupId: string): RouteEntry => ({ type: 'ADDRESS_GROUP', groupId });

describe('internalSide', () => {
  it('is the recipients inbound and the senders outbound', () => {
    expect(internalSide('INBOUND')).toBe('recipients');
    expect(internalSide('OUTBOUND')).toBe('senders');
  });
});

describe('levelOf', () => {
  // Inbound reads the recipients, outbound the senders; the other side is set to something that
  // would give a different level, so a test fails if the wrong side is read.
  const inbound = (recipients: RouteSpec) => levelOf('INBOUND', recipients, specified(address('a@partner.example')));
  const outbound = (senders: RouteSpec) => levelOf('OUTBOUND', MY_ORGANIZATION, senders);

  it('is ORGANIZATION for My organization on the internal side', () => {
    expect(levelOf('INBOUND', MY_ORGANIZATION, ANYONE)).toBe('ORGANIZATION');
    expect(levelOf('OUTBOUND', ANYONE, MY_ORGANIZATION)).toBe('ORGANIZATION');
  });

  it('is USER when the internal side holds discrete addresses only', () => {
    expect(inbound(specified(address('taro@example.co.jp')))).toBe('USER');
    expect(inbound(specified(address('taro@example.co.jp'), address('hanako@example.co.jp')))).toBe('USER');
    expect(outbound(specified(address('taro@example.co.jp')))).toBe('USER');
  });

  it.each<[string, RouteEntry[]]>([
    ['a domain pattern', [address('*@example.co.jp')]],
    ['a subdomain pattern', [address('*@*.example.co.jp')]],
    ['a local part at any domain', [address('ceo@*')]],
    ['a My domains entry', [{ type: 'DOMAIN', domain: 'example.co.jp' }]],
    ['an address group', [group('g1')]],
    ['a directory group', [{ type: 'DIRECTORY_GROUP', dn: 'cn=sales,dc=example,dc=co,dc=jp' }]],
    ['an address next to a group', [address('taro@example.co.jp'), group('g1')]],
  ])('is GROUP for %s, in both directions', (_what, entries) => {
    expect(inbound(specified(...entries))).toBe('GROUP');
    expect(outbound(specified(...entries))).toBe('GROUP');
  });

  it('reads the internal side only: inbound the recipients, outbound the senders', () => {
    const user = specified(address('taro@example.co.jp'));
    const wide = specified(address('*@example.co.jp'));
    expect(levelOf('INBOUND', user, wide)).toBe('USER');
    expect(levelOf('INBOUND', wide, user)).toBe('GROUP');
    expect(levelOf('OUTBOUND', user, wide)).toBe('GROUP');
    expect(levelOf('OUTBOUND', wide, user)).toBe('USER');
    expect(levelOf('OUTBOUND', MY_ORGANIZATION, user)).toBe('USER');
    expect(levelOf('INBOUND', user, MY_ORGANIZATION)).toBe('USER');
  });
});

describe('objectRefsOf', () => {
  const none: Pick<RuleBody, 'recipients' | 'senders' | 'exceptions' | 'criteria' | 'modifyActions' | 'monitorActions'> = {
    recipients: MY_ORGANIZATION,
    senders: ANYONE,
    exceptions: [],
    criteria: [],
    modifyActions: [],
    monitorActions: [],
  };

  it('is empty for a rule that names no policy object', () => {
    expect(
      objectRefsOf({
        ...none,
        recipients: specified(address('taro@example.co.jp'), { type: 'DOMAIN', domain: 'example.co.jp' }),
        senders: specified({ type: 'DIRECTORY_GROUP', dn: 'cn=x' }),
        criteria: [{ type: 'MALWARE' }, { type: 'MESSAGE_SIZE', op: 'GT', bytes: 1 }],
        modifyActions: [{ type: 'TAG_SUBJECT', text: '[x]', skipSigned: false }],
        monitorActions: [{ type: 'BCC', recipients: ['audit@example.co.jp'] }],
      }),
    ).toEqual([]);
  });

  it('names every kind of reference: groups in routes and exceptions, keyword lists of each keyword criterion, DLP templates, stamps, notifications', () => {
    const refs = objectRefsOf({
      recipients: specified(group('g-rcpt')),
      senders: specified(group('g-send')),
      exceptions: [
        { sender: specified(group('g-x-send')), recipient: MY_ORGANIZATION },
        { sender: ANYONE, recipient: specified(group('g-x-rcpt')) },
      ],
      criteria: [
        { type: 'HEADER_KEYWORDS', headers: ['X-Mailer'], keywordListIds: ['k-header'] },
        { type: 'SUBJECT_KEYWORDS', keywordListIds: ['k-subject'] },
        { type: 'BODY_KEYWORDS', keywordListIds: ['k-body'] },
        { type: 'ATTACHMENT_CONTENT_KEYWORDS', keywordListIds: ['k-attachment'] },
        { type: 'DLP', templateIds: ['t1', 't2'], predefinedTemplates: ['Japan: My Number'] },
      ],
      modifyActions: [{ type: 'INSERT_STAMP', stampId: 's1' }],
      monitorActions: [{ type: 'NOTIFY', notificationId: 'n1' }],
    });
    expect(refs).toEqual(
      expect.arrayContaining([
        { kind: 'ADDRESS_GROUP', id: 'g-rcpt' },
        { kind: 'ADDRESS_GROUP', id: 'g-send' },
        { kind: 'ADDRESS_GROUP', id: 'g-x-send' },
        { kind: 'ADDRESS_GROUP', id: 'g-x-rcpt' },
        { kind: 'KEYWORD_LIST', id: 'k-header' },
        { kind: 'KEYWORD_LIST', id: 'k-subject' },
        { kind: 'KEYWORD_LIST', id: 'k-body' },
        { kind: 'KEYWORD_LIST', id: 'k-attachment' },
        { kind: 'DLP_TEMPLATE', id: 't1' },
        { kind: 'DLP_TEMPLATE', id: 't2' },
        { kind: 'STAMP', id: 's1' },
        { kind: 'NOTIFICATION', id: 'n1' },
      ]),
    );
    expect(refs).toHaveLength(12);
  });

  it('names each object once however often the rule uses it', () => {
    const refs = objectRefsOf({
      ...none,
      recipients: specified(group('g1'), group('g1')),
      senders: specified(group('g1')),
      exceptions: [{ sender: specified(group('g1')), recipient: specified(group('g1')) }],
      criteria: [
        { type: 'SUBJECT_KEYWORDS', keywordListIds: ['k1', 'k1'] },
        { type: 'BODY_KEYWORDS', keywordListIds: ['k1'] },
      ],
      modifyActions: [
        { type: 'INSERT_STAMP', stampId: 's1' },
        { type: 'INSERT_STAMP', stampId: 's1' },
      ],
      monitorActions: [
        { type: 'NOTIFY', notificationId: 'n1' },
        { type: 'NOTIFY', notificationId: 'n1' },
      ],
    });
    expect(refs).toEqual([
      { kind: 'ADDRESS_GROUP', id: 'g1' },
      { kind: 'KEYWORD_LIST', id: 'k1' },
      { kind: 'STAMP', id: 's1' },
      { kind: 'NOTIFICATION', id: 'n1' },
    ]);
  });

  it('keeps the same id apart when it names objects of different kinds', () => {
    const refs = objectRefsOf({
      ...none,
      recipients: specified(group('x')),
      criteria: [{ type: 'SUBJECT_KEYWORDS', keywordListIds: ['x'] }],
    });
    expect(refs).toEqual([
      { kind: 'ADDRESS_GROUP', id: 'x' },
      { kind: 'KEYWORD_LIST', id: 'x' },
    ]);
  });
});

describe('detectionLevelOf', () => {
  it.each([
    ['moderately-low', 'MODERATELY_LOW'],
    ['moderately-high', 'MODERATELY_HIGH'],
    ['Moderately low', 'MODERATELY_LOW'],
    ['  HIGHEST  ', 'HIGHEST'],
    ['lowest', 'LOWEST'],
    ['MODERATELY_HIGH', 'MODERATELY_HIGH'],
    ['moderately - low', 'MODERATELY_LOW'],
  ])('reads %j as %s', (text, level) => {
    expect(detectionLevelOf(text)).toBe(level);
  });

  it('reads every level from its export spelling', () => {
    for (const level of DETECTION_LEVELS) expect(detectionLevelOf(level.toLowerCase().replace(/_/g, '-'))).toBe(level);
  });

  it.each(['', '   ', 'medium', 'moderately', 'very-high', 'moderatelylow', 'high!'])('gives null for %j', (text) => {
    expect(detectionLevelOf(text)).toBeNull();
  });
});

describe('criterion sets against the vendor notes (§3)', () => {
  // §3's table, row number → our criterion type (display order).
  const ROWS: Record<number, CriterionType> = {
    1: 'ENVELOPE_SENDER_BLANK',
    2: 'HEADER_SENDER_DIFFERS_FROM_ENVELOPE',
    3: 'HEADER_SENDER_DIFFERS_FROM_REPLY_TO',
    4: 'HEADER_KEYWORDS',
    5: 'MESSAGE_SIZE',
    6: 'SUBJECT_KEYWORDS',
    7: 'SUBJECT_BLANK',
    8: 'BODY_KEYWORDS',
    9: 'BODY_BLANK',
    10: 'ATTACHMENT_NAME',
    11: 'ATTACHMENT_MIME_TYPE',
    12: 'ATTACHMENT_TRUE_FILE_TYPE',
    13: 'ATTACHMENT_CONTENT_KEYWORDS',
    14: 'ATTACHMENT_SIZE',
    15: 'ATTACHMENT_COUNT',
    16: 'ATTACHMENT_PASSWORD_PROTECTED',
    17: 'ATTACHMENT_ACTIVE_CONTENT',
    18: 'RECIPIENT_COUNT',
  };
  const doc = readFileSync(new URL('../../docs/cegp/policies-and-content-filtering.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## 3. Content-filtering criteria'), doc.indexOf('## 4.'));
  const rows = [...section.matchAll(/^\| (\d+) \|(.*)$/gm)].map((m) => ({ type: ROWS[Number(m[1])]!, text: m[2]! }));
  const marked = (note: RegExp) => new Set(rows.filter((r) => note.test(r.text)).map((r) => r.type));

  it('reads the 18 rows of the table', () => {
    expect(rows.map((r) => r.type)).toEqual(Object.values(ROWS));
  });

  it('ANY_MATCH_ONLY is the rows marked "Any Match only"', () => {
    expect(marked(/Any Match only/)).toEqual(new Set(ANY_MATCH_ONLY));
    expect(ANY_MATCH_ONLY).toEqual(new Set(['ATTACHMENT_PASSWORD_PROTECTED', 'ATTACHMENT_ACTIVE_CONTENT', 'RECIPIENT_COUNT']));
  });

  it('INBOUND_ONLY is the rows marked "Inbound only"', () => {
    expect(marked(/Inbound only/)).toEqual(new Set(INBOUND_ONLY));
    expect(INBOUND_ONLY).toEqual(new Set(['ENVELOPE_SENDER_BLANK']));
  });

  it('MAX_SIZE_CRITERION_BYTES is the "max 150 MB" of both size rows', () => {
    expect(marked(/max 150 MB/)).toEqual(new Set(['MESSAGE_SIZE', 'ATTACHMENT_SIZE']));
    expect(MAX_SIZE_CRITERION_BYTES).toBe(150 * 1024 * 1024);
  });
});
