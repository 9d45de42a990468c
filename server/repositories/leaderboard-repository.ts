import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";

type Tx = Prisma.TransactionClient | Db;

export type LeaderboardRow = Prisma.LeaderboardEntryGetPayload<{
  include: { exploration: { select: { title: true; status: true; createdAt: true } } };
}>;

export async function insertEntry(tx: Tx, data: Prisma.LeaderboardEntryUncheckedCreateInput) {
  return tx.leaderboardEntry.create({ data });
}

export async function findEntryOfExploration(db: Tx, explorationId: string) {
  return db.leaderboardEntry.findUnique({ where: { explorationId } });
}

/** Which entries a caller may see: a task, and the workspaces whose explorations they may read (all when omitted). */
export interface EntryScope {
  taskId?: string;
  workspaceIds?: readonly string[];
}

/** Entries always come with their exploration: the join is the guarantee that none is orphaned. */
export async function listEntries(db: Tx, scope: EntryScope = {}): Promise<LeaderboardRow[]> {
  return db.leaderboardEntry.findMany({
    where: {
      ...(scope.taskId ? { taskId: scope.taskId } : {}),
      ...(scope.workspaceIds ? { exploration: { workspaceId: { in: [...scope.workspaceIds] } } } : {}),
    },
    include: { exploration: { select: { title: true, status: true, createdAt: true } } },
    orderBy: [{ taskId: "asc" }, { gain: "desc" }],
  });
}

/** Explorations still searching (running or paused) in the scope: ranked provisionally on their best so far. */
export async function listLiveExplorations(db: Tx, scope: EntryScope = {}) {
  return db.exploration.findMany({
    where: {
      status: { in: ["running", "paused"] },
      ...(scope.taskId ? { taskId: scope.taskId } : {}),
      ...(scope.workspaceIds ? { workspaceId: { in: [...scope.workspaceIds] } } : {}),
    },
    select: {
      id: true,
      title: true,
      status: true,
      taskId: true,
      policy: true,
      baseModel: true,
      spec: true,
      createdAt: true,
    },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
}
