-- CreateTable
CREATE TABLE "FtBenchOfficialSplit" (
    "taskId" TEXT NOT NULL,
    "split" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FtBenchOfficialSplit_pkey" PRIMARY KEY ("taskId","split")
);

-- AlterTable
ALTER TABLE "LeaderboardEntry" ALTER COLUMN "explorationId" DROP NOT NULL,
ADD COLUMN     "workspaceId" TEXT NOT NULL DEFAULT 'default',
ADD COLUMN     "title" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "method" TEXT NOT NULL DEFAULT 'full',
ADD COLUMN     "dataStatus" TEXT NOT NULL DEFAULT 'mini',
ADD COLUMN     "dataHash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "splitHashes" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "dataNote" TEXT,
ADD COLUMN     "evaluation" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "importedFrom" TEXT,
ADD COLUMN     "record" TEXT;

-- entries made before this migration take their exploration's workspace and title
UPDATE "LeaderboardEntry" l SET "workspaceId" = e."workspaceId", "title" = e."title"
FROM "Exploration" e WHERE e."id" = l."explorationId";

-- CreateIndex
CREATE INDEX "LeaderboardEntry_workspaceId_idx" ON "LeaderboardEntry"("workspaceId");
