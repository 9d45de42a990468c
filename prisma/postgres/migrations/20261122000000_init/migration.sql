-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Exploration" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Exploration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL,
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
    "score" DOUBLE PRECISION,
    "testScore" DOUBLE PRECISION,
    "report" TEXT,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "computeSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "fingerprint" TEXT NOT NULL,
    "checkpoint" TEXT,
    "reusedFromId" TEXT,
    "error" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "runnerKind" TEXT NOT NULL,
    "externalId" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL,
    "workDir" TEXT NOT NULL,
    "heartbeatAt" TIMESTAMP(3),
    "eventsOffset" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "explorationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "nodeId" TEXT,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Insight" (
    "id" TEXT NOT NULL,
    "explorationId" TEXT,
    "taskId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "supportingNodeIds" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Insight_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentTrace" (
    "id" TEXT NOT NULL,
    "explorationId" TEXT NOT NULL,
    "nodeId" TEXT,
    "agent" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "model" TEXT,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentTrace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunnerConfig" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "concurrency" INTEGER NOT NULL DEFAULT 1,
    "lastCheck" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunnerConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeaderboardEntry" (
    "id" TEXT NOT NULL,
    "explorationId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "planner" TEXT NOT NULL,
    "baseModel" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "testScore" DOUBLE PRECISION,
    "baselineScore" DOUBLE PRECISION NOT NULL,
    "gain" DOUBLE PRECISION NOT NULL,
    "computeSeconds" DOUBLE PRECISION NOT NULL,
    "tokens" INTEGER NOT NULL,
    "timeToBestSeconds" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeaderboardEntry_pkey" PRIMARY KEY ("id")
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

-- CreateIndex
CREATE INDEX "AgentTrace_explorationId_nodeId_idx" ON "AgentTrace"("explorationId", "nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "RunnerConfig_name_key" ON "RunnerConfig"("name");

-- CreateIndex
CREATE UNIQUE INDEX "LeaderboardEntry_explorationId_key" ON "LeaderboardEntry"("explorationId");

-- CreateIndex
CREATE INDEX "LeaderboardEntry_taskId_idx" ON "LeaderboardEntry"("taskId");

-- AddForeignKey
ALTER TABLE "Node" ADD CONSTRAINT "Node_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Insight" ADD CONSTRAINT "Insight_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardEntry" ADD CONSTRAINT "LeaderboardEntry_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

