// What one attachment's inspection has found so far, shared by the readers of each format as
// they descend into archives, and how a finding is named for the trace. Pure.
import type { ActiveContentFact, ArchiveEntryFact, BudgetCut, ProtectionFact } from '../../policies/engine/message-facts.js';
import { addCut, formatCount, type InspectionBudget } from './inspection-budget.js';

export interface InspectionState {
  readonly budget: InspectionBudget;
  readonly cuts: BudgetCut[];
  readonly archiveEntries: ArchiveEntryFact[];
  readonly activeContent: ActiveContentFact[];
  protection: ProtectionFact | null;
  malware: { name: string; where: string } | null;
  readonly text: string[];
  textChars: number;
  /** Central-directory records read, in every archive of the attachment. */
  recordsRead: number;
  /** Bytes inflated out of archive entries. */
  inflatedBytes: number;
}

/** One piece of content under inspection: the attachment itself, or an entry inside an archive. */
export interface ContentNode {
  /** The names leading to it: [] for the attachment, ["report.zip", "a.docm"] for an entry. */
  chain: readonly string[];
  /** Archive levels above it: 0 for the attachment. */
  depth: number;
  filename: string | null;
  declaredType: string;
  charset: string | null;
  /** The bytes are a prefix of the content (an entry read only up to a budget). */
  truncated: boolean;
}

export function newInspectionState(budget: InspectionBudget): InspectionState {
  return {
    budget,
    cuts: [],
    archiveEntries: [],
    activeContent: [],
    protection: null,
    malware: null,
    text: [],
    textChars: 0,
    recordsRead: 0,
    inflatedBytes: 0,
  };
}

/** Separator of nested names in `where` ("report.zip › a.docm"), as the shared types show it. */
export const WHERE_SEPARATOR = ' › ';

/**
 * Where a finding is: inside the attachment itself just the inner location ("word/vbaProject.bin");
 * inside an archive, the chain of names first ("report.zip › a.docm › word/vbaProject.bin").
 */
export function whereIn(node: ContentNode, inner?: string): string {
  const parts = inner === undefined ? [...node.chain] : [...node.chain, inner];
  if (parts.length === 0) return node.filename ?? '(attachment)';
  return parts.join(WHERE_SEPARATOR);
}

/** The first protection found is the one reported (criterion 16 needs only one). */
export function noteProtection(st: InspectionState, protection: ProtectionFact | null): void {
  if (protection && !st.protection) st.protection = protection;
}

/** Active content facts kept per attachment: more say nothing new to a rule or a person. */
export const MAX_ACTIVE_CONTENT_FACTS = 100;

export function noteActiveContent(st: InspectionState, fact: ActiveContentFact): void {
  if (st.activeContent.some((f) => f.kind === fact.kind && f.where === fact.where)) return;
  if (st.activeContent.length >= MAX_ACTIVE_CONTENT_FACTS) {
    addCut(st.cuts, 'ACTIVE_CONTENT', `active content after ${MAX_ACTIVE_CONTENT_FACTS} findings not listed`);
    return;
  }
  st.activeContent.push(fact);
}

/** Adds text within the TEXT budget; false once the budget is spent. */
export function noteText(st: InspectionState, text: string, from: string): boolean {
  const room = st.budget.maxTextChars - st.textChars;
  if (room <= 0) {
    addCut(st.cuts, 'TEXT_CHARS', `attachment text after ${formatCount(st.budget.maxTextChars)} characters not scanned`);
    return false;
  }
  const piece = text.length > room ? text.slice(0, room) : text;
  if (piece.length < text.length) {
    addCut(st.cuts, 'TEXT_CHARS', `attachment text after ${formatCount(st.budget.maxTextChars)} characters not scanned (${from})`);
  }
  if (piece) {
    st.text.push(piece);
    st.textChars += piece.length;
  }
  return piece.length === text.length;
}
