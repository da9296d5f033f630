-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PolicyRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "order" INTEGER NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "locked" BOOLEAN NOT NULL DEFAULT false,
    "level" TEXT NOT NULL,
    "recipients" JSONB NOT NULL,
    "senders" JSONB NOT NULL,
    "exceptions" JSONB NOT NULL,
    "criteriaMode" TEXT NOT NULL,
    "criteria" JSONB NOT NULL,
    "intercept" TEXT NOT NULL DEFAULT 'NONE',
    "interceptOptions" JSONB NOT NULL,
    "modifyActions" JSONB NOT NULL,
    "monitorActions" JSONB NOT NULL,
    "schemaVersion" INTEGER NOT NULL DEFAULT 1,
    "migrationStatus" TEXT,
    "migrationNotes" JSONB,
    "migrationRunId" TEXT,
    "sourceKey" TEXT,
    "lastUsedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PolicyRule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PolicyRule" ("createdAt", "criteria", "criteriaMode", "direction", "enabled", "exceptions", "id", "intercept", "interceptOptions", "isDefault", "lastUsedAt", "level", "locked", "migrationNotes", "migrationRunId", "migrationStatus", "modifyActions", "monitorActions", "name", "notes", "order", "recipients", "senders", "sourceKey", "tenantId", "type", "updatedAt") SELECT "createdAt", "criteria", "criteriaMode", "direction", "enabled", "exceptions", "id", "intercept", "interceptOptions", "isDefault", "lastUsedAt", "level", "locked", "migrationNotes", "migrationRunId", "migrationStatus", "modifyActions", "monitorActions", "name", "notes", "order", "recipients", "senders", "sourceKey", "tenantId", "type", "updatedAt" FROM "PolicyRule";
DROP TABLE "PolicyRule";
ALTER TABLE "new_PolicyRule" RENAME TO "PolicyRule";
CREATE INDEX "PolicyRule_tenantId_direction_type_order_idx" ON "PolicyRule"("tenantId", "direction", "type", "order");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
