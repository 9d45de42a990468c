-- CreateTable
CREATE TABLE "Generation" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "compareWith" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "maxNewTokens" INTEGER NOT NULL,
    "temperature" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "runnerKind" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "externalId" TEXT,
    "workDir" TEXT NOT NULL DEFAULT '',
    "models" TEXT NOT NULL,
    "answers" TEXT,
    "error" TEXT,
    "wallSeconds" DOUBLE PRECISION,
    "askedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Generation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Generation_jobId_key" ON "Generation"("jobId");

-- CreateIndex
CREATE INDEX "Generation_nodeId_createdAt_idx" ON "Generation"("nodeId", "createdAt");

-- AddForeignKey
ALTER TABLE "Generation" ADD CONSTRAINT "Generation_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
