// Policy objects (Administration → Policy Objects): address groups, keyword lists,
// notifications and stamps — add, edit and delete. An object used by a rule cannot be
// deleted (POLICY_OBJECT_IN_USE names the rules). Validation follows
// docs/cegp/policies-and-content-filtering.md §2, §4 and §5.
import { diffFields } from '../audit/audit-event.js';
import { recordAudit } from '../audit/record-audit.js';
import { inTransaction, isUniqueViolation, type Tx } from '../db/client.js';
import { announcePolicyChange } from './policy-changed.js';
import type { KeywordMatch, StampPosition } from '../db/enums.js';
import { isManaged, isWildcardDomain } from '../domains/addresses.js';
import type { UseCaseContext } from '../db/use-case-context.js';
import { ExpectedErrors, type ExpectedError } from '../platform/errors.js';
import { expressionProblemText, POLICY_OBJECT_KINDS, POLICY_TERMS, policyErrors } from './errors.js';
import { validateExpression } from './keyword-dialect.js';
import type { ObjectKind } from './rule.js';
import { isAddressPattern } from './validate-rule.js';

/** Bounds on one object, far above real groups and lists, so one request stays small. */
export const MAX_GROUP_ADDRESSES = 50_000;
export const MAX_LIST_EXPRESSIONS = 1_000;

export interface AddressGroupInput {
  name: string;
  description?: string | null;
  internal?: boolean | null;
  addresses: string[];
}
export interface KeywordListInput {
  name: string;
  description?: string | null;
  match: KeywordMatch;
  threshold?: number | null;
  expressions: { expression: string; caseSensitive?: boolean | null; score?: number | null; description?: string | null }[];
}
export interface NotificationInput {
  name: string;
  fromAddress: string;
  toAddresses: string[];
  subject: string;
  body?: string | null;
  attachOriginal?: boolean | null;
}
export interface StampInput {
  name: string;
  position?: StampPosition | null;
  text: string;
}

type Delegate = 'addressGroup' | 'keywordList' | 'policyNotification' | 'stamp' | 'dlpTemplate';
const DELEGATE: Record<ObjectKind, Delegate> = {
  ADDRESS_GROUP: 'addressGroup',
  KEYWORD_LIST: 'keywordList',
  NOTIFICATION: 'policyNotification',
  STAMP: 'stamp',
  DLP_TEMPLATE: 'dlpTemplate',
};

function checkName(name: string, p: ExpectedError[]) {
  if (!name.trim() || name.trim().length > 100) p.push(policyErrors.error('POLICY_OBJECT_NAME_INVALID', {}, 'input.name'));
}

async function managedDomains(tx: Tx, tenantId: string) {
  return (await tx.domain.findMany({ where: { tenantId }, select: { name: true, status: true } })).map((d) => ({
    name: d.name,
    verified: d.status === 'COMPLETED',
  }));
}

