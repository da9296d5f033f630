// Converts a hand-written fixture member between UTF-8 (for editing) and the charset its XML
// declaration names (as stored on disk), with iconv-lite:
//   node --import tsx scripts/export-generator/reencode-fixture.ts encode <file.xml>
//   node --import tsx scripts/export-generator/reencode-fixture.ts decode <file.xml>
// `encode` refuses text that does not round-trip (a character outside JIS X 0208).
import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

function declaredEncoding(bytes: Uint8Array): string {
  // The declaration is ASCII in UTF-8, Shift_JIS and EUC-JP alike.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const m = /^<\?xml[^>]*encoding="([^"]+)"/.exec(head);
  if (!m) throw new Error('The file has no XML declaration with an encoding.');
  return m[1]!;
}

function main([mode, file]: string[]): number {
  if ((mode !== 'encode' && mode !== 'decode') || !file) {
    process.stderr.write('Usage: reencode-fixture.ts encode|decode <file.xml>\n');
    return 2;
  }
  const bytes = readFileSync(file);
  const encoding = declaredEncoding(bytes);
  if (!/^(Shift_JIS|EUC-JP)$/.test(encoding)) {
    process.stderr.write(`${file} declares ${encoding}; only Shift_JIS and EUC-JP members need converting.\n`);
    return 2;
  }
  if (mode === 'encode') {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const encoded = iconv.encode(text, encoding);
    if (iconv.decode(encoded, encoding) !== text) {
      process.stderr.write(`${file} has characters that ${encoding} cannot represent.\n`);
      return 1;
    }
    writeFileSync(file, encoded);
  } else {
    writeFileSync(file, iconv.decode(bytes, encoding));
  }
  process.stdout.write(`${file}: ${mode}d (${encoding})\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
