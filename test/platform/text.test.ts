import { describe, expect, it } from 'vitest';
import { findInvalidCharacter, invalidTextError } from '../../src/platform/text.js';

describe('findInvalidCharacter', () => {
  it.each([
    ['NUL', 'a\u0000b', 'U+0000', 1],
    ['a C0 control', 'ab\u0007', 'U+0007', 2],
    ['ESC', '\u001b[31m', 'U+001B', 0],
    ['DEL', 'a\u007f', 'U+007F', 1],
    ['a C1 control', 'a\u0085', 'U+0085', 1],
    ['a lone high surrogate', 'a\uD83D', 'U+D83D', 1],
    ['a lone low surrogate', '\uDE00a', 'U+DE00', 0],
    ['U+FFFE', '\uFFFE', 'U+FFFE', 0],
    ['U+FFFF', 'x\uFFFF', 'U+FFFF', 1],
  ])('refuses %s in any text', (_, value, character, index) => {
    expect(findInvalidCharacter(value, 'line')).toEqual({ character, index });
    expect(findInvalidCharacter(value, 'multiline')).toEqual({ character, index });
  });

  it.each([
    ['TAB', 'a\tb', 'U+0009'],
    ['LF', 'a\nb', 'U+000A'],
    ['CR', 'a\rb', 'U+000D'],
    ['U+2028', 'a\u2028b', 'U+2028'],
  ])('refuses %s in one-line text only', (_, value, character) => {
    expect(findInvalidCharacter(value, 'line')).toEqual({ character, index: 1 });
    expect(findInvalidCharacter(value, 'multiline')).toBeNull();
  });

  it('accepts ordinary text, Japanese and characters outside the BMP (surrogate pairs)', () => {
    for (const v of ['', 'Example 株式会社', '機密 😀 ｶﾅ', 'user@example.com', '\u00a0non-breaking']) {
      expect(findInvalidCharacter(v, 'line')).toBeNull();
    }
  });

  it('names the field and position in its error', () => {
    const e = invalidTextError('ab\u0000', 'input.name')!;
    expect(e.code).toBe('INPUT_INVALID_CHARACTERS');
    expect(e.field).toBe('input.name');
    expect(e.messageIn('en')).toContain('input.name contains a character that is not allowed (U+0000 at position 3)');
    expect(e.messageIn('ja')).toContain('input.name に使用できない文字 (U+0000、3 文字目)');
    expect(invalidTextError('fine', 'input.name')).toBeNull();
  });
});
