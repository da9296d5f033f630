-- CreateTable
CREATE TABLE "PolicyRule" (
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
    "migrationStatus" TEXT,
    "migrationNotes" JSONB,
    "migrationRunId" TEXT,
    "sourceKey" TEXT,
    "lastUsedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PolicyRule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyObjectRef" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ruleId" TEXT NOT NULL,
    "objectKind" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    CONSTRAINT "PolicyObjectRef_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "PolicyRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AddressGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "addresses" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AddressGroup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KeywordList" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "match" TEXT NOT NULL DEFAULT 'ANY',
    "threshold" INTEGER,
    "expressions" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KeywordList_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyNotification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "toAddresses" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "attachOriginal" BOOLEAN NOT NULL DEFAULT false,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PolicyNotification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Stamp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" TEXT NOT NULL DEFAULT 'BEGINNING',
    "text" TEXT NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Stamp_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DlpTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "predefined" BOOLEAN NOT NULL DEFAULT false,
    "identifiers" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DlpTemplate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DlpIdentifier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DlpIdentifier_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ListEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "list" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ListEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SenderAuthSetting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "settings" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SenderAuthSetting_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DirectoryGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "dn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "members" JSONB NOT NULL,
    "syncedAt" DATETIME NOT NULL,
    CONSTRAINT "DirectoryGroup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MigrationRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "failureMessageJa" TEXT,
    "product" TEXT,
    "version" TEXT,
    "build" TEXT,
    "language" TEXT,
    "sourceHost" TEXT,
    "exportedAt" TEXT,
    "prerequisites" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "importSummary" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "analyzedAt" DATETIME,
    "importStartedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "MigrationRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MigrationItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "sourcePath" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "messageJa" TEXT NOT NULL,
    "fix" TEXT NOT NULL,
    "fixJa" TEXT NOT NULL,
    CONSTRAINT "MigrationItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "MigrationRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MigrationReportFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "generatedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "MigrationReportFile_runId_fkey" FOREIGN KEY ("runId") REFERENCES "MigrationRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'JP',
    "tier" TEXT NOT NULL DEFAULT 'STANDARD',
    "trial" BOOLEAN NOT NULL DEFAULT false,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "showMigrationStatus" BOOLEAN NOT NULL DEFAULT true,
    "directorySyncedAt" DATETIME
);
INSERT INTO "new_Tenant" ("companyId", "createdAt", "id", "isDefault", "name", "region", "tier", "trial") SELECT "companyId", "createdAt", "id", "isDefault", "name", "region", "tier", "trial" FROM "Tenant";
DROP TABLE "Tenant";
ALTER TABLE "new_Tenant" RENAME TO "Tenant";
CREATE UNIQUE INDEX "Tenant_companyId_key" ON "Tenant"("companyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PolicyRule_tenantId_direction_type_order_idx" ON "PolicyRule"("tenantId", "direction", "type", "order");

-- CreateIndex
CREATE INDEX "PolicyObjectRef_objectKind_objectId_idx" ON "PolicyObjectRef"("objectKind", "objectId");

-- CreateIndex
CREATE INDEX "PolicyObjectRef_ruleId_idx" ON "PolicyObjectRef"("ruleId");

-- CreateIndex
CREATE UNIQUE INDEX "AddressGroup_tenantId_name_key" ON "AddressGroup"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "KeywordList_tenantId_name_key" ON "KeywordList"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyNotification_tenantId_name_key" ON "PolicyNotification"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Stamp_tenantId_name_key" ON "Stamp"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "DlpTemplate_tenantId_name_key" ON "DlpTemplate"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "DlpIdentifier_tenantId_name_key" ON "DlpIdentifier"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ListEntry_tenantId_list_value_key" ON "ListEntry"("tenantId", "list", "value");

-- CreateIndex
CREATE UNIQUE INDEX "SenderAuthSetting_tenantId_kind_key_key" ON "SenderAuthSetting"("tenantId", "kind", "key");

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryGroup_tenantId_dn_key" ON "DirectoryGroup"("tenantId", "dn");

-- CreateIndex
CREATE INDEX "MigrationRun_tenantId_createdAt_idx" ON "MigrationRun"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "MigrationItem_runId_seq_idx" ON "MigrationItem"("runId", "seq");

-- CreateIndex
CREATE INDEX "MigrationItem_runId_category_idx" ON "MigrationItem"("runId", "category");

-- CreateIndex
CREATE UNIQUE INDEX "MigrationReportFile_runId_kind_key" ON "MigrationReportFile"("runId", "kind");
