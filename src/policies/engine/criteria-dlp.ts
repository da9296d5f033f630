// Pure. The DLP criterion: the rule's compliance templates, each a set of data identifiers
// (DlpTemplate.identifiers), evaluated over the subject, the body and each attachment's
// text (the "fields to scan" of §7, all of them: the rule model keeps no field choice).
// Readings (inferred): a template matches when any of its identifiers matches (the stored
// template keeps names, not CEGP's AND/OR combination); the criterion matches when any
// template matches. EXPRESSION and KEYWORD_LIST identifiers are keyword expressions
// (compile-policy.ts); FILE_ATTRIBUTE matches an attachment of at least minSizeKB. The
// predefined templates are CEGP's own definitions, which the rehearsal does not have: they
// never match and say so.
import type { Criterion } from '../rule.js';
import { attachmentFields, scanList, type TextField } from './criteria-keywords.js';
import { outcome, type CriterionContext, type CriterionOutcome } from './criterion-outcome.js';
import { evidence } from './evidence-messages.js';
import type { Evidence } from './verdict.js';

export function evaluateDlp(c: Extract<Criterion, { type: 'DLP' }>, ctx: CriterionContext): CriterionOutcome {
  const ev: Evidence[] = [];
  let matched = false;
  let detected: string | null = null;
  for (const name of c.predefinedTemplates) ev.push(evidence('DLP_PREDEFINED_NOT_EMULATED', { template: name }));
  const fields: TextField[] = [
    { key: 's', where: 'SUBJECT', field: '', text: ctx.facts.subject, partPath: null },
    { key: 'b', where: 'BODY', field: '', text: ctx.facts.bodyText, partPath: null },
    ...attachmentFields(ctx, ev),
  ];
  for (const id of c.templateIds) {
    const t = ctx.policy.dlpTemplates.get(id);
    if (!t) {
      ev.push(evidence('DLP_TEMPLATE_MISSING', { id }));
      continue;
    }
    if (t.predefined) {
      ev.push(evidence('DLP_PREDEFINED_NOT_EMULATED', { template: t.name }));
      continue;
    }
    ev.push(...t.problems);
    let hit = false;
    for (const identifier of t.identifiers) {
      if (identifier.minBytes !== null) {
        for (const a of ctx.facts.attachments.slice(0, ctx.meter.limits.attachmentsExamined)) {
          if (a.sizeBytes < identifier.minBytes) continue;
          hit = true;
          const name = a.filename ?? `#${a.index + 1}`;
          ev.push(
            evidence('DLP_FILE_SIZE_MATCHED', {
              template: t.name,
              identifier: identifier.name,
              name,
              size: a.sizeBytes,
              minBytes: identifier.minBytes,
            }),
          );
        }
      }
      if (identifier.list) {
        const s = scanList(ctx, identifier.list, fields, t.name);
        ev.push(...s.evidence);
        if (s.matched) {
          hit = true;
          detected ??= s.detected;
        }
      }
    }
    if (hit) {
      matched = true;
      detected ??= t.name;
    } else ev.push(evidence('DLP_NOT_MATCHED', { template: t.name }));
  }
  // DLP is not among the criteria whose attachments "Delete matching attachments" targets (§5): message level.
  return outcome('DLP', matched, ev, null, detected);
}
