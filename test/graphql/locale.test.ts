import { describe, expect, it } from 'vitest';
import { localeFrom } from '../../src/graphql/locale.js';

describe('localeFrom', () => {
  it.each([
    [undefined, 'en'],
    ['ja', 'ja'],
    ['ja-JP,ja;q=0.9,en-US;q=0.8', 'ja'],
    ['en-US,en;q=0.9,ja;q=0.8', 'en'],
    ['fr-FR,ja;q=0.5', 'ja'],
    ['en;q=0.2,ja;q=0.8', 'ja'],
    ['ja;q=0', 'en'],
    ['de', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(localeFrom(header)).toBe(locale);
  });
});
