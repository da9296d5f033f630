// Attachment inspection for the relay's policy engine: what an attachment is and hides, as
// the AttachmentFact fields CEGP's attachment criteria read (docs/cegp/policies-and-content-
// filtering.md §3: 10 names in archives, 12 true file type, 13 content keywords, 16 password
// protected, 17 active content) plus the EICAR test signal and the SHA-256 mail tracking
// shows. The parser has streamed the attachment to a temp file; it is read from there in
// bounded pieces (InspectionBudget), and whatever a bound stopped is listed in `cuts`.
// Hostile input never throws: damage is a cut, and the facts found before it stand.
import { createHash } from 'node:crypto';
import type { AttachmentFact, BudgetCut } from '../../policies/engine/message-facts.js';
import { withFileSource } from './byte-source.js';
import { inspectContent } from './inspect-content.js';
import { addCut, DEFAULT_INSPECTION_BUDGET, type InspectionBudget } from './inspection-budget.js';
import { newInspectionState } from './inspection-state.js';

export interface AttachmentInput {
  /** The decoded attachment on disk. */
  path: string;
  /** Its size as the parser counted it; the file's own size is what is read. */
  sizeBytes: number;
  filename: string | null;
  /** Declared Content-Type, lower case, without parameters. */
  declaredType: string;
  /** The Content-Type's charset parameter, when the part gives one (text attachments). */
  charset?: string | null;
}

export type AttachmentInspection = Pick<
  AttachmentFact,
  'trueType' | 'archiveEntries' | 'protection' | 'activeContent' | 'text' | 'malware' | 'sha256'
> & { cuts: BudgetCut[] };

export async function inspectAttachment(input: AttachmentInput, budget: Partial<InspectionBudget> = {}): Promise<AttachmentInspection> {
  const st = newInspectionState({ ...DEFAULT_INSPECTION_BUDGET, ...budget });
  return withFileSource(input.path, async (source) => {
    const hash = createHash('sha256');
    for await (const chunk of source.chunks()) hash.update(chunk);
    let trueType: string | null = null;
    try {
      trueType = await inspectContent(
        source,
        {
          chain: [],
          depth: 0,
          filename: input.filename,
          declaredType: input.declaredType,
          charset: input.charset ?? null,
          truncated: false,
        },
        st,
      );
    } catch (err) {
      // A reader met bytes it did not expect: what was found so far stands, and the trace says why it stopped.
      addCut(st.cuts, 'INSPECTION', `inspection stopped: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200));
    }
    return {
      trueType,
      archiveEntries: st.archiveEntries,
      protection: st.protection,
      activeContent: st.activeContent,
      text: st.text.join('\n'),
      malware: st.malware,
      sha256: hash.digest('hex'),
      cuts: st.cuts,
    };
  });
}
