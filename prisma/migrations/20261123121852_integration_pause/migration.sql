-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "pauseReason" TEXT,
ADD COLUMN     "pausedUntil" TIMESTAMPTZ(3);
