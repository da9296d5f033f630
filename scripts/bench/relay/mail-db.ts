// The relay's tracking rows as the benchmark and the crash check read them: straight from
// the server's SQLite file, read-only (better-sqlite3), while the server runs (WAL lets a
// reader in beside the writer). Raw SQL rather than the Prisma client so the same script
// runs against builds with and without MailMessage.processedAt (the processing threads):
// the column is looked up, and what needs it says "not in this build" when it is missing.
import Database from 'better-sqlite3';

export interface MailCounts {
  /** Received messages (origin IS NULL: not notifications or copies the relay generated). */
  received: number;
  /** Of those, with a verdict committed (processedAt set); null when the build has no processedAt. */
  processed: number | null;
}

export interface MailRow {
  id: string;
  mailId: string;
  messageId: string | null;
  processedAt: unknown;
}

export interface MailDb {
  /** Does this build record processing (MailMessage.processedAt)? */
  hasProcessedAt: boolean;
  counts(): MailCounts;
  byMailId(mailId: string): MailRow | null;
  /** Every received message. */
  rows(): MailRow[];
  /** MailRecipient rows per (message, recipient, original recipient) that occur more than once: a message processed twice. */
  duplicateRecipientRows(): number;
  close(): void;
}

/** A reader waits this long for the server's write lock to pass instead of failing (SQLITE_BUSY). */
const BUSY_TIMEOUT_MS = 5_000;

export function openMailDb(file: string): MailDb {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  const columns = new Set((db.prepare(`PRAGMA table_info("MailMessage")`).all() as { name: string }[]).map((c) => c.name));
  if (!columns.has('mailId')) {
    db.close();
    throw new Error(`${file} has no MailMessage table: not a relay build's database`);
  }
  const hasProcessedAt = columns.has('processedAt');
  const processedAt = hasProcessedAt ? '"processedAt"' : 'NULL';
  const counts = db.prepare(`SELECT count(*) AS received, count(${processedAt}) AS processed FROM "MailMessage" WHERE "origin" IS NULL`);
  const select = `SELECT "id" AS id, "mailId" AS mailId, "messageId" AS messageId, ${processedAt} AS processedAt FROM "MailMessage"`;
  const byMailId = db.prepare(`${select} WHERE "mailId" = ?`);
  const rows = db.prepare(`${select} WHERE "origin" IS NULL`);
  const duplicates = db.prepare(
    `SELECT count(*) AS n FROM (SELECT 1 FROM "MailRecipient" GROUP BY "mailMessageId", "address", "originalAddress" HAVING count(*) > 1)`,
  );
  return {
    hasProcessedAt,
    counts() {
      const c = counts.get() as { received: number; processed: number };
      return { received: c.received, processed: hasProcessedAt ? c.processed : null };
    },
    byMailId: (mailId) => (byMailId.get(mailId) as MailRow | undefined) ?? null,
    rows: () => rows.all() as MailRow[],
    duplicateRecipientRows: () => (duplicates.get() as { n: number }).n,
    close: () => db.close(),
  };
}
