// Adapter: mailparser's streaming MailParser with the three changes the relay needs, made where
// mailparser decides them (mail-parser.js createNode, mailparser 3.14.2; pinned in package.json):
// 1. every inline text part is labelled for the bounded body-text stream (body-text-stream.ts), so
//    UTF-8 and ASCII text is capped as it streams too, not collected whole;
// 2. a text part that names a file (Content-Type name= or Content-Disposition filename=) is an
//    attachment: mailparser would merge `text/plain; name=x.txt` without a Content-Disposition
//    into the body text, hiding the file from the attachment criteria (§3 criteria 10-14 of
//    docs/cegp/policies-and-content-filtering.md). The top-level part stays the body;
// 3. a raw 8-bit file name (no RFC 2231 or encoded-word; Japanese mailers send Shift_JIS) is read
//    again from the raw header: UTF-8 if it is valid UTF-8, else CP932, instead of U+FFFD.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import { MailParser } from 'mailparser';
import type { BodyTextBudget } from './body-text-stream.js';
import { bodyIconvFor } from './body-text-stream.js';

/** The part of mailsplit's MimeNode that createNode receives (@zone-eu/mailsplit lib/mime-node.js). */
interface SplitNode {
  root?: boolean;
  contentType?: string | false;
  charset?: string | false;
  filename?: string | false;
  /** Raw header lines: `line` is a binary string, one char per byte (mailsplit lib/headers.js). */
  headers: { getList(): { key: string; line: string }[] };
}

/** The node mailparser builds from it (mail-parser.js createNode). */
interface ParserNode {
  contentType?: string;
  disposition?: string;
  isAttachment?: boolean;
  charset?: string;
  decoder?: unknown;
  root?: boolean;
  headers: Map<string, unknown>;
}

/** What the parser saw of the top-level part, for `signed` (MessageFacts). */
export interface RootStructure {
  contentType: string;
  params: Record<string, string>;
}

const TEXT_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);
const baseCreateNode = (MailParser.prototype as unknown as { createNode(data: SplitNode): ParserNode }).createNode;

export class BoundedMailParser extends MailParser {
  root: RootStructure | null = null;
  readonly #budget: BodyTextBudget;

  constructor(budget: BodyTextBudget) {
    super({
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      checksumAlgo: 'sha256',
      Iconv: bodyIconvFor(budget),
    });
    this.#budget = budget;
  }

  createNode(data: SplitNode): ParserNode {
    const isRoot = !(this as unknown as { tree: unknown }).tree;
    const node = baseCreateNode.call(this, data);
    if (isRoot) {
      const ct = node.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
      this.root = { contentType: (node.contentType ?? ct?.value ?? 'text/plain').toLowerCase(), params: ct?.params ?? {} };
    }
    if (data.filename) {
      const recovered = rawFilename(data);
      if (recovered) data.filename = recovered;
    }
    const contentType = node.contentType ?? '';
    if (!node.decoder || !TEXT_TYPES.has(contentType)) return node;
    if (!node.isAttachment && !isRoot && data.filename) {
      node.isAttachment = true;
      node.disposition = 'attachment';
    }
    if (!node.isAttachment) {
      node.charset = this.#budget.label(
        typeof data.charset === 'string' ? data.charset : null,
        contentType === 'text/html' ? 'html' : 'text',
      );
    }
    return node;
  }
}

/**
 * The file name read again from the raw header bytes when they are 8-bit and not UTF-8 (see 3.
 * above; mailsplit reads such a header as latin1 and the name comes out garbled), else null.
 * Japanese mailers that send raw 8-bit names send Shift_JIS, so CP932 is the one guess.
 */
function rawFilename(data: SplitNode): string | null {
  for (const [header, param] of [
    ['content-disposition', 'filename'],
    ['content-type', 'name'],
  ] as const) {
    const line = data.headers.getList().find((entry) => entry.key === header)?.line;
    if (!line || !/[\x80-\xff]/.test(line)) continue;
    const bytes = Buffer.from(line, 'latin1');
    if (isUtf8(bytes)) return null; // mailsplit decoded it as UTF-8 already
    const value = libmime.parseHeaderValue(libmime.decodeHeader(iconv.decode(bytes, 'cp932')).value).params[param];
    if (value && !value.includes('\uFFFD')) return value;
  }
  return null;
}
