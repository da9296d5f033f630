// The rehearsal's test signals (docs/parity.md "Test signals") firing the scan-engine policy
// types end to end: EICAR (also in a ZIP) → a virus rule, GTUBE → a spam rule, X-Rehearsal-Signal
// bec / web-reputation at levels → spam-filtering rules, anomaly → a Correlated Intelligence
// rule. Then relay.simulate on the same messages: the same verdict as the one stored; and
// Encrypt, which needs outbound mail, on the engine's path through relay.simulate.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Verdict } from '../../src/policies/engine/verdict.js';
import { describeEachDatabase } from '../support/databases.js';
import { EICAR, file, GTUBE, mailWith, textMail, zip } from '../support/relay-e2e-mail.js';
import { dbId, evidenceCodes, OUTSIDER, type RelayE2e, type RuleInput, startRelayE2e, USER } from '../support/relay-e2e.js';

interface SignalCase {
  name: string;
  rule: RuleInput;
  match: Buffer;
  matchEvidence: string[];
  /** Status of the matching message and the quarantine reason (null: not quarantined). */
  status: 'DELETED' | 'QUARANTINED';
  reason: string | null;
  threatType: string;
  noMatch: Buffer;
  noMatchEvidence: string[];
}

const NO_CRITERIA = { criteriaMode: 'NO_CRITERIA' as const, criteria: [] };

const signal = (value: string, subject = 'signal') => textMail(subject, 'Hello.\r\n', [`X-Rehearsal-Signal: ${value}`]);

const CASES: SignalCase[] = [
  {
    name: 'EICAR attachment → virus rule (Delete)',
    rule: { name: 'virus', type: 'VIRUS_SCAN', criteria: [{ type: 'MALWARE' }], intercept: { action: 'DELETE' } },
    match: mailWith('eicar', [file('eicar.com', EICAR)]),
    matchEvidence: ['MALWARE_FOUND'],
    status: 'DELETED',
    reason: null,
    threatType: 'MALWARE',
    noMatch: mailWith('clean', [file('notes.txt', 'harmless', 'text/plain')]),
    noMatchEvidence: ['NO_MALWARE'],
  },
  {
    name: 'EICAR inside a ZIP → virus rule (Quarantine, reason Malware)',
    rule: { name: 'virus zip', type: 'VIRUS_SCAN', criteria: [{ type: 'MALWARE' }], intercept: { action: 'QUARANTINE' } },
    match: mailWith('eicar zip', [file('files.zip', zip({ 'docs/eicar.com': EICAR }), 'application/zip')]),
    matchEvidence: ['MALWARE_FOUND'],
    status: 'QUARANTINED',
    reason: 'Malware',
    threatType: 'MALWARE',
    noMatch: mailWith('clean zip', [file('files.zip', zip({ 'docs/readme.txt': 'harmless' }), 'application/zip')]),
    noMatchEvidence: ['NO_MALWARE'],
  },
  {
    name: 'GTUBE in the body → spam rule (reason Spam)',
    rule: { name: 'spam', type: 'SPAM_FILTERING', criteria: [{ type: 'SPAM', spamThreat: 'SPAM' }], intercept: { action: 'QUARANTINE' } },
    match: textMail('offer', `Cheap offer.\r\n${GTUBE}\r\n`),
    matchEvidence: ['GTUBE_FOUND'],
    status: 'QUARANTINED',
    reason: 'Spam',
    threatType: 'SPAM',
    noMatch: textMail('offer', 'A real offer.\r\n'),
    noMatchEvidence: ['SIGNAL_ABSENT'],
  },
  {
    name: 'bec=high → BEC rule at MODERATELY_LOW; bec=low is below its level',
    rule: {
      name: 'bec',
      type: 'SPAM_FILTERING',
      criteria: [{ type: 'SPAM', spamThreat: 'BEC', level: 'MODERATELY_LOW' }],
      intercept: { action: 'QUARANTINE' },
    },
    match: signal('bec=high'),
    matchEvidence: ['SIGNAL_MATCHED'],
    status: 'QUARANTINED',
    reason: 'BEC',
    threatType: 'BEC',
    noMatch: signal('bec=low'),
    noMatchEvidence: ['SIGNAL_BELOW_LEVEL'],
  },
  {
    name: 'web-reputation=moderately-high → web reputation rule at MODERATELY_HIGH; lowest is below',
    rule: {
      name: 'web reputation',
      type: 'SPAM_FILTERING',
      criteria: [{ type: 'WEB_REPUTATION', level: 'MODERATELY_HIGH' }],
      intercept: { action: 'QUARANTINE' },
    },
    match: signal('web-reputation=moderately-high'),
    matchEvidence: ['SIGNAL_MATCHED'],
    status: 'QUARANTINED',
    reason: 'Web Reputation',
    threatType: 'WEB_REPUTATION',
    noMatch: signal('web-reputation=lowest'),
    noMatchEvidence: ['SIGNAL_BELOW_LEVEL'],
  },
  {
    name: 'anomaly → Correlated Intelligence rule (reason Anomaly)',
    rule: {
      name: 'ci',
      type: 'CORRELATED_INTELLIGENCE',
      criteria: [{ type: 'CORRELATED_INTELLIGENCE' }],
      intercept: { action: 'QUARANTINE' },
    },
    match: signal('anomaly'),
    matchEvidence: ['SIGNAL_MATCHED'],
    status: 'QUARANTINED',
    reason: 'Anomaly',
    threatType: 'ANOMALY',
    noMatch: signal('phishing'),
    noMatchEvidence: ['SIGNAL_ABSENT'],
  },
];

