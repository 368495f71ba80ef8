-- CreateIndex
CREATE INDEX "Request_workspaceId_updatedAt_id_idx" ON "Request"("workspaceId", "updatedAt" DESC, "id" DESC);
