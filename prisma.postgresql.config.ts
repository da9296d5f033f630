// Prisma CLI configuration for PostgreSQL: `--config prisma.postgresql.config.ts`.
// Settings are passed as discrete fields, never connectionString (stack notes P4).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { NameAsTextClient } from './prisma/pg-name-fix.js';

const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/cegp_rehearsal');

export default defineConfig({
  schema: 'prisma/postgresql/schema.prisma',
  migrations: { path: 'prisma/postgresql/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1) || 'postgres',
      // PrismaPg types Client as pg's class itself; the subclass differs only in query()'s overloads.
      Client: NameAsTextClient as unknown as typeof import('pg').Client,
    }),
});
