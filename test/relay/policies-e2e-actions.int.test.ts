// The intercept actions of docs/cegp/policies-and-content-filtering.md §5 with real mail
// through the real relay and their priority across rules (readings: docs/parity.md "Actions
// (§5): readings"). Modify and monitor actions: policies-e2e-modify.int.test.ts; Encrypt
// (outbound, so through relay.simulate): policies-e2e-signals.int.test.ts.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { at, textMail } from '../support/relay-e2e-mail.js';
import { dbId, type RelayE2e, startRelayE2e, USER } from '../support/relay-e2e.js';
import { startTestSmtpSink, type TestSmtpSink } from '../support/smtp-sink.js';

const NO_CRITERIA = { criteriaMode: 'NO_CRITERIA' as const, criteria: [] };

describeEachDatabase('intercept actions end to end', (kind) => {
  let e: RelayE2e;
  let sink: TestSmtpSink;
  beforeAll(async () => {
    e = await startRelayE2e(kind);
    sink = await startTestSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
    await e?.close();
  });

  it('Delete entire message: DELETED, nothing delivered; its modify actions do not act, its notification goes', async () => {
    const n = await e.notification({
      name: 'deleted',
      fromAddress: at('postmaster'),
      toAddresses: [at('admin')],
      subject: 'Deleted: %SUBJECT%',
    });
    await e.withRules(
      [
        {
          name: 'delete all',
          ...NO_CRITERIA,
          intercept: { action: 'DELETE' },
          modifyActions: [{ type: 'TAG_SUBJECT', text: '[x]' }],
          monitorActions: [{ type: 'NOTIFY', notificationId: n }],
        },
      ],
      async ([rule]) => {
        const o = await e.outcome(await e.send(textMail('to be deleted')));
        expect(o.message.status).toBe('DELETED');
        expect(o.recipients).toMatchObject([{ address: USER, status: 'DELETED', lastReply: 'Message deleted by delete all' }]);
        expect(o.captured).toEqual([]);
        expect(o.step(rule!).actions.map((a) => [a.type, a.taken, a.reason?.code ?? null])).toEqual([
          ['DELETE', true, null],
          ['TAG_SUBJECT', false, 'MESSAGE_DELETED'],
          ['NOTIFY', true, null],
        ]);
        expect(o.events).toMatchObject([
          { ruleName: 'delete all', threatType: 'CONTENT_FILTERING_NO_CRITERIA', actions: ['DELETE', 'NOTIFY'] },
        ]);
        expect(o.generated).toMatchObject([{ origin: 'NOTIFICATION', status: 'DELIVERED' }]);
        expect(o.generated[0]!.captured[0]!.parsed.subject).toBe('Deleted: to be deleted');
      },
    );
  });

  it('Deliver now to a specific server: the server gets it, the capture mailbox does not, later rules are skipped', async () => {
    await e.withRules(
      [
        { name: 'deliver now', ...NO_CRITERIA, intercept: { action: 'DELIVER_NOW', server: `127.0.0.1:${sink.port}` } },
        { name: 'tag later', ...NO_CRITERIA, modifyActions: [{ type: 'TAG_SUBJECT', text: '[later]' }] },
      ],
      async ([now, later]) => {
        const before = sink.received.length;
        const o = await e.outcome(await e.send(textMail('urgent delivery')));
        expect(o.message.status).toBe('DELIVERED');
        expect(o.verdict).toMatchObject({ action: 'DELIVER_NOW', deliverNowServer: `127.0.0.1:${sink.port}` });
        expect(o.recipients).toMatchObject([{ address: USER, status: 'DELIVERED', deliveredTo: `127.0.0.1:${sink.port}` }]);
        expect(o.captured).toEqual([]);
        expect(sink.received.slice(before)).toMatchObject([{ to: [USER] }]);
        expect(sink.received.at(-1)!.raw.toString()).toContain('Subject: urgent delivery');
        expect(o.step(now!)).toMatchObject({ outcome: 'MATCHED', stoppedProcessing: true, note: { code: 'STOPPED_HERE' } });
        expect(o.step(later!)).toMatchObject({ outcome: 'SKIPPED', note: { code: 'PROCESSING_STOPPED' } });
      },
    );
  });

  it('Deliver now to the default mail server: the inbound server of the domain (the capture mailbox)', async () => {
    await e.withRules([{ name: 'deliver now default', ...NO_CRITERIA, intercept: { action: 'DELIVER_NOW' } }], async () => {
      const o = await e.outcome(await e.send(textMail('now')));
      expect(o.verdict).toMatchObject({ action: 'DELIVER_NOW', deliverNowServer: null });
      expect(o.message.status).toBe('DELIVERED');
      expect(o.captured).toHaveLength(1);
    });
  });

  it('Quarantine: QUARANTINED, a QuarantinedMessage with the rule, the reason and the message as received', async () => {
    const list = await e.keywordList('quarantine words', ['wire the money']);
    await e.withRules(
      [{ name: '送金依頼の隔離', criteria: [{ type: 'BODY_KEYWORDS', keywordListIds: [list] }], intercept: { action: 'QUARANTINE' } }],
      async ([rule]) => {
        const raw = textMail('payment', 'Please wire the money today.\r\n');
        const o = await e.outcome(await e.send(raw));
        expect(o.message.status).toBe('QUARANTINED');
        expect(o.recipients).toMatchObject([{ status: 'QUARANTINED', lastReply: 'Quarantined by 送金依頼の隔離' }]);
        expect(o.quarantined).toMatchObject([
          { area: 'Default', reason: 'Content', ruleId: dbId(rule!), ruleName: '送金依頼の隔離', recipients: [USER] },
        ]);
        const row = await e.t.app.database.client.quarantinedMessage.findFirstOrThrow({ where: { mailMessageId: o.message.id } });
        // The message as received, under the relay's own Received: trace field (RFC 5321 §4.4).
        const held = await readFile(row.contentPath);
        expect(held.toString('latin1')).toMatch(/^Received: /);
        expect(held.subarray(held.length - raw.length)).toEqual(raw);
        expect(o.captured).toEqual([]);
        expect(o.events).toMatchObject([{ threatType: 'CONTENT', actions: ['QUARANTINE'] }]);
      },
    );
  });

  it('Quarantine into a named area', async () => {
    await e.withRules([{ name: 'area', ...NO_CRITERIA, intercept: { action: 'QUARANTINE', quarantineArea: 'Suspicious' } }], async () => {
      const o = await e.outcome(await e.send(textMail('area')));
      expect(o.quarantined).toMatchObject([{ area: 'Suspicious', reason: 'Content Filtering - No Criteria' }]);
    });
  });

  it('a rule for one recipient splits the message: that recipient quarantined, the other delivered', async () => {
    await e.withRules(
      [{ name: 'only a', recipients: { kind: 'SPECIFIED', addresses: [at('a')] }, ...NO_CRITERIA, intercept: { action: 'QUARANTINE' } }],
      async ([rule]) => {
        const o = await e.outcome(await e.send(textMail('split'), { to: [at('a'), USER] }));
        expect(o.message.verdict.verdicts.map((v) => [v.recipients, v.verdict.action])).toEqual([
          [[at('a')], 'QUARANTINE'],
          [[USER], 'DELIVER'],
        ]);
        expect(o.recipients.map((r) => [r.address, r.status])).toEqual([
          [at('a'), 'QUARANTINED'],
          [USER, 'DELIVERED'],
        ]);
        expect(o.quarantined).toMatchObject([{ recipients: [at('a')] }]);
        expect(o.captured.map((c) => c.envelopeRecipients)).toEqual([[USER]]);
        // The other recipient's verdict shows the rule as not applying to it.
        const other = o.message.verdict.verdicts[1]!.verdict.trace.find((s) => s.ruleId === dbId(rule!));
        expect(other?.outcome).toBe('NOT_IN_ROUTE');
        // One status for the message: the interception wins over the delivery (src/relay/message-status.ts).
        expect(o.message.status).toBe('QUARANTINED');
      },
    );
  });

  it('Change recipient: the original REDIRECTED, the new recipient gets it in the capture mailbox, headers unchanged', async () => {
    await e.withRules(
      [{ name: 'reroute', ...NO_CRITERIA, intercept: { action: 'CHANGE_RECIPIENT', recipients: [at('security')] } }],
      async ([rule]) => {
        const o = await e.outcome(await e.send(textMail('for the user')));
        expect(o.verdict).toMatchObject({ action: 'CHANGE_RECIPIENT', changedRecipients: [at('security')] });
        expect(o.recipients).toMatchObject([
          { address: at('security'), originalAddress: USER, status: 'DELIVERED' },
          { address: USER, status: 'REDIRECTED', lastReply: `Recipient changed to ${at('security')}` },
        ]);
        expect(o.message.status).toBe('REDIRECTED');
        expect(o.captured).toHaveLength(1);
        expect(o.captured[0]!.envelopeRecipients).toEqual([at('security')]);
        expect(o.captured[0]!.parsed.to).toMatchObject({ text: USER });
        // Change recipient does not end processing (docs/parity.md).
        expect(o.step(rule!).stoppedProcessing).toBe(false);
      },
    );
  });

  it('Change recipient goes on through later rules: the rerouted message is tagged by the next one', async () => {
    await e.withRules(
      [
        { name: 'reroute', ...NO_CRITERIA, intercept: { action: 'CHANGE_RECIPIENT', recipients: [at('security'), at('audit')] } },
        { name: 'tag after', ...NO_CRITERIA, modifyActions: [{ type: 'TAG_SUBJECT', text: '[rerouted]' }] },
      ],
      async ([, tag]) => {
        const o = await e.outcome(await e.send(textMail('two of them'), { to: [USER, at('b')] }));
        expect(o.step(tag!).outcome).toBe('MATCHED');
        expect(o.recipients.map((r) => [r.address, r.originalAddress, r.status])).toEqual([
          [at('audit'), `${USER}, ${at('b')}`, 'DELIVERED'],
          [at('b'), at('b'), 'REDIRECTED'],
          [at('security'), `${USER}, ${at('b')}`, 'DELIVERED'],
          [USER, USER, 'REDIRECTED'],
        ]);
        expect(o.captured.map((c) => [c.envelopeRecipients, c.parsed.subject])).toEqual([
          [[at('security'), at('audit')], '[rerouted] two of them'],
        ]);
      },
    );
  });

  it('priority: Change recipient then Delete → Delete wins, the rerouting is OUTRANKED', async () => {
    await e.withRules(
      [
        { name: 'reroute first', ...NO_CRITERIA, intercept: { action: 'CHANGE_RECIPIENT', recipients: [at('security')] } },
        { name: 'delete second', ...NO_CRITERIA, intercept: { action: 'DELETE' } },
      ],
      async ([reroute, del]) => {
        const o = await e.outcome(await e.send(textMail('two intercepts')));
        expect(o.message.status).toBe('DELETED');
        expect(o.verdict.matchedRuleIds).toEqual([dbId(reroute!), dbId(del!)]);
        expect(o.step(reroute!).actions[0]).toMatchObject({
          type: 'CHANGE_RECIPIENT',
          taken: false,
          reason: { code: 'OUTRANKED', params: { action: 'Message deleted', rule: 'delete second' } },
        });
        expect(o.recipients).toMatchObject([{ address: USER, status: 'DELETED' }]);
        expect(o.captured).toEqual([]);
      },
    );
  });

  it('priority: Change recipient then Quarantine → quarantined, the rerouting is OUTRANKED', async () => {
    await e.withRules(
      [
        { name: 'reroute first', ...NO_CRITERIA, intercept: { action: 'CHANGE_RECIPIENT', recipients: [at('security')] } },
        { name: 'quarantine second', ...NO_CRITERIA, intercept: { action: 'QUARANTINE' } },
      ],
      async ([reroute]) => {
        const o = await e.outcome(await e.send(textMail('two intercepts')));
        expect(o.message.status).toBe('QUARANTINED');
        expect(o.step(reroute!).actions[0]).toMatchObject({ taken: false, reason: { code: 'OUTRANKED' } });
        expect(o.quarantined).toMatchObject([{ ruleName: 'quarantine second', reason: 'Content Filtering - No Criteria' }]);
      },
    );
  });

  it('priority: Delete ends processing: a later Quarantine rule is SKIPPED', async () => {
    await e.withRules(
      [
        { name: 'delete first', ...NO_CRITERIA, intercept: { action: 'DELETE' } },
        { name: 'quarantine second', ...NO_CRITERIA, intercept: { action: 'QUARANTINE' } },
      ],
      async ([del, q]) => {
        const o = await e.outcome(await e.send(textMail('two intercepts')));
        expect(o.message.status).toBe('DELETED');
        expect(o.step(del!).stoppedProcessing).toBe(true);
        expect(o.step(q!)).toMatchObject({ outcome: 'SKIPPED', note: { code: 'PROCESSING_STOPPED', params: { rule: 'delete first' } } });
        expect(o.quarantined).toEqual([]);
      },
    );
  });

  it('priority: Quarantine ends processing: a later Delete rule is SKIPPED (both end processing; the first to match acts)', async () => {
    await e.withRules(
      [
        { name: 'quarantine first', ...NO_CRITERIA, intercept: { action: 'QUARANTINE' } },
        { name: 'delete second', ...NO_CRITERIA, intercept: { action: 'DELETE' } },
      ],
      async ([q, del]) => {
        const o = await e.outcome(await e.send(textMail('two intercepts')));
        expect(o.message.status).toBe('QUARANTINED');
        expect(o.step(q!)).toMatchObject({ outcome: 'MATCHED', stoppedProcessing: true });
        expect(o.step(del!)).toMatchObject({
          outcome: 'SKIPPED',
          note: { code: 'PROCESSING_STOPPED', params: { rule: 'quarantine first', action: 'Quarantined' } },
        });
        expect(o.verdict.matchedRuleIds).toEqual([dbId(q!)]);
      },
    );
  });
});
