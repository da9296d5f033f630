// parseMessage on hostile and oversized input: budgets cut and say so in `cuts`, the parser's
// own refusals become cuts instead of errors, and nothing throws except an unreadable spool file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParseBudget } from '../../src/relay/parse-budget.js';
import { type AttachmentToInspect, emptyInspection, parseMessage } from '../../src/relay/parse-message.js';
import { GTUBE } from '../../src/relay/test-signals.js';

const tempDir = mkdtempSync(join(tmpdir(), 'parse-hostile-test-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

let counter = 0;
async function parse(
  raw: string | Buffer,
  budget?: Partial<ParseBudget>,
  inspect: (a: AttachmentToInspect) => Promise<ReturnType<typeof emptyInspection>> = async () => emptyInspection(),
) {
  const path = join(tempDir, `m${counter++}.eml`);
  const bytes = typeof raw === 'string' ? Buffer.from(raw.replace(/\r?\n/g, '\r\n')) : raw;
  writeFileSync(path, bytes);
  return parseMessage(
    { path, sizeBytes: bytes.length, direction: 'OUTBOUND', envelope: { sender: '', recipients: ['a@example.com'] } },
    { tempDir, inspect, budget },
  );
}

const mixed = (parts: string[]) =>
  `From: a@example.jp\nContent-Type: multipart/mixed; boundary=b\n\n${parts.map((p) => `--b\n${p}\n`).join('')}--b--\n`;
const attachment = (i: number) =>
  `Content-Type: application/octet-stream\nContent-Disposition: attachment; filename="f${i}.bin"\n\nbytes ${i}`;

describe('parseMessage budgets', () => {
  it('keeps only the text budget of the body, and still sees GTUBE and non-blank text past it', async () => {
    const body = `${' '.repeat(500)}${'a'.repeat(500)} ${GTUBE}\n`;
    const { facts } = await parse(`From: a@example.jp\nContent-Type: text/plain\n\n${body}`, { textChars: 100 });
    expect(facts.bodyText.length).toBeLessThanOrEqual(100);
    expect(facts.bodyBlank).toBe(false);
    expect(facts.signals.gtube).toBe(true);
    expect(facts.cuts).toContainEqual({ item: 'TEXT_CHARS', detail: 'body text after 100 characters not scanned' });
  });

  it('keeps exactly the first characters of a long ISO-2022-JP body', async () => {
    const line = Buffer.from('\x1b$B$3$s$K$A$O\x1b(B abc\r\n', 'latin1'); // こんにちは abc
    const raw = Buffer.concat([
      Buffer.from('From: a@example.jp\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n'),
      ...Array(2000).fill(line),
    ]);
    const { facts } = await parse(raw, { textChars: 1000 });
    const full = 'こんにちは abc\n'.repeat(2000);
    expect(facts.bodyText.length).toBeGreaterThan(900);
    expect(full.startsWith(facts.bodyText)).toBe(true);
    expect(facts.cuts.map((c) => c.item)).toContain('TEXT_CHARS');
  });

  it('caps the HTML source turned into text', async () => {
    const { facts } = await parse(`From: a@example.jp\nContent-Type: text/html\n\n${'<p>word</p>'.repeat(1000)}`, { htmlSourceChars: 110 });
    expect(facts.bodyText.split('\n').length).toBeLessThanOrEqual(10);
    expect(facts.cuts.map((c) => c.item)).toContain('HTML_CHARS');
  });

  it('inspects the first attachments, lists more without inspecting, and counts the rest', async () => {
    const inspected: string[] = [];
    const { facts, attachmentFiles } = await parse(
      mixed(['Content-Type: text/plain\n\nbody', ...[0, 1, 2, 3, 4].map(attachment)]),
      { attachmentsInspected: 2, attachmentFacts: 3 },
      async (a) => {
        inspected.push(a.filename ?? '');
        return { ...emptyInspection(), trueType: 'bin' };
      },
    );
    expect(inspected).toEqual(['f0.bin', 'f1.bin']);
    expect(attachmentFiles).toHaveLength(2);
    expect(facts.attachments.map((a) => [a.filename, a.trueType])).toEqual([
      ['f0.bin', 'bin'],
      ['f1.bin', 'bin'],
      ['f2.bin', null],
    ]);
    expect(facts.attachments[2]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.attachments[2]?.sizeBytes).toBe('bytes 2'.length);
    expect(facts.cuts).toEqual([
      { item: 'ATTACHMENTS', detail: '1 attachments after the first 2 not inspected' },
      { item: 'ATTACHMENTS', detail: '2 attachments after the first 3 not listed' },
    ]);
  });

  it('keeps the header budget, and still decodes a Subject past it', async () => {
    const fields = Array.from({ length: 20 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(i === 0 ? 100 : 1)}`).join('\n');
    const { facts } = await parse(`${fields}\nSubject: =?UTF-8?B?${Buffer.from('件名').toString('base64')}?=\n\nbody\n`, {
      headerFields: 5,
      headerValueChars: 10,
    });
    expect(facts.headers).toHaveLength(5);
    expect(facts.headers[0]?.value).toBe('v'.repeat(10));
    expect(facts.subject).toBe('件名');
    expect(facts.cuts.map((c) => c.detail)).toEqual([
      '16 header fields after the first 5 fields not scanned',
      '1 header values cut after 10 characters',
    ]);
  });
});

describe('parseMessage on malformed mail', () => {
  it('turns a part header over the parser limit into a cut, not an error', async () => {
    const { facts } = await parse(`From: a@example.jp\nX-Huge: ${'x'.repeat(1_100_000)}\n\nbody\n`);
    expect(facts.cuts.map((c) => c.item)).toEqual(['MIME_STRUCTURE']);
  });

  it('turns more parts than the parser takes into a cut, keeping the facts so far', async () => {
    const { facts } = await parse(mixed(['Content-Type: text/plain\n\nbody', ...Array.from({ length: 1_005 }, (_, i) => attachment(i))]), {
      attachmentsInspected: 0,
    });
    expect(facts.cuts.map((c) => c.item)).toContain('MIME_STRUCTURE');
    // mailsplit reads ahead of mailparser, so its error ends the parse some parts before the 1,000th.
    expect(facts.attachments.length).toBeGreaterThan(100);
  });

  it('records a failed inspection and goes on', async () => {
    const { facts } = await parse(mixed(['Content-Type: text/plain\n\nbody', attachment(0), attachment(1)]), {}, async (a) => {
      if (a.filename === 'f0.bin') throw new Error('boom');
      return { ...emptyInspection(), trueType: 'bin' };
    });
    expect(facts.attachments.map((a) => a.trueType)).toEqual([null, 'bin']);
    expect(facts.cuts).toEqual([{ item: 'INSPECTION', detail: 'attachment 1 (f0.bin) not inspected: boom' }]);
  });

  it('never decodes UTF-7 (markup smuggling), and reads an unknown charset as UTF-8', async () => {
    const utf7 = await parse('From: a@example.jp\nContent-Type: text/html; charset=UTF-7\n\n+ADw-script+AD4-alert(1)+ADw-/script+AD4-\n');
    expect(utf7.facts.bodyText).toContain('+ADw-script+AD4-');
    const unknown = await parse(
      Buffer.from('From: a@example.jp\r\nContent-Type: text/plain; charset=x-no-such\r\n\r\nn\xc3\xa4me\r\n', 'latin1'),
    );
    expect(unknown.facts.bodyText.trim()).toBe('näme');
  });

  it('rejects when an attachment cannot be written to the temporary directory', async () => {
    const path = join(tempDir, 'one-attachment.eml');
    writeFileSync(path, mixed(['Content-Type: text/plain\n\nbody', attachment(0)]).replace(/\n/g, '\r\n'));
    await expect(
      parseMessage(
        { path, sizeBytes: 0, direction: 'INBOUND', envelope: { sender: '', recipients: [] } },
        { tempDir: join(tempDir, 'no-such-dir'), inspect: async () => emptyInspection() },
      ),
    ).rejects.toThrow(/ENOENT/);
  });

  it('rejects when the spool file cannot be read', async () => {
    await expect(
      parseMessage(
        { path: join(tempDir, 'missing.eml'), sizeBytes: 0, direction: 'INBOUND', envelope: { sender: '', recipients: [] } },
        { tempDir, inspect: async () => emptyInspection() },
      ),
    ).rejects.toThrow(/ENOENT/);
  });
});