async function validateObject(
  tx: Tx,
  tenantId: string,
  kind: ObjectKind,
  input: AddressGroupInput | KeywordListInput | NotificationInput | StampInput,
): Promise<Record<string, unknown>> {
  const p: ExpectedError[] = [];
  checkName(input.name, p);
  let data: Record<string, unknown> = { name: input.name.trim() };
  if (kind === 'ADDRESS_GROUP') {
    const g = input as AddressGroupInput;
    const managed = await managedDomains(tx, tenantId);
    const addresses = [...new Set(g.addresses.map((a) => a.trim().toLowerCase()).filter(Boolean))].slice(0, MAX_GROUP_ADDRESSES + 1);
    if (addresses.length > MAX_GROUP_ADDRESSES)
      p.push(policyErrors.error('ADDRESS_GROUP_TOO_MANY_ADDRESSES', { max: MAX_GROUP_ADDRESSES }, 'input.addresses'));
    addresses.forEach((a, i) => {
      const bad = (code: 'ADDRESS_GROUP_ADDRESS_INVALID' | 'ADDRESS_GROUP_INTERNAL_WILDCARD' | 'ADDRESS_GROUP_INTERNAL_UNMANAGED') =>
        p.push(policyErrors.error(code, { index: i + 1, address: a }, `input.addresses.${i}`));
      if (!isAddressPattern(a)) bad('ADDRESS_GROUP_ADDRESS_INVALID');
      else if (g.internal && isWildcardDomain(a)) bad('ADDRESS_GROUP_INTERNAL_WILDCARD');
      else if (g.internal && !isManaged(a, managed)) bad('ADDRESS_GROUP_INTERNAL_UNMANAGED');
    });
    data = { ...data, description: g.description ?? '', internal: g.internal ?? false, addresses };
  } else if (kind === 'KEYWORD_LIST') {
    const l = input as KeywordListInput;
    if (l.match === 'SCORE' && !(Number.isInteger(l.threshold) && (l.threshold ?? 0) >= 1))
      p.push(policyErrors.error('KEYWORD_LIST_THRESHOLD_REQUIRED', {}, 'input.threshold'));
    if (l.expressions.length === 0 || l.expressions.length > MAX_LIST_EXPRESSIONS)
      p.push(
        policyErrors.error(
          'KEYWORD_LIST_EXPRESSION_COUNT_INVALID',
          { max: MAX_LIST_EXPRESSIONS, count: l.expressions.length },
          'input.expressions',
        ),
      );
    const expressions = l.expressions.map((e, i) => {
      const v = validateExpression(e.expression, { caseSensitive: e.caseSensitive ?? false });
      if (!v.ok)
        p.push(
          policyErrors.error(
            'KEYWORD_EXPRESSION_INVALID',
            { index: i + 1, expression: e.expression, problem: expressionProblemText(v.problem, e.expression) },
            `input.expressions.${i}.expression`,
          ),
        );
      return { expression: e.expression, caseSensitive: e.caseSensitive ?? false, score: e.score ?? 1, description: e.description ?? '' };
    });
    data = { ...data, description: l.description ?? '', match: l.match, threshold: l.match === 'SCORE' ? l.threshold : null, expressions };
  } else if (kind === 'NOTIFICATION') {
    const n = input as NotificationInput;
    const managed = await managedDomains(tx, tenantId);
    if (!isAddressPattern(n.fromAddress) || n.fromAddress.includes('*') || !isManaged(n.fromAddress, managed)) {
      p.push(
        policyErrors.error(
          'POLICY_ACTION_TARGET_UNMANAGED',
          { action: POLICY_TERMS.notificationSender, address: n.fromAddress },
          'input.fromAddress',
        ),
      );
    }
    for (const [i, a] of n.toAddresses.entries())
      if (!isAddressPattern(a) || a.includes('*'))
        p.push(policyErrors.error('POLICY_ROUTE_ADDRESS_INVALID', { address: a }, `input.toAddresses.${i}`));
    data = {
      ...data,
      fromAddress: n.fromAddress.trim().toLowerCase(),
      toAddresses: n.toAddresses.map((a) => a.trim()).join(';'),
      subject: n.subject,
      body: n.body ?? '',
      attachOriginal: n.attachOriginal ?? false,
    };
  } else if (kind === 'STAMP') {
    const s = input as StampInput;
    if (!s.text.trim()) p.push(policyErrors.error('POLICY_STAMP_TEXT_REQUIRED', {}, 'input.text'));
    data = { ...data, position: s.position ?? 'BEGINNING', text: s.text };
  }
  if (p.length) throw new ExpectedErrors(p);
  return data;
}

