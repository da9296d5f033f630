import { describe, expect, it } from 'vitest';
import { isBareDomain, normalizeMailHost, normalizeName, unicodeName } from '../../src/domains/domain-name.js';

describe('normalizeName', () => {
  it.each([
    ['Example.CO.JP.', 'example.co.jp'],
    ['  example.com  ', 'example.com'],
    ['例え.jp', 'xn--r8jz45g.jp'],
    ['XN--R8JZ45G.JP', 'xn--r8jz45g.jp'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeName(input)).toEqual({ ok: true, name: expected });
  });

  it.each([
    ['', 'EMPTY'],
    ['.', 'EMPTY'],
    ['a..b', 'INVALID_CHARACTERS'],
    ['-a.com', 'INVALID_CHARACTERS'],
    ['a-.com', 'INVALID_CHARACTERS'],
    ['a_b.com', 'INVALID_CHARACTERS'],
    ['user@example.com', 'INVALID_CHARACTERS'],
    [`${'a'.repeat(64)}.com`, 'LABEL_TOO_LONG'],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}.com`, 'TOO_LONG'],
    ['com', 'SINGLE_LABEL'],
    ['example.123', 'NUMERIC_TLD'],
    ['10.0.0.1', 'IP_ADDRESS'],
    // The host parser would silently drop these and answer "example.com".
    ['exa\tmple.com', 'INVALID_CHARACTERS'],
    ['exa\nmple.com', 'INVALID_CHARACTERS'],
    ['example.com\t', 'INVALID_CHARACTERS'],
    ['ex\u00admple.com', 'INVALID_CHARACTERS'],
    ['ex\u200bample.com', 'INVALID_CHARACTERS'],
    ['ex\ufeffample.com', 'INVALID_CHARACTERS'],
    ['ex\ufe0fample.com', 'INVALID_CHARACTERS'],
    ['exa\u00a0mple.com', 'INVALID_CHARACTERS'],
    ['例え\u3000.jp', 'INVALID_CHARACTERS'],
    ['exa\u0000mple.com', 'INVALID_CHARACTERS'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(normalizeName(input)).toEqual({ ok: false, problem });
  });

  it('accepts service labels and a leading wildcard only in owner names', () => {
    expect(normalizeName('_dmarc.example.com', { ownerName: true })).toEqual({ ok: true, name: '_dmarc.example.com' });
    expect(normalizeName('*.example.com', { ownerName: true })).toEqual({ ok: true, name: '*.example.com' });
    expect(normalizeName('a.*.example.com', { ownerName: true }).ok).toBe(false);
    expect(normalizeName('_dmarc.example.com').ok).toBe(false);
  });

  it('shows punycode names in Unicode, round-tripping multi-label IDNs', () => {
    expect(unicodeName('xn--r8jz45g.jp')).toBe('例え.jp');
    const r = normalizeName('トレンド.例え.JP');
    expect(r.ok && r.name.startsWith('xn--') && r.name.endsWith('.xn--r8jz45g.jp')).toBe(true);
    expect(r.ok && unicodeName(r.name)).toBe('トレンド.例え.jp');
  });
});

describe('mail hosts', () => {
  it('tells a bare registrable domain from a host', () => {
    expect(isBareDomain('example.com')).toBe(true);
    expect(isBareDomain('example.co.jp')).toBe(true);
    expect(isBareDomain('mail.example.co.jp')).toBe(false);
    expect(isBareDomain('mail.example.com')).toBe(false);
  });

  it('accepts addresses and host names, refuses the domain itself', () => {
    expect(normalizeMailHost('192.0.2.1')).toEqual({ ok: true, host: '192.0.2.1', kind: 'ip' });
    expect(normalizeMailHost('[2001:DB8::1]')).toEqual({ ok: true, host: '2001:db8::1', kind: 'ip' });
    expect(normalizeMailHost('MailHost.Example.com')).toEqual({ ok: true, host: 'mailhost.example.com', kind: 'name' });
    expect(normalizeMailHost('corp.example.net.au', 'corp.example.net.au')).toEqual({ ok: false, problem: 'BARE_DOMAIN' });
  });
});
