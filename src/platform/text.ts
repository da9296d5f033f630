// Characters no input text may carry. Pure: the GraphQL layer applies it to every string
// argument (src/graphql/input-text-plugin.ts) and use-cases reached without GraphQL apply
// it to what they store, so no field can forget it.
//
// Why each class is refused:
// - NUL (U+0000): PostgreSQL `text` cannot hold it ("invalid byte sequence for encoding
//   UTF8: 0x00", PostgreSQL docs §8.3 "Character Types"), so it would fail on one database
//   and be stored on the other.
// - Other C0 controls, DEL and C1 controls (U+0001–U+001F, U+007F–U+009F): they have no
//   printable form, end up in DNS answers, mail headers and logs, and XML 1.0 §2.2 (the
//   import format) excludes most of them. TAB, LF and CR stay allowed in multi-line text
//   (stamps, notification bodies, notes, keyword test samples) and nowhere else.
// - U+2028 / U+2029 (line and paragraph separators) are line breaks (Unicode UAX #14), so
//   one-line text refuses them too.
// - Lone surrogates (U+D800–U+DFFF not in a pair): not Unicode scalar values, so they have
//   no UTF-8 encoding (RFC 3629 §3) and cannot be stored or sent as they are.
// - U+FFFE / U+FFFF: noncharacters that XML 1.0 §2.2 excludes; they are never text.
import { defineErrors, type ExpectedError } from './errors.js';

/** One-line values (names, addresses, filters) or multi-line free text. */
export type TextKind = 'line' | 'multiline';

// Without the `u` flag a regex sees UTF-16 code units, which is what finds lone surrogates.
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const NOT_ALLOWED: Record<TextKind, RegExp> = {
  line: new RegExp(`[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029\\uFFFE\\uFFFF]|${LONE_SURROGATE}`),
  multiline: new RegExp(`[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\uFFFE\\uFFFF]|${LONE_SURROGATE}`),
};

export const textErrors = defineErrors({
  INPUT_INVALID_CHARACTERS: {
    en: '{field} contains a character that is not allowed ({character} at position {position}). Remove control characters such as NUL; one-line values may not contain tabs or line breaks either.',
    ja: '{field} に使用できない文字 ({character}、{position} 文字目) が含まれています。NUL などの制御文字を削除してください。1 行の値にはタブや改行も使用できません。',
  },
});

export interface InvalidCharacter {
  /** 0-based index in UTF-16 code units. */
  index: number;
  /** "U+0000". */
  character: string;
}

/** The first character `value` may not contain, or null when it is clean. */
export function findInvalidCharacter(value: string, kind: TextKind = 'line'): InvalidCharacter | null {
  const m = NOT_ALLOWED[kind].exec(value);
  if (!m) return null;
  return { index: m.index, character: `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

/** INPUT_INVALID_CHARACTERS naming `field`, or null when `value` is clean. */
export function invalidTextError(value: string, field: string, kind: TextKind = 'line'): ExpectedError | null {
  const bad = findInvalidCharacter(value, kind);
  return bad ? textErrors.error('INPUT_INVALID_CHARACTERS', { field, character: bad.character, position: bad.index + 1 }, field) : null;
}
