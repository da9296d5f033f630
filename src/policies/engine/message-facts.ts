// What the policy engine knows of one message: the envelope, the decoded headers and text,
// and what inspection found in each attachment. Pure data (structured-clone safe: it crosses
// from the parsing worker to the engine). The relay's parser and attachment inspection
// produce it (src/relay/); the engine (evaluate.ts) reads it and never touches the raw
// message. Every list and text in it is already bounded by the producer's budget
// (ScanBudget), and what the producer had to cut is in `cuts`, so the trace can say so.
import type { PolicyDirection } from '../../db/enums.js';

/** One header field as received: lower-case name, value decoded (RFC 2047 encoded-words) and unfolded. */
export interface HeaderFact {
  name: string;
  value: string;
}

/** The kinds of active content CEGP's criterion 17 names (§3): Office macros, PDF scripts and actions. */
export type ActiveContentKind = 'OFFICE_MACRO' | 'PDF_JAVASCRIPT' | 'PDF_OPEN_ACTION' | 'PDF_LAUNCH' | 'PDF_ADDITIONAL_ACTIONS';

export interface ActiveContentFact {
  kind: ActiveContentKind;
  /** Where it was found, for the trace: "word/vbaProject.bin", "Macros/VBA", "object 12 /JS", "report.zip › a.docm". */
  where: string;
}

/** Why an attachment is password protected (criterion 16), for the trace. */
export type ProtectionKind =
  | 'ZIP_ENCRYPTED_ENTRY'
  | 'ZIP_AES'
  | 'SEVEN_ZIP_ENCRYPTED'
  | 'RAR_ENCRYPTED'
  | 'OFFICE_ENCRYPTED'
  | 'PDF_ENCRYPTED';

export interface ProtectionFact {
  kind: ProtectionKind;
  where: string;
}

/** A file inside an archive attachment (ZIP listing): names decoded as CEGP reads them (UTF-8 flag, else UTF-8, else CP932; NFC). */
export interface ArchiveEntryFact {
  name: string;
  sizeBytes: number;
  encrypted: boolean;
  /** True file type of the entry when it was opened (budget permitting), else null. */
  trueType: string | null;
  /**
   * For an entry of an archive nested in the attachment's archive, the names of the archives
   * leading to it below the attachment ("inner.zip", "inner.zip › deeper.zip"); absent for
   * the attachment's own entries.
   */
  inArchive?: string;
}

export interface AttachmentFact {
  /** 0-based position among the message's attachments (for %ATTACH_COUNT% and the trace). */
  index: number;
  /**
   * The MIME part path ("1.2"): mailparser's `partId`, which is mailsplit's `partNr` joined by
   * "."; the rewriter's handle for deleting or sanitizing the part.
   */
  partPath: string;
  /** Decoded file name (RFC 2231 / encoded-word / raw), or null when the part names none. */
  filename: string | null;
  /** The declared Content-Type, lower case, without parameters ("application/octet-stream"). */
  declaredType: string;
  /** Decoded size (after Content-Transfer-Encoding). */
  sizeBytes: number;
  /** SHA-256 of the decoded content, hex (mail tracking's attachment hash). */
  sha256: string;
  /** True file type by signature, in src/policies/true-file-types.ts vocabulary, or null (unknown). */
  trueType: string | null;
  /** Names inside the archive (ZIP), empty for other types; capped by the budget. */
  archiveEntries: ArchiveEntryFact[];
  protection: ProtectionFact | null;
  activeContent: ActiveContentFact[];
  /** Extracted text for "attachment content matches keywords" (text parts, text inside archives, …), capped by the budget. */
  text: string;
  /** A malware test signal found in it (the EICAR test file, also inside a ZIP): where, or null. */
  malware: { name: string; where: string } | null;
}

/** What the producer cut to stay inside its budget, named so the trace can say it. */
export interface BudgetCut {
  /** The budget item: TEXT_BYTES, ATTACHMENTS, ARCHIVE_ENTRIES, PARTS, DEPTH, HEADERS, PDF_STREAMS… */
  item: string;
  /** What was cut, for people: "body text after 2,097,152 characters not scanned". */
  detail: string;
}

export interface MessageFacts {
  direction: PolicyDirection;
  envelope: {
    /** MAIL FROM without brackets; '' is the null sender. */
    sender: string;
    recipients: string[];
  };
  /** The message as received, in bytes. */
  sizeBytes: number;
  /** Header fields in order (bounded). */
  headers: HeaderFact[];
  /** The From: address (first mailbox), lower case, or null. */
  headerFrom: string | null;
  /** The Reply-To: address (first mailbox), lower case, or null. */
  replyTo: string | null;
  messageId: string | null;
  /** Decoded subject; '' when absent. */
  subject: string;
  /** The decoded text of the body: the text/plain parts, and the text of text/html parts without tags (bounded). */
  bodyText: string;
  /** Criterion 9: no body part, or no text and no HTML tags, or only whitespace. */
  bodyBlank: boolean;
  /** S/MIME signed (multipart/signed with a pkcs7-signature, or application/pkcs7-mime signed-data). */
  signed: boolean;
  attachments: AttachmentFact[];
  /** Test signals (README "Test your policies"): GTUBE in the text, X-Rehearsal-Signal header values. */
  signals: MessageSignals;
  cuts: BudgetCut[];
}

/** The deterministic test signals the rehearsal uses instead of real scan engines. */
export interface MessageSignals {
  /** The GTUBE string appeared in the subject, body or a text attachment. */
  gtube: boolean;
  /** Parsed X-Rehearsal-Signal values, e.g. { kind: 'BEC', level: 'HIGH' }. */
  headerSignals: { kind: string; level: string | null; raw: string }[];
}
