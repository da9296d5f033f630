// One message through the policy: stage order, routes and exceptions with their evidence,
// All / Any / No criteria, disabled rules, release from quarantine, the hidden global
// anti-virus rule, recipients split by the rules that apply to them, the budget.
import { describe, expect, it } from 'vitest';
import { GLOBAL_ANTIVIRUS_RULE_NAME } from '../../../src/policies/engine/evaluate-message.js';
import { attachment, evaluate, facts, rule, spec, step, verdictOf, when } from '../../support/engine-builders.js';

const eicar = attachment({ filename: 'eicar.com', malware: { name: 'Eicar_test_file', where: 'eicar.com' } });
const exe = attachment({ filename: 'run.exe' });
const byName = [{ type: 'ATTACHMENT_NAME' as const, selected: true, patterns: ['*.exe'] }];

describe('stages and order', () => {
  it('virus → spam → Correlated Intelligence → content → DLP, each by order, whatever the spec order', () => {
    const rules = [
      rule({ name: 'dlp', type: 'DLP', order: 1 }),
      rule({ name: 'content 2', order: 2 }),
      rule({ name: 'content 1', order: 1 }),
      rule({ name: 'ci', type: 'CORRELATED_INTELLIGENCE', order: 1 }),
      rule({ name: 'spam', type: 'SPAM_FILTERING', order: 1 }),
      rule({ name: 'virus', type: 'VIRUS_SCAN', order: 1 }),
      rule({ name: 'outbound', direction: 'OUTBOUND', order: 1 }),
    ];
    const v = verdictOf(spec({ rules }), facts());
    expect(v.trace.map((t) => t.ruleName)).toEqual(['virus', 'spam', 'ci', 'content 1', 'content 2', 'dlp']);
  });

  it('a virus rule that deletes stops the content rules', () => {
    const rules = [when(byName, { name: 'C' }), when([{ type: 'MALWARE' }], { name: 'V', type: 'VIRUS_SCAN', intercept: 'DELETE' })];
    const v = verdictOf(spec({ rules }), facts({ attachments: [eicar, exe] }));
    expect(v.action).toBe('DELETE');
    expect(step(v, 'C')).toMatchObject({ outcome: 'SKIPPED', note: { code: 'PROCESSING_STOPPED', params: { rule: 'V' } } });
  });

  it('disabled rules appear SKIPPED and do not act', () => {
    const v = verdictOf(spec({ rules: [when(byName, { name: 'off', enabled: false })] }), facts({ attachments: [exe] }));
    expect(v.action).toBe('DELIVER');
    expect(step(v, 'off')).toMatchObject({ outcome: 'SKIPPED', note: { code: 'RULE_DISABLED' } });
  });

  it('released from quarantine: the rule that quarantined it is skipped, another quarantining rule re-quarantines', () => {
    const first = when(byName, { name: 'first', id: 'r1' });
    const second = when(byName, { name: 'second', id: 'r2', interceptOptions: { area: 'Suspicious' } });
    const s = spec({ rules: [first, second] });
    expect(verdictOf(s, facts({ attachments: [exe] })).quarantine?.ruleName).toBe('first');
    const released = verdictOf(s, facts({ attachments: [exe] }), { skipRuleIds: ['r1'] });
    expect(step(released, 'first')).toMatchObject({ outcome: 'SKIPPED', note: { code: 'RULE_SKIPPED_ON_RELEASE' } });
    expect(released.quarantine).toMatchObject({ ruleId: 'r2', area: 'Suspicious' });
    expect(verdictOf(spec({ rules: [first] }), facts({ attachments: [exe] }), { skipRuleIds: ['r1'] }).action).toBe('DELIVER');
  });
});

