// `npm run build`: the server compiled to dist/ so a deployment starts it with
// `node --expose-gc dist/main.js`, without compiling TypeScript at start.
//   npm run build                      → dist/
//   npm run build -- --out-dir <dir>   → another folder directly inside the repository (tests)
// tsc (tsconfig.build.json) emits src/, the generated Prisma clients and Pothos types
// included; this copies what tsc does not emit: the plain worker entry modules (*.mjs).
// The folder must sit directly inside the repository: the compiled code finds
// prisma/migrations one level above itself (src/app/create-app.ts), and Node resolves
// node_modules from the repository root.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Files tsc does not emit but the compiled server loads (worker entries). */
const COPIED = /\.(mjs|cjs)$/;

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
const outDir = resolve(ROOT, values['out-dir']);
if (dirname(outDir) !== resolve(ROOT)) {
  console.error(
    `build: --out-dir must be a folder directly inside ${ROOT} (the compiled server finds prisma/ and node_modules/ from there), not ${outDir}.`,
  );
  process.exit(2);
}
if (!existsSync(join(ROOT, 'src/generated/prisma/sqlite/client.ts'))) {
  console.error('build: the Prisma clients are missing; run `npm install` (or `npm run db:generate`) first.');
  process.exit(1);
}

const started = process.hrtime.bigint();
// A clean folder: files of sources removed since the last build must not linger.
rmSync(outDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build: tsc failed (see above).');
  process.exit(r.status ?? 1);
}
let copied = 0;
for (const file of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
  if (!COPIED.test(file)) continue;
  const target = join(outDir, file);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(ROOT, 'src', file), target);
  copied += 1;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `build: ${relative(ROOT, outDir)}/ in ${seconds.toFixed(1)} s (${copied} file${copied === 1 ? '' : 's'} copied besides tsc's output); start it with npm run start:dist`,
);
