-- CreateTable
CREATE TABLE "MigrationImportLock" (
    "tenantId" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "acquiredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ServerSecret" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "MigrationImportLock_runId_key" ON "MigrationImportLock"("runId");

-- Databases made before this migration may hold identical records (concurrent setDnsRecord
-- calls stored duplicates): keep the oldest row of each before the unique index.
DELETE FROM "DnsRecord" WHERE "id" NOT IN (
    SELECT MIN("id") FROM "DnsRecord" GROUP BY "zoneId", "name", "type", "value"
);

-- CreateIndex
CREATE UNIQUE INDEX "DnsRecord_zoneId_name_type_value_key" ON "DnsRecord"("zoneId", "name", "type", "value");
