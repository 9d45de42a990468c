-- CreateTable
CREATE TABLE "Exploration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "baseModel" TEXT NOT NULL,
    "policy" TEXT NOT NULL DEFAULT 'mcts',
    "approvalMode" TEXT NOT NULL DEFAULT 'auto',
    "runnerKind" TEXT NOT NULL DEFAULT 'local',
    "budget" TEXT NOT NULL,
    "spec" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'running',
    "stopReason" TEXT,
    "seed" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "explorationId" TEXT NOT NULL,
    "parentId" TEXT,
    "ordinal" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "direction" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "recipe" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "metrics" TEXT,
    "score" REAL,
    "testScore" REAL,
    "report" TEXT,
    "progress" REAL NOT NULL DEFAULT 0,
    "computeSeconds" REAL NOT NULL DEFAULT 0,
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "fingerprint" TEXT NOT NULL,
    "checkpoint" TEXT,
    "reusedFromId" TEXT,
    "error" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Node_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nodeId" TEXT NOT NULL,
    "runnerKind" TEXT NOT NULL,
    "externalId" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL,
    "workDir" TEXT NOT NULL,
    "heartbeatAt" DATETIME,
    "eventsOffset" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Job_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "explorationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "nodeId" TEXT,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Event_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Insight" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "explorationId" TEXT,
    "taskId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "supportingNodeIds" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Insight_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Node_explorationId_status_idx" ON "Node"("explorationId", "status");

-- CreateIndex
CREATE INDEX "Node_fingerprint_idx" ON "Node"("fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "Node_explorationId_ordinal_key" ON "Node"("explorationId", "ordinal");

-- CreateIndex
CREATE INDEX "Job_status_idx" ON "Job"("status");

-- CreateIndex
CREATE INDEX "Job_nodeId_idx" ON "Job"("nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_explorationId_seq_key" ON "Event"("explorationId", "seq");

-- CreateIndex
CREATE INDEX "Insight_taskId_idx" ON "Insight"("taskId");

