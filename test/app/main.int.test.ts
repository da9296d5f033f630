// The server as users start it (`node --import tsx src/main.ts`): start-up errors are one
// line naming the variable, SIGTERM stops it cleanly, --demo seeds a verified domain.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir() {
  const d = mkdtempSync(join(tmpdir(), 'cegp-main-'));
  dirs.push(d);
  return d;
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>, args: string[] = []): Run {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HTTP_PORT: '0',
      DNS_PORT: '0',
      SMTP_PORT: '0',
      CAPTURE_SMTP_PORT: '0',
      LOG_FORMAT: 'json',
      VERIFY_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (err += b));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** A failure deadline, not a measurement: tsx and the migrations on a loaded CI machine. */
const START_DEADLINE_MS = 60_000;

async function listening(r: Run): Promise<{ graphql: string; dns: string }> {
  for (const end = Date.now() + START_DEADLINE_MS; Date.now() < end; ) {
    const line = r
      .stdout()
      .split('\n')
      .find((l) => l.includes('"msg":"listening"'));
    if (line) return JSON.parse(line);
    if (r.child.exitCode !== null) throw new Error(`exited: ${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`never listened: ${r.stdout()} ${r.stderr()}`);
}

describe('npm start', () => {
  it('refuses bad configuration with one line per problem and exit code 1', async () => {
    const r = run({ HTTP_PORT: 'abc', TENANT_REGION: 'MARS', DATA_DIR: dataDir() });
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toMatch(/HTTP_PORT/);
    expect(r.stderr()).toMatch(/TENANT_REGION must be one of JP/);
    expect(r.stderr()).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('names the variable when a port is already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = run({ HTTP_PORT: String(port), DATA_DIR: dataDir() });
      expect(await r.exited).toBe(1);
      const lines = r.stderr().trim().split('\n');
      expect(lines).toEqual([`cegp-rehearsal: HTTP_PORT ${port} is already in use on 127.0.0.1; set HTTP_PORT to a free port.`]);
    } finally {
      blocker.close();
    }
  });

  it('names DNS_PORT when the DNS port is taken', async () => {
    const blocker = createSocket('udp4');
    await new Promise<void>((res) => blocker.bind(0, '127.0.0.1', () => res()));
    const port = blocker.address().port;
    try {
      const r = run({ DNS_PORT: String(port), DATA_DIR: dataDir() });
      expect(await r.exited).toBe(1);
      expect(r.stderr().trim()).toBe(`cegp-rehearsal: DNS_PORT ${port} is already in use on 127.0.0.1 (UDP); set DNS_PORT to a free port.`);
    } finally {
      blocker.close();
    }
  });

  it('says which PostgreSQL problem stops the start', async () => {
    const r = run({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none', DATA_DIR: dataDir() });
    expect(await r.exited).toBe(1);
    expect(r.stderr().trim()).toMatch(/^cegp-rehearsal: cannot use the PostgreSQL database in DATABASE_URL \(ECONNREFUSED/);
  });

  it('serves /healthz, GraphQL and DNS, and stops cleanly on SIGTERM', { timeout: 2 * START_DEADLINE_MS }, async () => {
    const r = run({ DATA_DIR: dataDir() }, ['--demo']);
    const { graphql } = await listening(r);
    const base = graphql.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, http: true, dns: true, database: true });
    // The demo is seeded right after listening; both domains exist before the first is
    // verified, so wait for the seeding to end rather than for two domains.
    for (const end = Date.now() + START_DEADLINE_MS; Date.now() < end && !r.stdout().includes('"msg":"demo data seeded"'); ) {
      if (r.child.exitCode !== null) throw new Error(`exited: ${r.stderr()}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    const res = await fetch(graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ domains { edges { node { name status } } } }' }),
    });
    const domains = ((await res.json()) as any).data.domains.edges.map((e: any) => e.node);
    expect(domains).toEqual([
      { name: 'example.co.jp', status: 'COMPLETED' },
      { name: 'example.jp', status: 'CONFIGURATION_REQUIRED' },
    ]);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toMatch(/"msg":"stopped"/);
  });
});
