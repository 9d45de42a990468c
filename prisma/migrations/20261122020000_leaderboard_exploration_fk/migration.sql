-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LeaderboardEntry" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LeaderboardEntry_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LeaderboardEntry" ("baseModel", "baselineScore", "computeSeconds", "createdAt", "explorationId", "gain", "id", "nodeId", "planner", "policy", "score", "taskId", "testScore", "timeToBestSeconds", "tokens") SELECT "baseModel", "baselineScore", "computeSeconds", "createdAt", "explorationId", "gain", "id", "nodeId", "planner", "policy", "score", "taskId", "testScore", "timeToBestSeconds", "tokens" FROM "LeaderboardEntry";
DROP TABLE "LeaderboardEntry";
ALTER TABLE "new_LeaderboardEntry" RENAME TO "LeaderboardEntry";
CREATE UNIQUE INDEX "LeaderboardEntry_explorationId_key" ON "LeaderboardEntry"("explorationId");
CREATE INDEX "LeaderboardEntry_taskId_idx" ON "LeaderboardEntry"("taskId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

