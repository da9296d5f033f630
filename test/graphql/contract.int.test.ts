// The contract changes of schema.graphql as a frontend sees them, on each database: codes
// arrive as enum values (a migration with every analysis case resolves without errors),
// progress steps carry a label in the reader's language, typed DLP definitions and sender
// authentication settings, payloads that return the saved object, audit targets as global
// IDs a client refetches with node(id:), and verifyDomain saying why it did not verify.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateExport } from '../../scripts/export-generator/generate.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADD_DOMAIN, SET_RECORD } from '../support/graphql-documents.js';
import { confirm, upload, verifiedDomain } from '../support/migration.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** `data` of each `next` event of a GraphQL-over-SSE response, as they arrive. */
function collectEvents(res: Response): { events: any[]; done: Promise<void> } {
  const events: any[] = [];
  const done = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (end) return;
      buffer += value;
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = block.split('\n').find((l) => l.startsWith('data:'));
        if (data && block.includes('event: next')) events.push(JSON.parse(data.slice(5)));
      }
    }
  })();
  return { events, done };
}

/** Polls a condition with a generous deadline (a loaded CI machine is slow, never wrong). */
async function until(what: string, ok: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ITEMS = /* GraphQL */ `
  query Items($id: ID!, $after: String) {
    node(id: $id) { ... on MigrationRun { items(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code category } } } } }
  }`;

describeEachDatabase('the GraphQL contract', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await verifiedDomain(t, 'example.co.jp');
    await verifiedDomain(t, 'example.jp');
  });
  afterAll(async () => t?.close());

  it('runs a migration with every analysis case: codes, notes, failures and steps are enum values, steps labelled in Japanese', async () => {
    const abort = new AbortController();
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'accept-language': 'ja' },
      body: JSON.stringify({ query: 'subscription { migrationProgress { state percent step label } }' }),
    });
    expect(res.status).toBe(200);
    const progress = collectEvents(res);

    const started = await upload(t, generateExport({ product: 'IMSVA', cases: 'all', ldap: true, rules: 30, seed: 11 }));
    expect(started.errors).toBeUndefined();
    expect(started.payload.userErrors).toEqual([]);
    const run = started.payload.run;
    expect(run.prerequisites.find((p: any) => p.code === 'DIRECTORY_SYNCHRONIZED')).toMatchObject({
      met: false,
      problemCode: 'LDAP_NOT_SYNCED',
    });

    const codes = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: any = await t.gql(ITEMS, { id: run.id, after });
      expect(page.errors).toBeUndefined();
      const items = page.data.node.items;
      for (const e of items.edges) codes.add(e.node.code);
      total += items.edges.length;
      if (!items.pageInfo.hasNextPage) break;
      after = items.pageInfo.endCursor;
    }
    expect(total).toBe(run.counts.total);
    expect(codes.size).toBeGreaterThan(25);
    const filtered = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on MigrationRun { items(first: 5, filter: { code: RULE_POP3 }) { totalCount edges { node { code } } } } } }`,
      { id: run.id },
    );
    expect(filtered.data.node.items.totalCount).toBeGreaterThan(0);
    expect(filtered.data.node.items.edges.every((e: any) => e.node.code === 'RULE_POP3')).toBe(true);
    const report = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on MigrationRun { analysisReport { content { items { code category } } } } } }`,
      { id: run.id },
    );
    expect(report.errors).toBeUndefined();
    expect(report.data.node.analysisReport.content.items.length).toBe(run.counts.total);

    const done = await confirm(t, run.id);
    expect(done.userErrors).toEqual([]);
    expect(done.run.state).toBe('COMPLETED');
    let notes = 0;
    for (const direction of ['INBOUND', 'OUTBOUND']) {
      for (const type of ['CONTENT_FILTERING', 'CORRELATED_INTELLIGENCE', 'DLP', 'SPAM_FILTERING', 'VIRUS_SCAN']) {
        const r = await t.gql(
          `query($d: PolicyDirection!, $t: PolicyType!) { policyRules(direction: $d, type: $t, first: 100) { edges { node { migrationNotes { code category message } } } } }`,
          { d: direction, t: type },
        );
        expect(r.errors, `${direction} ${type}`).toBeUndefined();
        for (const e of r.data.policyRules.edges) notes += e.node.migrationNotes.length;
      }
    }
    expect(notes).toBeGreaterThan(0);

    await until("the import's last step", () => progress.events.some((e) => e.data?.migrationProgress?.step === 'MIGRATION_REPORT_READY'));
    abort.abort();
    expect(progress.events.every((e) => e.errors === undefined)).toBe(true);
    const steps = progress.events.map((e) => e.data.migrationProgress);
    expect(steps.map((s) => s.step)).toEqual([
      'UPLOAD_RECEIVED',
      'ANALYSED',
      'ITEMS_STORED',
      'ANALYSIS_REPORT_READY',
      'IMPORT_STARTED',
      'REANALYSED',
      'SETTINGS_IMPORTED',
      'MIGRATION_REPORT_READY',
    ]);
    expect(steps[0]).toMatchObject({ state: 'ANALYZING', percent: 0, label: 'ファイルを受信しました' });
    expect(steps.at(-1)).toMatchObject({ state: 'COMPLETED', percent: 100, label: 'データ移行レポートを作成しました' });
  });

  it('answers a refused export and a cancel with their codes and steps', async () => {
    const abort = new AbortController();
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { migrationProgress { runId state step label } }' }),
    });
    const progress = collectEvents(res);
    const refused = await upload(t, new TextEncoder().encode('not a zip'));
    expect(refused.errors).toBeUndefined();
    expect(refused.payload.run).toMatchObject({ state: 'FAILED', failure: { code: 'BUNDLE_INVALID' } });
    const analysed = await upload(t, generateExport({ rules: 5, seed: 2 }));
    const cancelled = await t.gql(`mutation($id: ID!) { cancelMigration(id: $id) { run { state } userErrors { code } } }`, {
      id: analysed.payload.run.id,
    });
    expect(cancelled.data.cancelMigration).toEqual({ run: { state: 'CANCELLED' }, userErrors: [] });
    await until('the cancel step', () => progress.events.some((e) => e.data?.migrationProgress?.step === 'CANCELLED'));
    abort.abort();
    const steps = progress.events.map((e) => e.data.migrationProgress);
    expect(steps.find((s) => s.state === 'FAILED')).toMatchObject({ step: 'FAILED', label: 'Failed (the run tells why)' });
    expect(steps.at(-1)).toMatchObject({ state: 'CANCELLED', step: 'CANCELLED', label: 'Cancelled; nothing was imported' });
  });

  it('types what the import stored for DLP identifiers and sender authentication', async () => {
    const dlp = await t.gql(`{ dlpIdentifiers(first: 50) { edges { node { name kind definition { __typename
      ... on DlpExpressionDefinition { expression attributes { name value } }
      ... on DlpFileAttributeDefinition { minSizeKb attributes { name value } }
      ... on DlpKeywordListDefinition { text } } } } } }`);
    expect(dlp.errors).toBeUndefined();
    const nodes = dlp.data.dlpIdentifiers.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.definition.__typename).toBe(
        { EXPRESSION: 'DlpExpressionDefinition', FILE_ATTRIBUTE: 'DlpFileAttributeDefinition', KEYWORD_LIST: 'DlpKeywordListDefinition' }[
          n.kind as string
        ],
      );
    }
    const file = nodes.find((n: any) => n.kind === 'FILE_ATTRIBUTE');
    expect(file.definition).toMatchObject({
      minSizeKb: expect.any(Number),
      attributes: [{ name: 'minSizeKB', value: String(file.definition.minSizeKb) }],
    });
    const expression = nodes.find((n: any) => n.kind === 'EXPRESSION');
    expect(expression.definition.expression.length).toBeGreaterThan(0);

    const auth = await t.gql(`{ senderAuthSettings { kind key enabled settings { __typename
      ... on SenderAuthEnforcementSettings { action enforcedPeers }
      ... on DkimSigningSettings { selector keyBits headerCanonicalization bodyCanonicalization } } } }`);
    expect(auth.errors).toBeUndefined();
    const settings = auth.data.senderAuthSettings;
    expect(settings.map((s: any) => s.kind).sort()).toEqual(expect.arrayContaining(['DKIM_SIGNING', 'DKIM_VERIFICATION', 'DMARC']));
    for (const s of settings)
      expect(s.settings.__typename).toBe(s.kind === 'DKIM_SIGNING' ? 'DkimSigningSettings' : 'SenderAuthEnforcementSettings');
    const signing = settings.find((s: any) => s.kind === 'DKIM_SIGNING');
    expect(signing.settings).toMatchObject({
      selector: expect.any(String),
      keyBits: expect.any(Number),
      headerCanonicalization: expect.stringMatching(/^(relaxed|simple)$/),
    });
    expect(signing.settings.keyBits).toBeGreaterThan(0);
    const dmarc = settings.find((s: any) => s.kind === 'DMARC');
    expect(dmarc.settings.enforcedPeers.length).toBeGreaterThan(0);
  });

  it('returns the saved object from add and update, and audits it with a target the client can refetch', async () => {
    const added = await t.gql(
      `mutation { addStamp(input: { name: "社外注意", text: "社外からのメールです" }) { stamp { id name text position } objectId userErrors { code } } }`,
    );
    expect(added.data.addStamp).toMatchObject({
      stamp: { name: '社外注意', text: '社外からのメールです', position: 'BEGINNING' },
      userErrors: [],
    });
    const stamp = added.data.addStamp.stamp;
    expect(added.data.addStamp.objectId).toBe(stamp.id);
    const updated = await t.gql(
      `mutation($id: ID!) { updateStamp(id: $id, input: { name: "社外注意", text: "外部", position: END }) { stamp { id text position } userErrors { code } } }`,
      { id: stamp.id },
    );
    expect(updated.data.updateStamp).toEqual({ stamp: { id: stamp.id, text: '外部', position: 'END' }, userErrors: [] });
    const taken = await t.gql(`mutation { addStamp(input: { name: "社外注意", text: "x" }) { stamp { id } userErrors { code } } }`);
    expect(taken.data.addStamp).toEqual({ stamp: null, userErrors: [{ code: 'POLICY_OBJECT_NAME_TAKEN' }] });
    const group = await t.gql(
      `mutation { addAddressGroup(input: { name: "役員 (契約)", addresses: ["ceo@example.co.jp"] }) { addressGroup { id name addresses } userErrors { code } } }`,
    );
    expect(group.data.addAddressGroup.addressGroup).toMatchObject({ name: '役員 (契約)', addresses: ['ceo@example.co.jp'] });

    const audit = await t.gql(
      `{ auditLog(first: 50, filter: { targetType: STAMP }) { edges { node { eventType targetType targetId targetName } } } }`,
    );
    expect(audit.errors).toBeUndefined();
    const entries = audit.data.auditLog.edges.map((e: any) => e.node);
    expect(entries.map((e: any) => e.eventType)).toEqual(['POLICY_OBJECT_UPDATED', 'POLICY_OBJECT_ADDED']);
    for (const e of entries) expect(e).toMatchObject({ targetType: 'STAMP', targetId: stamp.id });
    const refetched = await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on Stamp { name } } }`, { id: entries[0].targetId });
    expect(refetched.data.node).toEqual({ __typename: 'Stamp', name: '社外注意' });

    const all = await t.gql(`{ auditLog(first: 100) { edges { node { targetType targetId } } } }`);
    expect(all.errors).toBeUndefined();
    const byType = new Map<string, string | null>(all.data.auditLog.edges.map((e: any) => [e.node.targetType, e.node.targetId]));
    expect([...byType.keys()]).toEqual(expect.arrayContaining(['DOMAIN', 'DNS_RECORD', 'MIGRATION_RUN', 'STAMP', 'ADDRESS_GROUP']));
    const runNode = await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on MigrationRun { state } } }`, {
      id: byType.get('MIGRATION_RUN'),
    });
    expect(runNode.data.node.__typename).toBe('MigrationRun');
    const domainNode = await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on Domain { name } } }`, { id: byType.get('DOMAIN') });
    expect(domainNode.data.node.__typename).toBe('Domain');
  });

  it('says why verifyDomain did not verify: for each look-up, what was expected and what was found', async () => {
    await t.gql(SET_RECORD, { input: { name: 'pending.example', type: 'MX', priority: 10, value: 'mail.pending.example' } });
    await t.gql(SET_RECORD, { input: { name: 'pending.example', type: 'TXT', value: 'tmes=someoneelse' } });
    const d = (await t.gql(ADD_DOMAIN, { input: { name: 'pending.example' } })).data.addDomain.domain;
    const VERIFY = `mutation($id: ID!) { verifyDomain(id: $id) { verified reasons { code method result message expected found } userErrors { code } } }`;
    const r = await t.gql(VERIFY, { id: d.id }, { 'accept-language': 'ja' });
    expect(r.errors).toBeUndefined();
    const { verified, reasons } = r.data.verifyDomain;
    expect(verified).toBe(false);
    expect(reasons.map((x: any) => [x.code, x.method, x.result])).toEqual([
      ['VERIFICATION_TXT_MISMATCH', 'TXT', 'MISMATCH'],
      ['VERIFICATION_MX_MISMATCH', 'MX', 'MISMATCH'],
    ]);
    expect(reasons[0]).toMatchObject({ expected: d.verificationRecord.value, found: ['tmes=someoneelse'] });
    expect(reasons[0].message).toContain('tmes=someoneelse');
    expect(reasons[0].message).toContain('verificationRecord の値に置き換えてください');
    expect(reasons[1].found).toEqual(['10 mail.pending.example']);
    await t.gql(SET_RECORD, { input: { name: 'pending.example', type: 'TXT', value: d.verificationRecord.value } });
    const ok = await t.gql(VERIFY, { id: d.id });
    expect(ok.data.verifyDomain).toEqual({ verified: true, reasons: [], userErrors: [] });
  });
});
