// Pure. The text of an HTML body for the keyword criteria (docs/cegp/policies-and-content-filtering.md
// §3 criterion 8: "the text of text/html parts without tags"): tags, comments, <script>/<style>
// content dropped, character references decoded, whitespace collapsed. Not a
// renderer: one forward pass with indexOf, linear in the input, which the parse budget already
// caps (MAX_HTML_SOURCE_CHARS), so the work is bounded; mailparser's html-to-text is skipped
// (skipHtmlToText) because it builds a DOM of the whole part first.

/** Elements whose content is not text a reader sees. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'xml']);
/** Elements that break a line: their text must not run into the next word ("<p>a</p><p>b</p>" is two words). */
const BLOCK_ELEMENTS = new Set(
  'address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead title tr ul'.split(
    ' ',
  ),
);

/** The named character references mail HTML uses in practice; others are left as written. */
const NAMED_REFERENCES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  copy: '©',
  reg: '®',
  trade: '™',
  yen: '¥',
  euro: '€',
  pound: '£',
  cent: '¢',
  sect: '§',
  para: '¶',
  middot: '·',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  deg: '°',
  times: '×',
  divide: '÷',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
};

/** Longest character reference looked at ("&#x10FFFF;" and the names above fit). */
const MAX_REFERENCE_LENGTH = 12;

function decodeReference(body: string): string | null {
  if (body.startsWith('#x') || body.startsWith('#X'))
    return codePoint(Number.parseInt(body.slice(2), 16), /^[0-9a-fA-F]+$/.test(body.slice(2)));
  if (body.startsWith('#')) return codePoint(Number.parseInt(body.slice(1), 10), /^[0-9]+$/.test(body.slice(1)));
  return Object.hasOwn(NAMED_REFERENCES, body) ? NAMED_REFERENCES[body]! : null;
}

function codePoint(value: number, valid: boolean): string | null {
  if (!valid || !Number.isFinite(value) || value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return null;
  return value === 0 ? '\uFFFD' : String.fromCodePoint(value);
}

/** Character references decoded (HTML's own set, the common names). */
export function decodeCharacterReferences(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let from = 0;
  let amp = text.indexOf('&');
  while (amp >= 0) {
    // Looked for within MAX_REFERENCE_LENGTH only: a search to the end per "&" would be quadratic.
    const near = text.slice(amp + 1, amp + 2 + MAX_REFERENCE_LENGTH).indexOf(';');
    const semi = near < 0 ? -1 : amp + 1 + near;
    if (semi >= 0) {
      const decoded = decodeReference(text.slice(amp + 1, semi));
      if (decoded !== null) {
        out += text.slice(from, amp) + decoded;
        from = semi + 1;
      }
    }
    amp = text.indexOf('&', Math.max(amp + 1, from));
  }
  return out + text.slice(from);
}

/** The tag name at `lt` ("<p class=x>" → "p", "</TD>" → "td"), '' for "<!" and "<?". */
function tagName(html: string, lt: number): string {
  let i = lt + 1;
  if (html[i] === '/') i++;
  const start = i;
  while (i < html.length && /[A-Za-z0-9]/.test(html[i]!)) i++;
  return html.slice(start, i).toLowerCase();
}

/** The text of `html` (see the file comment). */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const pieces: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      pieces.push(html.slice(i));
      break;
    }
    pieces.push(html.slice(i, lt));
    const next = html[lt + 1];
    if (next === undefined || !/[A-Za-z/!?]/.test(next)) {
      // "a < b": not a tag, the text keeps its "<"
      pieces.push('<');
      i = lt + 1;
      continue;
    }
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break; // an unterminated tag at the end: not text
    const name = tagName(html, lt);
    i = gt + 1;
    if (HIDDEN_ELEMENTS.has(name) && html[lt + 1] !== '/') {
      const close = lower.indexOf(`</${name}`, i);
      i = close < 0 ? html.length : close;
      continue;
    }
    // An inline tag adds nothing: "請求<b>書</b>" reads 請求書, as a browser shows it.
    if (BLOCK_ELEMENTS.has(name)) pieces.push('\n');
  }
  return collapseWhitespace(decodeCharacterReferences(pieces.join('')));
}

/** Runs of spaces and tabs become one space, runs of blank lines one line break; lines trimmed. */
function collapseWhitespace(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.replace(/[ \t\f\u00a0]+/g, ' ').trim();
    if (trimmed !== '') lines.push(trimmed);
  }
  return lines.join('\n');
}
