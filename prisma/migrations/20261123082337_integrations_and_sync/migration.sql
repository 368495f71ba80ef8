-- CreateEnum
CREATE TYPE "IntegrationProvider" AS ENUM ('VITALLY', 'SALESFORCE');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('CONNECTED', 'NEEDS_ATTENTION', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "SyncState" AS ENUM ('PENDING', 'SYNCED', 'SKIPPED', 'FAILED', 'HELD');

-- CreateEnum
CREATE TYPE "SyncKind" AS ENUM ('REQUEST', 'CONVERSATION', 'MESSAGE', 'SCHEMA');

-- CreateEnum
CREATE TYPE "SyncOutcome" AS ENUM ('SYNCED', 'SKIPPED', 'FAILED');

-- CreateTable
CREATE TABLE "Integration" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "provider" "IntegrationProvider" NOT NULL,
    "status" "IntegrationStatus" NOT NULL DEFAULT 'CONNECTED',
    "baseUrl" TEXT NOT NULL,
    "remoteTenant" TEXT NOT NULL,
    "activeTenantKey" TEXT,
    "activeWorkspaceKey" TEXT,
    "isSandbox" BOOLEAN NOT NULL DEFAULT false,
    "credentials" TEXT NOT NULL,
    "credentialHint" TEXT NOT NULL,
    "budgetKey" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "schemaState" JSONB NOT NULL DEFAULT '{}',
    "attentionReason" TEXT,
    "attentionSince" TIMESTAMPTZ(3),
    "connectedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "connectedById" UUID,
    "disconnectedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestSync" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "integrationId" UUID NOT NULL,
    "state" "SyncState" NOT NULL DEFAULT 'PENDING',
    "reasonCode" TEXT,
    "remoteId" TEXT,
    "remoteUserId" TEXT,
    "remoteOrganizationId" TEXT,
    "remoteAccountId" TEXT,
    "linkedEmail" TEXT,
    "decision" JSONB,
    "lastSentHash" TEXT,
    "lastSentVersion" INTEGER,
    "lastSyncedAt" TIMESTAMPTZ(3),
    "lastAttemptAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RequestSync_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncLog" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" UUID NOT NULL,
    "integrationId" UUID NOT NULL,
    "provider" "IntegrationProvider" NOT NULL,
    "kind" "SyncKind" NOT NULL,
    "requestId" UUID,
    "requestNumber" INTEGER,
    "requestorEmail" TEXT,
    "trigger" TEXT NOT NULL,
    "outcome" "SyncOutcome" NOT NULL,
    "reasonCode" TEXT,
    "message" TEXT,
    "decision" JSONB,
    "calls" JSONB NOT NULL DEFAULT '[]',
    "remoteId" TEXT,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLedger" (
    "id" BIGSERIAL NOT NULL,
    "budgetKey" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RateLedger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Integration_activeTenantKey_key" ON "Integration"("activeTenantKey");

-- CreateIndex
CREATE UNIQUE INDEX "Integration_activeWorkspaceKey_key" ON "Integration"("activeWorkspaceKey");

-- CreateIndex
CREATE INDEX "Integration_workspaceId_provider_idx" ON "Integration"("workspaceId", "provider");

-- CreateIndex
CREATE INDEX "RequestSync_integrationId_state_idx" ON "RequestSync"("integrationId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "RequestSync_requestId_integrationId_key" ON "RequestSync"("requestId", "integrationId");

-- CreateIndex
CREATE INDEX "SyncLog_workspaceId_createdAt_id_idx" ON "SyncLog"("workspaceId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncLog_workspaceId_outcome_createdAt_id_idx" ON "SyncLog"("workspaceId", "outcome", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncLog_workspaceId_reasonCode_createdAt_id_idx" ON "SyncLog"("workspaceId", "reasonCode", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncLog_workspaceId_requestId_createdAt_id_idx" ON "SyncLog"("workspaceId", "requestId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncLog_workspaceId_requestNumber_idx" ON "SyncLog"("workspaceId", "requestNumber");

-- CreateIndex
CREATE INDEX "SyncLog_workspaceId_requestorEmail_idx" ON "SyncLog"("workspaceId", "requestorEmail");

-- CreateIndex
CREATE INDEX "RateLedger_budgetKey_at_idx" ON "RateLedger"("budgetKey", "at");

-- AddForeignKey
ALTER TABLE "Integration" ADD CONSTRAINT "Integration_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestSync" ADD CONSTRAINT "RequestSync_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestSync" ADD CONSTRAINT "RequestSync_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestSync" ADD CONSTRAINT "RequestSync_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncLog" ADD CONSTRAINT "SyncLog_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncLog" ADD CONSTRAINT "SyncLog_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
