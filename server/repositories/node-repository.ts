import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { NodeStatus } from "../contract/statuses.ts";
import type { TreeNode } from "../domain/tree/tree.ts";
import {
  dataRecipeSchema,
  trainingConfigSchema,
  type DataRecipe,
  type FailureKind,
  type TrainingConfig,
} from "../contract/job-protocol.ts";
import type { Direction } from "../domain/tree/directions.ts";
import type { DryRunReport } from "../contract/dry-run.ts";
import type { RepairOf } from "../contract/event-types.ts";

type Tx = Prisma.TransactionClient | Db;

export interface NodePlan {
  title: string;
  rationale: string;
  hypotheses: string[];
  warmStart?: boolean;
  selectionReason?: string;
  /** a repair (agents/executor/repair-rules.ts): the failed node it repairs, and what it changed */
  repairOf?: RepairOf;
}

export interface NodeReport {
  badCases?: { input: string; expected: string; predicted: string; errorType: string }[];
  errorGroups?: Record<string, number>;
  recipeReport?: { op: string; rowsIn: number; rowsOut: number; samples?: { input: string; output: string }[] }[];
  train?: { steps: number; finalLoss: number | null; trainRows: number; tokensPerSecond: number };
  diagnosis?: string;
  /** a failed run: its failure kind, and the field names of a data file that had no usable pair */
  failure?: { kind: FailureKind; fieldsSeen?: string[]; plannedSteps?: number };
  /** the Executor's dry-run of the recipe before dispatch (contract/dry-run.ts; agents/executor/dry-run-review.ts decides on it) */
  dryRun?: DryRunReport;
  /** the Executor found nothing to repair this failed node with (or ran out of attempts): why */
  repairNote?: string;
}

export interface NodeRecord {
  id: string;
  explorationId: string;
  parentId: string | null;
  ordinal: number;
  round: number;
  direction: Direction;
  plan: NodePlan;
  recipe: DataRecipe;
  config: TrainingConfig;
  status: NodeStatus;
  metrics: Record<string, Record<string, number>> | null;
  score: number | null;
  testScore: number | null;
  report: NodeReport | null;
  progress: number;
  computeSeconds: number;
  tokens: number;
  fingerprint: string;
  checkpoint: string | null;
  reusedFromId: string | null;
  error: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type NodeRow = Prisma.NodeGetPayload<object>;

/** Nodes stored before the one transformers backend said `backend: "tiny"`: their presets train the same way now. */
function withCurrentBackend(config: unknown): unknown {
  return config && typeof config === "object" && "backend" in config && config.backend === "tiny"
    ? { ...config, backend: "hf" }
    : config;
}

export function toNodeRecord(row: NodeRow): NodeRecord {
  return {
    ...row,
    direction: row.direction as Direction,
    status: row.status as NodeStatus,
    plan: JSON.parse(row.plan) as NodePlan,
    recipe: dataRecipeSchema.parse(JSON.parse(row.recipe)),
    config: trainingConfigSchema.parse(withCurrentBackend(JSON.parse(row.config))),
    metrics: row.metrics ? (JSON.parse(row.metrics) as NodeRecord["metrics"]) : null,
    report: row.report ? (JSON.parse(row.report) as NodeReport) : null,
  };
}

export interface NewNode {
  explorationId: string;
  parentId: string | null;
  round: number;
  direction: Direction;
  plan: NodePlan;
  recipe: DataRecipe;
  config: TrainingConfig;
  status: NodeStatus;
  fingerprint: string;
}

export async function insertNode(tx: Tx, n: NewNode): Promise<NodeRecord> {
  const last = await tx.node.findFirst({
    where: { explorationId: n.explorationId },
    orderBy: { ordinal: "desc" },
    select: { ordinal: true },
  });
  const row = await tx.node.create({
    data: {
      ...n,
      ordinal: last ? last.ordinal + 1 : 0,
      plan: JSON.stringify(n.plan),
      recipe: JSON.stringify(n.recipe),
      config: JSON.stringify(n.config),
    },
  });
  return toNodeRecord(row);
}

export async function findNode(db: Tx, id: string): Promise<NodeRecord | null> {
  const row = await db.node.findUnique({ where: { id } });
  return row ? toNodeRecord(row) : null;
}

/** The status and test-score reveal of the exploration a node belongs to (null: no such node). */
export async function explorationStateOfNode(
  db: Tx,
  nodeId: string,
): Promise<{ status: string; testRevealedAt: Date | null } | null> {
  const row = await db.node.findUnique({
    where: { id: nodeId },
    select: { exploration: { select: { status: true, testRevealedAt: true } } },
  });
  return row?.exploration ?? null;
}

export async function listNodes(db: Tx, explorationId: string): Promise<NodeRecord[]> {
  const rows = await db.node.findMany({ where: { explorationId }, orderBy: { ordinal: "asc" } });
  return rows.map(toNodeRecord);
}

/**
 * How far back a reader of "nodes written since" looks before its last read: a transaction's write time is taken
 * before it commits, so a write that committed after the last read may carry an earlier time (slow commits).
 */
export const LATE_COMMIT_MARGIN_MS = 60_000;

/**
 * Id and write time of the exploration's nodes written at or after `since` (any change, progress too: `updatedAt`
 * moves on every write); a lean read, so that only the rows that did change are read in full.
 */
export async function listNodeStampsSince(
  db: Tx,
  explorationId: string,
  since: Date,
): Promise<{ id: string; updatedAt: Date }[]> {
  return db.node.findMany({
    where: { explorationId, updatedAt: { gte: since } },
    select: { id: true, updatedAt: true },
  });
}

export async function listNodesByIds(db: Tx, ids: readonly string[]): Promise<NodeRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.node.findMany({ where: { id: { in: [...ids] } } });
  return rows.map(toNodeRecord);
}

