// The relay's message rewriter: applies a verdict's modifications (docs/cegp/policies-and-content-
// filtering.md §5, Modify: Insert X-Header, Tag subject, Insert stamp in body, Delete matching
// attachments, Sanitize attachments, Clean malware) to a spooled message, file to file. The
// message streams through mailsplit's Splitter → rewrite-parts.ts → Joiner; only a text part that
// is being stamped is held (≤ MAX_STAMP_PART_BYTES), a part being sanitized goes to temporary
// files. The output is fsynced and renamed into place; when nothing changed it is a byte copy.
//
// Semantics, in short (each file says the why):
// - INSERT_X_HEADER: at the top of the header block, in the given order; non-ASCII values as
//   UTF-8 encoded-words; a name that is not a field name is not written (INVALID_HEADER_NAME).
// - TAG_SUBJECT: tag, a space, the decoded subject; re-encoded as UTF-8 encoded-words when not ASCII.
// - INSERT_STAMP: every inline text/plain part gets the text stamp, every inline text/html part the
//   HTML stamp (after <body> / before </body>, else at the start / end), in the part's own charset
//   when the stamp can be written in it, else the part is re-declared UTF-8. Parts of an attached
//   message (message/rfc822) are not stamped: they are the forwarded mail, not this message's body.
// - DELETE_ATTACHMENTS / CLEAN_MALWARE: the part and everything under it are removed; a multipart
//   left without parts gets an empty text/plain part. CLEAN_MALWARE cannot clean the rehearsal's
//   test malware (EICAR), so it deletes: "deleted (uncleanable)".
// - SANITIZE: the injected sanitizer gets the decoded part; its output goes back as base64; when it
//   cannot, the part is deleted (deleteIfUnable) or kept as it was.
// - Parts inside multipart/signed are never deleted or sanitized (§5: not on signed mail).
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import mailsplit from '@zone-eu/mailsplit';
import type { Modification } from '../policies/engine/verdict.js';
import { commitFile, discardFile, durableWriteStream, temporaryPathFor } from './durable-file.js';
import { type PartsContext, rewriteParts } from './rewrite-parts.js';
import { type ModificationResult, planRewrite, recordMissingParts } from './rewrite-plan.js';
import type { Sanitizer } from './sanitize-part.js';

const { Splitter, Joiner } = mailsplit;

/**
 * Largest header block of one MIME node, in bytes (mailsplit's maxHeadSize, its default). Past it
 * the message is not rewritten (MIME_LIMIT_EXCEEDED): a header that large is hostile, not mail.
 */
export const MAX_HEADER_BLOCK_BYTES = 1024 * 1024;

/**
 * Most MIME parts in one message (mailsplit's maxChildNodes, its default). A message with more
 * is not rewritten (MIME_LIMIT_EXCEEDED); each part costs a node object and a header parse.
 */
export const MAX_MIME_PARTS = 1000;

export type RewriteErrorCode = 'MIME_LIMIT_EXCEEDED' | 'INPUT_UNREADABLE' | 'REWRITE_FAILED';

export interface RewriteResult {
  /** false: the output file was not written (`error` says why); the caller still has the input. */
  ok: boolean;
  /** Nothing applied: the output is a byte copy of the input. */
  unchanged: boolean;
  error: { code: RewriteErrorCode; message: string } | null;
  /** One entry per input modification, in the input order. */
  modifications: ModificationResult[];
}

export interface RewriteInput {
  inPath: string;
  outPath: string;
  modifications: Modification[];
  sanitize?: Sanitizer;
  /** Where the sanitizer's temporary files go (default: the OS temporary directory). */
  tempDir?: string;
}

export async function rewriteMessage(input: RewriteInput): Promise<RewriteResult> {
  const plan = planRewrite(input.modifications);
  const tmpOut = temporaryPathFor(input.outPath);
  let workDir: string | null = null;
  const ctx: PartsContext = {
    plan,
    ...(input.sanitize ? { sanitize: input.sanitize } : {}),
    tempDir: async () => {
      workDir ??= await mkdtemp(join(input.tempDir ?? tmpdir(), 'cegp-rewrite-'));
      return workDir;
    },
    seen: new Set(),
    changed: false,
  };
  try {
    if (input.modifications.length > 0) {
      await pipeline(
        createReadStream(input.inPath),
        new Splitter({ maxHeadSize: MAX_HEADER_BLOCK_BYTES, maxChildNodes: MAX_MIME_PARTS }),
        rewriteParts(ctx),
        new Joiner(),
        durableWriteStream(tmpOut),
      );
      recordMissingParts(plan, ctx.seen);
    }
    if (!ctx.changed) {
      // nothing applied: the bytes as received, not mailsplit's re-join of them
      await pipeline(createReadStream(input.inPath), durableWriteStream(tmpOut));
    }
    await commitFile(tmpOut, input.outPath);
    return { ok: true, unchanged: !ctx.changed, error: null, modifications: plan.results };
  } catch (error) {
    await discardFile(tmpOut);
    return { ok: false, unchanged: false, error: classify(error), modifications: plan.results };
  } finally {
    if (workDir) {
      await rm(workDir, { recursive: true, force: true });
    }
  }
}

function classify(error: unknown): { code: RewriteErrorCode; message: string } {
  const err = error as NodeJS.ErrnoException;
  if (err?.code === 'EMAXLEN') {
    return { code: 'MIME_LIMIT_EXCEEDED', message: err.message };
  }
  if (err?.code === 'ENOENT' || err?.code === 'EACCES' || err?.code === 'EISDIR') {
    return { code: 'INPUT_UNREADABLE', message: err.message };
  }
  return { code: 'REWRITE_FAILED', message: err?.message ?? String(error) };
}
