// The README's flow against a real `npm start`, as an operator would run it:
// start → /healthz → publish MX → addDomain → publish TXT → verifyDomain → dig → restart →
// still COMPLETED. `node scripts/smoke.mjs [postgresql://…]` (SQLite in a temp dir without).
// Stops are SIGTERM to the npm process, as `kill <pid>` or a service manager sends it.
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Failure deadlines only (npm, tsx and the migrations on a loaded CI machine), never measured. */
const START_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 30_000;

/** A loopback port free for TCP and UDP (the DNS server takes both). */
async function freePort() {
  for (;;) {
    const port = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
    const udp = await new Promise((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (udp) return port;
  }
}

const databaseUrl = process.argv[2];
const dataDir = mkdtempSync(join(tmpdir(), 'cegp-smoke-'));
const HTTP_PORT = await freePort();
const DNS_PORT = await freePort();
const SMTP_PORT = await freePort();
const env = {
  ...process.env,
  HTTP_PORT: String(HTTP_PORT),
  DNS_PORT: String(DNS_PORT),
  SMTP_PORT: String(SMTP_PORT),
  CAPTURE_SMTP_PORT: '0',
  DATA_DIR: dataDir,
  LOG_FORMAT: 'json',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
};
const url = `http://127.0.0.1:${HTTP_PORT}`;
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : ` ${detail}`}`);
}

async function start() {
  const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (const end = Date.now() + START_DEADLINE_MS; Date.now() < end; ) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`server did not become healthy within ${START_DEADLINE_MS / 1000} s`);
}

/** SIGTERM to npm; resolves with npm's exit code, or null when it did not exit in time. */
async function stop(child) {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  return Promise.race([exited, new Promise((r) => setTimeout(() => r(null), STOP_DEADLINE_MS))]);
}

async function gql(query, variables = {}) {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await r.json()).data;
}

const dig = (...args) => execFileSync('dig', ['@127.0.0.1', '-p', String(DNS_PORT), '+short', ...args], { encoding: 'utf8' }).trim();

try {
  let server = await start();
  check('healthz answers 200', true);
  const name = `smoke-${Date.now()}.example`;
  const mx = await gql(
    `mutation($n: String!) { setDnsRecord(input: { name: $n, type: MX, priority: 10, value: "mail.example.net" }) { record { id } userErrors { code } } }`,
    { n: name },
  );
  check('setDnsRecord MX', mx.setDnsRecord.userErrors.length === 0, JSON.stringify(mx));
  const add = await gql(
    `mutation($n: String!) { addDomain(input: { name: $n }) { domain { id status verificationRecord { value } } userErrors { code } } }`,
    { n: name },
  );
  const domain = add.addDomain.domain;
  check('addDomain → CONFIGURATION_REQUIRED', domain?.status === 'CONFIGURATION_REQUIRED', JSON.stringify(add));
  await gql(`mutation($n: String!, $v: String!) { setDnsRecord(input: { name: $n, type: TXT, value: $v }) { userErrors { code } } }`, {
    n: name,
    v: domain.verificationRecord.value,
  });
  check('dig shows the tmes= token', dig(name, 'TXT') === `"${domain.verificationRecord.value}"`, dig(name, 'TXT'));
  const v = await gql(`mutation($id: ID!) { verifyDomain(id: $id) { verified domain { status } } }`, { id: domain.id });
  check('verifyDomain → COMPLETED', v.verifyDomain.domain.status === 'COMPLETED', JSON.stringify(v));
  check('dig answers the CEGP inbound host', dig('rehearsal.in.tmems-jp.trendmicro.com', 'A') === '127.0.0.1');
  check('SIGTERM stops cleanly', (await stop(server)) === 0);
  server = await start();
  const again = await gql(`query($n: String!) { domain(name: $n) { status } }`, { n: name });
  check('a restart keeps the domain COMPLETED', again.domain?.status === 'COMPLETED', JSON.stringify(again));
  check('a restart keeps the DNS record', dig(name, 'TXT').includes('tmes='));
  await stop(server);
} catch (err) {
  check('smoke run', false, err.message);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`smoke (${databaseUrl ? 'postgresql' : 'sqlite'}): ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
