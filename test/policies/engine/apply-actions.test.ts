// The actions of §5: one intercept per rule with the terminal priority across rules, modify
// actions in rule order with their constraints (signed mail, Clean vs Delete attachments,
// Sanitize, Encrypt), stamps and notifications with tokens, BCC.
import { describe, expect, it } from 'vitest';
import type { ModifyAction, MonitorAction } from '../../../src/policies/rule.js';
import { attachment, facts, spec, step, verdictOf, when } from '../../support/engine-builders.js';

const subject = [{ type: 'SUBJECT_KEYWORDS' as const, keywordListIds: ['k'] }];
const k = {
  id: 'k',
  name: 'k',
  match: 'ANY' as const,
  threshold: null,
  expressions: [{ expression: 'report', caseSensitive: false, score: 1 }],
};
const modify = (modifyActions: ModifyAction[], more = {}) => when(subject, { name: 'M', intercept: 'NONE', modifyActions, ...more });

describe('intercept priority', () => {
  it('Quarantine ends processing: later rules are SKIPPED with the reason', () => {
    const v = verdictOf(
      spec({ keywordLists: [k], rules: [when(subject, { name: 'Q' }), when(subject, { name: 'D', intercept: 'DELETE' })] }),
      facts(),
    );
    expect(v.action).toBe('QUARANTINE');
    expect(v.quarantine).toEqual({ area: 'Default', ruleId: expect.any(String), ruleName: 'Q', reason: 'Content' });
    expect(step(v, 'Q')).toMatchObject({ stoppedProcessing: true, note: { code: 'STOPPED_HERE', params: { action: 'Quarantined' } } });
    expect(step(v, 'D')).toMatchObject({
      outcome: 'SKIPPED',
      note: { code: 'PROCESSING_STOPPED', params: { rule: 'Q', action: 'Quarantined' } },
    });
  });

  it('Change recipient goes on; a later Delete outranks it', () => {
    const rules = [
      when(subject, { name: 'C', intercept: 'CHANGE_RECIPIENT', interceptOptions: { recipients: ['review@example.co.jp'] } }),
      when(subject, { name: 'D', intercept: 'DELETE' }),
    ];
    const v = verdictOf(spec({ keywordLists: [k], rules }), facts());
    expect(v.action).toBe('DELETE');
    expect(v.changedRecipients).toBeNull();
    expect(step(v, 'C').actions[0]).toMatchObject({
      type: 'CHANGE_RECIPIENT',
      taken: false,
      reason: { code: 'OUTRANKED', params: { action: 'Message deleted', rule: 'D' } },
    });
  });

  it('a second Change recipient does not replace the first', () => {
    const rules = [
      when(subject, { name: 'C1', intercept: 'CHANGE_RECIPIENT', interceptOptions: { recipients: ['a@example.co.jp'] } }),
      when(subject, { name: 'C2', intercept: 'CHANGE_RECIPIENT', interceptOptions: { recipients: ['b@example.co.jp'] } }),
    ];
    const v = verdictOf(spec({ keywordLists: [k], rules }), facts());
    expect(v).toMatchObject({ action: 'CHANGE_RECIPIENT', changedRecipients: ['a@example.co.jp'] });
    expect(step(v, 'C2').actions[0]).toMatchObject({ taken: false, reason: { code: 'OUTRANKED' } });
  });

  it('Deliver now to a specific server skips all further rules', () => {
    const rules = [
      when(subject, { name: 'N', intercept: 'DELIVER_NOW', interceptOptions: { server: 'mx.example.co.jp:25' } }),
      when(subject, { name: 'Q' }),
    ];
    const v = verdictOf(spec({ keywordLists: [k], rules }), facts());
    expect(v).toMatchObject({ action: 'DELIVER_NOW', deliverNowServer: 'mx.example.co.jp:25', quarantine: null });
    expect(step(v, 'Q').outcome).toBe('SKIPPED');
  });

  it('no intercept: the message is delivered and the rule still has its policy event', () => {
    const v = verdictOf(
      spec({ keywordLists: [k], rules: [modify([{ type: 'INSERT_X_HEADER', name: 'X-Checked', value: 'yes' }])] }),
      facts(),
    );
    expect(v.action).toBe('DELIVER');
    expect(v.policyEvents).toEqual([
      {
        ruleId: expect.any(String),
        ruleName: 'M',
        policyType: 'CONTENT_FILTERING',
        threatType: 'CONTENT',
        threatName: 'report',
        actions: ['INSERT_X_HEADER'],
      },
    ]);
  });
});

