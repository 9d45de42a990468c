-- AlterTable
ALTER TABLE "Exploration" ADD COLUMN "testRevealedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Insight" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "explorationId" TEXT,
    "taskId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "supportingNodeIds" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'note',
    "features" TEXT NOT NULL DEFAULT '[]',
    "effect" REAL,
    "comparisons" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Insight_explorationId_fkey" FOREIGN KEY ("explorationId") REFERENCES "Exploration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Insight" ("createdAt", "explorationId", "id", "supportingNodeIds", "taskId", "text") SELECT "createdAt", "explorationId", "id", "supportingNodeIds", "taskId", "text" FROM "Insight";
DROP TABLE "Insight";
ALTER TABLE "new_Insight" RENAME TO "Insight";
CREATE INDEX "Insight_taskId_idx" ON "Insight"("taskId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

