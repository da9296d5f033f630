// The X-Rehearsal-Signal grammar and the GTUBE matcher.
import { describe, expect, it } from 'vitest';
import { GTUBE, GtubeMatcher, MAX_HEADER_SIGNALS, parseRehearsalSignals } from '../../src/relay/test-signals.js';

describe('parseRehearsalSignals', () => {
  it('reads kind[=level] lists across fields, any case, "_" for "-"', () => {
    expect(parseRehearsalSignals(['BEC-Writing-Style = Moderately_High , spam', ' web-reputation=lowest,anomaly=LOW'])).toEqual([
      { kind: 'BEC_WRITING_STYLE', level: 'MODERATELY_HIGH', raw: 'BEC-Writing-Style = Moderately_High' },
      { kind: 'SPAM', level: 'HIGHEST', raw: 'spam' },
      { kind: 'WEB_REPUTATION', level: 'LOWEST', raw: 'web-reputation=lowest' },
      { kind: 'ANOMALY', level: 'LOW', raw: 'anomaly=LOW' },
    ]);
  });

  it('keeps unknown kinds as written, an unknown level as null, and skips empty items', () => {
    expect(parseRehearsalSignals(['sandbox=high, ,phishing=severe,=high'])).toEqual([
      { kind: 'sandbox', level: 'HIGH', raw: 'sandbox=high' },
      { kind: 'PHISHING', level: null, raw: 'phishing=severe' },
    ]);
  });

  it('stops at MAX_HEADER_SIGNALS', () => {
    expect(parseRehearsalSignals([Array(500).fill('spam').join(',')])).toHaveLength(MAX_HEADER_SIGNALS);
  });
});

describe('GtubeMatcher', () => {
  it('finds GTUBE split across pieces at any point', () => {
    const text = `before ${GTUBE} after`;
    for (let at = 0; at <= text.length; at++) {
      const matcher = new GtubeMatcher();
      matcher.feed(text.slice(0, at));
      matcher.feed(text.slice(at));
      expect(matcher.found, `split at ${at}`).toBe(true);
    }
    const none = new GtubeMatcher();
    none.feed(GTUBE.slice(0, 30));
    none.feed(` ${GTUBE.slice(30)}`);
    expect(none.found).toBe(false);
  });
});
