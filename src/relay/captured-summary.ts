// What GraphQL shows of a captured message (capturedMessages: headers, text, html,
// attachments), computed once in a processing thread when the message arrives. Bounded:
// headers and attachment lists come from the bounded parser (parse-message.ts); the text and
// HTML bodies from mailparser's simpleParser only for messages small enough that holding
// their bodies whole is cheap, else the bounded parser's text and no HTML.
import { stat } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import { createReadStream } from 'node:fs';
import { emptyInspection, parseMessage } from './parse-message.js';

/** simpleParser keeps every body whole (stack notes §7: a 50 MB text body takes gigabytes): only below this. */
export const SUMMARY_FULL_PARSE_MAX_BYTES = 2 * 1024 * 1024;
/** Text and HTML shown per message; the .eml download has the rest. */
export const SUMMARY_BODY_MAX_CHARS = 1024 * 1024;

export interface CapturedSummary {
  headers: { name: string; value: string }[];
  text: string | null;
  html: string | null;
  attachments: { filename: string | null; contentType: string; sizeBytes: number }[];
}

export async function summarizeCaptured(task: { path: string; tempDir: string }): Promise<CapturedSummary> {
  const sizeBytes = (await stat(task.path)).size;
  const parsed = await parseMessage(
    { path: task.path, sizeBytes, direction: 'INBOUND', envelope: { sender: '', recipients: [] } },
    { tempDir: task.tempDir, inspect: async () => emptyInspection() },
  );
  const { facts } = parsed;
  const { rm } = await import('node:fs/promises');
  await Promise.all(parsed.attachmentFiles.map((f) => rm(f, { force: true })));
  let text: string | null = facts.bodyText.slice(0, SUMMARY_BODY_MAX_CHARS) || null;
  let html: string | null = null;
  if (sizeBytes <= SUMMARY_FULL_PARSE_MAX_BYTES) {
    const full = await simpleParser(createReadStream(task.path), { skipImageLinks: true, skipTextLinks: true });
    text = full.text?.slice(0, SUMMARY_BODY_MAX_CHARS) ?? text;
    html = typeof full.html === 'string' ? full.html.slice(0, SUMMARY_BODY_MAX_CHARS) : null;
  }
  return {
    headers: facts.headers.map((h) => ({ name: h.name, value: h.value })),
    text,
    html,
    attachments: facts.attachments.map((a) => ({ filename: a.filename, contentType: a.declaredType, sizeBytes: a.sizeBytes })),
  };
}
