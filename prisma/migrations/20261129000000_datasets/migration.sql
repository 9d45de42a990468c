-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "labels" TEXT NOT NULL DEFAULT '[]',
    "summary" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Dataset_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Exploration" (
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
    "workspaceId" TEXT NOT NULL DEFAULT 'default',
    "datasetId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "Exploration_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Exploration_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Exploration" ("approvalMode", "baseModel", "budget", "createdAt", "finishedAt", "goal", "id", "policy", "runnerKind", "seed", "spec", "status", "stopReason", "taskId", "title", "updatedAt", "workspaceId") SELECT "approvalMode", "baseModel", "budget", "createdAt", "finishedAt", "goal", "id", "policy", "runnerKind", "seed", "spec", "status", "stopReason", "taskId", "title", "updatedAt", "workspaceId" FROM "Exploration";
DROP TABLE "Exploration";
ALTER TABLE "new_Exploration" RENAME TO "Exploration";
CREATE INDEX "Exploration_workspaceId_idx" ON "Exploration"("workspaceId");
CREATE INDEX "Exploration_datasetId_idx" ON "Exploration"("datasetId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Dataset_workspaceId_idx" ON "Dataset"("workspaceId");