describe('criteria modes', () => {
  const big = { type: 'MESSAGE_SIZE' as const, op: 'GT' as const, bytes: 1000 };
  const blank = { type: 'SUBJECT_BLANK' as const };
  it('Any Match fires on one criterion, All Match needs all, No criteria fires on every message', () => {
    expect(verdictOf(spec({ rules: [when([big, blank], { name: 'R' })] }), facts()).action).toBe('QUARANTINE');
    const all = verdictOf(spec({ rules: [when([big, blank], { name: 'R', criteriaMode: 'ALL_MATCH' })] }), facts());
    expect(step(all, 'R')).toMatchObject({
      outcome: 'NOT_MATCHED',
      criteriaMode: 'ALL',
      criteria: [{ matched: true }, { matched: false }],
    });
    expect(verdictOf(spec({ rules: [when([big, blank], { name: 'R', criteriaMode: 'ALL_MATCH' })] }), facts({ subject: '' })).action).toBe(
      'QUARANTINE',
    );
    const none = verdictOf(spec({ rules: [when([], { name: 'R', criteriaMode: 'NO_CRITERIA' })] }), facts());
    expect(step(none, 'R')).toMatchObject({ outcome: 'MATCHED', criteriaMode: 'NONE', note: { code: 'STOPPED_HERE' } });
    const monitor = verdictOf(spec({ rules: [when([], { name: 'R', criteriaMode: 'NO_CRITERIA', intercept: 'NONE' })] }), facts());
    expect(step(monitor, 'R').note).toEqual({ code: 'NO_CRITERIA_MODE', params: {} });
    expect(none.quarantine?.reason).toBe('Content Filtering - No Criteria');
    expect(none.policyEvents[0]!.threatType).toBe('CONTENT_FILTERING_NO_CRITERIA');
  });
  it('an Advanced rule without criteria matches nothing', () => {
    const v = verdictOf(spec({ rules: [when([], { name: 'R' })] }), facts());
    expect(step(v, 'R')).toMatchObject({ outcome: 'NOT_MATCHED', note: { code: 'NO_CRITERIA_SELECTED' } });
  });
});

describe('routes and exceptions', () => {
  it('names the entries that put sender and recipient in the route', () => {
    const r = when(byName, {
      name: 'R',
      senders: {
        kind: 'SPECIFIED',
        entries: [
          { type: 'ADDRESS', value: '*@other.example' },
          { type: 'ADDRESS_GROUP', groupId: 'g' },
        ],
      },
      recipients: { kind: 'SPECIFIED', entries: [{ type: 'DOMAIN', domain: 'example.co.jp' }] },
    });
    const v = verdictOf(
      spec({ rules: [r], addressGroups: [{ id: 'g', name: 'Partners', addresses: ['*@partner.example'] }] }),
      facts({ attachments: [exe] }),
    );
    expect(step(v, 'R').route).toEqual([
      { code: 'ROUTE_SENDER_IN', params: { address: 'alice@partner.example', entry: 'group "Partners"' } },
      { code: 'ROUTE_RECIPIENT_IN', params: { address: 'bob@example.co.jp', entry: 'example.co.jp' } },
    ]);
  });

  it('a sender outside the route: NOT_IN_ROUTE, criteria not evaluated', () => {
    const r = when(byName, { name: 'R', senders: { kind: 'SPECIFIED', entries: [{ type: 'ADDRESS', value: '*@other.example' }] } });
    const v = verdictOf(spec({ rules: [r] }), facts({ attachments: [exe] }));
    expect(step(v, 'R')).toMatchObject({ outcome: 'NOT_IN_ROUTE', criteria: [], route: [{ code: 'ROUTE_SENDER_NOT_IN' }] });
    expect(v.action).toBe('DELIVER');
  });

  it('an exception pair excepts the message, naming the pair and its entries', () => {
    const r = when(byName, {
      name: 'R',
      exceptions: [
        {
          sender: { kind: 'SPECIFIED', entries: [{ type: 'ADDRESS', value: 'nobody@x.example' }] },
          recipient: { kind: 'ANYONE', entries: [] },
        },
        {
          sender: { kind: 'SPECIFIED', entries: [{ type: 'ADDRESS', value: '*@partner.example' }] },
          recipient: { kind: 'SPECIFIED', entries: [] },
        },
      ],
    });
    const v = verdictOf(spec({ rules: [r] }), facts({ attachments: [exe] }));
    expect(step(v, 'R')).toMatchObject({
      outcome: 'EXCEPTED',
      route: [{ code: 'ROUTE_EXCEPTED', params: { exception: 2, senderEntry: '*@partner.example', recipientEntry: 'Anyone', count: 1 } }],
    });
  });
});

