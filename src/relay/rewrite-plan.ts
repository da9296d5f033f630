// Pure. What the rewriter will do to each MIME part, worked out from the verdict's
// modifications before the message is read, and the result it reports per modification
// (docs/cegp/policies-and-content-filtering.md §5, Modify, and the policy-event vocabulary:
// "Attachment deleted", "Attachment sanitized", "Attachment deleted upon failure to remove
// active content", "Stamp inserted", "Subject tagged", "X-Header inserted").
import type { Modification } from '../policies/engine/verdict.js';

/** What happened to one part for one modification. */
export type PartOutcome =
  /** INSERT_STAMP: the stamp is in this text/plain or text/html part. */
  | 'STAMPED'
  /** INSERT_STAMP: this body part did not get it (`detail` says why: too large, charset unknown). */
  | 'STAMP_SKIPPED'
  | 'DELETED'
  /** CLEAN_MALWARE: the rehearsal's test malware cannot be cleaned, so the part is deleted. */
  | 'DELETED_UNCLEANABLE'
  | 'SANITIZED'
  /** SANITIZE with deleteIfUnable. */
  | 'DELETED_UNABLE_TO_SANITIZE'
  /** SANITIZE without deleteIfUnable: the part is left as it was. */
  | 'UNABLE_TO_SANITIZE'
  /** No part has this path (or it is the message itself, which only an intercept action removes). */
  | 'NOT_FOUND'
  /** The part is inside an S/MIME signed entity: Clean / Delete / Sanitize do not apply to signed mail (§5). */
  | 'SIGNED_NOT_MODIFIED'
  /** An earlier modification deleted this part, or a later one deletes it (so it is not sanitized first). */
  | 'SUPERSEDED';

export interface PartResult {
  /** mailparser's partId ("1.2"); '' for the message's own body (a single-part message has no partId). */
  partPath: string;
  outcome: PartOutcome;
  /** For people and logs: "text/html; iso-2022-jp, in its charset", "deleted (uncleanable)", the sanitizer's reason. */
  detail: string;
  /** INSERT_STAMP: the charset the part was re-declared in (utf-8) when the stamp could not be written in its own. */
  redeclaredCharset?: string;
}

export interface ModificationResult {
  /** Position in the input list. */
  index: number;
  type: Modification['type'];
  /** It changed the message: a header written, or at least one part stamped / deleted / sanitized. */
  applied: boolean;
  /** Header modifications: the value written, or why not (INVALID_HEADER_NAME, EMPTY_TAG); '' for part modifications. */
  detail: string;
  parts: PartResult[];
}

export type PartAction =
  | { kind: 'DELETE'; index: number; outcome: 'DELETED' | 'DELETED_UNCLEANABLE' }
  | { kind: 'SANITIZE'; index: number; deleteIfUnable: boolean };

export interface RewritePlan {
  headerEdits: { index: number; modification: Extract<Modification, { type: 'INSERT_X_HEADER' | 'TAG_SUBJECT' }> }[];
  stamps: { index: number; modification: Extract<Modification, { type: 'INSERT_STAMP' }> }[];
  /** By part path: the one action taken on the part (a delete wins over a sanitize, the first delete wins). */
  parts: Map<string, PartAction>;
  results: ModificationResult[];
}

const DELETE_DETAIL: Record<'DELETED' | 'DELETED_UNCLEANABLE', string> = {
  DELETED: 'deleted',
  DELETED_UNCLEANABLE: 'deleted (uncleanable)',
};

export function planRewrite(modifications: readonly Modification[]): RewritePlan {
  const plan: RewritePlan = { headerEdits: [], stamps: [], parts: new Map(), results: [] };
  modifications.forEach((modification, index) => {
    plan.results.push({ index, type: modification.type, applied: false, detail: '', parts: [] });
    switch (modification.type) {
      case 'INSERT_X_HEADER':
      case 'TAG_SUBJECT':
        plan.headerEdits.push({ index, modification });
        break;
      case 'INSERT_STAMP':
        plan.stamps.push({ index, modification });
        break;
      case 'DELETE_ATTACHMENTS':
      case 'CLEAN_MALWARE':
        for (const path of new Set(modification.partPaths)) {
          planDelete(plan, path, index, modification.type === 'CLEAN_MALWARE' ? 'DELETED_UNCLEANABLE' : 'DELETED');
        }
        break;
      case 'SANITIZE':
        for (const path of new Set(modification.partPaths)) {
          planSanitize(plan, path, index, modification.deleteIfUnable);
        }
        break;
    }
  });
  return plan;
}

function planDelete(plan: RewritePlan, path: string, index: number, outcome: 'DELETED' | 'DELETED_UNCLEANABLE'): void {
  const earlier = plan.parts.get(path);
  if (earlier?.kind === 'DELETE') {
    recordPart(plan, index, { partPath: path, outcome: 'SUPERSEDED', detail: `already deleted by modification ${earlier.index}` });
    return;
  }
  if (earlier?.kind === 'SANITIZE') {
    recordPart(plan, earlier.index, { partPath: path, outcome: 'SUPERSEDED', detail: `deleted by modification ${index}` });
  }
  plan.parts.set(path, { kind: 'DELETE', index, outcome });
}

function planSanitize(plan: RewritePlan, path: string, index: number, deleteIfUnable: boolean): void {
  const earlier = plan.parts.get(path);
  if (earlier) {
    const what = earlier.kind === 'DELETE' ? 'already deleted' : 'already sanitized';
    recordPart(plan, index, { partPath: path, outcome: 'SUPERSEDED', detail: `${what} by modification ${earlier.index}` });
    return;
  }
  plan.parts.set(path, { kind: 'SANITIZE', index, deleteIfUnable });
}

export function recordPart(plan: RewritePlan, index: number, part: PartResult): void {
  const result = plan.results[index]!;
  result.parts.push(part);
  if (part.outcome === 'STAMPED' || part.outcome === 'SANITIZED' || part.outcome.startsWith('DELETED')) {
    result.applied = true;
  }
}

/** After the pass: the parts a modification named that the message did not have. */
export function recordMissingParts(plan: RewritePlan, seen: ReadonlySet<string>): void {
  for (const [path, action] of plan.parts) {
    if (!seen.has(path)) {
      recordPart(plan, action.index, { partPath: path, outcome: 'NOT_FOUND', detail: 'no such part' });
    }
  }
}

export function deleteDetail(outcome: 'DELETED' | 'DELETED_UNCLEANABLE'): string {
  return DELETE_DETAIL[outcome];
}
