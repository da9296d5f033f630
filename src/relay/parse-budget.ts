// Pure. The budgets of the message parser (parse-message.ts): how much of one message's text,
// headers and attachments the policy engine gets to see. Every bound on the untrusted message is
// here with its derivation; what a message loses to one is recorded in MessageFacts.cuts under the
// item name in brackets, so the trace can say what was not scanned
// (docs/cegp/policies-and-content-filtering.md §3: criteria 4, 6, 8, 9, 13, 15 read these facts).

/**
 * [TEXT_CHARS] Characters of body text kept for the keyword criteria (§3 criterion 8), summed over
 * the text/plain parts and the text of the HTML parts. 2 Mi characters (a 4 MiB UTF-16 string) is
 * about 1,000 pages of prose: no human-written body comes near it, while a 150 MB message (the
 * largest CEGP accepts, §8) could otherwise put 150 M characters, 300 MB of string, in memory and
 * in front of every keyword expression. Text after the cap is decoded and discarded as it streams
 * (it still counts for "body is blank" and for the GTUBE test signal).
 */
export const MAX_BODY_TEXT_CHARS = 2_097_152;

/**
 * [HTML_CHARS] Characters of HTML source kept to be turned into text (summed over the text/html
 * parts). Markup is typically 2 to 5 times the text it carries, so twice the text budget gives the
 * HTML's text a fair share of MAX_BODY_TEXT_CHARS; the conversion (html-text.ts) is one linear
 * pass, so this also bounds the HTML-to-text work.
 */
export const MAX_HTML_SOURCE_CHARS = 2 * MAX_BODY_TEXT_CHARS;

/**
 * [HEADERS] Header fields of the top-level header kept in MessageFacts.headers (criterion 4).
 * A message relayed through Postfix's hop_count_limit (50 Received: fields) that carries a DKIM
 * and an ARC set per hop has about 250 fields; 1,000 leaves room and keeps the list small.
 */
export const MAX_HEADER_FIELDS = 1_000;

/**
 * [HEADERS] Raw header bytes kept, all fields together: Postfix's header_size_limit (102,400,
 * "if a header is larger, the excess is discarded"), the same bound a Postfix-based gateway applies.
 */
export const MAX_HEADER_BYTES = 102_400;

/**
 * [HEADERS] Characters kept of one decoded header value. RFC 5322 §2.1.1 limits a line to 998
 * characters, but folding lets a field run longer: an ARC-Message-Signature over many headers or a
 * long To: list reaches a few KiB. 16 KiB keeps such fields whole and stops one field from using
 * the whole MAX_HEADER_BYTES on its own.
 */
export const MAX_HEADER_VALUE_CHARS = 16_384;

/**
 * [ATTACHMENTS] Attachments streamed to a temporary file and inspected (true type, archive
 * listing, active content, text). Each inspection reads its file once more and holds a file
 * descriptor and a temporary file; 100 is far above real mail (a handful; bulk scans a few dozen)
 * and keeps the worst case to 100 inspections per message. Attachments past it are still counted
 * and listed with their name, declared type, size and SHA-256 (hashed while they stream past),
 * but not written to disk nor inspected.
 */
export const MAX_ATTACHMENTS_INSPECTED = 100;

/**
 * [ATTACHMENTS] Attachments listed in MessageFacts.attachments at all. The SMTP listener refuses
 * messages with more MIME parts than MAX_MIME_PARTS (mime-limits.ts, 1,000), so this is only
 * reached by a message parsed without that check; it keeps the list bounded anyway.
 */
export const MAX_ATTACHMENT_FACTS = 1_000;

/** The budget parseMessage() applies; tests and callers may lower any item. */
export interface ParseBudget {
  textChars: number;
  htmlSourceChars: number;
  headerFields: number;
  headerBytes: number;
  headerValueChars: number;
  attachmentsInspected: number;
  attachmentFacts: number;
}

export const DEFAULT_PARSE_BUDGET: Readonly<ParseBudget> = Object.freeze({
  textChars: MAX_BODY_TEXT_CHARS,
  htmlSourceChars: MAX_HTML_SOURCE_CHARS,
  headerFields: MAX_HEADER_FIELDS,
  headerBytes: MAX_HEADER_BYTES,
  headerValueChars: MAX_HEADER_VALUE_CHARS,
  attachmentsInspected: MAX_ATTACHMENTS_INSPECTED,
  attachmentFacts: MAX_ATTACHMENT_FACTS,
});

/** The default budget with the caller's items over it (non-negative integers only; others are ignored). */
export function resolveParseBudget(overrides: Partial<ParseBudget> | undefined): ParseBudget {
  const budget: ParseBudget = { ...DEFAULT_PARSE_BUDGET };
  for (const key of Object.keys(budget) as (keyof ParseBudget)[]) {
    const value = overrides?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) budget[key] = value;
  }
  return budget;
}
