// Decides once whether the PostgreSQL suite runs, and says so.
import { PG_ADMIN_URL, postgresAnswers } from './databases.js';

export default async function setup() {
  if (process.env.TEST_DATABASES) return;
  const pgUp = await postgresAnswers();
  if (!pgUp && process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`REQUIRE_POSTGRES=1 but no PostgreSQL answers at ${PG_ADMIN_URL}`);
  }
  process.env.TEST_DATABASES = pgUp ? 'sqlite,postgresql' : 'sqlite';
  if (!pgUp) {
    process.stdout.write(`\nSKIPPED: the PostgreSQL suite (no server at ${PG_ADMIN_URL}); the SQLite suite runs.\n`);
  }
}
