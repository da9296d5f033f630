// A policy rule row as the database holds one (the codec's empty routes, no criteria, no
// actions), for tests that write rows directly: revision triggers, snapshot bounds.
import type { PolicyDirection, PolicyType } from '../../src/db/enums.js';

export function ruleRow(tenantId: string, name: string, order: number, list: { direction?: PolicyDirection; type?: PolicyType } = {}) {
  return {
    tenantId,
    direction: list.direction ?? ('INBOUND' as const),
    type: list.type ?? ('CONTENT_FILTERING' as const),
    name,
    order,
    level: 'ORGANIZATION' as const,
    recipients: { kind: 'ANYONE', entries: [] },
    senders: { kind: 'ANYONE', entries: [] },
    exceptions: [],
    criteriaMode: 'ANY_MATCH' as const,
    criteria: [],
    interceptOptions: {},
    modifyActions: [],
    monitorActions: [],
  };
}
