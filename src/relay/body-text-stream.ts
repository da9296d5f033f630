// The bounded decoding of a message's body text, plugged into mailparser as its `Iconv` option
// (mailparser dist/esm/mail-parser.js IconvDecoder: `new Iconv(fromCharset, 'UTF-8//…')`, a
// stream written the part's bytes, read as UTF-8 Buffers). mailparser collects the decoded text of
// every inline text part whole, and skips the Iconv stage for UTF-8 and ASCII parts, so
// bounded-mail-parser.ts gives every inline text part an opaque label from BodyTextBudget.label()
// as its charset: all body text then passes here, is decoded (charset-decoder.ts, streaming for the
// Japanese charsets) and only the budget's characters are passed on — the rest is decoded, looked
// at for non-whitespace and GTUBE, and dropped, so it is never held in memory.
import { Transform, type TransformCallback } from 'node:stream';
import { createTextDecoder } from './charset-decoder.js';
import type { TextChunkDecoder } from './japanese-decoder.js';
import { GtubeMatcher } from './test-signals.js';

export type BodyPartKind = 'text' | 'html';

interface LabelledPart {
  charset: string | null;
  kind: BodyPartKind;
}

const LABEL_PREFIX = 'x-cegp-body-part-';

/** Per message: the characters left for text and for HTML, and what the streams saw. */
export class BodyTextBudget {
  readonly #parts = new Map<string, LabelledPart>();
  readonly gtube = new GtubeMatcher();
  /** Some body part had a character that is not whitespace (criterion 9). */
  nonBlank = false;
  textCut = false;
  htmlCut = false;
  #textLeft: number;
  #htmlLeft: number;

  constructor(textChars: number, htmlChars: number) {
    this.#textLeft = textChars;
    this.#htmlLeft = htmlChars;
  }

  /** A charset label standing for this part's real charset and kind, for mailparser to pass back to BodyIconv. */
  label(charset: string | null, kind: BodyPartKind): string {
    const label = `${LABEL_PREFIX}${this.#parts.size}`;
    this.#parts.set(label, { charset, kind });
    return label;
  }

  resolve(label: string): LabelledPart {
    // An unlabelled charset reaches here only if mailparser routed a part we did not see: text budget.
    return this.#parts.get(label) ?? { charset: label, kind: 'text' };
  }

  /** The part of `text` the budget keeps (and the accounting for what it drops). */
  take(kind: BodyPartKind, text: string): string {
    if (!this.nonBlank && /\S/u.test(text)) this.nonBlank = true;
    this.gtube.feed(text);
    const left = kind === 'text' ? this.#textLeft : this.#htmlLeft;
    let kept = text;
    if (text.length > left) {
      kept = text.slice(0, left);
      // Never end on half a surrogate pair: it would become U+FFFD on its way to UTF-8.
      const last = kept.charCodeAt(kept.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) kept = kept.slice(0, -1);
      // Nor on the CR of a CRLF, which mailparser would leave as a stray CR at the end of the text.
      if (kept.endsWith('\r')) kept = kept.slice(0, -1);
      // Once cut, a kind keeps nothing more: no later part's text is spliced on past the gap.
      if (kind === 'text') [this.textCut, this.#textLeft] = [true, 0];
      else [this.htmlCut, this.#htmlLeft] = [true, 0];
      return kept;
    }
    if (kind === 'text') this.#textLeft -= kept.length;
    else this.#htmlLeft -= kept.length;
    return kept;
  }
}

/** mailparser's IconvConstructor shape: `new Iconv(from, to)` → a stream of UTF-8 Buffers. */
export type BodyIconvConstructor = new (fromCharset: string, toCharset: string) => Transform;

/** The Iconv class for one message's parser: every stream it makes draws on `budget`. */
export function bodyIconvFor(budget: BodyTextBudget): BodyIconvConstructor {
  return class BodyIconv extends Transform {
    readonly #decoder: TextChunkDecoder;
    readonly #kind: BodyPartKind;
    #highSurrogate = '';

    constructor(fromCharset: string, _toCharset: string) {
      super();
      const part = budget.resolve(fromCharset);
      this.#decoder = createTextDecoder(part.charset);
      this.#kind = part.kind;
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      try {
        this.#pushText(this.#decoder.write(chunk), false);
        done();
      } catch (err) {
        done(err as Error);
      }
    }

    override _flush(done: TransformCallback): void {
      try {
        this.#pushText(this.#decoder.end(), true);
        done();
      } catch (err) {
        done(err as Error);
      }
    }

    // A decoder may return the halves of a surrogate pair from separate writes (libmime's DecodeStream does the same).
    #pushText(decoded: string, final: boolean): void {
      let text = this.#highSurrogate + decoded;
      this.#highSurrogate = '';
      const last = text.charCodeAt(text.length - 1);
      if (!final && last >= 0xd800 && last <= 0xdbff) {
        this.#highSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      if (text === '') return;
      const kept = budget.take(this.#kind, text);
      if (kept !== '') this.push(Buffer.from(kept, 'utf8'));
    }
  };
}
