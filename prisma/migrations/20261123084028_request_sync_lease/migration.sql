-- AlterTable
ALTER TABLE "RequestSync" ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3);