/** How many nodes the exploration has and the sum of their versions: it grows with every versioned change. */
export async function nodeVersionTotal(db: Tx, explorationId: string): Promise<{ count: number; versions: number }> {
  const r = await db.node.aggregate({ where: { explorationId }, _count: { _all: true }, _sum: { version: true } });
  return { count: r._count._all, versions: r._sum.version ?? 0 };
}

export async function listNodesWithStatus(
  db: Tx,
  explorationId: string,
  statuses: readonly NodeStatus[],
): Promise<NodeRecord[]> {
  const rows = await db.node.findMany({
    where: { explorationId, status: { in: [...statuses] } },
    orderBy: { ordinal: "asc" },
  });
  return rows.map(toNodeRecord);
}

/** Approved nodes of the running explorations on one runner: they wait for its slots (fair-share.ts orders them). */
export async function listWaitingNodes(
  db: Tx,
  runnerName: string,
): Promise<{ nodeId: string; explorationId: string; ordinal: number; waitingSince: Date }[]> {
  const rows = await db.node.findMany({
    where: { status: "approved", exploration: { runnerName, status: "running" } },
    select: { id: true, explorationId: true, ordinal: true, updatedAt: true },
    orderBy: [{ updatedAt: "asc" }, { ordinal: "asc" }],
  });
  return rows.map((r) => ({
    nodeId: r.id,
    explorationId: r.explorationId,
    ordinal: r.ordinal,
    waitingSince: r.updatedAt,
  }));
}

/** The facts a search policy needs, without the heavy JSON columns. */
export async function listTreeNodes(db: Tx, explorationId: string): Promise<TreeNode[]> {
  const rows = await db.node.findMany({
    where: { explorationId },
    orderBy: { ordinal: "asc" },
    select: { id: true, parentId: true, ordinal: true, round: true, status: true, score: true },
  });
  return rows.map((r) => ({ ...r, status: r.status as NodeStatus }));
}

export type NodeUpdate = Partial<{
  status: NodeStatus;
  metrics: string;
  score: number | null;
  testScore: number | null;
  report: string;
  progress: number;
  computeSeconds: number;
  tokens: number;
  checkpoint: string | null;
  reusedFromId: string | null;
  error: string | null;
  recipe: string;
  config: string;
  plan: string;
  fingerprint: string;
}>;

/** Optimistic concurrency: the update applies only if nobody changed the node since `version` was read. */
export async function updateNodeIfVersion(
  tx: Tx,
  id: string,
  version: number,
  data: NodeUpdate,
): Promise<NodeRecord | null> {
  const { count } = await tx.node.updateMany({ where: { id, version }, data: { ...data, version: version + 1 } });
  if (count === 0) return null;
  return findNode(tx, id);
}

export async function updateNodeProgress(db: Tx, id: string, progress: number): Promise<void> {
  await db.node.update({ where: { id }, data: { progress } });
}

/** An earlier successful node with the same fingerprint on the same task, in the same workspace (its checkpoint and scores are that workspace's). */
export async function findReusableNode(
  db: Tx,
  scope: { taskId: string; workspaceId: string },
  fingerprint: string,
  excludeId: string,
): Promise<NodeRecord | null> {
  const row = await db.node.findFirst({
    where: {
      fingerprint,
      status: "succeeded",
      reusedFromId: null,
      id: { not: excludeId },
      exploration: { taskId: scope.taskId, workspaceId: scope.workspaceId },
    },
    orderBy: { createdAt: "asc" },
  });
  return row ? toNodeRecord(row) : null;
}
