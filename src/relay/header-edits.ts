// The two header modifications (adapter for libmime on mailsplit's header block): Insert
// X-Header and Tag subject (docs/cegp/policies-and-content-filtering.md §5, Modify).
// Unchanged header lines keep their bytes; mailsplit rebuilds the block with CRLF once changed.
import type { Headers } from '@zone-eu/mailsplit';
import libmime from 'libmime';
import { decodeHeaderLine } from './message-headers.js';
import type { RewritePlan } from './rewrite-plan.js';

/** A field name is printable US-ASCII without ":" (RFC 5322 §2.2, ftext). */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * Longest header value the rewriter writes, in characters: a policy's X-header value or tag text
 * comes from the admin, the subject from the sender. The encoded subject is folded by libmime;
 * this keeps a hostile 1 MB subject from turning into a 1.4 MB header (RFC 5322 §2.1.1 asks for
 * lines ≤ 998 octets; folding keeps each under that, this caps the whole).
 */
export const MAX_WRITTEN_HEADER_VALUE_CHARS = 16_384;

/** Printable ASCII and tab only: written as is; anything else goes into UTF-8 encoded-words. */
function isPlainAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7e || (code < 0x20 && code !== 0x09)) {
      return false;
    }
  }
  return true;
}

/** RFC 2047 §5 (1): UTF-8 encoded-words ("B", the shorter for Japanese), only where needed. */
export function encodeHeaderText(value: string): string {
  const single = value.replace(/[\r\n]+/g, ' ').slice(0, MAX_WRITTEN_HEADER_VALUE_CHARS);
  return isPlainAscii(single) ? single : libmime.encodeWords(single, 'B', 52);
}

export type HeaderEditOutcome = { applied: true; value: string } | { applied: false; reason: string };

/** Inserts `name: value` at `index` of the header block (0 = the top, above the trace fields). */
export function insertHeaderField(headers: Headers, name: string, value: string, index: number): HeaderEditOutcome {
  const field = name.trim();
  if (!FIELD_NAME.test(field)) {
    return { applied: false, reason: 'INVALID_HEADER_NAME' };
  }
  headers.add(field, encodeHeaderText(value), index);
  return { applied: true, value };
}

/**
 * The first Subject field decoded as the parser reads it for the engine (message-headers.ts:
 * RFC 2047 encoded-words, unfolded; raw 8-bit bytes as UTF-8 when valid, else CP932), '' when
 * absent. From the raw line, not mailsplit's `get()`, which leaves bytes that are not UTF-8 one
 * char per byte: a raw Shift_JIS subject was tagged as Latin-1 garbage.
 */
export function decodedSubject(headers: Headers): string {
  const line = headers.getList().find((l) => l.key === 'subject')?.line;
  return line === undefined ? '' : decodeHeaderLine(line).value.trim();
}

/**
 * Tag subject: the tag text, a space unless the tag ends in one, then the decoded subject. The
 * result is written as plain ASCII when it is, else as UTF-8 encoded-words whatever the original
 * charset was (an ISO-2022-JP subject comes out as UTF-8: decoding first keeps the original
 * readable, and UTF-8 can write every tag). All Subject fields are replaced by the one tagged.
 */
export function tagSubjectField(headers: Headers, tag: string): HeaderEditOutcome {
  const text = tag.replace(/[\r\n]+/g, ' ');
  if (text.trim() === '') {
    return { applied: false, reason: 'EMPTY_TAG' };
  }
  const original = decodedSubject(headers);
  const separator = original === '' || /\s$/.test(text) ? '' : ' ';
  const tagged = `${text}${separator}${original}`;
  if (headers.hasHeader('subject')) {
    headers.update('Subject', encodeHeaderText(tagged));
  } else {
    headers.add('Subject', encodeHeaderText(tagged), headers.getList().length);
  }
  return { applied: true, value: tagged };
}

/** The plan's header modifications on the message's header block, in order; true when one applied. */
export function applyHeaderEdits(headers: Headers, plan: RewritePlan): boolean {
  let inserted = 0;
  let changed = false;
  for (const { index, modification } of plan.headerEdits) {
    const outcome =
      modification.type === 'INSERT_X_HEADER'
        ? insertHeaderField(headers, modification.name, modification.value, inserted)
        : tagSubjectField(headers, modification.text);
    const result = plan.results[index]!;
    result.applied = outcome.applied;
    result.detail = outcome.applied ? outcome.value : outcome.reason;
    if (outcome.applied) {
      changed = true;
      inserted += modification.type === 'INSERT_X_HEADER' ? 1 : 0;
    }
  }
  return changed;
}
