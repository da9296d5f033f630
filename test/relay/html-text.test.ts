// The HTML body's text for the keyword criteria.
import { describe, expect, it } from 'vitest';
import { decodeCharacterReferences, htmlToText } from '../../src/relay/html-text.js';

describe('htmlToText', () => {
  it('drops tags, comments, scripts and styles, and breaks lines at blocks', () => {
    expect(
      htmlToText(
        '<html><head><title>T</title><style>p{x:1}</style></head><body><p>請求<b>書</b></p><div>three</div><!-- <p>no</p> --><SCRIPT>no()</SCRIPT>four</body></html>',
      ),
    ).toBe('T\n請求書\nthree\nfour');
  });

  it('keeps a "<" that starts no tag, and collapses whitespace', () => {
    expect(htmlToText('a < b  and\t\tc <3\n\n\n d')).toBe('a < b and c <3\nd');
  });

  it('decodes character references, named and numeric, and leaves unknown ones', () => {
    expect(decodeCharacterReferences('&lt;&amp;&#x6CE8;&#24847;&nbsp;&unknown;&#xD800;&')).toBe('<&注意\u00a0&unknown;&#xD800;&');
  });

  it('stays linear on hostile markup', () => {
    const text = htmlToText(`${'<script>'.repeat(10_000)}${'&'.repeat(100_000)};${'<a '.repeat(10_000)}`);
    expect(text.length).toBeLessThan(200_000);
  });
});
