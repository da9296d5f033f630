// PDF lexical rules the scanner needs (ISO 32000-1 §7.2 and §7.3.5). Pure.

/** §7.2.2 white-space and delimiter characters end a name or a word. */
export function isDelimiter(b: number): boolean {
  return (
    b === 0x00 ||
    b === 0x09 ||
    b === 0x0a ||
    b === 0x0c ||
    b === 0x0d ||
    b === 0x20 ||
    b === 0x28 ||
    b === 0x29 ||
    b === 0x3c ||
    b === 0x3e ||
    b === 0x5b ||
    b === 0x5d ||
    b === 0x7b ||
    b === 0x7d ||
    b === 0x2f ||
    b === 0x25
  );
}

/** §7.3.5: "#" and two hex digits stand for that byte. */
export function decodeName(raw: readonly number[]): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x23 && i + 2 < raw.length && isHex(raw[i + 1]!) && isHex(raw[i + 2]!)) {
      out += String.fromCharCode(Number.parseInt(String.fromCharCode(raw[i + 1]!, raw[i + 2]!), 16));
      i += 2;
    } else out += String.fromCharCode(b);
  }
  return out;
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

export const ENDSTREAM = Buffer.from('endstream', 'latin1');
export const ENDOBJ = Buffer.from('endobj', 'latin1');
export const OBJ = [0x6f, 0x62, 0x6a];
export const STREAM = [0x73, 0x74, 0x72, 0x65, 0x61, 0x6d];

/** Byte classes (§7.2.2): REGULAR bytes make names and words; SPACE bytes start nothing here. */
export const REGULAR = 0;
export const SPACE = 1;
export const STARTS = 2;
export const CLASS = new Uint8Array(256).map((_, b) =>
  b === 0x2f || b === 0x28 || b === 0x25 ? STARTS : isDelimiter(b) ? SPACE : REGULAR,
);
/** First letters of the names compared (JS, JavaScript, OpenAction/ObjStm, AA, Launch/Length1, Encrypt, Filter/Fl…, Image, XRef, Metadata). */
export const INTERESTING_FIRST = new Uint8Array(256).map((_, b) => ('JOALEFIXM'.includes(String.fromCharCode(b)) ? 1 : 0));

export function isWord(token: readonly number[], word: readonly number[]): boolean {
  return token.length === word.length && token.every((b, i) => b === word[i]);
}
