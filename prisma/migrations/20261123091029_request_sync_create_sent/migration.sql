-- AlterTable
ALTER TABLE "RequestSync" ADD COLUMN     "createSentAt" TIMESTAMPTZ(3);
