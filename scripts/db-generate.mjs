// Generates both Prisma clients (SQLite and PostgreSQL) and the Pothos types.
// Runs on `npm install` (postinstall), so a fresh clone needs no extra step.
import { execFileSync } from 'node:child_process';
import { delimiter, resolve } from 'node:path';
import { writePgSchema } from './schema-tools.mjs';

writePgSchema();
const prisma = ['node_modules/prisma/build/index.js'];
// The Pothos generator is found on PATH, as npm scripts would have it.
const env = { ...process.env, PATH: resolve('node_modules/.bin') + delimiter + process.env.PATH };
const run = (args) => execFileSync(process.execPath, [...prisma, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });
run(['generate']);
run(['generate', '--config', 'prisma.postgresql.config.ts']);
console.log('db-generate: Prisma clients (sqlite, postgresql) and Pothos types generated');
