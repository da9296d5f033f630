// `npm run check:relay-crash [-- --messages N --clients N --kill-at N]`: kill -9 the relay in
// the middle of a load, start it again on the same DATA_DIR, and check that every message a
// client was told is accepted is there once and processed once (scripts/relay-crash/
// crash-run.ts says what exactly). Prints PASS or FAIL with the counts; exit 0 on PASS, 1 on
// FAIL or when the check could not run, 2 on bad arguments.
import { runBenchmark, type Children } from './bench/bench-server.js';
import { runRelayCrashCheck, type CrashCheckResult } from './relay-crash/crash-run.js';

const DEFAULTS = { messages: 2_000, clients: 8 };
const USAGE = 'Usage: npm run check:relay-crash [-- --messages 2000 --clients 8 --kill-at <messages / 2>]';

function parseArgs(argv: string[]): { messages: number; clients: number; killAtAcked: number } | null {
  const o: Record<string, number> = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const key = { '--messages': 'messages', '--clients': 'clients', '--kill-at': 'killAtAcked' }[argv[i]!];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isInteger(value) || value < 1) return null;
    o[key] = value;
  }
  const killAtAcked = o.killAtAcked ?? Math.floor(o.messages! / 2);
  if (killAtAcked >= o.messages! || o.clients! > 100) return null;
  return { messages: o.messages!, clients: o.clients!, killAtAcked };
}

function report(r: CrashCheckResult): string[] {
  const lines = [
    `acknowledged (250) ${r.acknowledged}; sends failed ${r.failed} (cut by the kill or refused: the client keeps those)`,
    `killed mid-load: ${r.killedMidLoad ? 'yes' : 'no (every message was acknowledged before the kill count, or too few)'}`,
    `received rows after the restart ${r.rows}, of which stored without their 250 reaching the client ${r.storedWithoutAck} (allowed: the client sends again)`,
    `acknowledged but missing ${r.lost}; holding another Message-ID ${r.mismatched}`,
    `Message-IDs stored more than once ${r.duplicates}; recipient rows written twice (processed twice) ${r.processedTwice}`,
    r.processingRecorded
      ? `acknowledged but unprocessed after the wait ${r.unprocessed}`
      : 'processing: not in this build (no MailMessage.processedAt): acceptance checked, Message-IDs read from the spool files',
    `half-written files left in spool/tmp ${r.tmpLeftovers}`,
  ];
  for (const e of r.examples) lines.push(`  ${e}`);
  return lines;
}

async function main(argv: string[], children: Children): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const o = parseArgs(argv);
  if (!o) {
    process.stderr.write(`Bad arguments. ${USAGE}\n`);
    return 2;
  }
  const out = process.stdout;
  out.write(
    `Relay crash check: ${o.messages} messages from ${o.clients} nodemailer clients, SIGKILL after ${o.killAtAcked} acknowledged\n`,
  );
  const r = await runRelayCrashCheck(children, { ...o, log: (l) => out.write(`  ${l}\n`) });
  for (const l of report(r)) out.write(`${l}\n`);
  out.write(
    `${r.passed ? 'PASS' : 'FAIL'}: ${r.acknowledged} acknowledged, ${r.lost} lost, ${r.mismatched} mismatched, ${r.duplicates} duplicated, ${r.processedTwice} processed twice${r.unprocessed === null ? '' : `, ${r.unprocessed} unprocessed`}\n`,
  );
  return r.passed ? 0 : 1;
}

runBenchmark('check:relay-crash', main);
