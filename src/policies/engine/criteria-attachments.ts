// Pure. The attachment criteria (docs/cegp/policies-and-content-filtering.md §3 rows 10–12,
// 14, 16, 17). Each criterion walks at most the budget's attachments and archive entries.
// Readings (inferred where the vendor is silent):
// - "Selected" matches an attachment whose name/type is in the list; "Not selected" matches
//   an attachment whose name/type is known and NOT in the list. A nameless part has no name
//   to compare and an unknown true type no type: neither matches them.
// - Names (row 10): the full name incl. extension, case-insensitive, NFC; `*` = any
//   substring (`*.doc*`, `LOVE-LETTER*.vbs`); `abc` does not match `abc.doc`. Names inside
//   archives (AttachmentFact.archiveEntries, decoded UTF-8/CP932 by the parser) count too:
//   an entry that matches makes its archive attachment the matching one.
// - MIME types (row 11) use the declared type. An entry with "/" is a type, `*` allowed
//   (`image/*`); an "Other MIME content types" entry without "/" (`3dm`, `*.3dm`) names the
//   subtype by its extension: `3dm` matches `…/3dm` and `…/x-3dm`.
// - True file types (row 12) use the signature type of the attachment and of its archive
//   entries (true-file-types.ts vocabulary).
import type { Criterion } from '../rule.js';
import { outcome, type CriterionContext, type CriterionOutcome } from './criterion-outcome.js';
import { evidence } from './evidence-messages.js';
import type { AttachmentFact } from './message-facts.js';
import type { Evidence } from './verdict.js';

const fold = (s: string) => s.normalize('NFC').toLowerCase();

