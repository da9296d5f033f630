// Adapter: the spooled message → MessageFacts (src/policies/engine/message-facts.ts), streaming and
// within the parse budget (parse-budget.ts). mailparser's MailParser (bounded-mail-parser.ts) reads
// the file as a stream: body text is decoded and capped as it passes (body-text-stream.ts), each
// attachment goes to a temporary file in `tempDir` with its SHA-256 and size taken on the way, and
// is then handed to `inspect` (src/relay/inspect/, one at a time, while parsing goes on). Bad mail
// never throws: what the parser refused (mailsplit's 1 MiB header or 1,000 part limits) ends the
// parse with the facts so far and a cut saying so. Only local I/O errors throw (an unreadable
// spool file, a temporary file that cannot be written), after deleting the temporary files.
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AttachmentStream, MessageText } from 'mailparser';
import type { PolicyDirection } from '../db/enums.js';
import type { AttachmentFact, BudgetCut, MessageFacts } from '../policies/engine/message-facts.js';
import { spoolAttachment } from './attachment-spool.js';
import { BodyTextBudget } from './body-text-stream.js';
import { BoundedMailParser, type RootStructure } from './bounded-mail-parser.js';
import { htmlToText } from './html-text.js';
import { decodeHeaderLine, firstMailbox, headerFacts, type ParsedAddress, type RawHeaderLine } from './message-headers.js';
import { type ParseBudget, resolveParseBudget } from './parse-budget.js';
import { GTUBE, parseRehearsalSignals } from './test-signals.js';

/** What attachment inspection (src/relay/inspect/) finds in one file: AttachmentFact less what the parser knows. */
export type AttachmentInspectionLike = Omit<AttachmentFact, 'index' | 'partPath' | 'filename' | 'declaredType' | 'sizeBytes' | 'sha256'> & {
  /** Ignored: the parser hashes the decoded bytes as they stream (AttachmentFact.sha256). */
  sha256?: string;
  cuts?: BudgetCut[];
};

export interface AttachmentToInspect {
  path: string;
  sizeBytes: number;
  filename: string | null;
  declaredType: string;
}

export interface ParseMessageInput {
  /** The raw .eml in the spool. */
  path: string;
  sizeBytes: number;
  direction: PolicyDirection;
  envelope: { sender: string; recipients: string[] };
}

export interface ParseMessageOptions {
  tempDir: string;
  inspect: (attachment: AttachmentToInspect) => Promise<AttachmentInspectionLike>;
  budget?: Partial<ParseBudget>;
}

export interface ParsedMessage {
  facts: MessageFacts;
  /** The temporary attachment files written in tempDir: the caller deletes them. */
  attachmentFiles: string[];
}

const SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);
const SMIME_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);
const SIGNAL_HEADER = 'x-rehearsal-signal';

/** What an attachment that was not inspected has: nothing found (fresh lists each time). */
export function emptyInspection(): AttachmentInspectionLike {
  return { trueType: null, archiveEntries: [], protection: null, activeContent: [], text: '', malware: null };
}

