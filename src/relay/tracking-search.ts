// The search rules of Logs → Mail Tracking, Policy Events and Quarantine → Query
// (docs/cegp/logs-and-quarantine.md, "Address search rules"), as LIKE patterns both databases
// read alike. Pure.
//
// Addresses: an exact address or `*` wildcards; the local part is `*` or a string not
// starting with `*`, the domain `*` or a string not ending with `*`; blank = `*@*`; up to 10
// addresses per field. Subject: space-separated words are a fuzzy AND (an implicit `*`
// around each word), `"…"` is an exact phrase, `\"` a literal quote.
//
// Case: LIKE is case-insensitive for ASCII letters on SQLite and case-sensitive on
// PostgreSQL; the SQL side (search-sql.ts) folds ASCII letters on PostgreSQL, so that both
// fold ASCII and nothing else (full-width ＡＢＣ and ａｂｃ stay different on both).
import { trackingErrors } from './tracking-errors.js';

/** Addresses per search field: "Up to 10 addresses per field" (CEGP quarantine query). */
export const MAX_ADDRESSES_PER_FIELD = 10;
/** One pattern: an RFC 5321 path (64-octet local part, "@", 255-octet domain, §4.5.3.1). */
export const MAX_ADDRESS_PATTERN_CHARS = 320;
/** A search field's text: ten patterns and their separators. */
export const MAX_ADDRESS_FIELD_CHARS = MAX_ADDRESSES_PER_FIELD * (MAX_ADDRESS_PATTERN_CHARS + 1);
/** A subject search: a subject line of RFC 5322 §2.1.1 (998 characters) is the most worth typing. */
export const MAX_SUBJECT_SEARCH_CHARS = 998;
/** Words and phrases of one subject search: each is one LIKE over the page's candidate rows. */
export const MAX_SUBJECT_TERMS = 20;
/** Other text filters (rule name, message ID, threat type): a Message-ID line is at most 998 characters. */
export const MAX_TEXT_FILTER_CHARS = 998;
/** Quarantined messages one Deliver or Delete acts on: the selected rows of one page (the list's page size bound, 100). */
export const MAX_QUARANTINE_SELECTION = 100;
/** waitForMessage waits at most this long: a test step that needs longer should poll. */
export const MAX_WAIT_SECONDS = 120;

/** One address pattern, lower case, with its LIKE form (escape character `\`). */
export interface AddressPattern {
  text: string;
  like: string;
  /**
   * A LIKE over MailMessage.recipientList (lower case, "\na@x\nb@y\n"): a cheap first
   * filter, never the match itself — an inner % may run across a line break, so it selects
   * a superset, which the per-recipient match then narrows (search-sql.ts).
   */
  lineLike: string;
}

/** A subject word or phrase: the message's subject must contain it. */
export interface SubjectTerm {
  text: string;
  /** A quoted phrase (its spaces and `*` are literal). */
  phrase: boolean;
  like: string;
}

/** ASCII letters only: the folding both databases share (see the header). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** `\`, `%` and `_` escaped for `LIKE … ESCAPE '\'`. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A glob with `*` as its only wildcard, as a LIKE pattern. */
function globLike(s: string): string {
  return s.split('*').map(escapeLike).join('%');
}

/**
 * The patterns of one search field, or [] for a blank field (or `*@*`, which is the same:
 * any address). Patterns are separated by `;`, tabs, line breaks or spaces (an address has
 * none of these). `field` names the GraphQL argument in errors.
 */
export function parseAddressPatterns(input: string | null | undefined, field: string): AddressPattern[] {
  const text = input ?? '';
  if (text.length > MAX_ADDRESS_FIELD_CHARS)
    throw trackingErrors.error('TRACKING_SEARCH_TOO_LONG', { length: text.length, max: MAX_ADDRESS_FIELD_CHARS }, field);
  const parts = text.split(/[\s;,]+/).filter(Boolean);
  if (parts.length > MAX_ADDRESSES_PER_FIELD)
    throw trackingErrors.error('TRACKING_ADDRESS_PATTERN_TOO_MANY', { count: parts.length, max: MAX_ADDRESSES_PER_FIELD }, field);
  const patterns = parts.map((p) => parseAddressPattern(p, field));
  // `*@*` anywhere in the list matches every address: the field filters nothing.
  return patterns.some((p) => p.text === '*@*') ? [] : patterns;
}

export function parseAddressPattern(raw: string, field: string): AddressPattern {
  const invalid = () => trackingErrors.error('TRACKING_ADDRESS_PATTERN_INVALID', { pattern: raw.slice(0, 100) }, field);
  if (raw.length > MAX_ADDRESS_PATTERN_CHARS) throw invalid();
  // Control characters never reach here (input-text-plugin refuses them); spaces split patterns.
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) throw invalid();
  const local = raw.slice(0, at);
  const domain = raw.slice(at + 1);
  if (local !== '*' && local.startsWith('*')) throw invalid();
  if (domain !== '*' && domain.endsWith('*')) throw invalid();
  const text = asciiLower(`${local}@${domain}`);
  // recipientList is lower-cased by toLowerCase (relay/accept-queue.ts recipientListOf), so the pattern is too.
  return { text, like: globLike(text), lineLike: `%\n${globLike(`${local}@${domain}`.toLowerCase())}\n%` };
}

