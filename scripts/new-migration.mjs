// Makes the next migration for both databases without `migrate dev` (which needs a shadow
// database and misbehaves with driver adapters in Prisma 6.19, stack notes §1): diff the
// snapshot of the schema as of the last migration against the current schema.
//   npm run db:migration -- <name>
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { toPg, writePgSchema } from './schema-tools.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name in snake_case>');
  process.exit(2);
}
const SNAPSHOT = 'prisma/schema.snapshot.prisma';
/** The tables whose writes bump Tenant.policyRevision by trigger. */
const POLICY_REVISION_TABLES = ['PolicyRule', 'AddressGroup', 'KeywordList', 'PolicyNotification', 'Stamp', 'DlpTemplate'];
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = `${stamp}_${name}`;
const prisma = (args) =>
  // The CLI opens its adapter even for a datamodel-only diff: give it a throwaway database.
  spawnSync(process.execPath, ['node_modules/prisma/build/index.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, SQLITE_URL: 'file::memory:', DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres' },
  });

writePgSchema();
const targets = [
  { dir: 'prisma/migrations', config: [], schema: 'prisma/schema.prisma', snapshot: (s) => s },
  {
    dir: 'prisma/postgresql/migrations',
    config: ['--config', 'prisma.postgresql.config.ts'],
    schema: 'prisma/postgresql/schema.prisma',
    snapshot: toPg,
  },
];
let changed = 0;
for (const t of targets) {
  const from = existsSync(SNAPSHOT) ? ['--from-schema-datamodel', writeTemp(t.snapshot(readFileSync(SNAPSHOT, 'utf8')))] : ['--from-empty'];
  const out = join(t.dir, folder, 'migration.sql');
  mkdirSync(join(t.dir, folder), { recursive: true });
  const r = prisma(['migrate', 'diff', ...t.config, ...from, '--to-schema-datamodel', t.schema, '--script', '-o', out, '--exit-code']);
  if (r.status === 0) {
    rmSync(join(t.dir, folder), { recursive: true, force: true });
    console.log(`${t.dir}: no change`);
  } else if (r.status === 2) {
    changed++;
    console.log(`${t.dir}: wrote ${out}`);
    // SQLite drops a table's triggers with the table: a redefined policy table loses the
    // policy-revision triggers (prisma/migrations/20261201210055_policy_revision), and the
    // policy snapshots would go stale. Say so; the migration must create them again.
    const redefined = [...readFileSync(out, 'utf8').matchAll(/DROP TABLE "(\w+)"/g)]
      .map((m) => m[1])
      .filter((n) => POLICY_REVISION_TABLES.includes(n));
    if (t.dir === 'prisma/migrations' && redefined.length)
      console.warn(
        `WARNING: ${out} redefines ${redefined.join(', ')}: copy their CREATE TRIGGER "…_policy_revision_…" statements from ` +
          `prisma/migrations/20261201210055_policy_revision/migration.sql to its end (test/policies/policy-revision.int.test.ts fails until then).`,
      );
  } else {
    rmSync(join(t.dir, folder), { recursive: true, force: true });
    console.error(r.stderr);
    process.exit(1);
  }
}
if (changed) copyFileSync('prisma/schema.prisma', SNAPSHOT);
for (const [dir, provider] of [
  ['prisma/migrations', 'sqlite'],
  ['prisma/postgresql/migrations', 'postgresql'],
]) {
  if (existsSync(dir))
    writeFileSync(join(dir, 'migration_lock.toml'), `# Managed by scripts/new-migration.mjs\nprovider = "${provider}"\n`);
}
execFileSync(process.execPath, ['scripts/db-generate.mjs'], { stdio: 'inherit' });

function writeTemp(text) {
  const p = join(tmpdir(), `schema-snapshot-${process.pid}-${Math.random().toString(36).slice(2)}.prisma`);
  writeFileSync(p, text);
  return p;
}
