// Tenant rules: names and company identifiers (the <cid> of CEGP host names).
import { randomBytes } from 'node:crypto';

export const TENANT_NAME_MAX_CHARS = 100;
const COMPANY_ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Maximum message size by protection tier (docs/cegp/policies-and-content-filtering.md: standard 50 MB, advanced 150 MB). */
export const TIER_MAX_MESSAGE_MB = { STANDARD: 50, ADVANCED: 150 } as const;

export function isValidCompanyId(v: string): boolean {
  return COMPANY_ID.test(v);
}

/** A company identifier derived from a display name, with a random tail to keep it unique. */
export function proposeCompanyId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const tail = randomBytes(3).toString('hex');
  return slug ? `${slug}-${tail}` : `tenant-${tail}`;
}
