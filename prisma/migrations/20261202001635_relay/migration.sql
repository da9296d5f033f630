-- CreateTable
CREATE TABLE "MailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "mailId" TEXT NOT NULL,
    "messageId" TEXT,
    "direction" TEXT NOT NULL,
    "envelopeSender" TEXT NOT NULL,
    "envelopeRecipients" JSONB NOT NULL,
    "recipientList" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "headerFrom" TEXT,
    "sizeBytes" INTEGER NOT NULL,
    "sourceIp" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'PROCESSING',
    "finalAt" DATETIME,
    "verdict" JSONB,
    "processedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "skipRuleIds" JSONB,
    "origin" TEXT,
    CONSTRAINT "MailMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MailRecipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailMessageId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "originalAddress" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PROCESSING',
    "contentPath" TEXT,
    "deliverNowServer" TEXT,
    "deliveredTo" TEXT,
    "lastReply" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MailRecipient_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuarantinedMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "domainId" TEXT,
    "mailMessageId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "ruleId" TEXT,
    "ruleName" TEXT NOT NULL,
    "envelopeSender" TEXT NOT NULL,
    "recipients" JSONB NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "messageId" TEXT,
    "sizeBytes" INTEGER NOT NULL,
    "contentPath" TEXT NOT NULL,
    "quarantinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuarantinedMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuarantinedMessage_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuarantinedMessage_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CapturedMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "domainId" TEXT,
    "mailMessageId" TEXT,
    "messageId" TEXT,
    "envelopeSender" TEXT NOT NULL,
    "envelopeRecipients" JSONB NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "sizeBytes" INTEGER NOT NULL,
    "contentPath" TEXT NOT NULL,
    "summary" JSONB,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CapturedMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CapturedMessage_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CapturedMessage_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "mailMessageId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "policyType" TEXT NOT NULL,
    "ruleId" TEXT,
    "ruleName" TEXT NOT NULL,
    "threatType" TEXT NOT NULL,
    "threatName" TEXT,
    "actions" JSONB NOT NULL,
    "envelopeSender" TEXT NOT NULL,
    "recipients" JSONB NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "messageId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PolicyEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PolicyEvent_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MailMessage_mailId_key" ON "MailMessage"("mailId");

-- CreateIndex
CREATE INDEX "MailMessage_tenantId_receivedAt_idx" ON "MailMessage"("tenantId", "receivedAt");

-- CreateIndex
CREATE INDEX "MailMessage_tenantId_messageId_idx" ON "MailMessage"("tenantId", "messageId");

-- CreateIndex
CREATE INDEX "MailMessage_status_idx" ON "MailMessage"("status");

-- CreateIndex
CREATE INDEX "MailRecipient_mailMessageId_idx" ON "MailRecipient"("mailMessageId");

-- CreateIndex
CREATE INDEX "MailRecipient_nextAttemptAt_idx" ON "MailRecipient"("nextAttemptAt");

-- CreateIndex
CREATE INDEX "QuarantinedMessage_tenantId_quarantinedAt_idx" ON "QuarantinedMessage"("tenantId", "quarantinedAt");

-- CreateIndex
CREATE INDEX "QuarantinedMessage_mailMessageId_idx" ON "QuarantinedMessage"("mailMessageId");

-- CreateIndex
CREATE INDEX "CapturedMessage_tenantId_receivedAt_idx" ON "CapturedMessage"("tenantId", "receivedAt");

-- CreateIndex
CREATE INDEX "CapturedMessage_mailMessageId_idx" ON "CapturedMessage"("mailMessageId");

-- CreateIndex
CREATE INDEX "PolicyEvent_tenantId_at_idx" ON "PolicyEvent"("tenantId", "at");

-- CreateIndex
CREATE INDEX "PolicyEvent_mailMessageId_idx" ON "PolicyEvent"("mailMessageId");

-- The relay keeps PolicyRule."lastUsedAt" current (src/relay/rule-usage.ts). That column is
-- not policy: writing it must not bump Tenant.policyRevision, which would throw away the
-- compiled policy and the list snapshot at every flush. The update trigger now watches every
-- other column (test/policies/policy-revision.int.test.ts checks this list against the
-- datamodel, so a new column cannot be forgotten).
DROP TRIGGER "PolicyRule_policy_revision_update";
CREATE TRIGGER "PolicyRule_policy_revision_update" AFTER UPDATE OF "id", "tenantId", "direction", "type", "name", "notes", "enabled", "order", "isDefault", "locked", "level", "recipients", "senders", "exceptions", "criteriaMode", "criteria", "intercept", "interceptOptions", "modifyActions", "monitorActions", "schemaVersion", "migrationStatus", "migrationNotes", "migrationRunId", "sourceKey", "createdAt", "updatedAt" ON "PolicyRule" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (OLD."tenantId", NEW."tenantId"); END;