export async function addPolicyObject(
  ctx: UseCaseContext,
  kind: Exclude<ObjectKind, 'DLP_TEMPLATE'>,
  input: AddressGroupInput | KeywordListInput | NotificationInput | StampInput,
): Promise<{ id: string }> {
  try {
    const { id: createdId } = await inTransaction(ctx.db, async (tx) => {
      const data = await validateObject(tx, ctx.tenantId, kind, input);
      const created = await (tx[DELEGATE[kind]] as unknown as { create(a: object): Promise<{ id: string; name: string }> }).create({
        data: { ...data, tenantId: ctx.tenantId },
      });
      await recordAudit(
        { ...ctx, db: tx },
        {
          eventType: 'POLICY_OBJECT_ADDED',
          targetType: kind,
          targetId: created.id,
          targetName: created.name,
          changes: diffFields(null, flatten(data)),
        },
      );
      return { id: created.id };
    });
    announcePolicyChange(ctx);
    return { id: createdId };
  } catch (err) {
    if (isUniqueViolation(err))
      throw policyErrors.error('POLICY_OBJECT_NAME_TAKEN', { kind: POLICY_OBJECT_KINDS[kind], name: input.name.trim() }, 'input.name');
    throw err;
  }
}

export async function updatePolicyObject(
  ctx: UseCaseContext,
  kind: Exclude<ObjectKind, 'DLP_TEMPLATE'>,
  id: string,
  input: AddressGroupInput | KeywordListInput | NotificationInput | StampInput,
): Promise<{ id: string }> {
  try {
    await inTransaction(ctx.db, async (tx) => {
      const delegate = tx[DELEGATE[kind]] as unknown as {
        findFirst(a: object): Promise<Record<string, unknown> | null>;
        update(a: object): Promise<{ id: string; name: string }>;
      };
      const current = await delegate.findFirst({ where: { id, tenantId: ctx.tenantId } });
      if (!current) throw policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: POLICY_OBJECT_KINDS[kind], id }, 'input.id');
      const data = await validateObject(tx, ctx.tenantId, kind, input);
      if (
        kind === 'ADDRESS_GROUP' &&
        current.internal &&
        !data.internal &&
        (await tx.policyObjectRef.count({ where: { objectKind: kind, objectId: id } }))
      ) {
        // Keep it simple and safe: an internal group in use stays internal.
        data.internal = true;
      }
      const updated = await delegate.update({ where: { id }, data });
      const before = Object.fromEntries(Object.keys(data).map((k) => [k, current[k]]));
      await recordAudit(
        { ...ctx, db: tx },
        {
          eventType: 'POLICY_OBJECT_UPDATED',
          targetType: kind,
          targetId: id,
          targetName: updated.name,
          changes: diffFields(flatten(before), flatten(data)),
        },
      );
      return { id };
    });
    announcePolicyChange(ctx);
    return { id };
  } catch (err) {
    if (isUniqueViolation(err))
      throw policyErrors.error('POLICY_OBJECT_NAME_TAKEN', { kind: POLICY_OBJECT_KINDS[kind], name: input.name.trim() }, 'input.name');
    throw err;
  }
}

export async function deletePolicyObject(ctx: UseCaseContext, kind: ObjectKind, id: string): Promise<{ id: string }> {
  const result = await inTransaction(ctx.db, async (tx) => {
    const delegate = tx[DELEGATE[kind]] as unknown as {
      findFirst(a: object): Promise<{ id: string; name: string } | null>;
      delete(a: object): Promise<unknown>;
    };
    const current = await delegate.findFirst({ where: { id, tenantId: ctx.tenantId } });
    if (!current) throw policyErrors.error('POLICY_OBJECT_NOT_FOUND', { kind: POLICY_OBJECT_KINDS[kind], id }, 'id');
    const users = await tx.policyObjectRef.findMany({
      where: { objectKind: kind, objectId: id },
      select: { rule: { select: { name: true } } },
      take: 100,
    });
    if (users.length) {
      const names = [...new Set(users.map((u) => u.rule.name))];
      throw policyErrors.error(
        'POLICY_OBJECT_IN_USE',
        {
          kind: POLICY_OBJECT_KINDS[kind],
          name: current.name,
          count: names.length,
          rules: names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : ''),
        },
        'id',
      );
    }
    await delegate.delete({ where: { id } });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: 'POLICY_OBJECT_DELETED',
        targetType: kind,
        targetId: id,
        targetName: current.name,
        changes: [{ field: 'name', newValue: null, previousValue: current.name }],
      },
    );
    return { id };
  });
  announcePolicyChange(ctx);
  return result;
}

function flatten(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : v]));
}
