-- AlterTable
ALTER TABLE "MigrationRun" ADD COLUMN "itemsDigest" TEXT;
