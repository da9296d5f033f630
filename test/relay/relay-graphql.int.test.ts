// The relay as a tester uses it: real mail in over SMTP, then GraphQL — waitForMessage (no
// sleeping, no polling), the verdict and its trace, the capture mailbox and its download,
// simulateMessage agreeing with the real run, quarantine release and delete.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADD_DOMAIN, SET_RECORD, VERIFY_DOMAIN } from '../support/graphql-documents.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
const MESSAGE = `
  id messageId status envelopeSender envelopeRecipients subject
  recipients { address status deliveredTo }
  verdict { action matchedRuleNames trace { ruleName outcome stoppedProcessing criteria { type matched evidence { code message } } actions { type taken } } }`;

describeEachDatabase('relay through GraphQL', (kind) => {
  let t: TestApp;
  const send = (raw: string, to = 'user@relay-gql.example', from = 'partner@outside.example') =>
    nodemailer.createTransport({ host: '127.0.0.1', port: t.smtpPort, ignoreTLS: true }).sendMail({ envelope: { from, to: [to] }, raw });
  const wait = async (messageId: string) => {
    const r = await t.gql(`query($f: MailMessageFilter!) { waitForMessage(filter: $f, timeoutSeconds: 60) { ${MESSAGE} } }`, {
      f: { messageId },
    });
    expect(r.errors).toBeUndefined();
    return r.data.waitForMessage;
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    const name = 'relay-gql.example';
    await t.gql(SET_RECORD, { input: { name, type: 'MX', priority: 10, value: `mail.${name}` } });
    // No inbound servers: the domain delivers to the built-in capture mailbox.
    const d = (await t.gql(ADD_DOMAIN, { input: { name } })).data.addDomain.domain;
    expect(d.inboundServers).toEqual([expect.objectContaining({ host: 'capture' })]);
    await t.gql(SET_RECORD, { input: { name, type: 'TXT', value: d.verificationRecord.value } });
    expect((await t.gql(VERIFY_DOMAIN, { id: d.id })).data.verifyDomain.verified).toBe(true);
  });
  afterAll(() => t?.close());

  it('delivers clean mail to the capture mailbox, and shows it there with a download', async () => {
    await send(
      'From: partner@outside.example\r\nTo: user@relay-gql.example\r\nSubject: 見積もり\r\nMessage-ID: <clean-1@outside.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nお世話になっております。\r\n',
    );
    const m = await wait('clean-1@outside.example');
    expect(m).toMatchObject({ status: 'DELIVERED', subject: '見積もり', envelopeRecipients: ['user@relay-gql.example'] });
    expect(m.recipients).toEqual([expect.objectContaining({ address: 'user@relay-gql.example', status: 'DELIVERED' })]);
    expect(m.verdict.action).toBe('DELIVER');
    expect(m.verdict.trace.length).toBeGreaterThan(0);
    await t.app.relay.idle();
    const c = await t.gql(
      `{ capturedMessages(filter: { messageId: "clean-1@outside.example" }) { edges { node { subject text envelopeRecipients downloadUrl mailMessage { id } headers { name value } } } } }`,
    );
    const node = c.data.capturedMessages.edges[0].node;
    expect(node).toMatchObject({ subject: '見積もり', envelopeRecipients: ['user@relay-gql.example'], mailMessage: { id: m.id } });
    expect(node.text).toContain('お世話になっております。');
    expect(node.headers).toEqual(expect.arrayContaining([{ name: 'subject', value: '見積もり' }]));
    const eml = await fetch(new URL(node.downloadUrl, t.url));
    expect(eml.status).toBe(200);
    expect(await eml.text()).toContain('Message-ID: <clean-1@outside.example>');
  });

  it('quarantines GTUBE under the default spam rule, says why, and simulateMessage agrees', async () => {
    const raw = `From: partner@outside.example\r\nTo: user@relay-gql.example\r\nSubject: offer\r\nMessage-ID: <spam-1@outside.example>\r\n\r\n${GTUBE}\r\n`;
    await send(raw);
    const m = await wait('spam-1@outside.example');
    expect(m.status).toBe('QUARANTINED');
    expect(m.verdict.action).toBe('QUARANTINE');
    const step = m.verdict.trace.find((s: { outcome: string }) => s.outcome === 'MATCHED');
    expect(step).toMatchObject({ ruleName: 'Organization: Spam or Phish', stoppedProcessing: true });
    expect(step.criteria[0]).toMatchObject({ type: 'SPAM', matched: true });
    expect(m.verdict.trace.at(-1).outcome).toBe('SKIPPED');
    const sim = await t.gql(
      `query($i: SimulateMessageInput!) { simulateMessage(input: $i) { action matchedRuleNames trace { ruleName outcome } } }`,
      { i: { raw, envelopeSender: 'partner@outside.example', envelopeRecipients: ['user@relay-gql.example'] } },
    );
    expect(sim.errors).toBeUndefined();
    expect(sim.data.simulateMessage).toEqual({
      action: m.verdict.action,
      matchedRuleNames: m.verdict.matchedRuleNames,
      trace: m.verdict.trace.map((s: { ruleName: string; outcome: string }) => ({ ruleName: s.ruleName, outcome: s.outcome })),
    });
    const q = await t.gql(
      `{ quarantinedMessages(filter: { messageId: "spam-1@outside.example" }) { edges { node { id reason ruleName recipients } } } }`,
    );
    expect(q.data.quarantinedMessages.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({ reason: 'Spam', ruleName: 'Organization: Spam or Phish', recipients: ['user@relay-gql.example'] }),
    ]);
  });

  it('releases a quarantined message: processed again without the rule that quarantined it, and audited', async () => {
    await send(
      `From: partner@outside.example\r\nTo: user@relay-gql.example\r\nSubject: again\r\nMessage-ID: <spam-2@outside.example>\r\n\r\n${GTUBE}\r\n`,
    );
    expect((await wait('spam-2@outside.example')).status).toBe('QUARANTINED');
    const q = await t.gql(`{ quarantinedMessages(filter: { messageId: "spam-2@outside.example" }) { edges { node { id } } } }`);
    const id = q.data.quarantinedMessages.edges[0].node.id;
    const r = await t.gql(
      `mutation($i: ReleaseQuarantinedMessagesInput!) { releaseQuarantinedMessages(input: $i) { releasedIds userErrors { code } } }`,
      {
        i: { ids: [id] },
      },
    );
    expect(r.data.releaseQuarantinedMessages).toEqual({ releasedIds: [id], userErrors: [] });
    await t.app.relay.idle();
    const all = await t.gql(`{ mailMessages(filter: { messageId: "spam-2@outside.example" }) { edges { node { ${MESSAGE} } } } }`);
    const released = all.data.mailMessages.edges
      .map((e: { node: any }) => e.node)
      .find(
        (n: any) =>
          n.status !== 'QUARANTINED' ||
          n.verdict.trace.some((s: any) => s.ruleName === 'Organization: Spam or Phish' && s.outcome === 'SKIPPED'),
      );
    expect(released).toBeDefined();
    const spamStep = released.verdict.trace.find((s: { ruleName: string }) => s.ruleName === 'Organization: Spam or Phish');
    expect(spamStep.outcome).toBe('SKIPPED');
    const audit = await t.gql(`{ auditLog(first: 5) { edges { node { eventType targetType } } } }`);
    expect(audit.data.auditLog.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      eventType: 'QUARANTINE_RELEASED',
      targetType: 'QUARANTINED_MESSAGE',
    });
    expect(
      (await t.gql(`{ quarantinedMessages(filter: { messageId: "spam-2@outside.example" }) { totalCount } }`)).data.quarantinedMessages
        .totalCount,
    ).toBe(released.status === 'QUARANTINED' ? 1 : 0);
  });

  it('deletes a quarantined message for good', async () => {
    await send(
      `From: partner@outside.example\r\nTo: user@relay-gql.example\r\nSubject: bin\r\nMessage-ID: <spam-3@outside.example>\r\n\r\n${GTUBE}\r\n`,
    );
    await wait('spam-3@outside.example');
    const q = await t.gql(`{ quarantinedMessages(filter: { messageId: "spam-3@outside.example" }) { edges { node { id } } } }`);
    const id = q.data.quarantinedMessages.edges[0].node.id;
    const r = await t.gql(
      `mutation($i: DeleteQuarantinedMessagesInput!) { deleteQuarantinedMessages(input: $i) { deletedIds userErrors { code } } }`,
      { i: { ids: [id] } },
    );
    expect(r.data.deleteQuarantinedMessages).toEqual({ deletedIds: [id], userErrors: [] });
    expect(
      (await t.gql(`{ quarantinedMessages(filter: { messageId: "spam-3@outside.example" }) { totalCount } }`)).data.quarantinedMessages
        .totalCount,
    ).toBe(0);
  });

  it('deleting a domain removes its quarantine and its captured mail', async () => {
    const name = 'short-lived.example';
    await t.gql(SET_RECORD, { input: { name, type: 'MX', priority: 10, value: `mail.${name}` } });
    const d = (await t.gql(ADD_DOMAIN, { input: { name } })).data.addDomain.domain;
    await t.gql(SET_RECORD, { input: { name, type: 'TXT', value: d.verificationRecord.value } });
    await t.gql(VERIFY_DOMAIN, { id: d.id });
    await send(`From: partner@outside.example\r\nSubject: keep\r\nMessage-ID: <gone-1@outside.example>\r\n\r\nhello\r\n`, `u@${name}`);
    await send(`From: partner@outside.example\r\nSubject: spam\r\nMessage-ID: <gone-2@outside.example>\r\n\r\n${GTUBE}\r\n`, `u@${name}`);
    expect((await wait('gone-1@outside.example')).status).toBe('DELIVERED');
    expect((await wait('gone-2@outside.example')).status).toBe('QUARANTINED');
    await t.app.relay.idle();
    const count = async () => {
      const r = await t.gql(
        `{ c: capturedMessages(filter: { recipient: "*@${name}" }) { totalCount } q: quarantinedMessages(filter: { recipient: "*@${name}" }) { totalCount } }`,
      );
      return [r.data.c.totalCount, r.data.q.totalCount];
    };
    expect(await count()).toEqual([1, 1]);
    const del = await t.gql(`mutation($id: ID!) { deleteDomain(id: $id) { userErrors { code } } }`, { id: d.id });
    expect(del.errors).toBeUndefined();
    expect(await count()).toEqual([0, 0]);
  });
});
