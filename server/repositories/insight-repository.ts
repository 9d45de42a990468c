/** Insights: distilled lessons with the node ids that support them, per exploration or global to a task. */
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { INSIGHT_KINDS, type InsightEvidence, type InsightKind } from "../domain/tree/insight-evidence.ts";

type Tx = Prisma.TransactionClient | Db;

export interface InsightRecord extends InsightEvidence {
  id: string;
  explorationId: string | null;
  taskId: string;
  text: string;
  supportingNodeIds: string[];
  createdAt: Date;
}

export interface NewInsight extends InsightEvidence {
  text: string;
  supportingNodeIds: string[];
}

type Row = Prisma.InsightGetPayload<object>;

function parseStrings(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

const kindOf = (kind: string): InsightKind =>
  (INSIGHT_KINDS as readonly string[]).includes(kind) ? (kind as InsightKind) : "note";

const toRecord = (row: Row): InsightRecord => ({
  ...row,
  kind: kindOf(row.kind),
  features: parseStrings(row.features),
  supportingNodeIds: parseStrings(row.supportingNodeIds),
});

export async function listInsightsOfExploration(db: Tx, explorationId: string): Promise<InsightRecord[]> {
  const rows = await db.insight.findMany({
    where: { explorationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  return rows.map(toRecord);
}

/** Lessons of earlier explorations of the same task (and global ones), newest first: they feed new explorations. */
export async function listInsightsOfTask(
  db: Tx,
  taskId: string,
  excludeExplorationId: string | null,
  limit = 30,
): Promise<InsightRecord[]> {
  const rows = await db.insight.findMany({
    where: {
      taskId,
      ...(excludeExplorationId
        ? { OR: [{ explorationId: null }, { explorationId: { not: excludeExplorationId } }] }
        : {}),
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map(toRecord);
}

/** The evidence earlier explorations of the task left (credited, confounded and failed changes): the planner reads it. */
export async function listEvidenceOfTask(
  db: Tx,
  taskId: string,
  excludeExplorationId: string,
  limit = 400,
): Promise<InsightRecord[]> {
  const rows = await db.insight.findMany({
    where: {
      taskId,
      kind: { in: ["effect", "confounded", "failure"] },
      OR: [{ explorationId: null }, { explorationId: { not: excludeExplorationId } }],
    },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map(toRecord);
}

/**
 * Insights are re-distilled from the whole tree after every evaluation: the set replaces the previous one,
 * keeping rows whose text did not change (their ids and dates stay). Returns the insights that are new.
 */
export async function replaceExplorationInsights(
  tx: Tx,
  explorationId: string,
  taskId: string,
  next: readonly NewInsight[],
): Promise<InsightRecord[]> {
  const current = await tx.insight.findMany({ where: { explorationId } });
  const wanted = new Map(next.map((i) => [i.text, i]));
  const stale = current.filter((row) => {
    const keep = wanted.get(row.text);
    return !keep || JSON.stringify(keep.supportingNodeIds) !== row.supportingNodeIds || keep.kind !== row.kind;
  });
  if (stale.length > 0) await tx.insight.deleteMany({ where: { id: { in: stale.map((r) => r.id) } } });
  const kept = new Set(current.filter((r) => !stale.includes(r)).map((r) => r.text));
  const created: InsightRecord[] = [];
  for (const i of next) {
    if (kept.has(i.text)) continue;
    const row = await tx.insight.create({
      data: {
        explorationId,
        taskId,
        text: i.text,
        supportingNodeIds: JSON.stringify(i.supportingNodeIds),
        kind: i.kind,
        features: JSON.stringify(i.features),
        effect: i.effect,
        comparisons: i.comparisons,
      },
    });
    created.push(toRecord(row));
  }
  return created;
}

/** Node ordinals for showing supporting nodes as "#7". */
export async function nodeOrdinals(db: Tx, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.node.findMany({ where: { id: { in: [...ids] } }, select: { id: true, ordinal: true } });
  return new Map(rows.map((r) => [r.id, r.ordinal]));
}
