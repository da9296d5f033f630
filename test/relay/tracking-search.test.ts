import { describe, expect, it } from 'vitest';
import { ExpectedError } from '../../src/platform/errors.js';
import {
  addressMatches,
  decodeSearchCursor,
  encodeSearchCursor,
  globMatches,
  MAX_ADDRESSES_PER_FIELD,
  MAX_WAIT_SECONDS,
  parseAddressPattern,
  parseAddressPatterns,
  parseSubjectSearch,
  subjectMatches,
  waitTimeoutMs,
} from '../../src/relay/tracking-search.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof ExpectedError ? e.code : String(e);
  }
  return null;
};

describe('address patterns (docs/cegp/logs-and-quarantine.md, address search rules)', () => {
  it('accepts every valid form the notes list, and refuses the invalid ones with a coded error naming the field', () => {
    for (const p of [
      'name@info.example.com',
      '*@example.com',
      '*@server.example.com',
      'name*@example.com',
      'name@*.example.com',
      'name@*',
      '*@*',
      '*@*.example.com',
    ])
      expect(
        codeOf(() => parseAddressPattern(p, 'filter.sender')),
        p,
      ).toBeNull();
    for (const p of ['name@example.*', '*name@example.com', 'name', '@example.com', 'name@', '**@example.com']) {
      expect(
        codeOf(() => parseAddressPattern(p, 'filter.sender')),
        p,
      ).toBe('TRACKING_ADDRESS_PATTERN_INVALID');
    }
    try {
      parseAddressPattern('*name@example.com', 'filter.recipient');
    } catch (e) {
      expect((e as ExpectedError).field).toBe('filter.recipient');
      expect((e as ExpectedError).messageIn('ja')).toContain('「*name@example.com」はアドレスの検索パターンではありません');
    }
  });

  it('matches as the notes say: exact addresses in any ASCII case, * for any run of characters, % and _ literal', () => {
    const m = (p: string, a: string) => addressMatches(parseAddressPattern(p, 'f'), a);
    expect(m('name@info.example.com', 'NAME@Info.Example.com')).toBe(true);
    expect(m('name@info.example.com', 'name@example.com')).toBe(false);
    expect(m('*@example.com', 'a@example.com')).toBe(true);
    expect(m('*@example.com', 'a@sub.example.com')).toBe(false);
    expect(m('name*@example.com', 'name@example.com')).toBe(true);
    expect(m('name*@example.com', 'names.here@example.com')).toBe(true);
    expect(m('name@*.example.com', 'name@mx.example.com')).toBe(true);
    expect(m('name@*.example.com', 'name@example.com')).toBe(false);
    expect(m('taro_yamada@example.co.jp', 'taroXyamada@example.co.jp')).toBe(false);
    expect(m('100%@*', '1000@x')).toBe(false);
  });

  it('makes LIKE patterns with %, _ and \\ escaped', () => {
    expect(parseAddressPattern('Taro_Y*@*.Example.com', 'f').like).toBe('taro\\_y%@%.example.com');
    expect(parseAddressPattern('a\\b%c@x', 'f').like).toBe('a\\\\b\\%c@x');
    // The first filter over MailMessage.recipientList's lines: between line breaks.
    expect(parseAddressPattern('Name_*@X.test', 'f').lineLike).toBe('%\nname\\_%@x.test\n%');
  });

  it('reads a field as up to 10 patterns separated by ; tabs or line breaks; blank or *@* filters nothing', () => {
    expect(parseAddressPatterns('a@x; b@y\tc@z\nd@w', 'f').map((p) => p.text)).toEqual(['a@x', 'b@y', 'c@z', 'd@w']);
    expect(parseAddressPatterns('  ', 'f')).toEqual([]);
    expect(parseAddressPatterns(null, 'f')).toEqual([]);
    expect(parseAddressPatterns('a@x;*@*', 'f')).toEqual([]);
    const many = Array.from({ length: MAX_ADDRESSES_PER_FIELD + 1 }, (_, i) => `u${i}@x`).join(';');
    expect(codeOf(() => parseAddressPatterns(many, 'f'))).toBe('TRACKING_ADDRESS_PATTERN_TOO_MANY');
  });

  it('matches globs piece by piece', () => {
    expect(globMatches('a*b*c', 'abc')).toBe(true);
    expect(globMatches('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatches('a*b*c', 'acb')).toBe(false);
    expect(globMatches('ab*ba', 'aba')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
  });
});

describe('subject search', () => {
  it('takes words as an AND of contains, "…" as an exact phrase and \\" as a literal quote', () => {
    expect(parseSubjectSearch('invoice  march', 'f').map((t) => [t.text, t.phrase])).toEqual([
      ['invoice', false],
      ['march', false],
    ]);
    expect(parseSubjectSearch('"invoice for" march', 'f').map((t) => [t.text, t.phrase])).toEqual([
      ['invoice for', true],
      ['march', false],
    ]);
    expect(parseSubjectSearch('\\"quoted\\"', 'f').map((t) => t.text)).toEqual(['"quoted"']);
    expect(parseSubjectSearch('"say \\"hi\\" now', 'f').map((t) => [t.text, t.phrase])).toEqual([['say "hi" now', true]]);
    expect(parseSubjectSearch('   ', 'f')).toEqual([]);
    const terms = parseSubjectSearch('Invoice "for march"', 'f');
    expect(subjectMatches(terms, 'INVOICE for March 2026')).toBe(true);
    expect(subjectMatches(terms, 'Invoice-for-march')).toBe(false);
    expect(parseSubjectSearch('50%_off', 'f')[0]!.like).toBe('%50\\%\\_off%');
  });
});

describe('cursors and the wait bound', () => {
  it('round-trips a cursor and refuses an edited one', () => {
    const c = { at: new Date('2026-12-01T09:00:00.123Z'), id: 'cmabc123' };
    expect(decodeSearchCursor(encodeSearchCursor(c))).toEqual(c);
    expect(decodeSearchCursor('not-a-cursor')).toBeNull();
    expect(decodeSearchCursor(Buffer.from('["x","y"]').toString('base64url'))).toBeNull();
  });

  it('accepts 0…120 seconds', () => {
    expect(waitTimeoutMs(0, 't')).toBe(0);
    expect(waitTimeoutMs(MAX_WAIT_SECONDS, 't')).toBe(120_000);
    expect(codeOf(() => waitTimeoutMs(MAX_WAIT_SECONDS + 1, 't'))).toBe('TRACKING_WAIT_TIMEOUT_INVALID');
    expect(codeOf(() => waitTimeoutMs(-1, 't'))).toBe('TRACKING_WAIT_TIMEOUT_INVALID');
  });
});
