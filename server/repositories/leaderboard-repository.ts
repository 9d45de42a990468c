import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";

type Tx = Prisma.TransactionClient | Db;

export type LeaderboardRow = Prisma.LeaderboardEntryGetPayload<{ include: { exploration: { select: { title: true; status: true; createdAt: true } } } }>;

export async function insertEntry(tx: Tx, data: Prisma.LeaderboardEntryUncheckedCreateInput) {
  return tx.leaderboardEntry.create({ data });
}

export async function findEntryOfExploration(db: Tx, explorationId: string) {
  return db.leaderboardEntry.findUnique({ where: { explorationId } });
}

/** Entries always come with their exploration: the join is the guarantee that none is orphaned. */
export async function listEntries(db: Tx, taskId?: string): Promise<LeaderboardRow[]> {
  return db.leaderboardEntry.findMany({
    where: taskId ? { taskId } : {},
    include: { exploration: { select: { title: true, status: true, createdAt: true } } },
    orderBy: [{ taskId: "asc" }, { gain: "desc" }],
  });
}
