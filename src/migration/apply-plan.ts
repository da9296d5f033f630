// Writes an import plan into the tenant's policy settings, inside the caller's transaction
// (all-or-nothing). Semantics: docs/export-format.md "Import modes".
//  MERGE: keeps existing settings; an imported object whose kind and name equal one created
//   by an earlier migration replaces it (in place, so references to it stay valid); one
//   that collides with an object created by hand gets " (2)", " (3)", …; imported rules go
//   after the existing ones, in source order. Importing the same export twice gives the
//   same state.
//  OVERWRITE: deletes every non-default rule and every object, list entry and DKIM/DMARC
//   setting of the kinds the export carries, then imports; order restarts at 1.
import { randomUUID } from 'node:crypto';
import { bulkInsert } from '../db/bulk-insert.js';
import type { DbKind, Prisma, Tx } from '../db/client.js';
import type { ListKind, SenderAuthKind } from '../db/enums.js';
import { objectRefsOf, type Criterion, type RouteSpec, type RuleBody } from '../policies/rule.js';
import { encodeRuleColumns } from '../policies/rule-codec.js';
import type { ImportPlan, ObjectPlanKind } from './plan.js';

export interface ImportSummary {
  rules: number;
  rulesDisabled: number;
  addressGroups: number;
  keywordLists: number;
  notifications: number;
  stamps: number;
  dlpTemplates: number;
  dlpIdentifiers: number;
  listEntries: number;
  senderAuthSettings: number;
  removedRules: number;
  /**
   * Rules the administrator had marked FIXED that this import brought back as NEEDS_FIX
   * (the same name in the same list, replaced by MERGE or deleted and re-imported by
   * OVERWRITE): their fixes are gone, so the operator is told. Names: the first few only.
   */
  fixedRulesReset: number;
  fixedRulesResetNames: string[];
}

/**
 * Names of reset FIXED rules kept in the summary (stored with the run as JSON): enough to
 * recognise them; the migration report lists every rule.
 */
export const FIXED_RESET_NAMES_KEPT = 10;

type Mode = 'MERGE' | 'OVERWRITE';

/**
 * Rules encoded and written per step of the import. Small enough that one step's rows (a few
 * KB each, JSON columns included) stay a few MB; large enough that a step is several of
 * bulkInsert's statements.
 */
const RULES_PER_WRITE = 1000;

const GROUP_COLUMNS = {
  id: 'text',
  tenantId: 'text',
  name: 'text',
  description: 'text',
  internal: 'bool',
  addresses: 'json',
  createdByMigration: 'bool',
  createdAt: 'datetime',
  updatedAt: 'datetime',
} as const;
const LIST_COLUMNS = {
  id: 'text',
  tenantId: 'text',
  name: 'text',
  description: 'text',
  match: 'text',
  threshold: 'int',
  expressions: 'json',
  createdByMigration: 'bool',
  createdAt: 'datetime',
  updatedAt: 'datetime',
} as const;
const ENTRY_COLUMNS = {
  id: 'text',
  tenantId: 'text',
  list: 'text',
  value: 'text',
  description: 'text',
  createdByMigration: 'bool',
  createdAt: 'datetime',
} as const;
const REF_COLUMNS = { id: 'text', ruleId: 'text', objectKind: 'text', objectId: 'text' } as const;
const RULE_COLUMNS = {
  id: 'text',
  tenantId: 'text',
  direction: 'text',
  type: 'text',
  name: 'text',
  notes: 'text',
  enabled: 'bool',
  order: 'int',
  isDefault: 'bool',
  locked: 'bool',
  level: 'text',
  recipients: 'json',
  senders: 'json',
  exceptions: 'json',
  criteriaMode: 'text',
  criteria: 'json',
  intercept: 'text',
  interceptOptions: 'json',
  modifyActions: 'json',
  monitorActions: 'json',
  schemaVersion: 'int',
  migrationStatus: 'text',
  migrationNotes: 'json',
  migrationRunId: 'text',
  sourceKey: 'text',
  createdAt: 'datetime',
  updatedAt: 'datetime',
} as const;