describe('modify actions', () => {
  it('accumulate in rule order across rules', () => {
    const rules = [
      modify(
        [
          { type: 'TAG_SUBJECT', text: '[EXT]', skipSigned: false },
          { type: 'INSERT_X_HEADER', name: 'X-A', value: '1' },
        ],
        { name: 'M1' },
      ),
      modify([{ type: 'INSERT_X_HEADER', name: 'X-B', value: '2' }], { name: 'M2' }),
    ];
    expect(verdictOf(spec({ keywordLists: [k], rules }), facts()).modifications).toEqual([
      { type: 'TAG_SUBJECT', text: '[EXT]' },
      { type: 'INSERT_X_HEADER', name: 'X-A', value: '1' },
      { type: 'INSERT_X_HEADER', name: 'X-B', value: '2' },
    ]);
  });

  it('Tag subject with "Do not tag digitally signed messages" skips signed mail', () => {
    const r = modify([{ type: 'TAG_SUBJECT', text: '[EXT]', skipSigned: true }]);
    const v = verdictOf(spec({ keywordLists: [k], rules: [r] }), facts({ signed: true }));
    expect(v.modifications).toEqual([]);
    expect(step(v, 'M').actions[0]).toMatchObject({ taken: false, reason: { code: 'SIGNED_MESSAGE' } });
    expect(verdictOf(spec({ keywordLists: [k], rules: [r] }), facts()).modifications).toEqual([{ type: 'TAG_SUBJECT', text: '[EXT]' }]);
  });

  it('Delete attachments: the triggering attachments, or all when a message-level criterion triggered', () => {
    const two = facts({
      attachments: [attachment({ partPath: '1.2', filename: 'a.exe' }), attachment({ index: 1, partPath: '1.3', filename: 'b.pdf' })],
    });
    const byName = when([{ type: 'ATTACHMENT_NAME', selected: true, patterns: ['*.exe'] }], {
      name: 'N',
      intercept: 'NONE',
      modifyActions: [{ type: 'DELETE_ATTACHMENTS' }],
    });
    expect(verdictOf(spec({ rules: [byName] }), two).modifications).toEqual([{ type: 'DELETE_ATTACHMENTS', partPaths: ['1.2'] }]);
    const bySize = when([{ type: 'MESSAGE_SIZE', op: 'GT', bytes: 1 }], {
      name: 'S',
      intercept: 'NONE',
      modifyActions: [{ type: 'DELETE_ATTACHMENTS' }],
    });
    expect(verdictOf(spec({ rules: [bySize] }), two).modifications).toEqual([{ type: 'DELETE_ATTACHMENTS', partPaths: ['1.2', '1.3'] }]);
  });

  it('Clean, Delete attachments and Sanitize do not apply to S/MIME-signed mail', () => {
    const f = facts({ signed: true, attachments: [attachment({ malware: { name: 'Eicar_test_file', where: 'x' } })] });
    const r = when([{ type: 'MALWARE' }], { name: 'V', type: 'VIRUS_SCAN', intercept: 'NONE', modifyActions: [{ type: 'CLEAN_MALWARE' }] });
    const v = verdictOf(spec({ rules: [r] }), f);
    expect(v.modifications).toEqual([]);
    expect(step(v, 'V').actions[0]).toMatchObject({ type: 'CLEAN_MALWARE', taken: false, reason: { code: 'SIGNED_MESSAGE' } });
  });

  it('Clean needs the malware criterion and excludes Delete attachments (the first listed acts)', () => {
    const f = facts({ attachments: [attachment({ partPath: '1.2', malware: { name: 'Eicar_test_file', where: 'x' } })] });
    const r = when([{ type: 'MALWARE' }], {
      name: 'V',
      type: 'VIRUS_SCAN',
      intercept: 'NONE',
      modifyActions: [{ type: 'CLEAN_MALWARE' }, { type: 'DELETE_ATTACHMENTS' }],
    });
    const v = verdictOf(spec({ rules: [r] }), f);
    expect(v.modifications).toEqual([{ type: 'CLEAN_MALWARE', partPaths: ['1.2'] }]);
    expect(step(v, 'V').actions[1]).toMatchObject({
      type: 'DELETE_ATTACHMENTS',
      taken: false,
      reason: { code: 'MUTUALLY_EXCLUSIVE', params: { other: 'Cleaned' } },
    });
    const content = verdictOf(spec({ keywordLists: [k], rules: [modify([{ type: 'CLEAN_MALWARE' }])] }), f);
    expect(step(content, 'M').actions[0]).toMatchObject({
      taken: false,
      reason: { code: 'NEEDS_CRITERION', params: { criterion: 'MALWARE' } },
    });
  });

  it('Sanitize acts only with the active-content criterion, on the attachments it found', () => {
    const f = facts({
      attachments: [
        attachment({ partPath: '1.2', activeContent: [{ kind: 'OFFICE_MACRO', where: 'vbaProject.bin' }] }),
        attachment({ index: 1, partPath: '1.3' }),
      ],
    });
    const r = when([{ type: 'ATTACHMENT_ACTIVE_CONTENT' }], {
      name: 'A',
      intercept: 'NONE',
      modifyActions: [{ type: 'SANITIZE', deleteIfUnable: true }],
    });
    expect(verdictOf(spec({ rules: [r] }), f).modifications).toEqual([{ type: 'SANITIZE', partPaths: ['1.2'], deleteIfUnable: true }]);
    const v = verdictOf(spec({ keywordLists: [k], rules: [modify([{ type: 'SANITIZE', deleteIfUnable: false }])] }), f);
    expect(step(v, 'M').actions[0]!.reason?.code).toBe('NEEDS_CRITERION');
  });

  it('Encrypt: outbound only, recorded last, ends processing', () => {
    const out = { direction: 'OUTBOUND' as const };
    const f = facts({ direction: 'OUTBOUND', sender: 'bob@example.co.jp', recipients: ['x@partner.example'] });
    const rules = [
      modify([{ type: 'ENCRYPT' }, { type: 'INSERT_X_HEADER', name: 'X-E', value: '1' }], { name: 'E', ...out }),
      modify([{ type: 'INSERT_X_HEADER', name: 'X-Later', value: '1' }], { name: 'L', ...out }),
    ];
    const v = verdictOf(spec({ keywordLists: [k], rules }), f);
    expect(v.encrypt).toBe(true);
    expect(step(v, 'E').actions.map((a) => a.type)).toEqual(['INSERT_X_HEADER', 'ENCRYPT']);
    expect(step(v, 'L').outcome).toBe('SKIPPED');
    const inbound = verdictOf(spec({ keywordLists: [k], rules: [modify([{ type: 'ENCRYPT' }])] }), facts());
    expect(inbound.encrypt).toBe(false);
    expect(step(inbound, 'M').actions[0]!.reason?.code).toBe('OUTBOUND_ONLY');
  });

  it("Delete entire message: the rule's modify actions and BCC do not act; its notification is sent", () => {
    const monitorActions: MonitorAction[] = [
      { type: 'NOTIFY', notificationId: 'n' },
      { type: 'BCC', recipients: ['audit@example.co.jp'] },
    ];
    const notifications = [
      {
        id: 'n',
        name: 'n',
        fromAddress: 'admin@example.co.jp',
        toAddresses: ['admin@example.co.jp'],
        subject: 'Deleted: %SUBJECT%',
        body: '',
        attachOriginal: false,
      },
    ];
    const r = when(subject, {
      name: 'D',
      intercept: 'DELETE',
      modifyActions: [{ type: 'TAG_SUBJECT', text: 'x', skipSigned: false }],
      monitorActions,
    });
    const v = verdictOf(spec({ keywordLists: [k], notifications, rules: [r] }), facts());
    expect(v.modifications).toEqual([]);
    expect(v.bcc).toEqual([]);
    expect(v.notifications.map((n) => n.subject)).toEqual(['Deleted: Quarterly report']);
    expect(step(v, 'D').actions.map((a) => [a.type, a.taken])).toEqual([
      ['DELETE', true],
      ['TAG_SUBJECT', false],
      ['NOTIFY', true],
      ['BCC', false],
    ]);
  });
});

