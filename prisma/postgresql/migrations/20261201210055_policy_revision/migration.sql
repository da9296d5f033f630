-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "policyRevision" INTEGER NOT NULL DEFAULT 0;

-- Policy revision (src/policies/policy-snapshot.ts): every insert, update or delete of a
-- tenant's policy rules and policy objects bumps Tenant.policyRevision in the same
-- transaction, whoever writes (the API, an import from the CLI, another instance, SQL by
-- hand). A snapshot read at revision R is current while the tenant's revision is R.
-- (SQLite drops a table's triggers with the table: a migration that redefines one of these
-- tables must create its triggers again (scripts/new-migration.mjs says so; the test
-- test/policies/policy-revision.int.test.ts fails without them.)
-- Statement-level with transition tables: one UPDATE of the tenant row per statement, not per row.
CREATE FUNCTION "bump_policy_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (SELECT "tenantId" FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1 WHERE "id" IN (SELECT "tenantId" FROM old_rows);
  ELSE
    UPDATE "Tenant" SET "policyRevision" = "policyRevision" + 1
      WHERE "id" IN (SELECT "tenantId" FROM new_rows UNION SELECT "tenantId" FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "PolicyRule_policy_revision_insert" AFTER INSERT ON "PolicyRule" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "PolicyRule_policy_revision_update" AFTER UPDATE ON "PolicyRule" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "PolicyRule_policy_revision_delete" AFTER DELETE ON "PolicyRule" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "AddressGroup_policy_revision_insert" AFTER INSERT ON "AddressGroup" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "AddressGroup_policy_revision_update" AFTER UPDATE ON "AddressGroup" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "AddressGroup_policy_revision_delete" AFTER DELETE ON "AddressGroup" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "KeywordList_policy_revision_insert" AFTER INSERT ON "KeywordList" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "KeywordList_policy_revision_update" AFTER UPDATE ON "KeywordList" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "KeywordList_policy_revision_delete" AFTER DELETE ON "KeywordList" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "PolicyNotification_policy_revision_insert" AFTER INSERT ON "PolicyNotification" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "PolicyNotification_policy_revision_update" AFTER UPDATE ON "PolicyNotification" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "PolicyNotification_policy_revision_delete" AFTER DELETE ON "PolicyNotification" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "Stamp_policy_revision_insert" AFTER INSERT ON "Stamp" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "Stamp_policy_revision_update" AFTER UPDATE ON "Stamp" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "Stamp_policy_revision_delete" AFTER DELETE ON "Stamp" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "DlpTemplate_policy_revision_insert" AFTER INSERT ON "DlpTemplate" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "DlpTemplate_policy_revision_update" AFTER UPDATE ON "DlpTemplate" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
CREATE TRIGGER "DlpTemplate_policy_revision_delete" AFTER DELETE ON "DlpTemplate" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "bump_policy_revision"();
