// The key of signed report links: 32 random bytes kept in the database (ServerSecret), made
// by whichever instance needs it first, so every instance on one database signs alike and
// links survive restarts. Adapter: Prisma only.
import { randomBytes } from 'node:crypto';
import { isUniqueViolation, type Db } from '../../db/client.js';

export const REPORT_LINK_KEY_NAME = 'report-link-key';

export async function loadReportLinkKey(db: Db): Promise<Buffer> {
  const found = await db.serverSecret.findUnique({ where: { name: REPORT_LINK_KEY_NAME } });
  if (found) return Buffer.from(found.value, 'base64url');
  try {
    const made = await db.serverSecret.create({ data: { name: REPORT_LINK_KEY_NAME, value: randomBytes(32).toString('base64url') } });
    return Buffer.from(made.value, 'base64url');
  } catch (err) {
    // Another instance (or request) created it between our read and our write: use theirs.
    if (!isUniqueViolation(err)) throw err;
    const theirs = await db.serverSecret.findUniqueOrThrow({ where: { name: REPORT_LINK_KEY_NAME } });
    return Buffer.from(theirs.value, 'base64url');
  }
}
