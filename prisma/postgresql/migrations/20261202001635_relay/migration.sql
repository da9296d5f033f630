-- CreateEnum
CREATE TYPE "MailMessageStatus" AS ENUM ('PROCESSING', 'DELIVERED', 'QUARANTINED', 'DELETED', 'REDIRECTED', 'DEFERRED', 'BOUNCED', 'EXPIRED');

-- CreateTable
CREATE TABLE "MailMessage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "mailId" TEXT NOT NULL,
    "messageId" TEXT,
    "direction" "PolicyDirection" NOT NULL,
    "envelopeSender" TEXT NOT NULL,
    "envelopeRecipients" JSONB NOT NULL,
    "recipientList" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "headerFrom" TEXT,
    "sizeBytes" INTEGER NOT NULL,
    "sourceIp" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "MailMessageStatus" NOT NULL DEFAULT 'PROCESSING',
    "finalAt" TIMESTAMP(3),
    "verdict" JSONB,
    "processedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "skipRuleIds" JSONB,
    "origin" TEXT,

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailRecipient" (
    "id" TEXT NOT NULL,
    "mailMessageId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "originalAddress" TEXT NOT NULL,
    "status" "MailMessageStatus" NOT NULL DEFAULT 'PROCESSING',
    "contentPath" TEXT,
    "deliverNowServer" TEXT,
    "deliveredTo" TEXT,
    "lastReply" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuarantinedMessage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "domainId" TEXT,
    "mailMessageId" TEXT NOT NULL,
    "direction" "PolicyDirection" NOT NULL,
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
    "quarantinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuarantinedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CapturedMessage" (
    "id" TEXT NOT NULL,
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
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CapturedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyEvent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "mailMessageId" TEXT NOT NULL,
    "direction" "PolicyDirection" NOT NULL,
    "policyType" "PolicyType" NOT NULL,
    "ruleId" TEXT,
    "ruleName" TEXT NOT NULL,
    "threatType" TEXT NOT NULL,
    "threatName" TEXT,
    "actions" JSONB NOT NULL,
    "envelopeSender" TEXT NOT NULL,
    "recipients" JSONB NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "messageId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyEvent_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "MailMessage" ADD CONSTRAINT "MailMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailRecipient" ADD CONSTRAINT "MailRecipient_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarantinedMessage" ADD CONSTRAINT "QuarantinedMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarantinedMessage" ADD CONSTRAINT "QuarantinedMessage_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarantinedMessage" ADD CONSTRAINT "QuarantinedMessage_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapturedMessage" ADD CONSTRAINT "CapturedMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapturedMessage" ADD CONSTRAINT "CapturedMessage_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapturedMessage" ADD CONSTRAINT "CapturedMessage_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvent" ADD CONSTRAINT "PolicyEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvent" ADD CONSTRAINT "PolicyEvent_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "MailMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The relay keeps PolicyRule."lastUsedAt" current (src/relay/rule-usage.ts). That column is
-- not policy: a statement that changes nothing else must not bump Tenant.policyRevision,
-- which would throw away the compiled policy and the list snapshot at every flush.
-- (Statement triggers with transition tables cannot have a column list: the function compares
-- the rows without that column instead.)
CREATE OR REPLACE FUNCTION "bump_policy_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (SELECT "tenantId" FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (SELECT "tenantId" FROM old_rows);
  ELSIF TG_TABLE_NAME = 'PolicyRule' THEN
    UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1
      WHERE "id" IN (
        SELECT n."tenantId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
          WHERE (to_jsonb(n) - 'lastUsedAt') IS DISTINCT FROM (to_jsonb(o) - 'lastUsedAt')
        UNION
        SELECT o."tenantId" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
          WHERE (to_jsonb(n) - 'lastUsedAt') IS DISTINCT FROM (to_jsonb(o) - 'lastUsedAt'));
  ELSE
    UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1
      WHERE "id" IN (SELECT "tenantId" FROM new_rows UNION SELECT "tenantId" FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;
