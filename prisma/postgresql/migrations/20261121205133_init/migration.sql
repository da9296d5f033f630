-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Region" AS ENUM ('JP', 'US', 'EU', 'ANZ', 'SG', 'IN', 'UAE');

-- CreateEnum
CREATE TYPE "ProtectionTier" AS ENUM ('STANDARD', 'ADVANCED');

-- CreateEnum
CREATE TYPE "DomainStatus" AS ENUM ('CONFIGURATION_REQUIRED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "OutboundServerType" AS ENUM ('NONE', 'MICROSOFT_365', 'GOOGLE_WORKSPACE', 'USER_DEFINED');

-- CreateEnum
CREATE TYPE "VerificationMethod" AS ENUM ('TXT', 'MX');

-- CreateEnum
CREATE TYPE "VerificationResult" AS ENUM ('VERIFIED', 'NOT_FOUND', 'MISMATCH', 'RESOLVER_ERROR');

-- CreateEnum
CREATE TYPE "VerificationTrigger" AS ENUM ('MANUAL', 'SCHEDULED', 'DEMO');

-- CreateEnum
CREATE TYPE "DnsRecordType" AS ENUM ('A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "region" "Region" NOT NULL DEFAULT 'JP',
    "tier" "ProtectionTier" NOT NULL DEFAULT 'STANDARD',
    "trial" BOOLEAN NOT NULL DEFAULT false,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Domain" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "DomainStatus" NOT NULL DEFAULT 'CONFIGURATION_REQUIRED',
    "verificationToken" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "verifiedBy" "VerificationMethod",
    "lastCheckedAt" TIMESTAMP(3),
    "outboundProtection" BOOLEAN NOT NULL DEFAULT false,
    "skipDefaultPolicies" BOOLEAN NOT NULL DEFAULT true,
    "outboundServerType" "OutboundServerType" NOT NULL DEFAULT 'NONE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundServer" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 25,
    "preference" INTEGER NOT NULL DEFAULT 10,

    CONSTRAINT "InboundServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundServer" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "host" TEXT NOT NULL,

    CONSTRAINT "OutboundServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationCheck" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "method" "VerificationMethod" NOT NULL,
    "trigger" "VerificationTrigger" NOT NULL,
    "question" TEXT NOT NULL,
    "answer" JSONB NOT NULL,
    "expected" TEXT NOT NULL,
    "result" "VerificationResult" NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DnsZone" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "serial" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DnsZone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DnsRecord" (
    "id" TEXT NOT NULL,
    "zoneId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "DnsRecordType" NOT NULL,
    "ttlSeconds" INTEGER NOT NULL DEFAULT 300,
    "value" TEXT NOT NULL,
    "priority" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DnsRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "targetName" TEXT NOT NULL,
    "changes" JSONB NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_companyId_key" ON "Tenant"("companyId");

-- CreateIndex
CREATE UNIQUE INDEX "Domain_name_key" ON "Domain"("name");

-- CreateIndex
CREATE INDEX "Domain_tenantId_name_idx" ON "Domain"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Domain_status_idx" ON "Domain"("status");

-- CreateIndex
CREATE INDEX "InboundServer_domainId_position_idx" ON "InboundServer"("domainId", "position");

-- CreateIndex
CREATE INDEX "OutboundServer_domainId_position_idx" ON "OutboundServer"("domainId", "position");

-- CreateIndex
CREATE INDEX "VerificationCheck_domainId_checkedAt_idx" ON "VerificationCheck"("domainId", "checkedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DnsZone_name_key" ON "DnsZone"("name");

-- CreateIndex
CREATE INDEX "DnsZone_tenantId_idx" ON "DnsZone"("tenantId");

-- CreateIndex
CREATE INDEX "DnsRecord_zoneId_name_idx" ON "DnsRecord"("zoneId", "name");

-- CreateIndex
CREATE INDEX "DnsRecord_name_idx" ON "DnsRecord"("name");

-- CreateIndex
CREATE INDEX "AuditEntry_tenantId_at_idx" ON "AuditEntry"("tenantId", "at");

-- AddForeignKey
ALTER TABLE "Domain" ADD CONSTRAINT "Domain_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundServer" ADD CONSTRAINT "InboundServer_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundServer" ADD CONSTRAINT "OutboundServer_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationCheck" ADD CONSTRAINT "VerificationCheck_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsZone" ADD CONSTRAINT "DnsZone_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnsRecord" ADD CONSTRAINT "DnsRecord_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "DnsZone"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
