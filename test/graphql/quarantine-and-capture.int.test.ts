// Quarantine → Query, Logs → Policy Events and the capture mailbox through a real app, and the
// relay's operations (simulate, release, delete) through the GraphQL handler of the same app
// with an implementation of services.relay that records its calls (the use-cases behind
// them are the relay's; here only what GraphQL hands them and answers). The captured .eml
// downloads over HTTP with its signed link; another tenant's link or a changed one is refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/db/use-case-context.js';
import { createGraphQLHandler, type Yoga } from '../../src/graphql/yoga.js';
import { createLogger } from '../../src/platform/logger.js';
import type { RelayOperations, SimulateMessageRequest } from '../../src/relay/relay-operations.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { insertMail, verdict } from '../support/tracking-rows.js';

const T0 = Date.parse('2026-11-10T00:00:00Z');
const hours = (n: number) => new Date(T0 + n * 3_600_000);
const EML = 'From: a@partner.test\r\nTo: user@example.co.jp\r\nSubject: Captured\r\n\r\nHello\r\n';

describeEachDatabase('quarantine, policy events and captured messages', (kind) => {
  let t: TestApp;
  let tenantId: string;
  let otherId: string;
  let ruleId: string;
  const q: Record<string, string> = {};
  const calls: { op: string; tenantId: string; ids?: readonly string[]; actor?: Actor; request?: SimulateMessageRequest }[] = [];
  let withRelay: Yoga;

  const relay: RelayOperations = {
    simulate: async (request) => {
      calls.push({ op: 'simulate', tenantId: request.tenantId, request });
      return { verdicts: [{ recipients: request.envelopeRecipients, verdict: verdict({ action: 'DELETE', matchedRuleIds: [ruleId] }) }] };
    },
    release: async (tenant, ids, actor) => {
      calls.push({ op: 'release', tenantId: tenant, ids, actor });
      return [...ids];
    },
    deleteQuarantined: async (tenant, ids, actor) => {
      calls.push({ op: 'delete', tenantId: tenant, ids, actor });
      return [...ids];
    },
  };

  let withoutRelay: Yoga;
  const relayGql = (query: string, variables: object = {}, headers: Record<string, string> = {}) =>
    post(withRelay, query, variables, headers);
  /** A GraphQL layer whose relay offers no operations (what an app without a running relay answers). */
  const noRelayGql = (query: string, variables: object = {}, headers: Record<string, string> = {}) =>
    post(withoutRelay, query, variables, headers);
  const post = async (yoga: Yoga, query: string, variables: object, headers: Record<string, string>) => {
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    tenantId = await t.app.defaultTenantId();
    const db = t.app.database.client;
    await t.gql(`mutation { createTenant(input: { name: "Other", companyId: "q-other" }) { tenant { id } } }`);
    otherId = (await db.tenant.findUniqueOrThrow({ where: { companyId: 'q-other' } })).id;
    ruleId = (await db.policyRule.findFirstOrThrow({ where: { tenantId } })).id;
    const app = t.app;
    const handler = (relayOps: typeof relay | Record<string, never>) =>
      createGraphQLHandler({
        services: {
          ...{
            db,
            dbKind: app.database.kind,
            clock: app.clock,
            log: createLogger({ level: 'silent', format: 'json' }),
            events: app.events,
          },
          ...{
            dnsLookup: app.dnsLookup,
            migration: app.migration,
            reports: app.reports,
            policySnapshots: app.policySnapshots,
            relay: relayOps,
          },
        },
        defaultTenantId: () => app.defaultTenantId(),
        corsOrigins: [],
        maxRequestBodyBytes: 10_000_000,
        uploadLimits: { maxUploadBytes: 5_000_000, maxFieldBytes: 1_000_000 },
        errorHints: false,
      });
    withRelay = handler(relay);
    withoutRelay = handler({});

    const quarantine = async (
      tenant: string,
      key: string,
      v: { reason: string; ruleName: string; recipients: string[]; at: number; direction?: 'INBOUND' | 'OUTBOUND' },
    ) => {
      const m = await insertMail(db, tenant, { recipients: v.recipients, status: 'QUARANTINED', subject: `Quarantined ${key}` });
      const row = await db.quarantinedMessage.create({
        data: {
          tenantId: tenant,
          mailMessageId: m.id,
          direction: v.direction ?? 'INBOUND',
          area: 'Default',
          reason: v.reason,
          ruleId,
          ruleName: v.ruleName,
          envelopeSender: m.envelopeSender,
          recipients: v.recipients,
          subject: m.subject,
          messageId: m.messageId,
          sizeBytes: 100,
          contentPath: join(t.db.dataDir, 'quarantine', `${key}.eml`),
          quarantinedAt: hours(v.at),
        },
      });
      q[key] = encodeGlobalID('QuarantinedMessage', row.id);
    };
    await quarantine(tenantId, 'q1', { reason: 'CONTENT', ruleName: 'Block Invoices', recipients: ['a@example.co.jp'], at: 1 });
    await quarantine(tenantId, 'q2', {
      reason: 'SPAM',
      ruleName: 'Spam rule',
      recipients: ['b@example.co.jp', 'c@sales.example.co.jp'],
      at: 2,
      direction: 'OUTBOUND',
    });
    await quarantine(tenantId, 'q3', { reason: 'MALWARE', ruleName: 'Global Anti-Virus', recipients: ['a@example.co.jp'], at: 3 });
    await quarantine(otherId, 'theirs', { reason: 'CONTENT', ruleName: 'Block Invoices', recipients: ['a@example.co.jp'], at: 1 });

    for (const [tenant, threatType, rule, at] of [
      [tenantId, 'CONTENT', 'Block Invoices', 1],
      [tenantId, 'SPAM', 'Spam rule', 2],
      [otherId, 'CONTENT', 'Block Invoices', 1],
    ] as const) {
      const m = await insertMail(db, tenant, { recipients: [`${threatType.toLowerCase()}@example.co.jp`] });
      await db.policyEvent.create({
        data: {
          tenantId: tenant,
          mailMessageId: m.id,
          direction: 'INBOUND',
          policyType: 'CONTENT_FILTERING',
          ruleId,
          ruleName: rule,
          threatType,
          actions: ['QUARANTINE', 'NOTIFY'],
          envelopeSender: m.envelopeSender,
          recipients: m.envelopeRecipients as string[],
          subject: `Event ${threatType}`,
          messageId: m.messageId,
          at: hours(at),
        },
      });
    }
  });
  afterAll(() => t.close());

  const QUARANTINE = `query($f: QuarantineFilter) { quarantinedMessages(filter: $f, first: 50) { totalCount edges { node { id reason ruleName recipients rule { id } mailMessage { status } } } } }`;
  const quarantined = async (f: object) => {
    const r = await t.gql(QUARANTINE, { f });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return (r.data.quarantinedMessages.edges as { node: { id: string } }[]).map((e) => Object.keys(q).find((k) => q[k] === e.node.id));
  };

  describe('quarantine query', () => {
    it('filters by reason (any of), rule name (part, any ASCII case), recipient pattern, direction and period, newest first', async () => {
      expect(await quarantined({})).toEqual(['q3', 'q2', 'q1']);
      expect(await quarantined({ reason: ['CONTENT', 'MALWARE'] })).toEqual(['q3', 'q1']);
      expect(await quarantined({ ruleName: 'invoices' })).toEqual(['q1']);
      expect(await quarantined({ recipient: '*@*.example.co.jp' })).toEqual(['q2']);
      expect(await quarantined({ recipient: 'a@example.co.jp' })).toEqual(['q3', 'q1']);
      expect(await quarantined({ direction: 'OUTBOUND' })).toEqual(['q2']);
      expect(await quarantined({ receivedAfter: hours(2).toISOString() })).toEqual(['q3', 'q2']);
      const r = await t.gql(QUARANTINE, { f: { reason: ['CONTENT'] } });
      expect(r.data.quarantinedMessages.edges[0].node).toMatchObject({
        rule: { id: encodeGlobalID('PolicyRule', ruleId) },
        mailMessage: { status: 'QUARANTINED' },
      });
      const theirs = await t.gql(QUARANTINE, { f: {} }, { 'x-tenant-id': 'q-other' });
      expect(theirs.data.quarantinedMessages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([q.theirs]);
    });

    it('answers RELAY_NOT_RUNNING while the relay offers no release', async () => {
      const r = await noRelayGql(
        `mutation($ids: [ID!]!) { releaseQuarantinedMessages(input: { ids: $ids }) { releasedIds userErrors { code message } } }`,
        { ids: [q.q1] },
      );
      expect(r.data.releaseQuarantinedMessages).toMatchObject({ releasedIds: [], userErrors: [{ code: 'RELAY_NOT_RUNNING' }] });
    });

    it("hands the relay this tenant's selected ids and the actor, and answers what it released or deleted", async () => {
      calls.length = 0;
      const release = await relayGql(
        `mutation($ids: [ID!]!) { releaseQuarantinedMessages(input: { ids: $ids }) { releasedIds userErrors { code } } }`,
        { ids: [q.q1, q.q2, q.q1] },
      );
      expect(release.data.releaseQuarantinedMessages).toEqual({ releasedIds: [q.q1, q.q2], userErrors: [] });
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ op: 'release', tenantId, actor: { id: 'local-admin' } });
      expect(calls[0]!.ids).toHaveLength(2);
      const del = await relayGql(
        `mutation($ids: [ID!]!) { deleteQuarantinedMessages(input: { ids: $ids }) { deletedIds userErrors { code } } }`,
        { ids: [q.q3] },
      );
      expect(del.data.deleteQuarantinedMessages).toEqual({ deletedIds: [q.q3], userErrors: [] });
      expect(calls[1]).toMatchObject({ op: 'delete', tenantId });
    });

    it("refuses another tenant's id, an empty selection and an ID of another type, calling nothing", async () => {
      calls.length = 0;
      const m = `mutation($ids: [ID!]!) { deleteQuarantinedMessages(input: { ids: $ids }) { deletedIds userErrors { code message field } } }`;
      const foreign = await relayGql(m, { ids: [q.q1, q.theirs] });
      expect(foreign.data.deleteQuarantinedMessages.userErrors).toEqual([
        { code: 'QUARANTINE_NOT_FOUND', message: expect.stringContaining(q.theirs!), field: 'input.ids.1' },
      ]);
      const ja = await relayGql(m, { ids: [q.theirs] }, { 'accept-language': 'ja' });
      expect(ja.data.deleteQuarantinedMessages.userErrors[0].message).toContain('存在しません');
      expect((await relayGql(m, { ids: [] })).data.deleteQuarantinedMessages.userErrors[0].code).toBe('QUARANTINE_IDS_REQUIRED');
      const wrongType = await relayGql(m, { ids: [encodeGlobalID('PolicyRule', ruleId)] });
      expect(wrongType.data.deleteQuarantinedMessages.userErrors[0]).toMatchObject({ code: 'INPUT_INVALID_ID', field: 'input.ids.0' });
      expect(calls).toEqual([]);
    });
  });

  describe('policy events', () => {
    const EVENTS = `query($f: PolicyEventFilter) { policyEvents(filter: $f, first: 50) { totalCount edges { node { threatType ruleName actions recipients rule { id } mailMessage { id } } } } }`;
    const threats = async (f: object, headers: Record<string, string> = {}) =>
      ((await t.gql(EVENTS, { f }, headers)).data.policyEvents.edges as { node: { threatType: string } }[]).map((e) => e.node.threatType);

    it('filters by threat type, rule name, recipient and period, newest first, within the tenant', async () => {
      expect(await threats({})).toEqual(['SPAM', 'CONTENT']);
      expect(await threats({ threatType: 'CONTENT' })).toEqual(['CONTENT']);
      expect(await threats({ ruleName: 'SPAM' })).toEqual(['SPAM']);
      expect(await threats({ recipient: 'spam@*' })).toEqual(['SPAM']);
      expect(await threats({ before: hours(2).toISOString() })).toEqual(['CONTENT']);
      expect(await threats({ subject: 'event content' })).toEqual(['CONTENT']);
      expect(await threats({}, { 'x-tenant-id': 'q-other' })).toEqual(['CONTENT']);
      const r = await t.gql(EVENTS, { f: { threatType: 'SPAM' } });
      expect(r.data.policyEvents.edges[0].node).toMatchObject({
        actions: ['QUARANTINE', 'NOTIFY'],
        ruleName: 'Spam rule',
        rule: { id: encodeGlobalID('PolicyRule', ruleId) },
      });
      expect((await t.gql(EVENTS, { f: { sender: 'x@example.*' } })).errors?.[0]?.extensions?.code).toBe(
        'TRACKING_ADDRESS_PATTERN_INVALID',
      );
    });
  });

  describe('simulateMessage', () => {
    const SIMULATE = `query($input: SimulateMessageInput!) { simulateMessage(input: $input) { action recipients matchedRules { id } matchedRuleNames } }`;

    it('hands the relay the message and the envelope, and answers its verdict', async () => {
      calls.length = 0;
      const r = await relayGql(SIMULATE, {
        input: { raw: EML, envelopeSender: 'a@partner.test', envelopeRecipients: [' user@example.co.jp '] },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data.simulateMessage).toEqual({
        action: 'DELETE',
        recipients: ['user@example.co.jp'],
        matchedRules: [{ id: encodeGlobalID('PolicyRule', ruleId) }],
        matchedRuleNames: [],
      });
      const req = calls[0]!.request!;
      expect(new TextDecoder().decode(req.raw)).toBe(EML);
      expect(req).toMatchObject({
        envelopeSender: 'a@partner.test',
        envelopeRecipients: ['user@example.co.jp'],
        direction: 'INBOUND',
        tenantId,
      });
    });

    it('takes the message as a multipart upload', async () => {
      calls.length = 0;
      const form = new FormData();
      form.set(
        'operations',
        JSON.stringify({
          query: SIMULATE,
          variables: { input: { file: null, envelopeSender: '', envelopeRecipients: ['user@example.co.jp'], direction: 'OUTBOUND' } },
        }),
      );
      form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
      form.set('0', new Blob([EML]), 'message.eml');
      const res = await withRelay.fetch('http://localhost/graphql', {
        method: 'POST',
        body: form,
        headers: { 'x-graphql-yoga-csrf': 'test' },
      });
      const body = (await res.json()) as { data: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.simulateMessage.action).toBe('DELETE');
      expect(new TextDecoder().decode(calls[0]!.request!.raw)).toBe(EML);
      expect(calls[0]!.request!.direction).toBe('OUTBOUND');
    });

    it('refuses input out of bounds with coded errors, and says so when the relay offers no simulation', async () => {
      const code = async (input: object) => (await relayGql(SIMULATE, { input })).errors?.[0]?.extensions;
      expect(await code({ envelopeSender: '', envelopeRecipients: ['u@example.co.jp'] })).toMatchObject({
        code: 'SIMULATION_SOURCE_REQUIRED',
      });
      expect(await code({ raw: EML, envelopeSender: '', envelopeRecipients: [] })).toMatchObject({
        code: 'SIMULATION_RECIPIENTS_REQUIRED',
      });
      const many = Array.from({ length: 501 }, (_, i) => `u${i}@example.co.jp`);
      expect(await code({ raw: EML, envelopeSender: '', envelopeRecipients: many })).toMatchObject({
        code: 'SIMULATION_TOO_MANY_RECIPIENTS',
      });
      expect(await code({ raw: EML, envelopeSender: 'not an address', envelopeRecipients: ['u@example.co.jp'] })).toMatchObject({
        code: 'SIMULATION_ADDRESS_INVALID',
        field: 'input.envelopeSender',
      });
      const ja = await relayGql(SIMULATE, { input: { raw: EML, envelopeSender: '', envelopeRecipients: [] } }, { 'accept-language': 'ja' });
      expect(ja.errors?.[0]?.message).toBe('エンベロープ受信者を 1 つ以上指定してください。');
      const none = await noRelayGql(SIMULATE, { input: { raw: EML, envelopeSender: '', envelopeRecipients: ['u@example.co.jp'] } });
      expect(none.errors?.[0]?.extensions?.code).toBe('RELAY_NOT_RUNNING');
    });
  });

  describe('captured messages', () => {
    const CAPTURED = `query($f: CapturedMessageFilter) { capturedMessages(filter: $f, first: 10) { edges { node { id subject envelopeRecipients headers { name value } text html attachments { filename contentType sizeBytes } mailMessage { id } downloadUrl } } } }`;
    let linked: string;

    beforeAll(async () => {
      const db = t.app.database.client;
      mkdirSync(join(t.db.dataDir, 'capture'), { recursive: true });
      const path = join(t.db.dataDir, 'capture', 'c1.eml');
      writeFileSync(path, EML);
      const m = await insertMail(db, tenantId, { recipients: ['user@example.co.jp'], status: 'DELIVERED' });
      linked = encodeGlobalID('MailMessage', m.id);
      await db.capturedMessage.create({
        data: {
          tenantId,
          mailMessageId: m.id,
          messageId: 'captured-1@partner.test',
          envelopeSender: 'a@partner.test',
          envelopeRecipients: ['user@example.co.jp'],
          subject: 'Captured',
          sizeBytes: EML.length,
          contentPath: path,
          summary: {
            headers: [{ name: 'Subject', value: 'Captured' }],
            text: 'Hello\n',
            html: null,
            attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 }],
          },
        },
      });
      await db.capturedMessage.create({
        data: {
          tenantId,
          messageId: 'captured-2@partner.test',
          envelopeSender: '',
          envelopeRecipients: ['other@example.co.jp'],
          subject: 'No summary',
          sizeBytes: 1,
          contentPath: join(t.db.dataDir, 'capture', 'missing.eml'),
        },
      });
      await db.capturedMessage.create({
        data: { tenantId: otherId, envelopeSender: '', envelopeRecipients: ['user@example.co.jp'], sizeBytes: 1, contentPath: path },
      });
    });

    it('shows the summary parsed on arrival and the tracked message it delivers, within the tenant', async () => {
      const r = await t.gql(CAPTURED, { f: { recipient: 'user@*' } });
      expect(r.errors).toBeUndefined();
      const [c] = r.data.capturedMessages.edges.map((e: { node: unknown }) => e.node);
      expect(r.data.capturedMessages.edges).toHaveLength(1);
      expect(c).toMatchObject({
        subject: 'Captured',
        headers: [{ name: 'Subject', value: 'Captured' }],
        text: 'Hello\n',
        html: null,
        attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 }],
        mailMessage: { id: linked },
      });
      const bare = (await t.gql(CAPTURED, { f: { messageId: '<captured-2@partner.test>' } })).data.capturedMessages.edges[0].node;
      expect(bare).toMatchObject({ headers: [], text: null, html: null, attachments: [], mailMessage: null });
    });

    it('downloads the .eml with its signed link; another tenant in the link is 404, a changed signature 403', async () => {
      const r = await t.gql(CAPTURED, { f: { messageId: 'captured-1@partner.test' } });
      const url: string = r.data.capturedMessages.edges[0].node.downloadUrl;
      expect(url).toMatch(/^\/captured\/[A-Za-z0-9_-]+\.eml\?tenant=/);
      const ok = await fetch(`${t.url}${url}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('message/rfc822');
      expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="captured-.+\.eml"$/);
      expect(await ok.text()).toBe(EML);
      const foreign = await fetch(`${t.url}${url.replace(/tenant=[^&]+/, `tenant=${otherId}`)}`);
      expect(foreign.status).toBe(404);
      expect(((await foreign.json()) as { code: string }).code).toBe('CAPTURE_NOT_FOUND');
      const tampered = await fetch(`${t.url}${url.slice(0, -2)}${url.endsWith('AA') ? 'BB' : 'AA'}`);
      expect(tampered.status).toBe(403);
      expect(((await tampered.json()) as { code: string }).code).toBe('CAPTURE_LINK_INVALID');
      expect((await fetch(`${t.url}${url.split('?')[0]}`)).status).toBe(403);
      const gone = (await t.gql(CAPTURED, { f: { messageId: 'captured-2@partner.test' } })).data.capturedMessages.edges[0].node.downloadUrl;
      expect((await fetch(`${t.url}${gone}`, { headers: { 'accept-language': 'ja' } })).status).toBe(404);
    });
  });
});
