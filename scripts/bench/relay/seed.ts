// The tenants of bench:relay, set up through the GraphQL API as an administrator would:
// a STANDARD tenant (the default one) whose domain gets the load, with 50 enabled inbound
// content-filtering rules — keyword lists on subject and body, attachment criteria, sizes —
// that do not match the load, and one that does and tags the subject (so every message also
// takes the rewrite path); and an ADVANCED tenant (150 MiB limit) for the 50 MB messages,
// with the same rules.
// A domain needs an MX record before addDomain (as in CEGP); no verification is needed for
// the relay to accept mail for it.
import { call, mutate, type Api } from '../graphql/seed.js';

export const LOAD_SUBJECT = 'relay bench load';
/** The subject tag the matching rule adds (docs/cegp/policies-and-content-filtering.md: Tag subject). */
export const SUBJECT_TAG = '[bench]';
export const RULES = 50;
const KEYWORD_LISTS = 10;

export interface RelayTenant {
  api: Api;
  domain: string;
  /** An address in the domain, the load's recipient. */
  recipient: string;
}

export interface RelayTenants {
  standard: RelayTenant;
  advanced: RelayTenant;
  rules: number;
}

async function addDomain(api: Api, name: string): Promise<void> {
  const set = await call(
    api,
    `mutation($i: SetDnsRecordInput!) { setDnsRecord(input: $i) { record { id } userErrors { code message } } }`,
    { i: { name, type: 'MX', priority: 10, value: `mail.${name}` } },
  );
  if (set.setDnsRecord.userErrors.length) throw new Error(`setDnsRecord ${name}: ${JSON.stringify(set.setDnsRecord.userErrors)}`);
  await mutate(api, 'addDomain', 'AddDomainInput', 'domain', { name });
}

/** Keyword lists that the load's subject and body (smtp-source's "La de da" text) do not contain. */
function keywordLists(): object[] {
  return Array.from({ length: KEYWORD_LISTS }, (_, l) => ({
    name: `bench keywords ${l}`,
    match: l % 3 === 0 ? 'ALL' : 'ANY',
    expressions: [
      { expression: `機密${l}|社外秘${l}` },
      { expression: `confidential project ${l}` },
      { expression: `invoice [0-9]{6}-${l}` },
      { expression: `(wire|bank) transfer ${l}` },
    ],
  }));
}

const rule = (i: number, criteria: object[], extra: object = {}) => ({
  direction: 'INBOUND',
  type: 'CONTENT_FILTERING',
  name: `bench rule ${String(i).padStart(2, '0')}`,
  enabled: true,
  recipients: { kind: 'MY_ORGANIZATION' },
  senders: { kind: 'ANYONE' },
  criteriaMode: 'ANY_MATCH',
  criteria,
  intercept: { action: 'NONE' },
  modifyActions: [{ type: 'INSERT_X_HEADER', headerName: 'X-Bench-Rule', headerValue: String(i) }],
  ...extra,
});

/** The 50 rules: 49 that the load does not match, then the subject tagger that it does. */
function rules(lists: string[], tagList: string): object[] {
  const out: object[] = [];
  let i = 0;
  for (let k = 0; k < 18; k++) out.push(rule(i++, [{ type: 'SUBJECT_KEYWORDS', keywordListIds: [lists[k % lists.length]] }]));
  for (let k = 0; k < 15; k++)
    out.push(rule(i++, [{ type: 'BODY_KEYWORDS', keywordListIds: [lists[(k + 3) % lists.length], lists[(k + 7) % lists.length]] }]));
  const quarantine = { intercept: { action: 'QUARANTINE' }, modifyActions: [] };
  for (const values of [['*.exe', '*.scr'], ['*.vbs', '*.js'], ['invoice*.zip'], ['*.iso'], ['*.lnk', '*.hta']])
    out.push(rule(i++, [{ type: 'ATTACHMENT_NAME', values }], quarantine));
  for (const values of [
    ['exe', 'dll'],
    ['vbs', 'js', 'ps1'],
    ['rar', 'cab'],
  ])
    out.push(rule(i++, [{ type: 'ATTACHMENT_TRUE_FILE_TYPE', values }], quarantine));
  for (const bytes of [100, 120, 140].map((m) => m * 1024 * 1024))
    out.push(rule(i++, [{ type: 'ATTACHMENT_SIZE', operator: 'GT', bytes }]));
  out.push(rule(i++, [{ type: 'ATTACHMENT_COUNT', operator: 'GT', count: 20 }]));
  out.push(rule(i++, [{ type: 'ATTACHMENT_MIME_TYPE', values: ['application/x-msdownload'] }], quarantine));
  out.push(rule(i++, [{ type: 'ATTACHMENT_PASSWORD_PROTECTED' }], quarantine));
  out.push(rule(i++, [{ type: 'MESSAGE_SIZE', operator: 'GT', bytes: 140 * 1024 * 1024 }]));
  out.push(rule(i++, [{ type: 'RECIPIENT_COUNT', operator: 'GT', count: 100 }]));
  out.push(
    rule(i++, [{ type: 'SUBJECT_KEYWORDS', keywordListIds: [tagList] }], {
      modifyActions: [{ type: 'TAG_SUBJECT', text: SUBJECT_TAG }],
    }),
  );
  return out;
}

/** A tenant's keyword lists and the 50 rules; returns how many rules. */
async function addRules(api: Api): Promise<number> {
  const lists: string[] = [];
  for (const l of keywordLists()) lists.push(await mutate(api, 'addKeywordList', 'KeywordListInput', 'keywordList', l));
  const tagList = await mutate(api, 'addKeywordList', 'KeywordListInput', 'keywordList', {
    name: 'bench load subject',
    match: 'ANY',
    expressions: [{ expression: LOAD_SUBJECT }],
  });
  const all = rules(lists, tagList);
  for (const r of all) await mutate(api, 'addPolicyRule', 'AddPolicyRuleInput', 'rule', r);
  return all.length;
}

/**
 * The default tenant (STANDARD) with the load's domain, and an ADVANCED tenant with a domain
 * for the 50 MB messages; both with the same 50 rules, so a large body is also scanned by
 * the body keyword rules.
 */
export async function setupRelayTenants(url: string): Promise<RelayTenants> {
  const standard: RelayTenant = { api: { url, tenant: null }, domain: 'relay-bench.example', recipient: 'load@relay-bench.example' };
  await addDomain(standard.api, standard.domain);
  const count = await addRules(standard.api);
  const made = await call(
    standard.api,
    `mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id tier } userErrors { code message } } }`,
    { i: { name: 'bench advanced', companyId: 'bench-advanced', tier: 'ADVANCED' } },
  );
  if (made.createTenant.tenant?.tier !== 'ADVANCED')
    throw new Error(`createTenant (ADVANCED) was refused: ${JSON.stringify(made.createTenant.userErrors)}`);
  const advanced: RelayTenant = {
    api: { url, tenant: made.createTenant.tenant.id },
    domain: 'relay-advanced.example',
    recipient: 'large@relay-advanced.example',
  };
  await addDomain(advanced.api, advanced.domain);
  await addRules(advanced.api);
  return { standard, advanced, rules: count };
}
