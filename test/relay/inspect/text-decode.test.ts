import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeIso2022Jp, decodeText, sniffCharset } from '../../../src/relay/inspect/text-decode.js';

/** ISO-2022-JP by hand: ESC $ B, JIS X 0208 bytes, ESC ( B. */
function jis(sjisText: string): Buffer {
  const sjis = iconv.encode(sjisText, 'cp932');
  const out: number[] = [0x1b, 0x24, 0x42];
  for (let i = 0; i < sjis.length; i += 2) {
    let s1 = sjis[i]!;
    let s2 = sjis[i + 1]!;
    s1 -= s1 >= 0xe0 ? 0xb0 : 0x70;
    s1 <<= 1;
    if (s2 < 0x9f) {
      s1--;
      s2 -= s2 >= 0x80 ? 0x20 : 0x1f;
    } else s2 -= 0x7e;
    out.push(s1, s2);
  }
  out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

describe('decodeText', () => {
  it('decodes ISO-2022-JP, including NEC row 13 (①) and half-width kana (ESC ( I)', () => {
    const bytes = Buffer.concat([Buffer.from('Re: '), jis('請求書①（株）'), Buffer.from([0x1b, 0x28, 0x49, 0x31, 0x32, 0x1b, 0x28, 0x42])]);
    expect(sniffCharset(bytes, false)).toBe('iso-2022-jp');
    expect(decodeText(bytes, null)).toBe('Re: 請求書①（株）ｱｲ');
  });

  it('sniffs Shift_JIS, EUC-JP and UTF-8', () => {
    const text = '機密情報：社外秘の見積書です。';
    expect(decodeText(iconv.encode(text, 'cp932'), null)).toBe(text);
    expect(decodeText(iconv.encode(text, 'euc-jp'), null)).toBe(text);
    expect(decodeText(Buffer.from(text), null)).toBe(text);
  });

  it('uses the declared charset when the part gives one', () => {
    expect(decodeText(iconv.encode('秘密', 'cp932'), 'Shift_JIS')).toBe('秘密');
    expect(decodeText(jis('秘密'), 'ISO-2022-JP')).toBe('秘密');
  });

  it('reads UTF-8 cut in the middle of a character as UTF-8 when the bytes were truncated', () => {
    const cut = Buffer.from('社外秘').subarray(0, 7);
    expect(sniffCharset(cut, true)).toBe('utf-8');
  });

  it('never throws on broken ISO-2022-JP', () => {
    expect(() => decodeIso2022Jp(Buffer.from([0x1b, 0x24, 0x42, 0x30]))).not.toThrow();
    expect(decodeIso2022Jp(Buffer.from([0x1b, 0x24, 0x42, 0x30]))).toContain('\uFFFD');
  });
});
