-- AlterTable (ADD COLUMN, not the redefinition Prisma proposes: Tenant is every table's parent)
ALTER TABLE "Tenant" ADD COLUMN "policyRevision" INTEGER NOT NULL DEFAULT 0;

-- Policy revision (src/policies/policy-snapshot.ts): every insert, update or delete of a
-- tenant's policy rules and policy objects bumps Tenant.policyRevision in the same
-- transaction, whoever writes (the API, an import from the CLI, another instance, SQL by
-- hand). A snapshot read at revision R is current while the tenant's revision is R.
-- SQLite drops a table's triggers with the table: a migration that redefines one of these
-- tables must create its triggers again (scripts/new-migration.mjs says so; the test
-- test/policies/policy-revision.int.test.ts fails without them).
CREATE TRIGGER "PolicyRule_policy_revision_insert" AFTER INSERT ON "PolicyRule" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = NEW."tenantId"; END;
CREATE TRIGGER "PolicyRule_policy_revision_update" AFTER UPDATE ON "PolicyRule" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (OLD."tenantId", NEW."tenantId"); END;
CREATE TRIGGER "PolicyRule_policy_revision_delete" AFTER DELETE ON "PolicyRule" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = OLD."tenantId"; END;
CREATE TRIGGER "AddressGroup_policy_revision_insert" AFTER INSERT ON "AddressGroup" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = NEW."tenantId"; END;
CREATE TRIGGER "AddressGroup_policy_revision_update" AFTER UPDATE ON "AddressGroup" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (OLD."tenantId", NEW."tenantId"); END;
CREATE TRIGGER "AddressGroup_policy_revision_delete" AFTER DELETE ON "AddressGroup" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = OLD."tenantId"; END;
CREATE TRIGGER "KeywordList_policy_revision_insert" AFTER INSERT ON "KeywordList" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = NEW."tenantId"; END;
CREATE TRIGGER "KeywordList_policy_revision_update" AFTER UPDATE ON "KeywordList" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (OLD."tenantId", NEW."tenantId"); END;
CREATE TRIGGER "KeywordList_policy_revision_delete" AFTER DELETE ON "KeywordList" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = OLD."tenantId"; END;
CREATE TRIGGER "PolicyNotification_policy_revision_insert" AFTER INSERT ON "PolicyNotification" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = NEW."tenantId"; END;
CREATE TRIGGER "PolicyNotification_policy_revision_update" AFTER UPDATE ON "PolicyNotification" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (OLD."tenantId", NEW."tenantId"); END;
CREATE TRIGGER "PolicyNotification_policy_revision_delete" AFTER DELETE ON "PolicyNotification" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = OLD."tenantId"; END;
CREATE TRIGGER "Stamp_policy_revision_insert" AFTER INSERT ON "Stamp" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = NEW."tenantId"; END;
CREATE TRIGGER "Stamp_policy_revision_update" AFTER UPDATE ON "Stamp" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (OLD."tenantId", NEW."tenantId"); END;
CREATE TRIGGER "Stamp_policy_revision_delete" AFTER DELETE ON "Stamp" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = OLD."tenantId"; END;
CREATE TRIGGER "DlpTemplate_policy_revision_insert" AFTER INSERT ON "DlpTemplate" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = NEW."tenantId"; END;
CREATE TRIGGER "DlpTemplate_policy_revision_update" AFTER UPDATE ON "DlpTemplate" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (OLD."tenantId", NEW."tenantId"); END;
CREATE TRIGGER "DlpTemplate_policy_revision_delete" AFTER DELETE ON "DlpTemplate" BEGIN UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" = OLD."tenantId"; END;
