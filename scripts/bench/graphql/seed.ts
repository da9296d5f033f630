// The data of the GraphQL benchmark, written through the API as an administrator would
// (domains verified over the mock DNS, policy objects, then rules), in one tenant per list
// size. DLP templates come only from a migration import, so they are written to the
// database directly, as the import writes them.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { openDatabase } from '../../../src/db/client.js';

/** Addresses per address group: reading a group whole would cost them; the page must not. */
export const ADDRESSES_PER_GROUP = 50;
const OBJECTS = { groups: 20, keywordLists: 10, stamps: 5, notifications: 5, dlpTemplates: 5 };
/** Bound on one seeding request: far above what one mutation takes, so only a hung server is cut. */
const REQUEST_TIMEOUT_MS = 60_000;

export interface Api {
  url: string;
  /** X-Tenant-Id, or none for the default tenant. */
  tenant: string | null;
}

export async function call<T = any>(api: Api, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (api.tenant) headers['x-tenant-id'] = api.tenant;
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!res.ok || body.errors?.length || !body.data)
    throw new Error(`GraphQL request failed (HTTP ${res.status}): ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return body.data;
}

/** A mutation with one `input` whose payload names `payload { id }` and userErrors; returns the id, throws on a refusal. */
export async function mutate(api: Api, field: string, inputType: string, payload: string, input: object): Promise<string> {
  const data = await call(
    api,
    `mutation($i: ${inputType}!) { ${field}(input: $i) { ${payload} { id } userErrors { code message field } } }`,
    { i: input },
  );
  const result = data[field];
  if (result.userErrors.length) throw new Error(`${field} was refused: ${JSON.stringify(result.userErrors)}`);
  return result[payload].id as string;
}

async function verifyDomain(api: Api, name: string): Promise<void> {
  const setRecord = `mutation($input: SetDnsRecordInput!) { setDnsRecord(input: $input) { record { id } userErrors { code message } } }`;
  await call(api, setRecord, { input: { name, type: 'MX', priority: 10, value: `mail.${name}` } });
  const added = await call(
    api,
    `mutation($input: AddDomainInput!) { addDomain(input: $input) { domain { id verificationRecord { value } } userErrors { code message } } }`,
    {
      input: { name, inboundServers: [{ host: `mail.${name}` }] },
    },
  );
  const domain = added.addDomain.domain;
  if (!domain) throw new Error(`addDomain ${name} was refused: ${JSON.stringify(added.addDomain.userErrors)}`);
  await call(api, setRecord, { input: { name, type: 'TXT', value: domain.verificationRecord.value } });
  const verified = await call(api, `mutation($id: ID!) { verifyDomain(id: $id) { domain { status } userErrors { code message } } }`, {
    id: domain.id,
  });
  if (verified.verifyDomain.domain?.status !== 'COMPLETED')
    throw new Error(`${name} could not be verified: ${JSON.stringify(verified.verifyDomain)}`);
}

/** A tenant (the default one when `companyId` is null) with policy objects and `rules` content-filtering rules. */
export async function seedTenant(url: string, databaseUrl: string, companyId: string | null, rules: number): Promise<Api> {
  if (companyId) {
    const made = await call(
      { url, tenant: null },
      `mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id } userErrors { code message } } }`,
      {
        i: { name: `bench ${companyId}`, companyId },
      },
    );
    if (!made.createTenant.tenant) throw new Error(`createTenant was refused: ${JSON.stringify(made.createTenant.userErrors)}`);
  }
  const api: Api = { url, tenant: companyId };
  const domain = `${companyId ?? 'default'}.bench.example`;
  await verifyDomain(api, domain);
  const groups: string[] = [];
  for (let g = 0; g < OBJECTS.groups; g++) {
    const addresses = Array.from({ length: ADDRESSES_PER_GROUP }, (_, k) => `user${g}-${k}@${domain}`);
    groups.push(
      await mutate(api, 'addAddressGroup', 'AddressGroupInput', 'addressGroup', { name: `グループ${g}`, internal: true, addresses }),
    );
  }
  const lists: string[] = [];
  for (let l = 0; l < OBJECTS.keywordLists; l++) {
    lists.push(
      await mutate(api, 'addKeywordList', 'KeywordListInput', 'keywordList', {
        name: `キーワード${l}`,
        match: 'ANY',
        expressions: [{ expression: `機密${l}|社外秘${l}` }],
      }),
    );
  }
  const stamps: string[] = [];
  for (let s = 0; s < OBJECTS.stamps; s++)
    stamps.push(await mutate(api, 'addStamp', 'StampInput', 'stamp', { name: `スタンプ${s}`, text: `社外からのメールです ${s}` }));
  const notes: string[] = [];
  for (let n = 0; n < OBJECTS.notifications; n++) {
    notes.push(
      await mutate(api, 'addPolicyNotification', 'PolicyNotificationInput', 'policyNotification', {
        name: `通知${n}`,
        fromAddress: `admin@${domain}`,
        toAddresses: [`admin@${domain}`],
        subject: `件名${n}`,
      }),
    );
  }
  const dlp = await dlpTemplates(databaseUrl, api);
  for (let i = 0; i < rules; i++) {
    const recipients =
      i % 4 === 0
        ? { kind: 'MY_ORGANIZATION' }
        : i % 4 === 1
          ? { kind: 'SPECIFIED', addressGroupIds: [groups[i % groups.length]] }
          : i % 4 === 2
            ? { kind: 'SPECIFIED', addresses: [`user${i % 7}@${domain}`] }
            : {
                kind: 'SPECIFIED',
                addresses: [`ceo@${domain}`],
                addressGroupIds: [groups[(i + 3) % groups.length], groups[(i + 5) % groups.length]],
              };
    await mutate(api, 'addPolicyRule', 'AddPolicyRuleInput', 'rule', {
      direction: 'INBOUND',
      type: 'CONTENT_FILTERING',
      name: [`規則 ${i}`, `Rule ${i}`, `スタンプ付与 ${i}`][i % 3],
      enabled: i % 5 !== 0,
      recipients,
      senders: i % 6 === 0 ? { kind: 'SPECIFIED', addresses: [`partner${i % 3}@outside.example`] } : { kind: 'ANYONE' },
      exceptions:
        i % 10 === 0
          ? [
              {
                sender: { kind: 'SPECIFIED', addresses: ['x@outside.example'] },
                recipient: { kind: 'SPECIFIED', addressGroupIds: [groups[i % groups.length]] },
              },
            ]
          : [],
      criteriaMode: 'ANY_MATCH',
      criteria: [
        { type: 'SUBJECT_KEYWORDS', keywordListIds: [lists[i % lists.length]] },
        ...(i % 2 ? [{ type: 'DLP', dlpTemplateIds: [dlp[i % dlp.length]] }] : []),
      ],
      intercept: { action: 'NONE' },
      modifyActions: [{ type: 'INSERT_STAMP', stampId: stamps[i % stamps.length] }],
      monitorActions: [{ type: 'NOTIFY', notificationId: notes[i % notes.length] }],
    });
  }
  return api;
}

async function dlpTemplates(databaseUrl: string, api: Api): Promise<string[]> {
  const tenant = await call(api, '{ tenant { id } }');
  const tenantId = decodeGlobalID(tenant.tenant.id).id;
  const database = openDatabase(databaseUrl);
  try {
    const ids: string[] = [];
    for (let d = 0; d < OBJECTS.dlpTemplates; d++) {
      const row = await database.client.dlpTemplate.create({
        data: { tenantId, name: `テンプレート${d}`, identifiers: ['クレジットカード番号', 'マイナンバー'], createdByMigration: true },
      });
      ids.push(encodeGlobalID('DlpTemplate', row.id));
    }
    return ids;
  } finally {
    await database.close();
  }
}
