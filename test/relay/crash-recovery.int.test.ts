// kill -9 in the middle of mail: the server runs as users start it (`npm start`'s command,
// its own DATA_DIR and SQLite file) in a child process; 200 messages with unique
// Message-IDs come from 4 nodemailer clients; after 100 acknowledgments it is killed with
// SIGKILL, started again on the same DATA_DIR, and left to process what it had accepted.
// Every message a client got a 250 for must be stored once, with its Message-ID, and
// processed once. The same harness as `npm run check:relay-crash` (scripts/relay-crash/
// crash-run.ts), at a small count. Nothing depends on timing: the kill follows a count of
// 250s, and every wait is for a state, with a generous bound.
import { afterAll, expect, it } from 'vitest';
import { Children } from '../../scripts/bench/bench-server.js';
import { runRelayCrashCheck } from '../../scripts/relay-crash/crash-run.js';

/** Two starts of the server (each compiles the app with tsx) and the processing wait, on a loaded CI machine. */
const TEST_TIMEOUT_MS = 8 * 60_000;

const children = new Children();
afterAll(() => children.killAll());

it(
  'keeps every acknowledged message through a kill -9, once, and processes each once after the restart',
  async () => {
    const r = await runRelayCrashCheck(children, { messages: 200, clients: 4, killAtAcked: 100 });
    expect(r.killedMidLoad).toBe(true);
    expect(r.acknowledged).toBeGreaterThanOrEqual(100);
    expect(r.examples).toEqual([]);
    expect({ lost: r.lost, mismatched: r.mismatched, duplicates: r.duplicates, processedTwice: r.processedTwice }).toEqual({
      lost: 0,
      mismatched: 0,
      duplicates: 0,
      processedTwice: 0,
    });
    // Builds with the processing threads record processedAt; then nothing may be left unprocessed.
    if (r.processingRecorded) expect(r.unprocessed).toBe(0);
    // Rows are committed before their 250, so at least every acknowledged message has one.
    expect(r.rows).toBeGreaterThanOrEqual(r.acknowledged);
    expect(r.tmpLeftovers).toBe(0);
    expect(r.passed).toBe(true);
  },
  TEST_TIMEOUT_MS,
);
