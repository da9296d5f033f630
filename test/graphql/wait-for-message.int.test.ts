// waitForMessage and messageProcessed through a real app: the query returns when the relay's
// 'mail.status' event says a matching message is final (the row is updated first, as the
// relay commits before it emits), null at its timeout, and refuses a timeout over 120 s; the
// subscription streams the tenant's final messages over SSE, not another tenant's.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { insertMail } from '../support/tracking-rows.js';

const WAIT = /* GraphQL */ `
  query($f: MailMessageFilter!, $s: Int) { waitForMessage(filter: $f, timeoutSeconds: $s) { id status subject } }`;

describeEachDatabase('waitForMessage and messageProcessed', (kind) => {
  let t: TestApp;
  let tenantId: string;
  let otherTenantId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    tenantId = await t.app.defaultTenantId();
    await t.gql(`mutation { createTenant(input: { name: "Other", companyId: "wait-other" }) { tenant { id } } }`);
    otherTenantId = (await t.app.database.client.tenant.findUniqueOrThrow({ where: { companyId: 'wait-other' } })).id;
  });
  afterAll(() => t.close());

  /** What the relay does when a message reaches a status: commit, then emit. */
  const finish = async (id: string, tenant: string, status: 'DELIVERED' | 'QUARANTINED' | 'DEFERRED') => {
    await t.app.database.client.mailMessage.update({ where: { id }, data: { status, finalAt: status === 'DEFERRED' ? null : new Date() } });
    t.app.events.emit('mail.status', { tenantId: tenant, mailMessageId: id, status });
  };

  it('returns the message once an event says it is final', async () => {
    const db = t.app.database.client;
    const m = await insertMail(db, tenantId, { sender: 'wait@partner.test', subject: 'wait for me' });
    const waiting = t.gql(WAIT, { f: { sender: 'wait@partner.test' }, s: 60 });
    // Events that do not finish it: another message of the tenant, another tenant's, a transient status.
    const unrelated = await insertMail(db, tenantId, { sender: 'else@partner.test' });
    await finish(unrelated.id, tenantId, 'DELIVERED');
    t.app.events.emit('mail.status', { tenantId: otherTenantId, mailMessageId: m.id, status: 'DELIVERED' });
    await finish(m.id, tenantId, 'DEFERRED');
    await finish(m.id, tenantId, 'QUARANTINED');
    const r = await waiting;
    expect(r.errors).toBeUndefined();
    expect(r.data.waitForMessage).toEqual({ id: encodeGlobalID('MailMessage', m.id), status: 'QUARANTINED', subject: 'wait for me' });
  });

  it("returns at once for a message already final, and waits for the filter's own status when it names one", async () => {
    const db = t.app.database.client;
    const done = await insertMail(db, tenantId, { sender: 'done@partner.test', status: 'DELIVERED' });
    expect((await t.gql(WAIT, { f: { sender: 'done@partner.test' } })).data.waitForMessage.id).toBe(encodeGlobalID('MailMessage', done.id));
    const m = await insertMail(db, tenantId, { sender: 'deferred@partner.test' });
    const waiting = t.gql(WAIT, { f: { sender: 'deferred@partner.test', status: 'DEFERRED' }, s: 60 });
    await finish(m.id, tenantId, 'DEFERRED');
    expect((await waiting).data.waitForMessage.status).toBe('DEFERRED');
  });

  it("answers null at the timeout, and never returns another tenant's message", async () => {
    await insertMail(t.app.database.client, otherTenantId, { sender: 'theirs@partner.test', status: 'DELIVERED' });
    const r = await t.gql(WAIT, { f: { sender: 'theirs@partner.test' }, s: 1 });
    expect(r.errors).toBeUndefined();
    expect(r.data.waitForMessage).toBeNull();
  });

  it('refuses a timeout over 120 seconds, and a bad filter, with their codes', async () => {
    const long = await t.gql(WAIT, { f: {}, s: 121 });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'TRACKING_WAIT_TIMEOUT_INVALID', field: 'timeoutSeconds' });
    const ja = await t.gql(WAIT, { f: {}, s: 121 }, { 'accept-language': 'ja' });
    expect(ja.errors?.[0]?.message).toContain('0 から 120');
    const bad = await t.gql(WAIT, { f: { recipient: '*x@example.com' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('TRACKING_ADDRESS_PATTERN_INVALID');
  });

  it("streams the tenant's final messages matching the filter over SSE", async () => {
    const db = t.app.database.client;
    const query = 'subscription { messageProcessed(filter: { sender: "sub@partner.test" }) { id status } }';
    const controller = new AbortController();
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const theirs = await insertMail(db, otherTenantId, { sender: 'sub@partner.test' });
    const other = await insertMail(db, tenantId, { sender: 'not-sub@partner.test' });
    const mine = await insertMail(db, tenantId, { sender: 'sub@partner.test' });
    // The subscription may start listening after these events are emitted: emit until it answers.
    let text = '';
    const decoder = new TextDecoder();
    const read = (async () => {
      while (!text.includes('"messageProcessed"')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    })();
    let stop = false;
    void read.then(() => {
      stop = true;
    });
    await finish(theirs.id, otherTenantId, 'DELIVERED');
    await finish(other.id, tenantId, 'DELIVERED');
    for (let i = 0; i < 200 && !stop; i++) {
      await finish(mine.id, tenantId, 'DELIVERED');
      await new Promise((r) => setTimeout(r, 25));
    }
    await read;
    controller.abort();
    const event = text.split('\n').find((l) => l.startsWith('data:') && l.includes('messageProcessed'))!;
    expect(JSON.parse(event.slice(5)).data.messageProcessed).toEqual({ id: encodeGlobalID('MailMessage', mine.id), status: 'DELIVERED' });
  });
});
