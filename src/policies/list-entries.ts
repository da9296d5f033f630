// The approved/blocked IP lists (IP Reputation) and the approved/exception lists: add and
// delete entries. CEGP lists hold public addresses only (private ones are what the
// migration leaves out, spec §10 IP_PRIVATE).
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction } from '../db/client.js';
import type { ListKind } from '../db/enums.js';
import { normalizeName } from '../domains/domain-name.js';
import { isIpOrCidr, isPrivateAddress } from '../domains/addresses.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { DomainErrors, type DomainError } from '../platform/errors.js';
import { policyErrors } from './errors.js';

/** One request adds at most this many entries (a CSV import of a large list). */
export const MAX_ENTRIES_PER_REQUEST = 10_000;

function checkEntry(list: ListKind, raw: string): { value: string } | { detail: string; detailJa: string } {
  const v = raw.trim();
  if (list === 'APPROVED_IP' || list === 'BLOCKED_IP') {
    if (!isIpOrCidr(v)) return { detail: 'not an IP address or CIDR block', detailJa: 'IP アドレスでも CIDR でもありません' };
    if (isPrivateAddress(v)) return { detail: 'private, loopback and link-local addresses are not accepted', detailJa: 'プライベート・ループバック・リンクローカルのアドレスは登録できません' };
    return { value: v.toLowerCase() };
  }
  if (list === 'DKIM_IGNORED_PEER') {
    const n = normalizeName(v);
    return n.ok ? { value: n.name } : { detail: 'not a domain name', detailJa: 'ドメイン名ではありません' };
  }
  if (!v || v.length > 2048 || /[\s\u0000-\u001f]/.test(v)) return { detail: 'empty, too long or with spaces', detailJa: '空、長すぎる、または空白を含んでいます' };
  return { value: v };
}

export async function addListEntries(ctx: UseCaseContext, list: ListKind, values: string[], description = ''): Promise<number> {
  const p: DomainError[] = [];
  const ok: string[] = [];
  values.slice(0, MAX_ENTRIES_PER_REQUEST).forEach((raw, i) => {
    const r = checkEntry(list, raw);
    if ('value' in r) ok.push(r.value);
    else p.push(policyErrors.error('LIST_ENTRY_INVALID', { value: raw, list, ...r }, `values.${i}`));
  });
  if (values.length > MAX_ENTRIES_PER_REQUEST) p.push(policyErrors.error('LIST_ENTRY_INVALID', { value: '…', list, detail: `at most ${MAX_ENTRIES_PER_REQUEST} entries per request`, detailJa: `1 回に最大 ${MAX_ENTRIES_PER_REQUEST} 件です` }, 'values'));
  if (p.length) throw new DomainErrors(p);
  return inTransaction(ctx.db, async (tx) => {
    const existing = new Set((await tx.listEntry.findMany({ where: { tenantId: ctx.tenantId, list, value: { in: ok } }, select: { value: true } })).map((e) => e.value));
    const fresh = [...new Set(ok)].filter((v) => !existing.has(v));
    if (fresh.length) await tx.listEntry.createMany({ data: fresh.map((value) => ({ tenantId: ctx.tenantId, list, value, description })) });
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_OBJECT_ADDED', targetType: list, targetId: null, targetName: list, changes: [{ field: 'entries', newValue: fresh.join(', ').slice(0, 2000), previousValue: null }] });
    return fresh.length;
  });
}

export async function deleteListEntry(ctx: UseCaseContext, id: string): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const entry = await tx.listEntry.findFirst({ where: { id, tenantId: ctx.tenantId } });
    if (!entry) throw policyErrors.error('LIST_ENTRY_NOT_FOUND', { id }, 'id');
    await tx.listEntry.delete({ where: { id } });
    await recordAudit({ ...ctx, db: tx }, { eventType: 'POLICY_OBJECT_DELETED', targetType: entry.list, targetId: id, targetName: entry.value, changes: [{ field: 'value', newValue: null, previousValue: entry.value }] });
    return { id };
  });
}
