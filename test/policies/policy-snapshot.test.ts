// A policy snapshot lists each policy list's rules by order then id, keeps the lists apart,
// and answers objects by id only from the tenant's own rows.
import { describe, expect, it } from 'vitest';
import type { PolicyDirection, PolicyType } from '../../src/db/enums.js';
import {
  buildPolicySnapshot,
  POLICY_OBJECT_KINDS,
  type PolicyObjectKind,
  type SnapshotObject,
} from '../../src/policies/policy-snapshot.js';

const rule = (id: string, order: number, direction: PolicyDirection = 'INBOUND', type: PolicyType = 'CONTENT_FILTERING') => ({
  id,
  order,
  direction,
  type,
});
const none = Object.fromEntries(POLICY_OBJECT_KINDS.map((k) => [k, []])) as unknown as Record<PolicyObjectKind, SnapshotObject[]>;
const columns = Object.fromEntries(POLICY_OBJECT_KINDS.map((k) => [k, new Set(['id', 'name'])])) as unknown as Record<
  PolicyObjectKind,
  ReadonlySet<string>
>;

describe('policy snapshot', () => {
  it('lists each list by order, then id, and keeps the lists apart', () => {
    const s = buildPolicySnapshot({
      tenantId: 't',
      revision: 7,
      rules: [rule('c', 2), rule('b', 1), rule('a', 2), rule('x', 1, 'OUTBOUND'), rule('v', 1, 'INBOUND', 'VIRUS_SCAN')],
      objects: none,
      objectColumns: columns,
    });
    expect(s.list('INBOUND', 'CONTENT_FILTERING').map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(s.list('OUTBOUND', 'CONTENT_FILTERING').map((r) => r.id)).toEqual(['x']);
    expect(s.list('INBOUND', 'VIRUS_SCAN').map((r) => r.id)).toEqual(['v']);
    expect(s.list('OUTBOUND', 'VIRUS_SCAN')).toEqual([]);
    expect([s.revision, s.ruleCount]).toEqual([7, 5]);
  });

  it('answers an object by id and kind, and nothing for an id it does not hold', () => {
    const s = buildPolicySnapshot({
      tenantId: 't',
      revision: 1,
      rules: [],
      objects: { ...none, stamp: [{ id: 's1', name: 'スタンプ' }], addressGroup: [{ id: 'g1', name: 'G' }] },
      objectColumns: columns,
    });
    expect(s.object('stamp', 's1')).toEqual({ id: 's1', name: 'スタンプ' });
    expect(s.object('addressGroup', 's1')).toBeUndefined();
    expect(s.object('stamp', 'other-tenants')).toBeUndefined();
    expect([...s.objectColumns('stamp')]).toEqual(['id', 'name']);
  });
});
