-- CreateEnum
CREATE TYPE "PolicyDirection" AS ENUM ('INBOUND', 'OUTBOUND');

-- CreateEnum
CREATE TYPE "PolicyType" AS ENUM ('VIRUS_SCAN', 'SPAM_FILTERING', 'CORRELATED_INTELLIGENCE', 'CONTENT_FILTERING', 'DLP');

-- CreateEnum
CREATE TYPE "PolicyLevel" AS ENUM ('ORGANIZATION', 'GROUP', 'USER');

-- CreateEnum
CREATE TYPE "CriteriaMode" AS ENUM ('NO_CRITERIA', 'ALL_MATCH', 'ANY_MATCH');

-- CreateEnum
CREATE TYPE "InterceptAction" AS ENUM ('NONE', 'DELETE', 'DELIVER_NOW', 'QUARANTINE', 'CHANGE_RECIPIENT');

-- CreateEnum
CREATE TYPE "MigrationStatus" AS ENUM ('SUCCESS', 'NEEDS_FIX', 'FIXED', 'NEEDS_CONFIRMATION', 'CONFIRMED');

-- CreateEnum
CREATE TYPE "KeywordMatch" AS ENUM ('ANY', 'ALL', 'NOT', 'SCORE');

-- CreateEnum
CREATE TYPE "StampPosition" AS ENUM ('BEGINNING', 'END');

-- CreateEnum
CREATE TYPE "DlpIdentifierKind" AS ENUM ('EXPRESSION', 'KEYWORD_LIST', 'FILE_ATTRIBUTE');

-- CreateEnum
CREATE TYPE "ListKind" AS ENUM ('APPROVED_IP', 'BLOCKED_IP', 'WEB_REPUTATION_APPROVED', 'URL_KEYWORD_EXCEPTION', 'DKIM_IGNORED_PEER');

-- CreateEnum
CREATE TYPE "SenderAuthKind" AS ENUM ('DKIM_VERIFICATION', 'DMARC', 'DKIM_SIGNING');

-- CreateEnum
CREATE TYPE "MigrationMode" AS ENUM ('MERGE', 'OVERWRITE');

-- CreateEnum
CREATE TYPE "MigrationState" AS ENUM ('ANALYZING', 'ANALYZED', 'IMPORTING', 'COMPLETED', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "ItemCategory" AS ENUM ('NOT_SUPPORTED', 'ERROR', 'WARNING', 'SUCCESS');

-- CreateEnum
CREATE TYPE "ReportKind" AS ENUM ('ANALYSIS', 'MIGRATION');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "directorySyncedAt" TIMESTAMP(3),
ADD COLUMN     "showMigrationStatus" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "PolicyRule" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "direction" "PolicyDirection" NOT NULL,
    "type" "PolicyType" NOT NULL,
    "name" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "order" INTEGER NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "locked" BOOLEAN NOT NULL DEFAULT false,
    "level" "PolicyLevel" NOT NULL,
    "recipients" JSONB NOT NULL,
    "senders" JSONB NOT NULL,
    "exceptions" JSONB NOT NULL,
    "criteriaMode" "CriteriaMode" NOT NULL,
    "criteria" JSONB NOT NULL,
    "intercept" "InterceptAction" NOT NULL DEFAULT 'NONE',
    "interceptOptions" JSONB NOT NULL,
    "modifyActions" JSONB NOT NULL,
    "monitorActions" JSONB NOT NULL,
    "migrationStatus" "MigrationStatus",
    "migrationNotes" JSONB,
    "migrationRunId" TEXT,
    "sourceKey" TEXT,
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyObjectRef" (
    "id" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "objectKind" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,

    CONSTRAINT "PolicyObjectRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AddressGroup" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "addresses" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AddressGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeywordList" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "match" "KeywordMatch" NOT NULL DEFAULT 'ANY',
    "threshold" INTEGER,
    "expressions" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KeywordList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyNotification" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "toAddresses" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "attachOriginal" BOOLEAN NOT NULL DEFAULT false,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyNotification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stamp" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" "StampPosition" NOT NULL DEFAULT 'BEGINNING',
    "text" TEXT NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Stamp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DlpTemplate" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "predefined" BOOLEAN NOT NULL DEFAULT false,
    "identifiers" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DlpTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DlpIdentifier" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DlpIdentifierKind" NOT NULL,
    "definition" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DlpIdentifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListEntry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "list" "ListKind" NOT NULL,
    "value" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SenderAuthSetting" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "SenderAuthKind" NOT NULL,
    "key" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "settings" JSONB NOT NULL,
    "createdByMigration" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SenderAuthSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryGroup" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "dn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "members" JSONB NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectoryGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationRun" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "mode" "MigrationMode" NOT NULL,
    "state" "MigrationState" NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "analyzedAt" TIMESTAMP(3),
    "importStartedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MigrationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationItem" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "category" "ItemCategory" NOT NULL,
    "sourcePath" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "messageJa" TEXT NOT NULL,
    "fix" TEXT NOT NULL,
    "fixJa" TEXT NOT NULL,

    CONSTRAINT "MigrationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MigrationReportFile" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "kind" "ReportKind" NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MigrationReportFile_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "PolicyRule" ADD CONSTRAINT "PolicyRule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyObjectRef" ADD CONSTRAINT "PolicyObjectRef_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "PolicyRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AddressGroup" ADD CONSTRAINT "AddressGroup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeywordList" ADD CONSTRAINT "KeywordList_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyNotification" ADD CONSTRAINT "PolicyNotification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stamp" ADD CONSTRAINT "Stamp_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DlpTemplate" ADD CONSTRAINT "DlpTemplate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DlpIdentifier" ADD CONSTRAINT "DlpIdentifier_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListEntry" ADD CONSTRAINT "ListEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderAuthSetting" ADD CONSTRAINT "SenderAuthSetting_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectoryGroup" ADD CONSTRAINT "DirectoryGroup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MigrationRun" ADD CONSTRAINT "MigrationRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MigrationItem" ADD CONSTRAINT "MigrationItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "MigrationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MigrationReportFile" ADD CONSTRAINT "MigrationReportFile_runId_fkey" FOREIGN KEY ("runId") REFERENCES "MigrationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
