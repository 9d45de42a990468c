-- CreateIndex
CREATE INDEX "Node_explorationId_updatedAt_version_idx" ON "Node"("explorationId", "updatedAt", "version");
