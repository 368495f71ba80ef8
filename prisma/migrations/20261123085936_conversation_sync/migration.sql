-- CreateTable
CREATE TABLE "ConversationSync" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "integrationId" UUID NOT NULL,
    "state" "SyncState" NOT NULL DEFAULT 'PENDING',
    "reasonCode" TEXT,
    "remoteId" TEXT,
    "remoteUserId" TEXT,
    "remoteAdminId" TEXT,
    "lastSyncedAt" TIMESTAMPTZ(3),
    "lastAttemptAt" TIMESTAMPTZ(3),
    "leaseUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConversationSync_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageSync" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "integrationId" UUID NOT NULL,
    "state" "SyncState" NOT NULL DEFAULT 'PENDING',
    "reasonCode" TEXT,
    "remoteId" TEXT,
    "sentHash" TEXT,
    "syncedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MessageSync_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConversationSync_integrationId_state_idx" ON "ConversationSync"("integrationId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationSync_requestId_integrationId_key" ON "ConversationSync"("requestId", "integrationId");

-- CreateIndex
CREATE INDEX "MessageSync_integrationId_state_idx" ON "MessageSync"("integrationId", "state");

-- CreateIndex
CREATE INDEX "MessageSync_requestId_integrationId_idx" ON "MessageSync"("requestId", "integrationId");

-- CreateIndex
CREATE UNIQUE INDEX "MessageSync_messageId_integrationId_key" ON "MessageSync"("messageId", "integrationId");

-- AddForeignKey
ALTER TABLE "ConversationSync" ADD CONSTRAINT "ConversationSync_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationSync" ADD CONSTRAINT "ConversationSync_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationSync" ADD CONSTRAINT "ConversationSync_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageSync" ADD CONSTRAINT "MessageSync_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageSync" ADD CONSTRAINT "MessageSync_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "RequestMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageSync" ADD CONSTRAINT "MessageSync_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
