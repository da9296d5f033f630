// bench:relay part d: 50 MB messages through a fresh server, one at a time — what each adds
// to the server's resident memory (peak − the RSS just before it was sent: the kernel's
// high-water mark reset per message, resetPeakRssOf) while it is accepted (until its 250)
// and while it is processed (until its processedAt); and a message over its tenant's limit,
// which must get 552 5.3.4 and leave nothing behind: no spool file, no row.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { peakRssOf, resetPeakRssOf, rssOf, type BenchServer } from '../bench-server.js';
import type { MailDb } from './mail-db.js';
import { writeAttachmentMessage, writeIso2022JpMessage } from './large-messages.js';
import type { RelayTenants } from './seed.js';
import { openSmtpClient } from './smtp-client.js';

/** How long a 50 MB message may take to be processed before the benchmark stops waiting. */
export const PROCESS_WAIT_MS = 180_000;
const POLL_MS = 100;

export interface LargeResult {
  label: string;
  wireBytes: number;
  reply: string;
  acceptSeconds: number;
  /** Seconds from the 250 to processedAt being set; null: not processed (the build, or the wait ran out). */
  processSeconds: number | null;
  processNote: string | null;
  baselineRssBytes: number | null;
  /** Peak RSS until the 250, and until processed, each minus the baseline. */
  addedAcceptBytes: number | null;
  addedProcessBytes: number | null;
}

export interface OversizeResult {
  wireBytes: number;
  limitBytes: number;
  reply: string;
  refused: boolean;
  spoolFilesAdded: number;
  rowsAdded: number;
  addedRssBytes: number | null;
}

const since = (baseline: number | null, peak: number | null) => (baseline === null || peak === null ? null : peak - baseline);

/** A received message's spool file (spool.ts: <mailId>.eml; derived files add a suffix). */
const MESSAGE_FILE = /^[0-9a-f-]{36}\.eml$/;

/** Received messages' files in the spool, and anything half-written in spool/tmp. */
function spoolEntries(dataDir: string): Set<string> {
  const spool = join(dataDir, 'spool');
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  return new Set([...list(spool).filter((n) => MESSAGE_FILE.test(n)), ...list(join(spool, 'tmp')).map((n) => `tmp/${n}`)]);
}

async function waitProcessed(db: MailDb, mailId: string): Promise<{ seconds: number | null; note: string | null }> {
  if (!db.hasProcessedAt) return { seconds: null, note: 'not in this build (no MailMessage.processedAt)' };
  const start = performance.now();
  while (performance.now() - start < PROCESS_WAIT_MS) {
    if (db.byMailId(mailId)?.processedAt != null) return { seconds: (performance.now() - start) / 1000, note: null };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return { seconds: null, note: `not processed within ${PROCESS_WAIT_MS / 1000} s` };
}

async function sendOne(server: BenchServer, db: MailDb, label: string, to: string, path: string, wireBytes: number): Promise<LargeResult> {
  const baseline = rssOf(server.pid);
  const reset = resetPeakRssOf(server.pid);
  const client = await openSmtpClient('127.0.0.1', server.smtpPort);
  const start = performance.now();
  const r = await client.sendFile('large@outside.example', to, path);
  const acceptSeconds = (performance.now() - start) / 1000;
  client.close();
  const acceptPeak = reset ? peakRssOf(server.pid) : null;
  const processed = r.mailId ? await waitProcessed(db, r.mailId) : { seconds: null, note: 'not accepted' };
  const processPeak = reset && processed.seconds !== null ? peakRssOf(server.pid) : null;
  return {
    label,
    wireBytes,
    reply: r.reply.text,
    acceptSeconds,
    processSeconds: processed.seconds,
    processNote: processed.note,
    baselineRssBytes: baseline,
    addedAcceptBytes: since(baseline, acceptPeak),
    addedProcessBytes: since(baseline, processPeak),
  };
}

export async function runLargePart(
  server: BenchServer,
  db: MailDb,
  tenants: RelayTenants,
  dir: string,
  standardLimitBytes: number,
): Promise<{ large: LargeResult[]; oversize: OversizeResult }> {
  const attachment = join(dir, 'large-attachment.eml');
  const jis = join(dir, 'large-iso-2022-jp.eml');
  const attachmentBytes = writeAttachmentMessage(attachment, tenants.advanced.recipient);
  const jisBytes = writeIso2022JpMessage(jis, tenants.advanced.recipient);
  const large = [
    await sendOne(server, db, '50 MiB attachment (base64)', tenants.advanced.recipient, attachment, attachmentBytes),
    await sendOne(server, db, '50 MiB ISO-2022-JP text body', tenants.advanced.recipient, jis, jisBytes),
  ];
  // The attachment message again, to the STANDARD tenant: over its 50 MiB limit. The To:
  // header names the other tenant's address; only the envelope decides, as in any MTA.
  const spoolBefore = spoolEntries(server.dataDir);
  const rowsBefore = db.counts().received;
  const baseline = rssOf(server.pid);
  const reset = resetPeakRssOf(server.pid);
  const client = await openSmtpClient('127.0.0.1', server.smtpPort);
  const r = await client.sendFile('large@outside.example', tenants.standard.recipient, attachment);
  client.close();
  const peak = reset ? peakRssOf(server.pid) : null;
  return {
    large,
    oversize: {
      wireBytes: attachmentBytes,
      limitBytes: standardLimitBytes,
      reply: r.reply.text,
      refused: /^552 5\.3\.4 /.test(r.reply.text),
      spoolFilesAdded: [...spoolEntries(server.dataDir)].filter((n) => !spoolBefore.has(n)).length,
      rowsAdded: db.counts().received - rowsBefore,
      addedRssBytes: since(baseline, peak),
    },
  };
}
