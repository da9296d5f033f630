// The tenant a request runs in, looked up once per request (every API request pays it, so it
// is one raw SELECT of four columns: Prisma's planned findFirst costs ~4× as much CPU here,
// 0.5 ms against 0.12 ms, most of a `{ __typename }` request). It carries the tenant's
// policy revision, so the request knows, without another query, whether the in-memory
// policy snapshot is current (src/policies/policy-snapshots.ts).
import type { DbOrTx } from '../db/client.js';

export interface RequestTenant {
  id: string;
  companyId: string;
  region: string;
  /** Tenant.policyRevision as this request read it (bumped by triggers on every policy write). */
  policyRevision: number;
}

interface Row {
  id: string;
  companyId: string;
  region: string;
  policyRevision: number | bigint;
}

const toTenant = (r: Row): RequestTenant => ({
  id: r.id,
  companyId: r.companyId,
  region: r.region,
  policyRevision: Number(r.policyRevision),
});

/** The tenant with this id, or null. Quoted identifiers: the same text runs on SQLite and PostgreSQL. */
export async function findTenantById(db: DbOrTx, id: string): Promise<RequestTenant | null> {
  const rows = await db.$queryRaw<Row[]>`SELECT "id", "companyId", "region", "policyRevision" FROM "Tenant" WHERE "id" = ${id}`;
  return rows[0] ? toTenant(rows[0]) : null;
}

/** The tenant whose id is `id` or whose company identifier is `companyId` (the id first), or null. */
export async function findTenantByIdOrCompanyId(db: DbOrTx, id: string, companyId: string): Promise<RequestTenant | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT "id", "companyId", "region", "policyRevision" FROM "Tenant" WHERE "id" = ${id} OR "companyId" = ${companyId}`;
  const row = rows.find((r) => r.id === id) ?? rows[0];
  return row ? toTenant(row) : null;
}

/** The tenant's current policy revision (a snapshot build reads it before and after its rows), or null when it is gone. */
export async function readPolicyRevision(db: DbOrTx, tenantId: string): Promise<number | null> {
  const rows = await db.$queryRaw<{ policyRevision: number | bigint }[]>`SELECT "policyRevision" FROM "Tenant" WHERE "id" = ${tenantId}`;
  return rows[0] ? Number(rows[0].policyRevision) : null;
}
