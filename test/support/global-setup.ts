// Decides once whether the PostgreSQL suite runs, and says so.
import { PG_ADMIN_URL, postgresAnswers } from './databases.js';

export default async function setup() {
  const wanted = process.env.TEST_DATABASES;
  if (wanted && !(wanted.includes('postgresql') && process.env.REQUIRE_POSTGRES === '1')) return;
  const pgUp = await postgresAnswers();
  if (!pgUp && process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`REQUIRE_POSTGRES=1 but no PostgreSQL answers at ${PG_ADMIN_URL}`);
  }
  if (wanted) return;
  process.env.TEST_DATABASES = pgUp ? 'sqlite,postgresql' : 'sqlite';
  if (!pgUp) {
    process.stdout.write(`\nSKIPPED: the PostgreSQL suite (no server at ${PG_ADMIN_URL}); the SQLite suite runs.\n`);
  }
}
