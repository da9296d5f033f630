// Pure. The keyword criteria (docs/cegp/policies-and-content-filtering.md §3 rows 4, 6, 8,
// 13; lists §4) and DLP: keyword lists evaluated by the linear-time dialect
// (keyword-dialect.ts) over the message's decoded texts, every scan charged to the budget.
// Readings (inferred where the vendor is silent):
// - A criterion naming several lists matches when any list matches.
// - Each field (the subject, the body, one header occurrence, one attachment's text) is
//   evaluated on its own: an "All specified" list needs all its expressions in one field.
//   A "Not the specified" list matches when no field holds any of its expressions (and
//   there is at least one field: no attachments, no match for criterion 13).
// - A field whose scan does not fit the budget reads as not matched, for "Not the
//   specified" lists too (absence that was not checked is not claimed).
import { evaluateKeywordList } from '../keyword-dialect.js';
import type { Criterion } from '../rule.js';
import type { CompiledList } from './compile-policy.js';
import { outcome, quote, type CriterionContext, type CriterionOutcome } from './criterion-outcome.js';
import { evidence } from './evidence-messages.js';
import type { Evidence } from './verdict.js';

export interface TextField {
  /** Which text of the message this is ("s", "b", "h3" = headers[3], "a1" = attachments[1]): the scan cache's key. */
  key: string;
  where: 'SUBJECT' | 'BODY' | 'HEADER' | 'ATTACHMENT';
  /** The header name or attachment name; '' for subject and body. */
  field: string;
  text: string;
  partPath: string | null;
}

export interface ListScan {
  matched: boolean;
  evidence: Evidence[];
  /** Fields that matched (attachments among them give their part paths). */
  fields: TextField[];
  /** First matched text, for %DETECTED%. */
  detected: string | null;
}

function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** One compiled list over the fields, with evidence; `dlpTemplate`: the list is that template's identifier (DLP_MATCHED). */
export function scanList(ctx: CriterionContext, list: CompiledList, fields: readonly TextField[], dlpTemplate?: string): ListScan {
  const cacheKey = `${list.id}\u0000${dlpTemplate ?? ''}\u0000${fields.map((f) => f.key).join(',')}`;
  const cached = ctx.scans.get(cacheKey) as ListScan | undefined;
  if (cached) return cached;
  const scan = scanListOnce(ctx, list, fields, dlpTemplate);
  ctx.scans.set(cacheKey, scan);
  return scan;
}

function scanListOnce(ctx: CriterionContext, list: CompiledList, fields: readonly TextField[], dlpTemplate?: string): ListScan {
  const ev: Evidence[] = [...list.problems];
  const scan: ListScan = { matched: false, evidence: ev, fields: [], detected: null };
  if (list.list.expressions.length === 0 || fields.length === 0) return scan;
  const max = ctx.meter.limits.textCharsPerEvaluation;
  let anyHit = false;
  let unscanned = false;
  for (const f of fields) {
    const text = cutText(f.text, max);
    const place = { where: f.where, field: f.field };
    if (!ctx.meter.chargeScan(list.list.expressions.length, text.length)) {
      unscanned = true;
      ev.push(evidence('BUDGET_EXHAUSTED', { ...ctx.meter.exhausted! }));
      break;
    }
    if (text.length < f.text.length) ev.push(evidence('KEYWORD_TEXT_CUT', { ...place, scanned: text.length, length: f.text.length }));
    const r = evaluateKeywordList(list.list, text);
    if (r.hits.length > 0) anyHit = true;
    if (list.list.match === 'NOT') continue;
    for (const h of r.hits) {
      const m = h.matches[0];
      const expression = list.sources[list.sourceIndex[h.expressionIndex]!]!;
      const text = quote(m?.text ?? '');
      if (r.matched && dlpTemplate === undefined) ev.push(evidence('KEYWORD_MATCHED', { list: list.name, expression, text, ...place }));
      if (r.matched && dlpTemplate !== undefined)
        ev.push(evidence('DLP_MATCHED', { template: dlpTemplate, identifier: list.name, text, ...place }));
      scan.detected ??= m?.text ?? expression;
    }
    if (list.list.match === 'SCORE')
      ev.push(evidence('KEYWORD_SCORE', { list: list.name, score: r.score, threshold: list.list.threshold ?? '-', ...place }));
    if (r.matched) {
      scan.matched = true;
      scan.fields.push(f);
    }
  }
  if (list.list.match === 'NOT' && !unscanned && !anyHit) {
    scan.matched = true;
    scan.fields.push(...fields);
    ev.push(
      evidence('KEYWORD_NONE_PRESENT', {
        list: list.name,
        where: fields[0]!.where,
        field: fields.length > 1 ? `(${fields.length})` : fields[0]!.field,
      }),
    );
  }
  if (!scan.matched && !unscanned && list.list.match !== 'SCORE' && dlpTemplate === undefined) {
    ev.push(
      evidence('KEYWORD_NOT_MATCHED', {
        list: list.name,
        where: fields[0]!.where,
        field: fields.length > 1 ? `(${fields.length})` : fields[0]!.field,
      }),
    );
  }
  return scan;
}

