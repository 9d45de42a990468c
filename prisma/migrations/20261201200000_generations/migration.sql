-- CreateTable
CREATE TABLE "Generation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nodeId" TEXT NOT NULL,
    "compareWith" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "maxNewTokens" INTEGER NOT NULL,
    "temperature" REAL NOT NULL,
    "status" TEXT NOT NULL,
    "runnerKind" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "externalId" TEXT,
    "workDir" TEXT NOT NULL DEFAULT '',
    "models" TEXT NOT NULL,
    "answers" TEXT,
    "error" TEXT,
    "wallSeconds" REAL,
    "askedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "Generation_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Generation_jobId_key" ON "Generation"("jobId");

-- CreateIndex
CREATE INDEX "Generation_nodeId_createdAt_idx" ON "Generation"("nodeId", "createdAt");

