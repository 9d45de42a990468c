import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { ExplorationStatus } from "../contract/statuses.ts";
import { budgetSchema, type ApprovalMode, type Budget } from "../domain/explorations/exploration-input.ts";
import type { PolicyName } from "../domain/tree/policies.ts";
import { ablationsSchema, type Ablations } from "../contract/ablations.ts";

type Tx = Prisma.TransactionClient | Db;

export interface ExplorationRecord {
  id: string;
  title: string;
  goal: string;
  taskId: string;
  baseModel: string;
  policy: PolicyName;
  approvalMode: ApprovalMode;
  runnerName: string;
  budget: Budget;
  spec: Record<string, unknown>;
  /** parts of the search switched off (false) for an ablation; all on by default */
  ablations: Ablations;
  status: ExplorationStatus;
  stopReason: string | null;
  seed: number;
  workspaceId: string;
  /** set when the exploration trains on an uploaded dataset (taskId is then "dataset:<id>") */
  datasetId: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** when a reviewer revealed the test scores before the end (null: sealed until the exploration ends) */
  testRevealedAt: Date | null;
}

type Row = Prisma.ExplorationGetPayload<object>;

function toRecord(row: Row): ExplorationRecord {
  return {
    ...row,
    policy: row.policy as PolicyName,
    approvalMode: row.approvalMode as ApprovalMode,
    status: row.status as ExplorationStatus,
    budget: budgetSchema.parse(JSON.parse(row.budget)),
    spec: JSON.parse(row.spec) as Record<string, unknown>,
    ablations: ablationsSchema.parse(JSON.parse(row.ablations)),
  };
}

export async function insertExploration(
  tx: Tx,
  data: Omit<
    ExplorationRecord,
    | "id"
    | "createdAt"
    | "updatedAt"
    | "finishedAt"
    | "stopReason"
    | "status"
    | "workspaceId"
    | "datasetId"
    | "testRevealedAt"
  > & { workspaceId?: string; datasetId?: string | null },
): Promise<ExplorationRecord> {
  const row = await tx.exploration.create({
    data: {
      ...data,
      budget: JSON.stringify(data.budget),
      spec: JSON.stringify(data.spec),
      ablations: JSON.stringify(data.ablations),
    },
  });
  return toRecord(row);
}

export async function findExploration(db: Tx, id: string): Promise<ExplorationRecord | null> {
  const row = await db.exploration.findUnique({ where: { id } });
  return row ? toRecord(row) : null;
}

export async function listExplorations(db: Tx, where: Prisma.ExplorationWhereInput = {}): Promise<ExplorationRecord[]> {
  const rows = await db.exploration.findMany({ where, orderBy: { createdAt: "desc" }, take: 500 });
  return rows.map(toRecord);
}

export async function listExplorationIdsWithStatus(db: Tx, statuses: readonly ExplorationStatus[]): Promise<string[]> {
  const rows = await db.exploration.findMany({ where: { status: { in: [...statuses] } }, select: { id: true } });
  return rows.map((r) => r.id);
}

export async function updateExplorationIfStatus(
  tx: Tx,
  id: string,
  from: ExplorationStatus,
  data: { status: ExplorationStatus; stopReason?: string | null; finishedAt?: Date | null },
): Promise<boolean> {
  const { count } = await tx.exploration.updateMany({ where: { id, status: from }, data });
  return count === 1;
}

/** Sets the reveal time once; false when it was already set. */
export async function markTestScoresRevealed(tx: Tx, id: string, at: Date): Promise<boolean> {
  const { count } = await tx.exploration.updateMany({
    where: { id, testRevealedAt: null },
    data: { testRevealedAt: at },
  });
  return count === 1;
}

export async function updateExplorationBudget(tx: Tx, id: string, budget: Budget): Promise<void> {
  await tx.exploration.update({ where: { id }, data: { budget: JSON.stringify(budget) } });
}

/** Per-exploration aggregates for lists: node count, best score, compute. */
export async function explorationStats(db: Tx, ids: string[]) {
  const rows = await db.node.groupBy({
    by: ["explorationId"],
    where: { explorationId: { in: ids } },
    _count: { _all: true },
    _max: { score: true },
    _sum: { computeSeconds: true, tokens: true },
  });
  return new Map(
    rows.map((r) => [
      r.explorationId,
      {
        nodes: r._count._all,
        bestScore: r._max.score,
        computeSeconds: r._sum.computeSeconds ?? 0,
        tokens: r._sum.tokens ?? 0,
      },
    ]),
  );
}

export function countExplorations(db: Tx): Promise<number> {
  return db.exploration.count();
}
