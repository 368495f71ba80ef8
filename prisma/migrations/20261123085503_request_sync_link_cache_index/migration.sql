-- CreateIndex
CREATE INDEX "RequestSync_integrationId_linkedEmail_lastSyncedAt_idx" ON "RequestSync"("integrationId", "linkedEmail", "lastSyncedAt" DESC);
