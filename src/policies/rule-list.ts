// The filters and sort of the CEGP policy list screen (Sender, Recipient, Rule, Status,
// Criteria type, Level, Migration status), applied to the rules of one list. Pure.
// Sender/Recipient: a rule is listed when the address is in its route (route-match.ts:
// entries, groups, directory groups, Anyone, My organization); exceptions do not hide a
// rule from the list (our reading of the query screen; documented in src/policies/README.md).
import type { MigrationStatus, PolicyLevel } from '../db/enums.js';
import { addressInRoute, type RouteDirectory } from './route-match.js';
import { criterionTypesOf, decodeRouteColumn } from './rule-codec.js';
import type { CriterionType } from './rule.js';

export type MigrationStatusFilter = 'ERROR' | 'WARNING' | 'RESOLVED';
export type RuleSortField = 'ORDER' | 'NAME' | 'MODIFIED' | 'LAST_USED' | 'ENABLED' | 'MIGRATION_STATUS' | 'CREATED';

export interface RuleFilter {
  sender?: string | null;
  recipient?: string | null;
  name?: string | null;
  enabled?: boolean | null;
  criteriaType?: CriterionType | null;
  level?: 'ORGANIZATION' | 'USER_GROUP' | null;
  migrationStatus?: MigrationStatusFilter | null;
}

export interface ListedRule {
  name: string;
  enabled: boolean;
  order: number;
  level: PolicyLevel;
  recipients: unknown;
  senders: unknown;
  criteria: unknown;
  migrationStatus: MigrationStatus | null;
  updatedAt: Date;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const STATUS_GROUP: Record<MigrationStatus, MigrationStatusFilter> = {
  NEEDS_FIX: 'ERROR',
  NEEDS_CONFIRMATION: 'WARNING',
  FIXED: 'RESOLVED',
  CONFIRMED: 'RESOLVED',
  SUCCESS: 'RESOLVED',
};

function routeHolds(column: unknown, address: string, dir: RouteDirectory): boolean {
  const route = decodeRouteColumn(column);
  return route !== null && addressInRoute(route, address, dir);
}

export function filterRules<R extends ListedRule>(rules: R[], f: RuleFilter, dir: RouteDirectory): R[] {
  return rules.filter((r) => {
    if (f.name && !r.name.toLowerCase().includes(f.name.trim().toLowerCase())) return false;
    if (f.enabled !== null && f.enabled !== undefined && r.enabled !== f.enabled) return false;
    if (f.level === 'ORGANIZATION' && r.level !== 'ORGANIZATION') return false;
    if (f.level === 'USER_GROUP' && r.level === 'ORGANIZATION') return false;
    if (f.migrationStatus && (!r.migrationStatus || STATUS_GROUP[r.migrationStatus] !== f.migrationStatus)) return false;
    if (f.criteriaType && !criterionTypesOf(r.criteria).includes(f.criteriaType)) return false;
    // A route column that does not decode holds nobody: the rule is not listed for an address.
    if (f.sender && !routeHolds(r.senders, f.sender, dir)) return false;
    if (f.recipient && !routeHolds(r.recipients, f.recipient, dir)) return false;
    return true;
  });
}

const STATUS_RANK: Record<string, number> = { NEEDS_FIX: 0, NEEDS_CONFIRMATION: 1, FIXED: 2, CONFIRMED: 3, SUCCESS: 4 };

export function sortRules<R extends ListedRule>(rules: R[], field: RuleSortField = 'ORDER', descending = false): R[] {
  const key = (r: R): string | number => {
    switch (field) {
      case 'NAME':
        return r.name.toLowerCase();
      case 'MODIFIED':
        return r.updatedAt.getTime();
      case 'CREATED':
        return r.createdAt.getTime();
      case 'LAST_USED':
        return r.lastUsedAt?.getTime() ?? -1;
      case 'ENABLED':
        return r.enabled ? 1 : 0;
      case 'MIGRATION_STATUS':
        return r.migrationStatus ? STATUS_RANK[r.migrationStatus]! : 9;
      default:
        return r.order;
    }
  };
  const sorted = [...rules].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb), 'ja');
    return c !== 0 ? c : a.order - b.order;
  });
  return descending ? sorted.reverse() : sorted;
}
