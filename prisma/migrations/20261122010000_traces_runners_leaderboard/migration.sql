-- CreateTable
CREATE TABLE "AgentTrace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "explorationId" TEXT NOT NULL,
    "nodeId" TEXT,
    "agent" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "model" TEXT,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RunnerConfig" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "concurrency" INTEGER NOT NULL DEFAULT 1,
    "lastCheck" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LeaderboardEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "explorationId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "planner" TEXT NOT NULL,
    "baseModel" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "testScore" REAL,
    "baselineScore" REAL NOT NULL,
    "gain" REAL NOT NULL,
    "computeSeconds" REAL NOT NULL,
    "tokens" INTEGER NOT NULL,
    "timeToBestSeconds" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "AgentTrace_explorationId_nodeId_idx" ON "AgentTrace"("explorationId", "nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "RunnerConfig_name_key" ON "RunnerConfig"("name");

-- CreateIndex
CREATE UNIQUE INDEX "LeaderboardEntry_explorationId_key" ON "LeaderboardEntry"("explorationId");

-- CreateIndex
CREATE INDEX "LeaderboardEntry_taskId_idx" ON "LeaderboardEntry"("taskId");