describe('recipients split by the rules that apply to them', () => {
  it('one verdict per set of applicable rules; one recipient, one verdict', () => {
    const r = when(byName, {
      name: 'sales only',
      recipients: { kind: 'SPECIFIED', entries: [{ type: 'ADDRESS', value: 'sales@example.co.jp' }] },
    });
    const f = facts({ recipients: ['sales@example.co.jp', 'bob@example.co.jp', 'carol@example.co.jp'], attachments: [exe] });
    const e = evaluate(spec({ rules: [r] }), f);
    expect(e.verdicts.map((x) => [x.recipients, x.verdict.action])).toEqual([
      [['sales@example.co.jp'], 'QUARANTINE'],
      [['bob@example.co.jp', 'carol@example.co.jp'], 'DELIVER'],
    ]);
    expect(step(e.verdicts[1]!.verdict, 'sales only').route[0]).toMatchObject({
      code: 'ROUTE_RECIPIENT_NOT_IN',
      params: { address: 'bob@example.co.jp', count: 2 },
    });
    expect(evaluate(spec({ rules: [r] }), facts({ attachments: [exe] })).verdicts).toHaveLength(1);
  });
});

describe('the hidden Global Anti-Virus Rule (Enforced on Unverified Domains)', () => {
  it("deletes malware for recipients at a registered, unverified domain, before the tenant's virus rules", () => {
    const tenantVirus = when([{ type: 'MALWARE' }], {
      name: 'V',
      type: 'VIRUS_SCAN',
      intercept: 'QUARANTINE',
      recipients: { kind: 'ANYONE', entries: [] },
    });
    const f = facts({ recipients: ['bob@example.co.jp', 'ann@pending.example'], attachments: [eicar] });
    const [verified, pending] = evaluate(spec({ rules: [tenantVirus] }), f).verdicts;
    expect(verified).toMatchObject({ recipients: ['bob@example.co.jp'], verdict: { action: 'QUARANTINE' } });
    expect(verified!.verdict.trace.map((t) => t.ruleName)).toEqual(['V']);
    expect(pending!.recipients).toEqual(['ann@pending.example']);
    expect(pending!.verdict.action).toBe('DELETE');
    expect(pending!.verdict.trace[0]).toMatchObject({
      ruleId: null,
      ruleName: GLOBAL_ANTIVIRUS_RULE_NAME,
      outcome: 'MATCHED',
      route: [{ code: 'ROUTE_UNVERIFIED_DOMAIN', params: { domain: 'pending.example' } }],
    });
    expect(pending!.verdict.policyEvents[0]).toMatchObject({ ruleId: null, threatType: 'MALWARE', actions: ['DELETE'] });
    expect(step(pending!.verdict, 'V').outcome).toBe('SKIPPED');
  });

  it("outbound: applies to every recipient when the sender's domain is registered but unverified", () => {
    const f = facts({
      direction: 'OUTBOUND',
      sender: 'ann@pending.example',
      recipients: ['x@partner.example', 'y@other.example'],
      attachments: [eicar],
    });
    const e = evaluate(spec(), f);
    expect(e.verdicts).toHaveLength(1);
    expect(e.verdicts[0]!.verdict).toMatchObject({
      action: 'DELETE',
      trace: [{ ruleId: null, route: [{ params: { address: 'ann@pending.example' } }] }],
    });
    expect(evaluate(spec(), { ...f, envelope: { ...f.envelope, sender: 'bob@example.co.jp' } }).verdicts[0]!.verdict.trace).toEqual([]);
  });

  it('clean mail to an unverified domain passes it', () => {
    const v = verdictOf(spec(), facts({ recipients: ['ann@pending.example'] }));
    expect(v).toMatchObject({ action: 'DELIVER', trace: [{ ruleName: GLOBAL_ANTIVIRUS_RULE_NAME, outcome: 'NOT_MATCHED' }] });
  });
});

