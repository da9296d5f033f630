// Pure. The rehearsal's deterministic test signals (MessageFacts.signals), which stand in for the
// verdicts of the real scan engines so that a policy can be tested with a hand-written message:
// the GTUBE string (SpamAssassin's Generic Test for Unsolicited Bulk Email) and the
// X-Rehearsal-Signal header.
//
// X-Rehearsal-Signal grammar (ABNF, RFC 5234; case-insensitive; any number of such fields, all read):
//   field-value = item *( "," item )
//   item        = *WSP kind [ *WSP "=" *WSP level ] *WSP
//   kind        = 1*( ALPHA / DIGIT / "-" / "_" )
//                 ; spam | bec | bec-writing-style | phishing | graymail | web-reputation | anomaly
//   level       = "lowest" / "low" / "moderately-low" / "moderately-high" / "high" / "highest"
//                 ; "_" may stand for "-"; absent means highest
// e.g. `X-Rehearsal-Signal: bec=high, phishing` → BEC at HIGH, PHISHING at HIGHEST.
// A known kind and level come out in SCREAMING_SNAKE (BEC_WRITING_STYLE, MODERATELY_HIGH); an
// unknown kind is kept as written (the engine matches no criterion on it, the trace shows it); a
// level that is not in the list is null. `raw` is the item as written. Empty items are skipped.

/** The GTUBE test string (spamassassin.apache.org/gtube/): a message containing it is spam for every engine. */
export const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

export const SIGNAL_KINDS = ['SPAM', 'BEC', 'BEC_WRITING_STYLE', 'PHISHING', 'GRAYMAIL', 'WEB_REPUTATION', 'ANOMALY'] as const;
export const SIGNAL_LEVELS = ['LOWEST', 'LOW', 'MODERATELY_LOW', 'MODERATELY_HIGH', 'HIGH', 'HIGHEST'] as const;
export const DEFAULT_SIGNAL_LEVEL = 'HIGHEST';

/** Signals kept per message: far more than a test needs; bounds a header stuffed with commas. */
export const MAX_HEADER_SIGNALS = 64;
/** Characters kept of one item's `raw` text. */
export const MAX_SIGNAL_RAW_CHARS = 200;

export interface HeaderSignal {
  kind: string;
  level: string | null;
  raw: string;
}

const KINDS = new Set<string>(SIGNAL_KINDS);
const LEVELS = new Set<string>(SIGNAL_LEVELS);

function snake(word: string): string {
  return word.trim().toUpperCase().replace(/-/g, '_');
}

/** Parses the values of every X-Rehearsal-Signal field, in order (see the grammar above). */
export function parseRehearsalSignals(values: readonly string[]): HeaderSignal[] {
  const signals: HeaderSignal[] = [];
  for (const value of values) {
    for (const item of value.split(',')) {
      if (signals.length >= MAX_HEADER_SIGNALS) return signals;
      const raw = item.trim().slice(0, MAX_SIGNAL_RAW_CHARS);
      if (raw === '') continue;
      const eq = raw.indexOf('=');
      const kindText = (eq < 0 ? raw : raw.slice(0, eq)).trim();
      const levelText = eq < 0 ? null : raw.slice(eq + 1).trim();
      if (kindText === '') continue;
      const kind = KINDS.has(snake(kindText)) ? snake(kindText) : kindText;
      let level: string | null = DEFAULT_SIGNAL_LEVEL;
      if (levelText !== null) level = LEVELS.has(snake(levelText)) ? snake(levelText) : null;
      signals.push({ kind, level, raw });
    }
  }
  return signals;
}

/**
 * Finds GTUBE in text that arrives in pieces, however it is split: keeps the last
 * GTUBE.length - 1 characters of the previous piece. Constant memory.
 */
export class GtubeMatcher {
  #tail = '';
  #found = false;

  get found(): boolean {
    return this.#found;
  }

  feed(text: string): void {
    if (this.#found || text === '') return;
    const window = this.#tail + text;
    if (window.includes(GTUBE)) {
      this.#found = true;
      this.#tail = '';
      return;
    }
    this.#tail = window.slice(-(GTUBE.length - 1));
  }
}