interface NamedRow {
  id: string;
  name: string;
  createdByMigration: boolean;
}

/** Chooses the stored name and whether an existing (migrated) row is replaced. */
function placeNames<P extends { key: string; name: string }>(planned: P[], existing: NamedRow[], mode: Mode) {
  const byName = new Map(existing.map((r) => [r.name, r]));
  const taken = new Set(existing.map((r) => r.name));
  return planned.map((p) => {
    const same = byName.get(p.name);
    if (mode === 'MERGE' && same?.createdByMigration) {
      byName.delete(p.name);
      return { plan: p, name: p.name, replaceId: same.id };
    }
    let name = p.name;
    for (let n = 2; taken.has(name); n++) name = `${p.name} (${n})`;
    taken.add(name);
    return { plan: p, name, replaceId: null as string | null };
  });
}

export async function applyPlan(
  tx: Tx,
  kind: DbKind,
  tenantId: string,
  runId: string,
  plan: ImportPlan,
  mode: Mode,
  now: Date,
): Promise<ImportSummary> {
  const present = new Set(plan.kindsPresent);
  // Read before OVERWRITE deletes them. MERGE replaces only rules an earlier migration made.
  const fixedBefore = await tx.policyRule.findMany({
    where: { tenantId, isDefault: false, migrationStatus: 'FIXED', ...(mode === 'MERGE' ? { sourceKey: { not: null } } : {}) },
    select: { direction: true, type: true, name: true },
    orderBy: [{ order: 'asc' }, { createdAt: 'asc' }],
  });
  const comingBackToFix = new Set(
    plan.rules.filter((r) => r.status === 'NEEDS_FIX').map((r) => `${r.body.direction}/${r.body.type}/${r.body.name}`),
  );
  const fixedReset = fixedBefore.filter((r) => comingBackToFix.has(`${r.direction}/${r.type}/${r.name}`)).map((r) => r.name);
  let removedRules = 0;
  if (mode === 'OVERWRITE') {
    removedRules = (await tx.policyRule.deleteMany({ where: { tenantId, isDefault: false } })).count;
    if (present.has('ADDRESS_GROUP')) await tx.addressGroup.deleteMany({ where: { tenantId } });
    if (present.has('KEYWORD_LIST')) await tx.keywordList.deleteMany({ where: { tenantId } });
    if (present.has('NOTIFICATION')) await tx.policyNotification.deleteMany({ where: { tenantId } });
    if (present.has('STAMP')) await tx.stamp.deleteMany({ where: { tenantId } });
    if (present.has('DLP_TEMPLATE')) await tx.dlpTemplate.deleteMany({ where: { tenantId } });
    if (present.has('DLP_IDENTIFIER')) await tx.dlpIdentifier.deleteMany({ where: { tenantId } });
    const lists = plan.kindsPresent.filter((k): k is ListKind =>
      ['APPROVED_IP', 'BLOCKED_IP', 'WEB_REPUTATION_APPROVED', 'URL_KEYWORD_EXCEPTION', 'DKIM_IGNORED_PEER'].includes(k),
    );
    if (lists.length) await tx.listEntry.deleteMany({ where: { tenantId, list: { in: lists } } });
    const auth = plan.kindsPresent.filter((k): k is SenderAuthKind => ['DKIM_VERIFICATION', 'DMARC', 'DKIM_SIGNING'].includes(k));
    if (auth.length) await tx.senderAuthSetting.deleteMany({ where: { tenantId, kind: { in: auth } } });
  }
  const ids = new Map<string, string>(); // `${kind}:${planKey}` → database id
  const select = { id: true, name: true, createdByMigration: true } as const;

  const groups = placeNames(plan.addressGroups, await tx.addressGroup.findMany({ where: { tenantId }, select }), mode);
  await upsertObjects(groups, 'ADDRESS_GROUP', ids, async (rows) => {
    for (const r of rows.filter((x) => x.replaceId)) {
      await tx.addressGroup.update({
        where: { id: r.replaceId! },
        data: { description: r.plan.description, internal: r.plan.internal, addresses: r.plan.addresses },
      });
    }
    const fresh = rows
      .filter((x) => !x.replaceId)
      .map((r) => ({
        id: r.id,
        tenantId,
        name: r.name,
        description: r.plan.description,
        internal: r.plan.internal,
        addresses: r.plan.addresses,
        createdByMigration: true,
        createdAt: now,
        updatedAt: now,
      }));
    await bulkInsert(tx, kind, 'AddressGroup', GROUP_COLUMNS, fresh);
  });

  const lists = placeNames(plan.keywordLists, await tx.keywordList.findMany({ where: { tenantId }, select }), mode);
  await upsertObjects(lists, 'KEYWORD_LIST', ids, async (rows) => {
    for (const r of rows.filter((x) => x.replaceId)) {
      await tx.keywordList.update({
        where: { id: r.replaceId! },
        data: { description: r.plan.description, match: r.plan.match, threshold: r.plan.threshold, expressions: r.plan.expressions },
      });
    }
    const fresh = rows
      .filter((x) => !x.replaceId)
      .map((r) => ({
        id: r.id,
        tenantId,
        name: r.name,
        description: r.plan.description,
        match: r.plan.match,
        threshold: r.plan.threshold,
        expressions: r.plan.expressions,
        createdByMigration: true,
        createdAt: now,
        updatedAt: now,
      }));
    await bulkInsert(tx, kind, 'KeywordList', LIST_COLUMNS, fresh);
  });

  const notifications = placeNames(plan.notifications, await tx.policyNotification.findMany({ where: { tenantId }, select }), mode);
  await upsertObjects(notifications, 'NOTIFICATION', ids, async (rows) => {
    for (const r of rows) {
      const data = { fromAddress: r.plan.fromAddress, toAddresses: r.plan.toAddresses, subject: r.plan.subject, body: r.plan.body };
      if (r.replaceId) await tx.policyNotification.update({ where: { id: r.replaceId }, data });
      else await tx.policyNotification.create({ data: { id: r.id, tenantId, name: r.name, ...data, createdByMigration: true } });
    }
  });

  const stamps = placeNames(plan.stamps, await tx.stamp.findMany({ where: { tenantId }, select }), mode);
  await upsertObjects(stamps, 'STAMP', ids, async (rows) => {
    for (const r of rows) {
      const data = { position: r.plan.position, text: r.plan.text };
      if (r.replaceId) await tx.stamp.update({ where: { id: r.replaceId }, data });
      else await tx.stamp.create({ data: { id: r.id, tenantId, name: r.name, ...data, createdByMigration: true } });
    }
  });

  const identifiers = placeNames(plan.dlpIdentifiers, await tx.dlpIdentifier.findMany({ where: { tenantId }, select }), mode);
  await upsertObjects(identifiers, 'DLP_IDENTIFIER', ids, async (rows) => {
    for (const r of rows) {
      const data = { kind: r.plan.kind, definition: r.plan.definition };
      if (r.replaceId) await tx.dlpIdentifier.update({ where: { id: r.replaceId }, data });
      else await tx.dlpIdentifier.create({ data: { id: r.id, tenantId, name: r.name, ...data, createdByMigration: true } });
    }
  });

  const templates = placeNames(plan.dlpTemplates, await tx.dlpTemplate.findMany({ where: { tenantId }, select }), mode);
  await upsertObjects(templates, 'DLP_TEMPLATE', ids, async (rows) => {
    for (const r of rows) {
      const data = { identifiers: r.plan.identifiers, predefined: false };
      if (r.replaceId) await tx.dlpTemplate.update({ where: { id: r.replaceId }, data });
      else await tx.dlpTemplate.create({ data: { id: r.id, tenantId, name: r.name, ...data, createdByMigration: true } });
    }
  });

  // Lists: an entry that already exists stays as it is (MERGE keeps existing settings).
  const listKinds = [...new Set(plan.listEntries.map((e) => e.list))];
  const existingEntries = new Set(
    (await tx.listEntry.findMany({ where: { tenantId, list: { in: listKinds } }, select: { list: true, value: true } })).map(
      (e) => `${e.list} ${e.value}`,
    ),
  );
  const newEntries = [...new Map(plan.listEntries.map((e) => [`${e.list} ${e.value}`, e])).values()].filter(
    (e) => !existingEntries.has(`${e.list} ${e.value}`),
  );
  await bulkInsert(
    tx,
    kind,
    'ListEntry',
    ENTRY_COLUMNS,
    newEntries.map((e) => ({
      id: randomUUID(),
      tenantId,
      list: e.list,
      value: e.value,
      description: e.description,
      createdByMigration: true,
      createdAt: now,
    })),
  );

  for (const s of plan.senderAuth) {
    const data = { enabled: s.enabled, settings: s.settings as object, createdByMigration: true };
    await tx.senderAuthSetting.upsert({
      where: { tenantId_kind_key: { tenantId, kind: s.kind, key: s.key } },
      create: { tenantId, kind: s.kind, key: s.key, ...data },
      update: data,
    });
  }

  // Rules.
  const existingRules = await tx.policyRule.findMany({
    where: { tenantId },
    select: { id: true, direction: true, type: true, name: true, order: true, isDefault: true, sourceKey: true },
    orderBy: [{ order: 'asc' }, { createdAt: 'asc' }],
  });
  const listKey = (d: string, t: string) => `${d}/${t}`;
  const replaced = new Set<string>();
  if (mode === 'MERGE') {
    const plannedNames = new Set(plan.rules.map((r) => `${listKey(r.body.direction, r.body.type)}/${r.body.name}`));
    for (const r of existingRules)
      if (r.sourceKey !== null && plannedNames.has(`${listKey(r.direction, r.type)}/${r.name}`)) replaced.add(r.id);
    if (replaced.size) await tx.policyRule.deleteMany({ where: { id: { in: [...replaced] } } });
  }
  const kept = existingRules.filter((r) => !replaced.has(r.id));
  const perList = new Map<string, typeof kept>();
  for (const r of kept) perList.set(listKey(r.direction, r.type), [...(perList.get(listKey(r.direction, r.type)) ?? []), r]);
  const imported = new Map<string, number>();
  for (const p of plan.rules) {
    const k = listKey(p.body.direction, p.body.type);
    imported.set(k, (imported.get(k) ?? 0) + 1);
  }
  // Existing rules keep their relative order, renumbered from 1 (OVERWRITE: after the imported ones).
  for (const [k, rows] of perList) {
    const offset = mode === 'OVERWRITE' ? (imported.get(k) ?? 0) : 0;
    for (const [i, r] of rows.entries())
      if (r.order !== offset + i + 1) await tx.policyRule.update({ where: { id: r.id }, data: { order: offset + i + 1 } });
  }
  const placed = new Map<string, number>();
  const takenNames = new Map<string, Set<string>>();
  for (const [k, rows] of perList) takenNames.set(k, new Set(rows.map((r) => r.name)));
  let rulesDisabled = 0;
  // Encoded a slice at a time and written before the next: the rows of every rule at once,
  // each with its JSON columns, were ~60 MB on the request thread for the largest export.
  for (let start = 0; start < plan.rules.length; start += RULES_PER_WRITE) {
    const ruleRows: Prisma.PolicyRuleCreateManyInput[] = [];
    const refRows: { id: string; ruleId: string; objectKind: string; objectId: string }[] = [];
    for (const p of plan.rules.slice(start, start + RULES_PER_WRITE)) {
      const k = listKey(p.body.direction, p.body.type);
      const position = (placed.get(k) ?? 0) + 1;
      placed.set(k, position);
      const taken = takenNames.get(k) ?? new Set<string>();
      takenNames.set(k, taken);
      let name = p.body.name;
      for (let n = 2; taken.has(name); n++) name = `${p.body.name} (${n})`;
      taken.add(name);
      const body = mapRefs(p.body, ids);
      const id = randomUUID();
      const existingCount = mode === 'MERGE' ? (perList.get(k)?.length ?? 0) : 0;
      const row: Prisma.PolicyRuleCreateManyInput = {
        id,
        tenantId,
        isDefault: false,
        locked: false,
        ...encodeRuleColumns({ ...body, name }),
        order: existingCount + position,
        migrationStatus: p.status,
        migrationNotes: p.notes as object,
        migrationRunId: runId,
        sourceKey: p.sourceKey,
        createdAt: now,
        updatedAt: now,
      };
      if (!row.enabled) rulesDisabled++;
      ruleRows.push(row);
      for (const ref of objectRefsOf(body)) refRows.push({ id: randomUUID(), ruleId: id, objectKind: ref.kind, objectId: ref.id });
    }
    await bulkInsert(tx, kind, 'PolicyRule', RULE_COLUMNS, ruleRows);
    await bulkInsert(tx, kind, 'PolicyObjectRef', REF_COLUMNS, refRows);
  }

  return {
    rules: plan.rules.length,
    rulesDisabled,
    addressGroups: groups.length,
    keywordLists: lists.length,
    notifications: notifications.length,
    stamps: stamps.length,
    dlpTemplates: templates.length,
    dlpIdentifiers: identifiers.length,
    listEntries: newEntries.length,
    senderAuthSettings: plan.senderAuth.length,
    removedRules,
    fixedRulesReset: fixedReset.length,
    fixedRulesResetNames: fixedReset.slice(0, FIXED_RESET_NAMES_KEPT),
  };
}

