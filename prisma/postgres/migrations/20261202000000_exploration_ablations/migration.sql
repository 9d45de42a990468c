-- AlterTable
ALTER TABLE "Exploration" ADD COLUMN     "ablations" TEXT NOT NULL DEFAULT '{}';
