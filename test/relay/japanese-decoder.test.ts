// The streaming Japanese decoders: whatever the chunking, the text is the one a whole-buffer
// decode gives, and the ISO-2022-JP escape sequences switch sets as RFC 1468 says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { createJapaneseDecoder, japaneseCodecOf } from '../../src/relay/japanese-decoder.js';

const JAPANESE_TEXT = 'お支払いのお願い①（株）ｱｲｳｴｵ 髙橋様 ～ 請求書を送付します。';

/** The body bytes of a fixture (after the blank line). */
function fixtureBody(name: string): Buffer {
  const bytes = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'mail', name));
  return bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
}

function decode(charset: string, chunks: Buffer[]): string {
  const decoder = createJapaneseDecoder(charset);
  if (!decoder) throw new Error(`not Japanese: ${charset}`);
  return chunks.map((chunk) => decoder.write(chunk)).join('') + decoder.end();
}

const esc = (text: string) => Buffer.from(text.replace(/<ESC>/g, '\x1b'), 'latin1');

describe('createJapaneseDecoder', () => {
  for (const [charset, fixture] of [
    ['ISO-2022-JP', 'iso-2022-jp.eml'],
    ['Shift_JIS', 'shift-jis.eml'],
    ['EUC-JP', 'euc-jp.eml'],
  ] as const) {
    it(`decodes ${charset} the same however the bytes are split`, () => {
      const body = fixtureBody(fixture);
      expect(decode(charset, [body]).trim()).toBe(JAPANESE_TEXT);
      for (let at = 0; at <= body.length; at++) {
        expect(decode(charset, [body.subarray(0, at), body.subarray(at)]).trim(), `split at ${at}`).toBe(JAPANESE_TEXT);
      }
      expect(
        decode(
          charset,
          [...body].map((b) => Buffer.from([b])),
        ).trim(),
      ).toBe(JAPANESE_TEXT);
    });
  }

  it('reads JIS C 6226-1978 (ESC $ @) and JIS X 0201 Roman (ESC ( J) like JIS X 0208 and ASCII', () => {
    expect(decode('iso-2022-jp', [esc('<ESC>$@$3$s<ESC>(Jab<ESC>$B$K<ESC>(B')])).toBe('こんabに');
  });

  it('decodes half-width kana shifted out with SO/SI as well as with ESC ( I', () => {
    expect(decode('iso-2022-jp', [esc('a\x0e123\x0fb<ESC>(I45<ESC>(Bc')])).toBe('aｱｲｳbｴｵc');
  });

  it('replaces what CP932 cannot carry (JIS X 0212) and goes on', () => {
    expect(decode('ISO-2022-JP-2', [esc('<ESC>$(D"/<ESC>(Bok')])).toBe('\uFFFDok');
  });

  it('ends an unfinished pair with one replacement character', () => {
    expect(decode('iso-2022-jp', [esc('<ESC>$B$3$')])).toBe('こ\uFFFD');
  });

  it('decodes a Shift_JIS body mislabelled ISO-2022-JP', () => {
    expect(decode('iso-2022-jp', [iconv.encode('請求書①', 'cp932')])).toBe('請求書①');
  });

  it('knows the labels mail uses', () => {
    expect(['ISO-2022-JP', 'iso-2022-jp-2', 'csISO2022JP', 'jis'].map(japaneseCodecOf)).toEqual(Array(4).fill('iso-2022-jp'));
    expect(['Shift_JIS', 'x-sjis', 'CP932', 'Windows-31J', 'MS_Kanji'].map(japaneseCodecOf)).toEqual(Array(5).fill('cp932'));
    expect(['EUC-JP', 'x-euc-jp'].map(japaneseCodecOf)).toEqual(['euc-jp', 'euc-jp']);
    expect(japaneseCodecOf('UTF-8')).toBeNull();
  });
});