/** What a verdict decides, without what differs between two evaluations of one message (mail id, time). */
const decision = (v: Verdict) => ({
  action: v.action,
  matchedRuleIds: v.matchedRuleIds,
  trace: v.trace.map((s) => ({
    ruleId: s.ruleId,
    outcome: s.outcome,
    criteria: s.criteria,
    actions: s.actions.map((a) => [a.type, a.taken]),
  })),
  modifications: v.modifications,
  quarantine: v.quarantine,
  policyEvents: v.policyEvents,
});

describeEachDatabase('test signals end to end', (kind) => {
  let e: RelayE2e;
  beforeAll(async () => {
    e = await startRelayE2e(kind);
  });
  afterAll(async () => e?.close());

  for (const c of CASES) {
    it(c.name, async () => {
      const id = await e.addRule({ ...c.rule, criteriaMode: 'ANY_MATCH' });
      try {
        const [hit, miss] = await Promise.all([e.send(c.match), e.send(c.noMatch)]);
        const o = await e.outcome(hit);
        expect(o.message.status).toBe(c.status);
        expect(o.step(id)).toMatchObject({ outcome: 'MATCHED', policyType: c.rule.type });
        expect(Object.values(evidenceCodes(o.step(id))).flat()).toEqual(expect.arrayContaining(c.matchEvidence));
        expect(o.quarantined.map((q) => q.reason)).toEqual(c.reason ? [c.reason] : []);
        expect(o.events).toMatchObject([{ ruleName: c.rule.name, threatType: c.threatType }]);
        expect(o.captured).toEqual([]);
        const n = await e.outcome(miss);
        expect(n.message.status).toBe('DELIVERED');
        expect(n.step(id).outcome).toBe('NOT_MATCHED');
        expect(Object.values(evidenceCodes(n.step(id))).flat()).toEqual(expect.arrayContaining(c.noMatchEvidence));
      } finally {
        await e.deleteRule(id);
      }
    });
  }

  it('relay.simulate gives the verdict the relay stored (action, matched rules, trace outcomes and evidence)', async () => {
    const list = await e.keywordList('simulate words', ['invoice']);
    const rules: RuleInput[] = [
      { name: 'sim virus', type: 'VIRUS_SCAN', criteria: [{ type: 'MALWARE' }], intercept: { action: 'DELETE' } },
      { name: 'sim bec', type: 'SPAM_FILTERING', criteria: [{ type: 'SPAM', spamThreat: 'BEC' }], intercept: { action: 'QUARANTINE' } },
      {
        name: 'sim tag',
        criteria: [{ type: 'SUBJECT_KEYWORDS', keywordListIds: [list] }],
        modifyActions: [{ type: 'TAG_SUBJECT', text: '[invoice]' }],
      },
      { name: 'sim size', criteria: [{ type: 'ATTACHMENT_SIZE', operator: 'GT', bytes: 10 }], intercept: { action: 'QUARANTINE' } },
    ];
    const ids: string[] = [];
    try {
      for (const r of rules) ids.push(await e.addRule({ criteriaMode: 'ANY_MATCH', ...r }));
      const messages = [
        mailWith('eicar', [file('eicar.com', EICAR)]),
        signal('bec=highest', 'pay now'),
        textMail('your invoice'),
        mailWith('invoice attached', [file('big.txt', 'x'.repeat(100), 'text/plain')]),
        textMail('nothing to see'),
      ];
      const recipients = [USER];
      for (const raw of messages) {
        const stored = await e.outcome(await e.send(raw, { from: OUTSIDER, to: recipients }));
        const simulated = await e.t.app.relay.simulate({
          tenantId: e.tenantId,
          raw,
          envelopeSender: OUTSIDER,
          envelopeRecipients: recipients,
          direction: 'INBOUND',
        });
        expect(simulated.verdicts.map((v) => v.recipients)).toEqual(stored.message.verdict.verdicts.map((v) => v.recipients));
        expect(decision(simulated.verdicts[0]!.verdict)).toEqual(decision(stored.verdict));
      }
      const actions = [];
      for (const raw of messages)
        actions.push(
          (
            await e.t.app.relay.simulate({
              tenantId: e.tenantId,
              raw,
              envelopeSender: OUTSIDER,
              envelopeRecipients: recipients,
              direction: 'INBOUND',
            })
          ).verdicts[0]!.verdict.action,
        );
      expect(actions).toEqual(['DELETE', 'QUARANTINE', 'DELIVER', 'QUARANTINE', 'DELIVER']);
    } finally {
      for (const id of ids) await e.deleteRule(id);
    }
  });

  it('Encrypt (outbound only): recorded as the last step through relay.simulate; the listener does not relay outbound mail yet', async () => {
    // The SMTP listener takes mail for managed domains only (inbound): outbound mail to an
    // outside recipient is refused at RCPT, so Encrypt is checked on the engine's own path.
    await expect(
      nodemailer
        .createTransport({ host: '127.0.0.1', port: e.t.smtpPort, secure: false, ignoreTLS: true, logger: false })
        .sendMail({ envelope: { from: USER, to: ['partner@outside.example'] }, raw: textMail('outbound') }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const outbound = { direction: 'OUTBOUND', senders: { kind: 'MY_ORGANIZATION' }, recipients: { kind: 'ANYONE' }, ...NO_CRITERIA };
    await e.withRules(
      [
        {
          name: 'encrypt outbound',
          ...outbound,
          modifyActions: [{ type: 'ENCRYPT' }, { type: 'INSERT_X_HEADER', headerName: 'X-Encrypted-By', headerValue: 'rehearsal' }],
        },
        { name: 'after encrypt', ...outbound, modifyActions: [{ type: 'TAG_SUBJECT', text: '[late]' }] },
      ],
      async ([enc, after]) => {
        const evaluation = await e.t.app.relay.simulate({
          tenantId: e.tenantId,
          raw: textMail('quarterly figures'),
          envelopeSender: USER,
          envelopeRecipients: ['partner@outside.example'],
          direction: 'OUTBOUND',
        });
        const v = evaluation.verdicts[0]!.verdict;
        expect(v).toMatchObject({ action: 'DELIVER', encrypt: true });
        const step = v.trace.find((s) => s.ruleId === dbId(enc!))!;
        expect(step.actions.map((a) => [a.type, a.taken])).toEqual([
          ['INSERT_X_HEADER', true],
          ['ENCRYPT', true],
        ]);
        expect(step).toMatchObject({
          stoppedProcessing: true,
          note: { code: 'STOPPED_HERE', params: { action: 'Submitted for encryption' } },
        });
        expect(v.trace.find((s) => s.ruleId === dbId(after!))).toMatchObject({ outcome: 'SKIPPED', note: { code: 'PROCESSING_STOPPED' } });
        expect(v.modifications).toEqual([{ type: 'INSERT_X_HEADER', name: 'X-Encrypted-By', value: 'rehearsal' }]);
        expect(v.policyEvents).toMatchObject([{ ruleName: 'encrypt outbound', actions: ['INSERT_X_HEADER', 'ENCRYPT'] }]);
      },
    );
  });
});
