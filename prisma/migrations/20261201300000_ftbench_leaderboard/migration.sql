-- CreateTable
CREATE TABLE "FtBenchOfficialSplit" (
    "taskId" TEXT NOT NULL,
    "split" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("taskId", "split")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LeaderboardEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "explorationId" TEXT,
    "workspaceId" TEXT NOT NULL DEFAULT 'default',
    "taskId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "policy" TEXT NOT NULL,
    "planner" TEXT NOT NULL,
    "baseModel" TEXT NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'full',
    "score" REAL NOT NULL,
    "testScore" REAL,
    "baselineScore" REAL NOT NULL,
    "gain" REAL NOT NULL,
    "computeSeconds" REAL NOT NULL,
    "tokens" INTEGER NOT NULL,
    "timeToBestSeconds" REAL NOT NULL,
    "dataStatus" TEXT NOT NULL DEFAULT 'mini',
    "dataHash" TEXT NOT NULL DEFAULT '',
    "splitHashes" TEXT NOT NULL DEFAULT '{}',
    "dataNote" TEXT,
    "evaluation" TEXT NOT NULL DEFAULT '{}',
    "importedFrom" TEXT,
    "record" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LeaderboardEntry_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- entries made before this migration take their exploration's workspace and title
INSERT INTO "new_LeaderboardEntry" ("baseModel", "baselineScore", "computeSeconds", "createdAt", "explorationId", "gain", "id", "nodeId", "planner", "policy", "score", "taskId", "testScore", "timeToBestSeconds", "tokens", "workspaceId", "title") SELECT "baseModel", "baselineScore", "computeSeconds", "createdAt", "explorationId", "gain", "id", "nodeId", "planner", "policy", "score", "taskId", "testScore", "timeToBestSeconds", "tokens", COALESCE((SELECT "workspaceId" FROM "Exploration" e WHERE e."id" = "LeaderboardEntry"."explorationId"), 'default'), COALESCE((SELECT "title" FROM "Exploration" e WHERE e."id" = "LeaderboardEntry"."explorationId"), '') FROM "LeaderboardEntry";
DROP TABLE "LeaderboardEntry";
ALTER TABLE "new_LeaderboardEntry" RENAME TO "LeaderboardEntry";
CREATE UNIQUE INDEX "LeaderboardEntry_explorationId_key" ON "LeaderboardEntry"("explorationId");
CREATE INDEX "LeaderboardEntry_taskId_idx" ON "LeaderboardEntry"("taskId");
CREATE INDEX "LeaderboardEntry_workspaceId_idx" ON "LeaderboardEntry"("workspaceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

