/** Insights: distilled lessons with the node ids that support them, per exploration or global to a task. */
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";

type Tx = Prisma.TransactionClient | Db;

export interface InsightRecord {
  id: string;
  explorationId: string | null;
  taskId: string;
  text: string;
  supportingNodeIds: string[];
  createdAt: Date;
}

export interface NewInsight {
  text: string;
  supportingNodeIds: string[];
}

type Row = Prisma.InsightGetPayload<object>;

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

const toRecord = (row: Row): InsightRecord => ({ ...row, supportingNodeIds: parseIds(row.supportingNodeIds) });

export async function listInsightsOfExploration(db: Tx, explorationId: string): Promise<InsightRecord[]> {
  const rows = await db.insight.findMany({ where: { explorationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 });
  return rows.map(toRecord);
}

/** Lessons of earlier explorations of the same task (and global ones), newest first: they feed new explorations. */
export async function listInsightsOfTask(db: Tx, taskId: string, excludeExplorationId: string | null, limit = 30): Promise<InsightRecord[]> {
  const rows = await db.insight.findMany({
    where: { taskId, ...(excludeExplorationId ? { OR: [{ explorationId: null }, { explorationId: { not: excludeExplorationId } }] } : {}) },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map(toRecord);
}

/**
 * Insights are re-distilled from the whole tree after every evaluation: the set replaces the previous one,
 * keeping rows whose text did not change (their ids and dates stay). Returns the insights that are new.
 */
export async function replaceExplorationInsights(tx: Tx, explorationId: string, taskId: string, next: readonly NewInsight[]): Promise<InsightRecord[]> {
  const current = await tx.insight.findMany({ where: { explorationId } });
  const wanted = new Map(next.map((i) => [i.text, i]));
  const stale = current.filter((row) => {
    const keep = wanted.get(row.text);
    return !keep || JSON.stringify(keep.supportingNodeIds) !== row.supportingNodeIds;
  });
  if (stale.length > 0) await tx.insight.deleteMany({ where: { id: { in: stale.map((r) => r.id) } } });
  const kept = new Set(current.filter((r) => !stale.includes(r)).map((r) => r.text));
  const created: InsightRecord[] = [];
  for (const i of next) {
    if (kept.has(i.text)) continue;
    const row = await tx.insight.create({ data: { explorationId, taskId, text: i.text, supportingNodeIds: JSON.stringify(i.supportingNodeIds) } });
    created.push(toRecord(row));
  }
  return created;
}

export interface PriorNodeRow {
  id: string;
  ordinal: number;
  parentId: string | null;
  status: string;
  score: number | null;
  recipe: string;
  config: string;
  plan: string;
  error: string | null;
}

/** The evidence earlier explorations of a task left: their evaluated nodes, newest explorations first. */
export async function listPriorTaskNodes(db: Tx, taskId: string, excludeExplorationId: string, limit = 400): Promise<PriorNodeRow[]> {
  return db.node.findMany({
    where: { exploration: { taskId, id: { not: excludeExplorationId } }, status: { in: ["succeeded", "failed"] } },
    select: { id: true, ordinal: true, parentId: true, status: true, score: true, recipe: true, config: true, plan: true, error: true },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}

/** Node ordinals for showing supporting nodes as "#7". */
export async function nodeOrdinals(db: Tx, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.node.findMany({ where: { id: { in: [...ids] } }, select: { id: true, ordinal: true } });
  return new Map(rows.map((r) => [r.id, r.ordinal]));
}