export async function parseMessage(input: ParseMessageInput, options: ParseMessageOptions): Promise<ParsedMessage> {
  const budget = resolveParseBudget(options.budget);
  const textBudget = new BodyTextBudget(budget.textChars, budget.htmlSourceChars);
  const parser = new BoundedMailParser(textBudget);
  const cuts: BudgetCut[] = [];
  const attachmentFiles: string[] = [];
  const attachments: AttachmentFact[] = [];
  let attachmentGtube = false;
  let headerLines: readonly RawHeaderLine[] = [];
  let rootHeaders: Map<string, unknown> = new Map();
  let text: MessageText | null = null;
  let seen = 0;
  let inspections: Promise<void> = Promise.resolve();
  let current: AttachmentStream | null = null;
  /** An error reading the spool file or writing a temporary file: thrown, unlike the message's own faults. */
  let localError: unknown = null;

  parser.on('headerLines', (lines: RawHeaderLine[]) => {
    headerLines = lines;
  });
  parser.on('headers', (headers: Map<string, unknown>) => {
    rootHeaders = headers;
  });

  const onAttachment = async (att: AttachmentStream): Promise<void> => {
    const index = seen++;
    const listed = index < budget.attachmentFacts;
    const toFile = index < budget.attachmentsInspected;
    const declaredType = declaredTypeOf(att);
    current = att;
    const spooled = await spoolAttachment(att, {
      tempDir: options.tempDir,
      toFile,
      scanText: declaredType.startsWith('text/'),
      onFile: (path) => attachmentFiles.push(path),
    }).catch((err: unknown) => {
      // A failed write (ENOSPC, EMFILE) is this machine's problem, not the message's: it throws.
      if (typeof (err as NodeJS.ErrnoException).syscall === 'string') localError ??= err;
      throw err;
    });
    current = null;
    att.release?.();
    attachmentGtube ||= spooled.gtube;
    if (!listed) return;
    const fact: AttachmentFact = {
      index,
      // A single-part message's one part is "1" (IMAP BODY[1], RFC 3501 §6.4.5); mailparser says null.
      partPath: att.partId ?? '1',
      filename: att.filename ? att.filename.normalize('NFC') : null,
      declaredType,
      sizeBytes: spooled.sizeBytes,
      sha256: spooled.sha256,
      ...emptyInspection(),
    };
    attachments.push(fact);
    const path = spooled.path;
    if (path === null) return;
    inspections = inspections.then(async () => {
      try {
        const found = await options.inspect({ path, sizeBytes: fact.sizeBytes, filename: fact.filename, declaredType });
        // Field by field: the facts cross to the engine by structured clone, so nothing else rides along.
        fact.trueType = found.trueType;
        fact.archiveEntries = found.archiveEntries;
        fact.protection = found.protection;
        fact.activeContent = found.activeContent;
        fact.text = found.text;
        fact.malware = found.malware;
        if (found.cuts) cuts.push(...found.cuts);
        if (found.text.includes(GTUBE)) attachmentGtube = true;
      } catch (err) {
        cuts.push({
          item: 'INSPECTION',
          detail: `attachment ${index + 1} (${fact.filename ?? fact.partPath}) not inspected: ${errorText(err)}`,
        });
      }
    });
  };

  const consumer = new Writable({
    objectMode: true,
    write(data: AttachmentStream | MessageText, _encoding, done) {
      if (data.type === 'text') {
        text = data;
        done();
        return;
      }
      onAttachment(data).then(() => done(), done);
    },
  });

  const source = createReadStream(input.path);
  source.once('error', (err) => {
    localError ??= err;
  });
  try {
    await pipeline(source, parser, consumer);
  } catch (err) {
    (current as AttachmentStream | null)?.content.destroy();
    if (localError) {
      await inspections;
      await Promise.all(attachmentFiles.map((file) => unlink(file).catch(() => {})));
      throw localError;
    }
    cuts.push({ item: 'MIME_STRUCTURE', detail: `parsing stopped, the rest of the message not scanned: ${errorText(err)}` });
  }
  await inspections;

  if (seen > budget.attachmentsInspected) {
    const notInspected = Math.min(seen, budget.attachmentFacts) - budget.attachmentsInspected;
    if (notInspected > 0)
      cuts.push({
        item: 'ATTACHMENTS',
        detail: `${notInspected} attachments after the first ${budget.attachmentsInspected} not inspected`,
      });
  }
  if (seen > budget.attachmentFacts) {
    cuts.push({
      item: 'ATTACHMENTS',
      detail: `${seen - budget.attachmentFacts} attachments after the first ${budget.attachmentFacts} not listed`,
    });
  }

  const headers = headerFacts(headerLines, budget);
  cuts.push(...headers.cuts);
  const subjectLine = headerLines.find((line) => line.key === 'subject');
  const subject = subjectLine ? decodeHeaderLine(subjectLine.line).value.slice(0, budget.headerValueChars) : '';
  const signalValues = headerLines.filter((line) => line.key === SIGNAL_HEADER).map((line) => decodeHeaderLine(line.line).value);
  const body = bodyTextOf(text, textBudget, budget, cuts);

  const facts: MessageFacts = {
    direction: input.direction,
    envelope: { sender: input.envelope.sender, recipients: [...input.envelope.recipients] },
    sizeBytes: input.sizeBytes,
    headers: headers.headers,
    headerFrom: firstMailbox(addressesOf(rootHeaders.get('from'))),
    replyTo: firstMailbox(addressesOf(rootHeaders.get('reply-to'))),
    messageId: typeof rootHeaders.get('message-id') === 'string' ? (rootHeaders.get('message-id') as string) : null,
    subject,
    bodyText: body,
    // Criterion 9: blank = no body part, or no text and no HTML tags, or only whitespace. The
    // stream saw every body character, the ones past the budget too.
    bodyBlank: !textBudget.nonBlank,
    signed: isSigned(parser.root, attachments),
    attachments,
    signals: {
      gtube: textBudget.gtube.found || attachmentGtube || subject.includes(GTUBE),
      headerSignals: parseRehearsalSignals(signalValues),
    },
    cuts,
  };
  return { facts, attachmentFiles };
}

/**
 * The declared type, lower case, without parameters: the Content-Type header's own value, since
 * mailparser's `contentType` guesses from the file name for application/octet-stream. Without a
 * Content-Type, RFC 2045 §5.2's default, or octet-stream for a part that says it is an attachment.
 */
function declaredTypeOf(att: AttachmentStream): string {
  const header = att.headers.get('content-type') as { value?: string } | undefined;
  const value = header?.value?.trim().toLowerCase();
  if (value) return value;
  return att.contentDisposition === 'attachment' ? 'application/octet-stream' : 'text/plain';
}

function addressesOf(header: unknown): ParsedAddress[] | undefined {
  return (header as { value?: ParsedAddress[] } | undefined)?.value;
}

/** The plain text parts and the HTML parts' text, within the TEXT_CHARS budget. */
function bodyTextOf(text: MessageText | null, textBudget: BodyTextBudget, budget: ParseBudget, cuts: BudgetCut[]): string {
  const plain = text?.text ?? '';
  const html = text?.html ? htmlToText(text.html) : '';
  let body = [plain, html].filter((piece) => piece.trim() !== '').join('\n');
  let cut = textBudget.textCut;
  if (body.length > budget.textChars) {
    body = body.slice(0, budget.textChars);
    cut = true;
  }
  if (cut) cuts.push({ item: 'TEXT_CHARS', detail: `body text after ${budget.textChars} characters not scanned` });
  if (textBudget.htmlCut) cuts.push({ item: 'HTML_CHARS', detail: `HTML after ${budget.htmlSourceChars} characters not scanned` });
  return body;
}

/** S/MIME signed: multipart/signed with a PKCS #7 signature (RFC 8551 §3.5.3), or application/pkcs7-mime signed-data (§3.5.2). */
function isSigned(root: RootStructure | null, attachments: AttachmentFact[]): boolean {
  if (!root) return false;
  if (root.contentType === 'multipart/signed') {
    const protocol = (root.params.protocol ?? '').trim().toLowerCase();
    return SIGNATURE_TYPES.has(protocol) || attachments.some((att) => SIGNATURE_TYPES.has(att.declaredType));
  }
  return SMIME_TYPES.has(root.contentType) && (root.params['smime-type'] ?? '').trim().toLowerCase() === 'signed-data';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
