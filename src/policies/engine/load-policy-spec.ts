// Adapter: one tenant's PolicySpec read from the database at one policy revision. Database
// triggers bump Tenant.policyRevision in the transaction of every write to policy rules and
// objects (src/policies/policy-snapshots.ts), so the revision is read before and after the
// rows; rows read while a write landed are read again, up to MAX_SPEC_READ_ATTEMPTS times.
// Rules are decoded by the one codec (rule-codec.ts); a stored rule that does not decode
// is left out of `rules` and listed in `invalidRules`, so one bad row never takes the
// tenant's whole policy down and the caller can say which rule is broken.
import { readPolicyRevision } from '../../accounts/find-request-tenant.js';
import type { Db } from '../../db/client.js';
import { ExpectedError } from '../../platform/errors.js';
import { decodeRuleBody } from '../rule-codec.js';
import { splitAddressList, type PolicySpec, type SpecKeywordList } from './policy-spec.js';

/** A policy write lands between the two revision reads at most this often in a row before the read gives up (writes are human-paced). */
export const MAX_SPEC_READ_ATTEMPTS = 5;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringRecord = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
function expressions(v: unknown): SpecKeywordList['expressions'] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((e): e is { expression: string; caseSensitive?: unknown; score?: unknown } => typeof e?.expression === 'string')
    .map((e) => ({ expression: e.expression, caseSensitive: e.caseSensitive === true, score: typeof e.score === 'number' ? e.score : 1 }));
}

/** The spec, or null when the tenant does not exist. */
export async function loadPolicySpec(db: Db, tenantId: string): Promise<PolicySpec | null> {
  for (let attempt = 0; attempt < MAX_SPEC_READ_ATTEMPTS; attempt++) {
    const before = await readPolicyRevision(db, tenantId);
    if (before === null) return null;
    const where = { where: { tenantId } };
    const [tenant, domains, rules, keywordLists, addressGroups, directoryGroups, stamps, notifications, dlpTemplates, dlpIdentifiers] =
      await Promise.all([
        db.tenant.findUnique({ where: { id: tenantId }, select: { tier: true } }),
        db.domain.findMany({ ...where, select: { name: true, status: true }, orderBy: { name: 'asc' } }),
        db.policyRule.findMany({ ...where, omit: { migrationNotes: true }, orderBy: [{ order: 'asc' }, { id: 'asc' }] }),
        db.keywordList.findMany({ ...where, orderBy: { id: 'asc' } }),
        db.addressGroup.findMany({ ...where, orderBy: { id: 'asc' } }),
        db.directoryGroup.findMany({ ...where, orderBy: { dn: 'asc' } }),
        db.stamp.findMany({ ...where, orderBy: { id: 'asc' } }),
        db.policyNotification.findMany({ ...where, orderBy: { id: 'asc' } }),
        db.dlpTemplate.findMany({ ...where, orderBy: { id: 'asc' } }),
        db.dlpIdentifier.findMany({ ...where, orderBy: { name: 'asc' } }),
      ]);
    const after = await readPolicyRevision(db, tenantId);
    if (after !== before || !tenant) continue;
    const decoded: PolicySpec['rules'] = [];
    const invalidRules: PolicySpec['invalidRules'] = [];
    for (const r of rules) {
      try {
        decoded.push({ id: r.id, order: r.order, body: decodeRuleBody(r) });
      } catch (err) {
        if (!(err instanceof ExpectedError)) throw err;
        invalidRules.push({ id: r.id, name: r.name, problem: err.message });
      }
    }
    return {
      tenantId,
      revision: before,
      tier: tenant.tier,
      domains: domains.map((d) => ({ name: d.name, verified: d.status === 'COMPLETED' })),
      rules: decoded,
      invalidRules,
      keywordLists: keywordLists.map((k) => ({
        id: k.id,
        name: k.name,
        match: k.match,
        threshold: k.threshold,
        expressions: expressions(k.expressions),
      })),
      addressGroups: addressGroups.map((g) => ({ id: g.id, name: g.name, addresses: strings(g.addresses) })),
      directoryGroups: directoryGroups.map((g) => ({ dn: g.dn, name: g.name, members: strings(g.members) })),
      stamps: stamps.map((s) => ({ id: s.id, name: s.name, position: s.position, text: s.text })),
      notifications: notifications.map((n) => ({
        id: n.id,
        name: n.name,
        fromAddress: n.fromAddress,
        toAddresses: splitAddressList(n.toAddresses),
        subject: n.subject,
        body: n.body,
        attachOriginal: n.attachOriginal,
      })),
      dlpTemplates: dlpTemplates.map((t) => ({ id: t.id, name: t.name, predefined: t.predefined, identifiers: strings(t.identifiers) })),
      dlpIdentifiers: dlpIdentifiers.map((d) => ({ name: d.name, kind: d.kind, definition: stringRecord(d.definition) })),
    };
  }
  throw new Error(`The policy of tenant ${tenantId} changed during ${MAX_SPEC_READ_ATTEMPTS} reads in a row; try again.`);
}