/** Full-string match with `*` = any substring, no backtracking: each literal piece is found once, left to right. */
export function globMatch(pattern: string, text: string): boolean {
  const p = fold(pattern.trim());
  const t = fold(text);
  const pieces = p.split('*');
  if (pieces.length === 1) return p === t;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (t.length < first.length + last.length || !t.startsWith(first) || !t.endsWith(last)) return false;
  let at = first.length;
  const end = t.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    if (piece === '') continue;
    const found = t.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

export function mimeEntryMatches(entry: string, declared: string): boolean {
  const e = entry.trim().toLowerCase();
  if (e.includes('/')) return globMatch(e, declared);
  const ext = e.replace(/^\*?\./, '');
  const subtype = declared.slice(declared.indexOf('/') + 1);
  return ext !== '' && (subtype === ext || subtype === `x-${ext}`);
}

const nameOf = (a: AttachmentFact) => a.filename ?? `#${a.index + 1}`;

/** The attachments within budget and a counter for archive entries; exhaustion adds evidence. */
function walker(ctx: CriterionContext, ev: Evidence[]) {
  const lim = ctx.meter.limits;
  const all = ctx.facts.attachments;
  if (all.length > lim.attachmentsExamined) {
    ctx.meter.exhaust('ATTACHMENTS', lim.attachmentsExamined);
    ev.push(evidence('BUDGET_EXHAUSTED', { item: 'ATTACHMENTS', limit: lim.attachmentsExamined }));
  }
  let entries = 0;
  let warned = false;
  return {
    attachments: all.slice(0, lim.attachmentsExamined),
    entries(a: AttachmentFact): AttachmentFact['archiveEntries'] {
      const left = Math.max(0, lim.archiveEntriesExamined - entries);
      if (a.archiveEntries.length > left && !warned) {
        warned = true;
        ctx.meter.exhaust('ARCHIVE_ENTRIES', lim.archiveEntriesExamined);
        ev.push(evidence('BUDGET_EXHAUSTED', { item: 'ARCHIVE_ENTRIES', limit: lim.archiveEntriesExamined }));
      }
      const taken = a.archiveEntries.slice(0, left);
      entries += taken.length;
      return taken;
    },
  };
}

type ListCriterion = Extract<Criterion, { type: 'ATTACHMENT_NAME' | 'ATTACHMENT_MIME_TYPE' | 'ATTACHMENT_TRUE_FILE_TYPE' }>;

/** Rows 10–12: candidates (name or type of the attachment and its entries) against the list. */
export function evaluateListCriterion(c: ListCriterion, ctx: CriterionContext): CriterionOutcome {
  const ev: Evidence[] = [];
  const w = walker(ctx, ev);
  const hits = new Set<string>();
  const list = c.type === 'ATTACHMENT_NAME' ? c.patterns : c.types;
  const match = (value: string): string | undefined =>
    c.type === 'ATTACHMENT_NAME'
      ? list.find((p) => globMatch(p, value))
      : c.type === 'ATTACHMENT_MIME_TYPE'
        ? list.find((e) => mimeEntryMatches(e, value))
        : list.find((e) => e.trim().toLowerCase() === value.toLowerCase());
  const codes = {
    ATTACHMENT_NAME: ['ATTACHMENT_NAME_MATCHED', 'ATTACHMENT_NAME_NOT_LISTED', 'ATTACHMENT_NAME_NONE'],
    ATTACHMENT_MIME_TYPE: ['MIME_TYPE_MATCHED', 'MIME_TYPE_NOT_LISTED', 'MIME_TYPE_NONE'],
    ATTACHMENT_TRUE_FILE_TYPE: ['TRUE_TYPE_MATCHED', 'TRUE_TYPE_NOT_LISTED', 'TRUE_TYPE_NONE'],
  } as const;
  const [inCode, notInCode, noneCode] = codes[c.type];
  for (const a of w.attachments) {
    const candidates: { label: string; value: string | null }[] = [];
    if (c.type === 'ATTACHMENT_NAME') {
      if (a.filename === null) ev.push(evidence('ATTACHMENT_UNNAMED', { attachment: a.partPath }));
      candidates.push({ label: nameOf(a), value: a.filename });
      for (const e of w.entries(a)) candidates.push({ label: `${nameOf(a)} › ${e.name}`, value: e.name });
    } else if (c.type === 'ATTACHMENT_MIME_TYPE') {
      candidates.push({ label: nameOf(a), value: a.declaredType });
    } else {
      candidates.push({ label: nameOf(a), value: a.trueType });
      for (const e of w.entries(a)) candidates.push({ label: `${nameOf(a)} › ${e.name}`, value: e.trueType });
    }
    for (const cand of candidates) {
      if (cand.value === null) {
        if (c.type === 'ATTACHMENT_TRUE_FILE_TYPE') ev.push(evidence('TRUE_TYPE_UNKNOWN', { name: cand.label }));
        continue;
      }
      const found = match(cand.value);
      if (c.selected && found !== undefined) {
        hits.add(a.partPath);
        ev.push(evidence(inCode, { name: cand.label, pattern: found, entry: found, type: cand.value }));
      } else if (!c.selected && found === undefined) {
        hits.add(a.partPath);
        ev.push(evidence(notInCode, { name: cand.label, type: cand.value }));
      }
    }
  }
  if (w.attachments.length === 0) ev.push(evidence('NO_ATTACHMENTS'));
  else if (hits.size === 0 && c.selected) ev.push(evidence(noneCode));
  return outcome(c.type, hits.size > 0, ev, [...hits]);
}

/** Row 14: each attachment's decoded size against the threshold (`>` strictly greater, `<=`). */
export function evaluateAttachmentSize(c: Extract<Criterion, { type: 'ATTACHMENT_SIZE' }>, ctx: CriterionContext): CriterionOutcome {
  const ev: Evidence[] = [];
  const hits: string[] = [];
  const w = walker(ctx, ev);
  for (const a of w.attachments) {
    const hit = c.op === 'GT' ? a.sizeBytes > c.bytes : a.sizeBytes <= c.bytes;
    if (hit) hits.push(a.partPath);
    ev.push(
      evidence('SIZE_COMPARED', { what: 'ATTACHMENT', name: nameOf(a), size: a.sizeBytes, op: c.op, threshold: c.bytes, result: hit }),
    );
  }
  if (w.attachments.length === 0) ev.push(evidence('NO_ATTACHMENTS'));
  return outcome(c.type, hits.length > 0, ev, hits);
}

/** Rows 16 and 17 (Any Match only): password protection, encrypted archive entries; active content. */
export function evaluateAttachmentFlag(
  c: Extract<Criterion, { type: 'ATTACHMENT_PASSWORD_PROTECTED' | 'ATTACHMENT_ACTIVE_CONTENT' }>,
  ctx: CriterionContext,
): CriterionOutcome {
  const ev: Evidence[] = [];
  const hits: string[] = [];
  const w = walker(ctx, ev);
  for (const a of w.attachments) {
    const before = ev.length;
    if (c.type === 'ATTACHMENT_PASSWORD_PROTECTED') {
      if (a.protection) ev.push(evidence('ATTACHMENT_PROTECTED', { name: nameOf(a), kind: a.protection.kind, where: a.protection.where }));
      const encrypted = w.entries(a).find((e) => e.encrypted);
      if (!a.protection && encrypted) ev.push(evidence('ARCHIVE_ENTRY_ENCRYPTED', { name: nameOf(a), entry: encrypted.name }));
    } else {
      for (const x of a.activeContent) ev.push(evidence('ACTIVE_CONTENT_FOUND', { name: nameOf(a), kind: x.kind, where: x.where }));
    }
    if (ev.length > before) hits.push(a.partPath);
  }
  if (w.attachments.length === 0) ev.push(evidence('NO_ATTACHMENTS'));
  else if (hits.length === 0) ev.push(evidence(c.type === 'ATTACHMENT_PASSWORD_PROTECTED' ? 'NOTHING_PROTECTED' : 'NO_ACTIVE_CONTENT'));
  return outcome(c.type, hits.length > 0, ev, hits);
}
