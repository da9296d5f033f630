// Pure. A PolicySpec made ready to evaluate many messages: rules grouped by direction and
// policy type in CEGP's stage order and sorted by order, keyword lists and DLP identifiers
// compiled once, the route directory built once. Nothing here throws on bad data: a
// keyword list without a valid expression, a DLP identifier with nothing to match, become
// evidence that the trace shows where the list is used.
import type { PolicyDirection, PolicyType } from '../../db/enums.js';
import { compileKeywordList, type CompiledKeywordList } from '../keyword-dialect.js';
import type { RouteDirectory } from '../route-match.js';
import { keywordListSpecOf } from '../test-keywords.js';
import { evidence } from './evidence-messages.js';
import type { PolicySpec, SpecNotification, SpecRule, SpecStamp } from './policy-spec.js';
import type { Evidence } from './verdict.js';

/**
 * Stage order of both trees (docs/cegp/policies-and-content-filtering.md §1: virus scan →
 * spam filtering → Correlated Intelligence (inbound only) → content filtering → DLP).
 */
export const STAGE_ORDER: readonly PolicyType[] = ['VIRUS_SCAN', 'SPAM_FILTERING', 'CORRELATED_INTELLIGENCE', 'CONTENT_FILTERING', 'DLP'];

/** A keyword list compiled once; `sourceIndex[i]` is the stored index of compiled expression i. */
export interface CompiledList {
  id: string;
  name: string;
  list: CompiledKeywordList;
  sources: string[];
  sourceIndex: number[];
  /** Invalid expressions, and KEYWORD_LIST_NO_VALID_EXPRESSION when none is left. */
  problems: Evidence[];
}

export interface CompiledDlpIdentifier {
  name: string;
  /** EXPRESSION and KEYWORD_LIST identifiers: their keywords as one "any of" list. */
  list: CompiledList | null;
  /** FILE_ATTRIBUTE identifiers: attachments of at least this size. */
  minBytes: number | null;
}

export interface CompiledDlpTemplate {
  id: string;
  name: string;
  predefined: boolean;
  identifiers: CompiledDlpIdentifier[];
  problems: Evidence[];
}

export interface Stage {
  type: PolicyType;
  rules: SpecRule[];
}

export interface CompiledPolicy {
  tenantId: string;
  revision: number;
  directory: RouteDirectory;
  /** Address group id → name, for the route evidence. */
  addressGroupNames: ReadonlyMap<string, string>;
  /** Per direction, the stages in STAGE_ORDER (Correlated Intelligence inbound only), rules by order then id. */
  stages: Record<PolicyDirection, Stage[]>;
  keywordLists: ReadonlyMap<string, CompiledList>;
  stamps: ReadonlyMap<string, SpecStamp>;
  notifications: ReadonlyMap<string, SpecNotification>;
  dlpTemplates: ReadonlyMap<string, CompiledDlpTemplate>;
}

function compileList(id: string, name: string, spec: ReturnType<typeof keywordListSpecOf>): CompiledList {
  const { list, problems } = compileKeywordList(spec);
  const bad = new Set(problems.map((p) => p.index));
  const sourceIndex = spec.expressions.map((_, i) => i).filter((i) => !bad.has(i));
  const evidences = problems.map((p) =>
    evidence('KEYWORD_EXPRESSION_INVALID', {
      list: name,
      index: p.index + 1,
      expression: spec.expressions[p.index]!.source,
      problem: p.problem.code,
    }),
  );
  if (list.expressions.length === 0) evidences.push(evidence('KEYWORD_LIST_NO_VALID_EXPRESSION', { list: name }));
  return { id, name, list, sources: spec.expressions.map((e) => e.source), sourceIndex, problems: evidences };
}

/** CEGP's DLP identifiers as the importer stores them (policy-spec.ts SpecDlpIdentifier). */
function compileIdentifier(d: PolicySpec['dlpIdentifiers'][number]): CompiledDlpIdentifier {
  const caseSensitive = d.definition.caseSensitive === 'true';
  if (d.kind === 'FILE_ATTRIBUTE') {
    const kb = d.definition.minSizeKB;
    return { name: d.name, list: null, minBytes: kb !== undefined && /^\d{1,9}$/.test(kb) ? Number(kb) * 1024 : null };
  }
  const text = d.definition.text ?? '';
  // An EXPRESSION is one expression; a KEYWORD_LIST one keyword per line (inferred: the export documents no fields).
  const sources = d.kind === 'EXPRESSION' ? [text] : text.split(/\r?\n/);
  const expressions = sources.filter((s) => s.trim() !== '').map((source) => ({ source, caseSensitive, score: 1 }));
  return { name: d.name, list: compileList(`dlp:${d.name}`, d.name, { match: 'ANY', threshold: null, expressions }), minBytes: null };
}

export function compilePolicy(spec: PolicySpec): CompiledPolicy {
  const stages = { INBOUND: [] as Stage[], OUTBOUND: [] as Stage[] };
  for (const direction of ['INBOUND', 'OUTBOUND'] as const) {
    for (const type of STAGE_ORDER) {
      if (type === 'CORRELATED_INTELLIGENCE' && direction === 'OUTBOUND') continue;
      const rules = spec.rules
        .filter((r) => r.body.direction === direction && r.body.type === type)
        .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      stages[direction].push({ type, rules });
    }
  }
  const keywordLists = new Map(
    spec.keywordLists.map((k) => [
      k.id,
      compileList(k.id, k.name, keywordListSpecOf({ match: k.match, threshold: k.threshold, expressions: k.expressions })),
    ]),
  );
  const identifiers = new Map(spec.dlpIdentifiers.map((d) => [d.name, compileIdentifier(d)]));
  const dlpTemplates = new Map(
    spec.dlpTemplates.map((t) => {
      const problems: Evidence[] = [];
      const found: CompiledDlpIdentifier[] = [];
      for (const name of t.identifiers) {
        const id = identifiers.get(name);
        if (!id) problems.push(evidence('DLP_IDENTIFIER_MISSING', { template: t.name, identifier: name }));
        else if ((id.list === null || id.list.list.expressions.length === 0) && id.minBytes === null) {
          problems.push(evidence('DLP_IDENTIFIER_INVALID', { identifier: name }), ...(id.list?.problems ?? []));
        } else found.push(id);
      }
      return [t.id, { id: t.id, name: t.name, predefined: t.predefined, identifiers: found, problems }];
    }),
  );
  return {
    tenantId: spec.tenantId,
    revision: spec.revision,
    directory: {
      domains: spec.domains,
      addressGroups: new Map(spec.addressGroups.map((g) => [g.id, g.addresses])),
      directoryGroups: new Map(spec.directoryGroups.map((g) => [g.dn.trim().toLowerCase(), g.members])),
    },
    addressGroupNames: new Map(spec.addressGroups.map((g) => [g.id, g.name])),
    stages,
    keywordLists,
    stamps: new Map(spec.stamps.map((s) => [s.id, s])),
    notifications: new Map(spec.notifications.map((n) => [n.id, n])),
    dlpTemplates,
  };
}
