// Prisma CLI configuration for the default SQLite database. The application itself
// applies migrations at start (src/db/migrate.ts); this file serves `prisma generate`,
// `prisma migrate diff` and `prisma migrate status` for operators.
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.SQLITE_URL ?? 'file:./data/cegp-rehearsal.db' }),
});