describe('stamps, notifications and BCC', () => {
  const stamps = [
    { id: 's', name: 'External', position: 'BEGINNING' as const, text: 'External mail from %SENDER% <check>\nRule: %RULENAME%' },
  ];

  it('a stamp is token-expanded; its HTML is the escaped text in the Information box', () => {
    const v = verdictOf(spec({ keywordLists: [k], stamps, rules: [modify([{ type: 'INSERT_STAMP', stampId: 's' }])] }), facts());
    const m = v.modifications[0];
    expect(m).toMatchObject({
      type: 'INSERT_STAMP',
      position: 'BEGINNING',
      text: 'External mail from alice@partner.example <check>\nRule: M',
    });
    expect(m?.type === 'INSERT_STAMP' && m.html).toContain('External mail from alice@partner.example &lt;check&gt;<br>Rule: M');
    expect(m?.type === 'INSERT_STAMP' && m.html).toContain('cegp-stamp-information');
  });

  it('a missing stamp or notification object is recorded, not thrown', () => {
    const r = modify([{ type: 'INSERT_STAMP', stampId: 'gone' }], { monitorActions: [{ type: 'NOTIFY', notificationId: 'gone' }] });
    const v = verdictOf(spec({ keywordLists: [k], rules: [r] }), facts());
    expect(step(v, 'M').actions.map((a) => a.reason?.code)).toEqual(['OBJECT_MISSING', 'OBJECT_MISSING']);
  });

  it('a notification goes to its To addresses with subject and body expanded', () => {
    const notifications = [
      {
        id: 'n',
        name: 'Admin',
        fromAddress: 'cegp@example.co.jp',
        toAddresses: ['admin@example.co.jp', 'sec@example.co.jp'],
        subject: '[%RULENAME%] %TACTION%',
        body: 'Mail %MAILID% to %RCPTS%: %ACTION%\n%HEADERS%',
        attachOriginal: true,
      },
    ];
    const r = when(subject, {
      name: 'Q',
      monitorActions: [{ type: 'NOTIFY', notificationId: 'n' }],
      modifyActions: [{ type: 'TAG_SUBJECT', text: '[Q]', skipSigned: false }],
    });
    const v = verdictOf(spec({ keywordLists: [k], notifications, rules: [r] }), facts());
    expect(v.notifications).toEqual([
      {
        ruleId: r.id,
        notificationId: 'n',
        from: 'cegp@example.co.jp',
        to: ['admin@example.co.jp', 'sec@example.co.jp'],
        subject: '[Q] Quarantined',
        text: 'Mail mail-1 to bob@example.co.jp: Subject tagged, Notification sent\nfrom: Alice <alice@partner.example>\nsubject: Quarterly report',
        attachOriginal: true,
      },
    ]);
  });

  it('BCC with Do not intercept; never with a terminal intercept', () => {
    const bcc: MonitorAction[] = [{ type: 'BCC', recipients: ['audit@example.co.jp'] }];
    expect(verdictOf(spec({ keywordLists: [k], rules: [modify([], { monitorActions: bcc })] }), facts()).bcc).toEqual([
      'audit@example.co.jp',
    ]);
    const v = verdictOf(spec({ keywordLists: [k], rules: [when(subject, { name: 'Q', monitorActions: bcc })] }), facts());
    expect(v.bcc).toEqual([]);
    expect(step(v, 'Q').actions[1]).toMatchObject({
      type: 'BCC',
      taken: false,
      reason: { code: 'NOT_WITH_TERMINAL', params: { action: 'Quarantined' } },
    });
  });
});
