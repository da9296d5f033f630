// XML text building and charset encoding for the generated members (spec §2).
import iconv from 'iconv-lite';

export type XmlEncoding = 'UTF-8' | 'Shift_JIS' | 'EUC-JP';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text and attribute values alike (quotes too, so one function serves both). */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Renders ` a="1" b="x"`, skipping undefined values. */
export function attrs(values: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) out += ` ${name}="${esc(String(value))}"`;
  }
  return out;
}

/** A whole document: declaration naming the charset, then the body lines. */
export function xmlDocument(encoding: XmlEncoding, body: string[]): string {
  return `<?xml version="1.0" encoding="${encoding}"?>\n${body.join('\n')}\n`;
}

/** Bytes of `text` in `encoding`; every character generated is representable in JIS X 0208. */
export function encodeText(text: string, encoding: XmlEncoding): Uint8Array {
  if (encoding === 'UTF-8') return new TextEncoder().encode(text);
  return new Uint8Array(iconv.encode(text, encoding));
}