function scanLists(
  ctx: CriterionContext,
  type: Criterion['type'],
  listIds: readonly string[],
  fields: TextField[],
  extra: Evidence[] = [],
): CriterionOutcome {
  const ev: Evidence[] = [...extra];
  const partPaths = new Set<string>();
  let matched = false;
  let detected: string | null = null;
  for (const id of listIds) {
    const list = ctx.policy.keywordLists.get(id);
    if (!list) {
      ev.push(evidence('KEYWORD_LIST_MISSING', { id }));
      continue;
    }
    const s = scanList(ctx, list, fields);
    ev.push(...s.evidence);
    if (s.matched) {
      matched = true;
      detected ??= s.detected ?? list.name;
      for (const f of s.fields) if (f.partPath) partPaths.add(f.partPath);
    }
  }
  const attachmentLevel = type === 'ATTACHMENT_CONTENT_KEYWORDS';
  return outcome(type, matched, ev, attachmentLevel ? [...partPaths] : null, detected);
}

/** The attachments' text fields, within the attachment budget. */
export function attachmentFields(ctx: CriterionContext, ev: Evidence[]): TextField[] {
  const all = ctx.facts.attachments;
  const max = ctx.meter.limits.attachmentsExamined;
  if (all.length > max) {
    ctx.meter.exhaust('ATTACHMENTS', max);
    ev.push(evidence('BUDGET_EXHAUSTED', { item: 'ATTACHMENTS', limit: max }));
  }
  return all
    .slice(0, max)
    .map((a, i) => ({ key: `a${i}`, where: 'ATTACHMENT', field: a.filename ?? `#${a.index + 1}`, text: a.text, partPath: a.partPath }));
}

export function evaluateKeywordCriterion(c: Extract<Criterion, { keywordListIds: string[] }>, ctx: CriterionContext): CriterionOutcome {
  const f = ctx.facts;
  if (c.type === 'SUBJECT_KEYWORDS')
    return scanLists(ctx, c.type, c.keywordListIds, [{ key: 's', where: 'SUBJECT', field: '', text: f.subject, partPath: null }]);
  if (c.type === 'BODY_KEYWORDS')
    return scanLists(ctx, c.type, c.keywordListIds, [{ key: 'b', where: 'BODY', field: '', text: f.bodyText, partPath: null }]);
  if (c.type === 'ATTACHMENT_CONTENT_KEYWORDS') {
    const ev: Evidence[] = [];
    const fields = attachmentFields(ctx, ev);
    if (fields.length === 0) ev.push(evidence('NO_ATTACHMENTS'));
    return scanLists(ctx, c.type, c.keywordListIds, fields, ev);
  }
  // HEADER_KEYWORDS: every occurrence of each chosen header (names compare case-insensitively).
  const ev: Evidence[] = [];
  const fields: TextField[] = [];
  for (const name of c.headers) {
    const lower = name.trim().toLowerCase();
    const before = fields.length;
    f.headers.forEach((h, i) => {
      if (h.name === lower) fields.push({ key: `h${i}`, where: 'HEADER', field: name, text: h.value, partPath: null });
    });
    if (fields.length === before) ev.push(evidence('HEADER_ABSENT', { header: name }));
  }
  return scanLists(ctx, c.type, c.keywordListIds, fields, ev);
}
