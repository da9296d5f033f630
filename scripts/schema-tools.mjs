// Derives the PostgreSQL schema from the SQLite source of truth (prisma/schema.prisma).
// Four checked swaps; each throws when its pattern is missing so that an edit of the
// source schema cannot silently produce a wrong PostgreSQL schema (stack notes §1).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const SWAPS = [
  [/provider\s*=\s*"sqlite"/, 'provider = "postgresql"', 'datasource provider'],
  [/url\s*=\s*"file:\.\/unused\.db"/, 'url      = "postgresql://placeholder@127.0.0.1:5432/unused"', 'datasource url'],
  [
    /output\s*=\s*"\.\.\/src\/generated\/prisma\/sqlite"/,
    'output                 = "../../src/generated/prisma/postgresql"',
    'client output',
  ],
  [/\ngenerator pothos \{[^}]*\}\n/, '\n', 'pothos generator'],
];

export function toPg(source) {
  let out = source;
  for (const [pattern, replacement, what] of SWAPS) {
    if (!pattern.test(out)) throw new Error(`schema-tools: cannot find the ${what} in prisma/schema.prisma`);
    out = out.replace(pattern, replacement);
  }
  return `// GENERATED from prisma/schema.prisma by scripts/schema-tools.mjs. Do not edit.\n${out}`;
}

export function writePgSchema(from = 'prisma/schema.prisma', to = 'prisma/postgresql/schema.prisma') {
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, toPg(readFileSync(from, 'utf8')));
  return to;
}
