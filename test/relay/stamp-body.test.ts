import { describe, expect, it } from 'vitest';
import { detectEol, findBodyTags, jisEndsInAscii, spliceHtmlStamp, spliceTextStamp, stampTextLines } from '../../src/relay/stamp-body.js';
import { jis, KONNICHIWA_JIS } from '../support/eml.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('findBodyTags', () => {
  it('skips comments, lookalike tags and quoted ">" in attributes', () => {
    const html = b('<!-- <body> --><bodyx><body data-x="a>b" class=\'c\'>text</body><!-- </body> -->');
    const tags = findBodyTags(html, false);
    expect(html.subarray(0, tags.openEnd).toString('latin1')).toMatch(/class='c'>$/);
    expect(html.subarray(tags.closeStart).toString('latin1')).toBe('</body><!-- </body> -->');
  });

  it('sees ISO-2022-JP tags only in the ASCII state', () => {
    const html = jis([0x3c, 0x62, 0x6f, 0x64, 0x79, 0x3e], '<body>', KONNICHIWA_JIS, '</BODY>');
    const tags = findBodyTags(html, true);
    expect(html.subarray(tags.openEnd - 6, tags.openEnd).toString('latin1')).toBe('<body>');
    expect(findBodyTags(html, false).openEnd).toBeLessThan(tags.openEnd); // read as ASCII, the JIS bytes would be a tag
  });
});

describe('splicing', () => {
  it('puts a text stamp and a blank line before, or a blank line and the stamp after', () => {
    expect(spliceTextStamp(b('body'), b('S'), 'BEGINNING', '\r\n').toString()).toBe('S\r\n\r\nbody');
    expect(spliceTextStamp(b('body\r\n'), b('S'), 'END', '\r\n').toString()).toBe('body\r\n\r\nS\r\n');
    expect(spliceTextStamp(b('body'), b('S'), 'END', '\n').toString()).toBe('body\n\nS\n');
  });

  it('resets ISO-2022-JP to ASCII before an END stamp when the body does not', () => {
    const unterminated = Buffer.concat([b('\x1b$B'), Buffer.from(KONNICHIWA_JIS)]);
    expect(jisEndsInAscii(unterminated)).toBe(false);
    expect(jisEndsInAscii(jis(KONNICHIWA_JIS))).toBe(true);
    const out = spliceTextStamp(unterminated, b('S'), 'END', '\r\n', b('\x1b(B'));
    expect(out.subarray(unterminated.length).toString('latin1')).toBe('\x1b(B\r\n\r\nS\r\n');
  });

  it('puts an HTML stamp after <body>, before </body>, or at the edges without them', () => {
    expect(spliceHtmlStamp(b('<html><body class=a>x</body></html>'), b('<p>S</p>'), 'BEGINNING', false).toString()).toBe(
      '<html><body class=a><p>S</p>x</body></html>',
    );
    expect(spliceHtmlStamp(b('<body>x</body>'), b('<p>S</p>'), 'END', false).toString()).toBe('<body>x<p>S</p></body>');
    expect(spliceHtmlStamp(b('x'), b('S'), 'END', false).toString()).toBe('xS');
  });
});

describe('stamp text', () => {
  it('takes the part line ending, and space-stuffs and trims lines for format=flowed', () => {
    expect(stampTextLines('a\nb\r\nc\n\n', '\r\n', false)).toBe('a\r\nb\r\nc');
    expect(stampTextLines('From me  \n>x\n y', '\r\n', true)).toBe(' From me\r\n >x\r\n  y');
    expect(detectEol(b('a\nb'))).toBe('\n');
    expect(detectEol(b('a\r\nb'))).toBe('\r\n');
    expect(detectEol(b('ab'))).toBe('\r\n');
  });
});
