// Helpers for migration tests: a tenant with verified domains (through the real DNS path),
// and uploads as a frontend sends them (GraphQL multipart request).
import { ADD_DOMAIN, SET_RECORD, VERIFY_DOMAIN } from './graphql-documents.js';
import type { TestApp } from './test-app.js';

export const RUN_FIELDS = `id state mode fileName failure { code message } counts { notSupported error warning success total }
  prerequisites { code met problemCode message } source { product version build language }
  importSummary { rules rulesDisabled removedRules addressGroups keywordLists listEntries fixedRulesReset fixedRulesResetNames }
  analysisReport { generatedAt expiresAt expired downloadUrl } migrationReport { generatedAt expiresAt downloadUrl }`;

export async function verifiedDomain(t: TestApp, name: string, headers: Record<string, string> = {}): Promise<string> {
  await t.gql(SET_RECORD, { input: { name, type: 'MX', priority: 10, value: `mail.${name}` } }, headers);
  const added = await t.gql(ADD_DOMAIN, { input: { name, inboundServers: [{ host: `mail.${name}` }] } }, headers);
  const d = added.data.addDomain.domain;
  if (!d) throw new Error(JSON.stringify(added.data.addDomain.userErrors));
  await t.gql(SET_RECORD, { input: { name, type: 'TXT', value: d.verificationRecord.value } }, headers);
  const v = await t.gql(VERIFY_DOMAIN, { id: d.id }, headers);
  if (v.data.verifyDomain.domain.status !== 'COMPLETED') throw new Error(`could not verify ${name}`);
  return d.id;
}

export async function upload(
  t: TestApp,
  bytes: Uint8Array,
  fileName = 'Config_Files_20240522_153925.dat',
  mode?: 'MERGE' | 'OVERWRITE',
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query: `mutation($file: Upload!, $mode: MigrationMode) { startMigration(file: $file, mode: $mode) { run { ${RUN_FIELDS} } userErrors { code message field } } }`,
      variables: { file: null, mode: mode ?? null },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(bytes)]), fileName);
  // A multipart request needs the CSRF header (src/graphql/use-csrf-header.ts), as a frontend sends it.
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', body: form, headers: { 'x-graphql-yoga-csrf': 'test', ...headers } });
  const body = (await res.json()) as any;
  return { status: res.status, errors: body.errors, payload: body.data?.startMigration };
}

export async function confirm(t: TestApp, id: string, headers: Record<string, string> = {}) {
  const r = await t.gql(
    `mutation($id: ID!) { confirmMigration(id: $id) { run { ${RUN_FIELDS} } userErrors { code message field } } }`,
    { id },
    headers,
  );
  return r.data.confirmMigration;
}

/** The tenant's rules as a comparable list: what an administrator sees in the policy lists. */
export async function ruleState(t: TestApp, tenantId?: string) {
  const db = t.app.database.client;
  const tid = tenantId ?? (await t.app.defaultTenantId());
  const rules = await db.policyRule.findMany({
    where: { tenantId: tid },
    orderBy: [{ direction: 'asc' }, { type: 'asc' }, { order: 'asc' }],
  });
  return rules.map((r) => `${r.direction}/${r.type}#${r.order} ${r.name} enabled=${r.enabled} status=${r.migrationStatus ?? '-'}`);
}

export async function objectState(t: TestApp) {
  const db = t.app.database.client;
  const tenantId = await t.app.defaultTenantId();
  const groups = await db.addressGroup.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
  const lists = await db.keywordList.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
  const entries = await db.listEntry.findMany({ where: { tenantId }, orderBy: [{ list: 'asc' }, { value: 'asc' }] });
  return {
    groups: groups.map((g) => `${g.name} internal=${g.internal} ${JSON.stringify(g.addresses)}`),
    lists: lists.map((l) => `${l.name} ${l.match} ${JSON.stringify(l.expressions)}`),
    entries: entries.map((e) => `${e.list} ${e.value}`),
  };
}