/** Whether an address matches a pattern (what the SQL condition selects; for tests and code paths without SQL). */
export function addressMatches(pattern: AddressPattern, address: string): boolean {
  return globMatches(pattern.text, asciiLower(address));
}

/**
 * A glob with `*` only, matched left to right: the first piece anchors the start, the last
 * the end, the others are found in order (the leftmost occurrence is always a valid choice).
 * Linear in the text per piece; no regular expression.
 */
export function globMatches(glob: string, text: string): boolean {
  const pieces = glob.split('*');
  if (pieces.length === 1) return glob === text;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > text.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let pos = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = text.indexOf(piece, pos);
    if (found < 0 || found + piece.length > end) return false;
    pos = found + piece.length;
  }
  return true;
}

/**
 * The words and phrases of a subject search. Outside quotes, spaces separate words and `*`
 * is a wildcard; `"…"` is one phrase taken as written (an unclosed quote runs to the end);
 * `\"` is a literal quote inside or outside a phrase; any other backslash is itself.
 */
export function parseSubjectSearch(input: string | null | undefined, field: string): SubjectTerm[] {
  const text = input ?? '';
  if (text.length > MAX_SUBJECT_SEARCH_CHARS)
    throw trackingErrors.error('TRACKING_SEARCH_TOO_LONG', { length: text.length, max: MAX_SUBJECT_SEARCH_CHARS }, field);
  const terms: SubjectTerm[] = [];
  let word = '';
  let inPhrase = false;
  const flush = () => {
    if (inPhrase ? word.length > 0 : word.replaceAll('*', '').length > 0) {
      const folded = asciiLower(word);
      terms.push({ text: word, phrase: inPhrase, like: `%${inPhrase ? escapeLike(folded) : globLike(folded)}%` });
    }
    word = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '"') {
      word += '"';
      i++;
    } else if (c === '"') {
      flush();
      inPhrase = !inPhrase;
    } else if (!inPhrase && /\s/.test(c)) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  if (terms.length > MAX_SUBJECT_TERMS)
    throw trackingErrors.error('TRACKING_SUBJECT_TOO_MANY_TERMS', { count: terms.length, max: MAX_SUBJECT_TERMS }, field);
  return terms;
}

/** Whether a subject contains every term (what the SQL condition selects). */
export function subjectMatches(terms: readonly SubjectTerm[], subject: string): boolean {
  const s = asciiLower(subject);
  return terms.every((t) => (t.phrase ? s.includes(asciiLower(t.text)) : globMatches(`*${asciiLower(t.text)}*`, s)));
}

/** A Message-ID as searched: without its angle brackets, as MailMessage.messageId stores it. */
export function normalizeMessageId(input: string | null | undefined, field: string): string | null {
  const text = (input ?? '').trim();
  if (!text) return null;
  if (text.length > MAX_TEXT_FILTER_CHARS)
    throw trackingErrors.error('TRACKING_SEARCH_TOO_LONG', { length: text.length, max: MAX_TEXT_FILTER_CHARS }, field);
  return text.replace(/^<(.*)>$/s, '$1');
}

/** A "contains" text filter (rule name), trimmed; null when blank. */
export function containsLike(input: string | null | undefined, field: string): string | null {
  const text = (input ?? '').trim();
  if (!text) return null;
  if (text.length > MAX_TEXT_FILTER_CHARS)
    throw trackingErrors.error('TRACKING_SEARCH_TOO_LONG', { length: text.length, max: MAX_TEXT_FILTER_CHARS }, field);
  return `%${escapeLike(asciiLower(text))}%`;
}

/** The period [after, before): refused when it ends before it starts. */
export function checkPeriod(after: Date | null | undefined, before: Date | null | undefined, field: string): void {
  if (after && before && before.getTime() < after.getTime())
    throw trackingErrors.error('TRACKING_PERIOD_INVALID', { after: after.toISOString(), before: before.toISOString() }, field);
}

/** waitForMessage's timeout in milliseconds, or the coded error for a value outside 0…MAX_WAIT_SECONDS. */
export function waitTimeoutMs(seconds: number, field: string): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_WAIT_SECONDS)
    throw trackingErrors.error('TRACKING_WAIT_TIMEOUT_INVALID', { value: seconds, max: MAX_WAIT_SECONDS }, field);
  return seconds * 1000;
}

// ---- cursors: newest first, keyed on (time, id) ----

export interface SearchCursor {
  at: Date;
  id: string;
}

export function encodeSearchCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString('base64url');
}

/** A cursor this module made, or null (a cursor of another list, or edited). */
export function decodeSearchCursor(text: string): SearchCursor | null {
  if (text.length > 200) return null;
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string') return null;
    const at = new Date(v[0]);
    if (Number.isNaN(at.getTime()) || !/^[A-Za-z0-9_-]{1,64}$/.test(v[1])) return null;
    return { at, id: v[1] };
  } catch {
    return null;
  }
}