async function upsertObjects<P extends { key: string }>(
  rows: { plan: P; name: string; replaceId: string | null }[],
  kind: ObjectPlanKind,
  ids: Map<string, string>,
  write: (rows: { plan: P; name: string; replaceId: string | null; id: string }[]) => Promise<void>,
) {
  const withIds = rows.map((r) => ({ ...r, id: r.replaceId ?? randomUUID() }));
  for (const r of withIds) ids.set(`${kind}:${r.plan.key}`, r.id);
  await write(withIds);
}

/** Replaces plan keys by database ids in a planned rule. */
function mapRefs(body: RuleBody, ids: Map<string, string>): RuleBody {
  const id = (kind: ObjectPlanKind, key: string) => ids.get(`${kind}:${key}`) ?? key;
  const route = (r: RouteSpec): RouteSpec => ({
    ...r,
    entries: r.entries.map((e) => (e.type === 'ADDRESS_GROUP' ? { ...e, groupId: id('ADDRESS_GROUP', e.groupId) } : e)),
  });
  const criterion = (c: Criterion): Criterion => {
    if ('keywordListIds' in c) return { ...c, keywordListIds: c.keywordListIds.map((k) => id('KEYWORD_LIST', k)) } as Criterion;
    if (c.type === 'DLP') return { ...c, templateIds: c.templateIds.map((k) => id('DLP_TEMPLATE', k)) };
    return c;
  };
  return {
    ...body,
    recipients: route(body.recipients),
    senders: route(body.senders),
    exceptions: body.exceptions.map((x) => ({ sender: route(x.sender), recipient: route(x.recipient) })),
    criteria: body.criteria.map(criterion),
    modifyActions: body.modifyActions.map((a) => (a.type === 'INSERT_STAMP' ? { ...a, stampId: id('STAMP', a.stampId) } : a)),
    monitorActions: body.monitorActions.map((a) =>
      a.type === 'NOTIFY' ? { ...a, notificationId: id('NOTIFICATION', a.notificationId) } : a,
    ),
  };
}