describe('budget', () => {
  const list = {
    id: 'k',
    name: 'k',
    match: 'ANY' as const,
    threshold: null,
    expressions: [{ expression: 'needle', caseSensitive: false, score: 1 }],
  };
  const other = { ...list, id: 'k2', name: 'k2' };
  const body = [{ type: 'BODY_KEYWORDS' as const, keywordListIds: ['k'] }];
  const body2 = [{ type: 'BODY_KEYWORDS' as const, keywordListIds: ['k2'] }];

  it('a scan that does not fit reads as not matched; the step and the verdict say so; later rules still run', () => {
    const rules = [when(body, { name: 'A', order: 1 }), when(body2, { name: 'B', order: 2 }), when(byName, { name: 'C', order: 3 })];
    const f = facts({ bodyText: `${'x'.repeat(100)} needle`, attachments: [exe] });
    const v = verdictOf(spec({ keywordLists: [list, other], rules }), f, { budget: { scannedChars: 150 } });
    expect(step(v, 'A').outcome).toBe('MATCHED');
    expect(v.action).toBe('QUARANTINE');
    const q = verdictOf(
      spec({ keywordLists: [list, other], rules: rules.map((r) => ({ ...r, body: { ...r.body, intercept: 'NONE' as const } })) }),
      f,
      { budget: { scannedChars: 150 } },
    );
    expect(step(q, 'B')).toMatchObject({
      outcome: 'NOT_MATCHED',
      note: { code: 'BUDGET_EXHAUSTED', params: { item: 'SCANNED_CHARS', limit: 150 } },
    });
    expect(q.budgetExhausted).toEqual({ code: 'BUDGET_EXHAUSTED', params: { item: 'SCANNED_CHARS', limit: 150 } });
    expect(step(q, 'C').outcome).toBe('MATCHED');
  });

  it('rules naming the same list over the same text scan it once, charged once', () => {
    const rules = [when(body, { name: 'A', intercept: 'NONE' }), when(body, { name: 'B', intercept: 'NONE' })];
    const v = verdictOf(spec({ keywordLists: [list], rules }), facts({ bodyText: `${'x'.repeat(100)} needle` }), {
      budget: { scannedChars: 150 },
    });
    expect([step(v, 'A').outcome, step(v, 'B').outcome]).toEqual(['MATCHED', 'MATCHED']);
    expect(v.budgetExhausted).toBeNull();
  });

  it('attachments beyond the budget are not examined', () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      attachment({ index: i, partPath: `1.${i + 2}`, filename: i === 4 ? 'late.exe' : `f${i}.pdf` }),
    );
    const v = verdictOf(spec({ rules: [when(byName, { name: 'R' })] }), facts({ attachments: many }), {
      budget: { attachmentsExamined: 4 },
    });
    expect(v.action).toBe('DELIVER');
    expect(v.budgetExhausted).toMatchObject({ params: { item: 'ATTACHMENTS', limit: 4 } });
  });

  it('what the producer cut is carried on the verdict', () => {
    const v = verdictOf(spec(), facts({ cuts: [{ item: 'TEXT_BYTES', detail: 'body text after 2,097,152 characters not scanned' }] }));
    expect(v.cuts).toEqual([
      { code: 'PRODUCER_CUT', params: { item: 'TEXT_BYTES', detail: 'body text after 2,097,152 characters not scanned' } },
    ]);
  });
});
