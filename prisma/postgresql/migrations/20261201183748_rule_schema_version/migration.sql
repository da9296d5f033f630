-- AlterTable
ALTER TABLE "PolicyRule" ADD COLUMN     "schemaVersion" INTEGER NOT NULL DEFAULT 1;
