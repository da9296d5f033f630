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
