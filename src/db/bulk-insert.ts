// Set-based inserts for the large writes of a migration import (10,000 rules, 20,000 list
// entries, …). Prisma's createMany goes row by row through its query compiler and costs
// ~400 µs and tens of KB of garbage per row here; one statement per batch with the rows as
// a single JSON parameter is 5–7× faster and keeps memory flat. It runs on the caller's
// transaction, so all-or-nothing still holds. Values are stored exactly as Prisma stores
// them: SQLite keeps DateTime as ISO text with "+00:00", booleans as 0/1 and Json as text.
import { collectGarbagePast } from '../platform/memory.js';
import type { DbKind, DbOrTx } from './client.js';

export type ColumnType = 'text' | 'int' | 'bool' | 'json' | 'datetime';

/**
 * Rows per statement. The batch's JSON text is copied on its way through the driver
 * adapter; 250 rows keep each copy around a megabyte (measured: larger batches raised the
 * import's peak memory by ~250 MB for no gain in time).
 */
const BATCH_ROWS = 250;
/**
 * Garbage a bulk write may leave on the heap before it collects. Every batch's JSON is copied
 * several times on its way to the database (query compiler, driver adapter), each copy a
 * large object that only a full collection frees; left to V8 (without --optimize-for-size) a
 * 10,000-rule import piled up ~200 MB of them.
 */
const GARBAGE_BUDGET_BYTES = 32 * 1024 * 1024;
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function bulkInsert(
  db: DbOrTx,
  kind: DbKind,
  table: string,
  columns: Record<string, ColumnType>,
  rows: Record<string, unknown>[],
): Promise<number> {
  const names = Object.keys(columns);
  for (const n of [table, ...names]) if (!SAFE_NAME.test(n)) throw new Error(`bulkInsert: unsafe identifier ${n}`);
  const list = names.map((n) => `"${n}"`).join(', ');
  const sql =
    kind === 'postgresql'
      ? `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`
      : `INSERT INTO "${table}" (${list}) SELECT ${names.map((n) => (columns[n] === 'json' ? `value -> '$.${n}'` : `value ->> '$.${n}'`)).join(', ')} FROM json_each(?)`;
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS).map((r) => encodeRow(r, names, columns, kind));
    written += await db.$executeRawUnsafe(sql, JSON.stringify(batch));
    collectGarbagePast(GARBAGE_BUDGET_BYTES);
    // SQLite's driver is synchronous, so awaiting it never returns to the event loop: without
    // this, a 12,000-row write held HTTP and DNS for a second. A turn per batch lets them in.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return written;
}

function encodeRow(
  row: Record<string, unknown>,
  names: string[],
  columns: Record<string, ColumnType>,
  kind: DbKind,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const v = row[n];
    if (v === undefined || v === null) out[n] = null;
    else if (columns[n] === 'datetime')
      out[n] = kind === 'sqlite' ? (v as Date).toISOString().replace('Z', '+00:00') : (v as Date).toISOString();
    else if (columns[n] === 'bool' && kind === 'sqlite') out[n] = v ? 1 : 0;
    else out[n] = v;
  }
  return out;
}
