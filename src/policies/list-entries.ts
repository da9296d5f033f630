// The approved/blocked IP lists (IP Reputation) and the approved/exception lists: add and
// delete entries. CEGP lists hold public addresses only (private ones are what the
// migration leaves out, spec §10 IP_PRIVATE).
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { ListKind } from '../db/enums.js';
import { normalizeName } from '../domains/domain-name.js';
import { isIpOrCidr, isPrivateAddress } from '../domains/addresses.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { ExpectedErrors, type ExpectedError } from '../platform/errors.js';
import { LIST_KINDS, policyErrors } from './errors.js';

/** One request adds at most this many entries (a CSV import of a large list). */
export const MAX_ENTRIES_PER_REQUEST = 10_000;
/** A URL keyword or web reputation entry: a URL's practical length limit. */
export const MAX_ENTRY_CHARS = 2048;

type EntryProblem = 'LIST_ENTRY_IP_INVALID' | 'LIST_ENTRY_IP_PRIVATE' | 'LIST_ENTRY_DOMAIN_INVALID' | 'LIST_ENTRY_VALUE_INVALID';

function checkEntry(list: ListKind, raw: string): { value: string } | { problem: EntryProblem } {
  const v = raw.trim();
  if (list === 'APPROVED_IP' || list === 'BLOCKED_IP') {
    if (!isIpOrCidr(v)) return { problem: 'LIST_ENTRY_IP_INVALID' };
    if (isPrivateAddress(v)) return { problem: 'LIST_ENTRY_IP_PRIVATE' };
    return { value: v.toLowerCase() };
  }
  if (list === 'DKIM_IGNORED_PEER') {
    const n = normalizeName(v);
    return n.ok ? { value: n.name } : { problem: 'LIST_ENTRY_DOMAIN_INVALID' };
  }
  if (!v || v.length > MAX_ENTRY_CHARS || /[\s\u0000-\u001f]/.test(v)) return { problem: 'LIST_ENTRY_VALUE_INVALID' };
  return { value: v };
}

export async function addListEntries(ctx: UseCaseContext, list: ListKind, values: string[], description = ''): Promise<number> {
  const p: ExpectedError[] = [];
  const ok: string[] = [];
  values.slice(0, MAX_ENTRIES_PER_REQUEST).forEach((raw, i) => {
    const r = checkEntry(list, raw);
    if ('value' in r) ok.push(r.value);
    else p.push(policyErrors.error(r.problem, { value: raw, list: LIST_KINDS[list], max: MAX_ENTRY_CHARS }, `values.${i}`));
  });
  if (values.length > MAX_ENTRIES_PER_REQUEST)
    p.push(policyErrors.error('LIST_ENTRIES_TOO_MANY', { max: MAX_ENTRIES_PER_REQUEST, count: values.length }, 'values'));
  if (p.length) throw new ExpectedErrors(p);
  return inTransaction(ctx.db, async (tx) => {
    const existing = new Set(
      (await tx.listEntry.findMany({ where: { tenantId: ctx.tenantId, list, value: { in: ok } }, select: { value: true } })).map(
        (e) => e.value,
      ),
    );
    const fresh = [...new Set(ok)].filter((v) => !existing.has(v));
    if (fresh.length) await tx.listEntry.createMany({ data: fresh.map((value) => ({ tenantId: ctx.tenantId, list, value, description })) });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_OBJECT_ADDED',
        targetType: list,
        targetId: null,
        targetName: list,
        changes: [{ field: 'entries', newValue: fresh.join(', ').slice(0, 2000), previousValue: null }],
      },
    );
    return fresh.length;
  });
}

export async function deleteListEntry(ctx: UseCaseContext, id: string): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const entry = await tx.listEntry.findFirst({ where: { id, tenantId: ctx.tenantId } });
    if (!entry) throw policyErrors.error('LIST_ENTRY_NOT_FOUND', { id }, 'id');
    await tx.listEntry.delete({ where: { id } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_OBJECT_DELETED',
        targetType: entry.list,
        targetId: id,
        targetName: entry.value,
        changes: [{ field: 'value', newValue: null, previousValue: entry.value }],
      },
    );
    return { id };
  });
}
