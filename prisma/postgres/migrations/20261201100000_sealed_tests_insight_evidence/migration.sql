-- AlterTable
ALTER TABLE "Exploration" ADD COLUMN     "testRevealedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Insight" ADD COLUMN     "comparisons" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "effect" DOUBLE PRECISION,
ADD COLUMN     "features" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'note';
