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

/** An entry imported into the workspace from the same node of the same instance (a second import of one record). */
export async function findImportedEntry(db: Tx, workspaceId: string, importedFrom: string, nodeId: string) {
  return db.leaderboardEntry.findFirst({ where: { workspaceId, importedFrom, nodeId }, select: { id: true } });
}

/** Which entries a caller may see: a task, and the workspaces whose entries they may read (all when omitted). */
export interface EntryScope {
  taskId?: string;
  workspaceIds?: readonly string[];
}

/**
 * Entries made here come with their exploration and are seen in its workspace (the join is the guarantee that none
 * is orphaned); imported entries have none and belong to the workspace they were imported into.
 */
export async function listEntries(db: Tx, scope: EntryScope = {}): Promise<LeaderboardRow[]> {
  return db.leaderboardEntry.findMany({
    where: {
      ...(scope.taskId ? { taskId: scope.taskId } : {}),
      OR: [
        { exploration: scope.workspaceIds ? { workspaceId: { in: [...scope.workspaceIds] } } : { isNot: null } },
        {
          explorationId: null,
          importedFrom: { not: null },
          ...(scope.workspaceIds ? { workspaceId: { in: [...scope.workspaceIds] } } : {}),
        },
      ],
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
      datasetId: true,
      createdAt: true,
    },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
}
