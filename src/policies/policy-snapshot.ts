// Pure: one tenant's policy rules and policy objects as read at one policy revision, for
// reads that would otherwise query them on every request (a list page with its nested
// objects; next, the relay's engine). Rows are the database rows as Prisma returns them,
// shared by every request that reads the snapshot: nobody may change them (a decoded rule
// body is cached per row object, rule-codec's callers key a WeakMap on it).
//
// Left out, so that a snapshot stays small whatever the tenant imported:
// - a rule's migration notes (its largest JSON, two languages per note): a request that
//   asks for them reads the page from the database;
// - the object columns that hold lists (an address group's addresses, a keyword list's
//   expressions, a DLP template's identifiers): a request that selects one reads the
//   objects from the database.
import type { PolicyDirection, PolicyType } from '../db/enums.js';

/** The kinds of policy object a rule names, by their Prisma delegate. */
export type PolicyObjectKind = 'addressGroup' | 'keywordList' | 'stamp' | 'policyNotification' | 'dlpTemplate';
export const POLICY_OBJECT_KINDS: readonly PolicyObjectKind[] = [
  'addressGroup',
  'keywordList',
  'stamp',
  'policyNotification',
  'dlpTemplate',
];
/** The model (= GraphQL type) of each kind. */
export const POLICY_OBJECT_MODEL: Record<PolicyObjectKind, string> = {
  addressGroup: 'AddressGroup',
  keywordList: 'KeywordList',
  stamp: 'Stamp',
  policyNotification: 'PolicyNotification',
  dlpTemplate: 'DlpTemplate',
};

/** Columns a snapshot does not hold, per kind (lists of unbounded length). */
export const SNAPSHOT_OMITTED_COLUMNS: Record<PolicyObjectKind, readonly string[]> = {
  addressGroup: ['addresses'],
  keywordList: ['expressions'],
  dlpTemplate: ['identifiers'],
  stamp: [],
  policyNotification: [],
};

/** What the snapshot needs of a rule row (the adapter holds Prisma's rows, without migration notes). */
export interface SnapshotRuleShape {
  id: string;
  direction: PolicyDirection;
  type: PolicyType;
  order: number;
}
export type SnapshotObject = { id: string } & Record<string, unknown>;

export interface PolicySnapshot<R extends SnapshotRuleShape = SnapshotRuleShape> {
  tenantId: string;
  /** Tenant.policyRevision the rows were read at: current while the tenant's revision is this. */
  revision: number;
  /** The rules of one list (direction × type), by order then id. */
  list(direction: PolicyDirection, type: PolicyType): readonly R[];
  /** An object of the tenant by id, or undefined (another tenant's, or gone). */
  object(kind: PolicyObjectKind, id: string): SnapshotObject | undefined;
  /** The columns the snapshot holds for objects of this kind. */
  objectColumns(kind: PolicyObjectKind): ReadonlySet<string>;
  ruleCount: number;
}

const listKey = (direction: string, type: string) => `${direction}:${type}`;
export function buildPolicySnapshot<R extends SnapshotRuleShape>(input: {
  tenantId: string;
  revision: number;
  rules: R[];
  objects: Record<PolicyObjectKind, SnapshotObject[]>;
  objectColumns: Record<PolicyObjectKind, ReadonlySet<string>>;
}): PolicySnapshot<R> {
  const lists = new Map<string, R[]>();
  for (const r of input.rules) {
    const key = listKey(r.direction, r.type);
    const list = lists.get(key);
    if (list) list.push(r);
    else lists.set(key, [r]);
  }
  for (const list of lists.values()) list.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const objects = new Map<PolicyObjectKind, Map<string, SnapshotObject>>(
    POLICY_OBJECT_KINDS.map((k) => [k, new Map(input.objects[k].map((o) => [o.id, o]))]),
  );
  return {
    tenantId: input.tenantId,
    revision: input.revision,
    list: (direction, type) => lists.get(listKey(direction, type)) ?? [],
    object: (kind, id) => objects.get(kind)!.get(id),
    objectColumns: (kind) => input.objectColumns[kind],
    ruleCount: input.rules.length,
  };
}
