// The message parser's memory on large messages (src/relay/parse-message.ts): generates 50 MB
// messages into a temporary directory — an ISO-2022-JP text body (the case that took mailparser
// 2.7 GB and 46 s), a 50 MB attachment, and for comparison a UTF-8 text body and an HTML body —
// parses each in its own child process and prints peak RSS (process.resourceUsage().maxRSS),
// the RSS added by parsing (peak minus the RSS before it) and the time. Target: < 300 MB added.
// `npm run bench:parse-memory` (or node --import tsx scripts/bench/parse-memory.ts [--mb N]).
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const MB = 1_000_000;
const TARGET_ADDED_MB = 300;

async function writeRepeated(out: WriteStream, line: Buffer, totalBytes: number): Promise<void> {
  const block = Buffer.concat(Array.from({ length: Math.max(1, Math.floor(65_536 / line.length)) }, () => line));
  for (let written = 0; written < totalBytes; written += block.length) {
    if (!out.write(block)) await once(out, 'drain');
  }
}

async function writeMessage(path: string, head: string, body: (out: WriteStream) => Promise<void>, tail = ''): Promise<void> {
  const out = createWriteStream(path);
  out.write(head.replace(/\n/g, '\r\n'));
  await body(out);
  out.end(tail.replace(/\n/g, '\r\n'));
  await once(out, 'finish');
}

const HEAD = (subject: string, type: string) =>
  `From: Bench <bench@example.jp>\nTo: user@example.com\nSubject: ${subject}\nMessage-ID: <bench@example.jp>\nMIME-Version: 1.0\n${type}\n\n`;

/** One ISO-2022-JP line: kanji, NEC specials, half-width kana, ASCII. */
function jisLine(): Buffer {
  const sjis = iconv.encode('お支払いのお願い①（株）', 'cp932');
  const jis: number[] = [0x1b, 0x24, 0x42];
  for (let i = 0; i < sjis.length; i += 2) {
    let [s1, s2] = [sjis[i]!, sjis[i + 1]!];
    s1 = (s1 >= 0xe0 ? s1 - 0xb0 : s1 - 0x70) * 2;
    if (s2 >= 0x9f) s2 -= 0x7e;
    else {
      s1 -= 1;
      s2 -= s2 >= 0x80 ? 0x20 : 0x1f;
    }
    jis.push(s1, s2);
  }
  jis.push(0x1b, 0x28, 0x49, 0x31, 0x32, 0x33, 0x1b, 0x28, 0x42);
  return Buffer.concat([Buffer.from(jis), Buffer.from(' invoice 12345\r\n')]);
}

async function generate(dir: string, sizeBytes: number): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    'ISO-2022-JP text body': join(dir, 'iso-2022-jp.eml'),
    'attachment (base64)': join(dir, 'attachment.eml'),
    'UTF-8 text body': join(dir, 'utf-8.eml'),
    'HTML body': join(dir, 'html.eml'),
  };
  await writeMessage(files['ISO-2022-JP text body']!, HEAD('jis', 'Content-Type: text/plain; charset=ISO-2022-JP'), (out) =>
    writeRepeated(out, jisLine(), sizeBytes),
  );
  const random = Buffer.alloc(57 * 1024);
  for (let i = 0; i < random.length; i++) random[i] = (i * 2_654_435_761) >>> 24;
  const base64Block = Buffer.from(`${random.toString('base64').replace(/(.{76})/g, '$1\r\n')}\r\n`);
  await writeMessage(
    files['attachment (base64)']!,
    HEAD('attachment', 'Content-Type: multipart/mixed; boundary="b"') +
      '--b\nContent-Type: text/plain\n\nSee attached.\n--b\nContent-Type: application/octet-stream; name="big.bin"\nContent-Disposition: attachment; filename="big.bin"\nContent-Transfer-Encoding: base64\n\n',
    (out) => writeRepeated(out, base64Block, Math.ceil((sizeBytes * 4) / 3)),
    '--b--\n',
  );
  await writeMessage(files['UTF-8 text body']!, HEAD('utf8', 'Content-Type: text/plain; charset=UTF-8'), (out) =>
    writeRepeated(out, Buffer.from('お支払いのお願い①（株）ｱｲｳ invoice 12345\r\n'), sizeBytes),
  );
  await writeMessage(files['HTML body']!, HEAD('html', 'Content-Type: text/html; charset=UTF-8'), (out) =>
    writeRepeated(out, Buffer.from('<p style="color:red">Dear <b>customer</b>, please &amp; pay</p>\r\n'), sizeBytes),
  );
  return files;
}

async function child(path: string): Promise<void> {
  const { emptyInspection, parseMessage } = await import('../../src/relay/parse-message.js');
  const tempDir = mkdtempSync(join(tmpdir(), 'parse-memory-att-'));
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const { facts } = await parseMessage(
    {
      path,
      sizeBytes: statSync(path).size,
      direction: 'INBOUND',
      envelope: { sender: 'bench@example.jp', recipients: ['user@example.com'] },
    },
    { tempDir, inspect: async () => emptyInspection() },
  );
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  rmSync(tempDir, { recursive: true, force: true });
  const summary = {
    baselineMB: before / MB,
    peakMB: peak / MB,
    addedMB: (peak - before) / MB,
    seconds: ms / 1000,
    bodyTextChars: facts.bodyText.length,
    attachments: facts.attachments.map((a) => a.sizeBytes),
    cuts: facts.cuts.map((c) => c.item),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) return child(process.argv[childAt + 1]!);
  const mbAt = process.argv.indexOf('--mb');
  const sizeBytes = (mbAt >= 0 ? Number(process.argv[mbAt + 1]) : 50) * MB;
  const dir = mkdtempSync(join(tmpdir(), 'parse-memory-'));
  try {
    process.stdout.write(`generating ${sizeBytes / MB} MB messages in ${dir}\n`);
    const files = await generate(dir, sizeBytes);
    process.stdout.write(
      '| message | file MB | peak RSS MB | added RSS MB | s | body chars kept | cuts |\n|---|---|---|---|---|---|---|\n',
    );
    let failed = false;
    for (const [name, path] of Object.entries(files)) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', path], {
        encoding: 'utf8',
      });
      const r = JSON.parse(out.trim().split('\n').pop()!);
      const ok = r.addedMB < TARGET_ADDED_MB;
      failed ||= !ok;
      process.stdout.write(
        `| ${name} | ${(statSync(path).size / MB).toFixed(1)} | ${r.peakMB.toFixed(0)} | ${r.addedMB.toFixed(0)} ${ok ? '✓' : '✗'} | ${r.seconds.toFixed(2)} | ${r.bodyTextChars} | ${r.cuts.join(' ') || '-'} |\n`,
      );
    }
    process.stdout.write(`target: < ${TARGET_ADDED_MB} MB added RSS per message${failed ? ' — MISSED (✗)' : ' — met'}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
