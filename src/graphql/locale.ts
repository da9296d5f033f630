// Messages in Japanese or English by Accept-Language (RFC 9110 §12.5.4): the first
// language range with the highest weight that we have wins; English otherwise.
import type { Locale } from '../platform/errors.js';

export function localeFrom(header: string | null | undefined): Locale {
  if (!header) return 'en';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranges) {
    if (r.tag === 'ja' || r.tag.startsWith('ja-')) return 'ja';
    if (r.tag === 'en' || r.tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
