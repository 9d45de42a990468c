/**
 * What the Researcher remembers beyond the current tree: the insights of this exploration and of earlier
 * explorations of the same task, and the evaluated nodes of those earlier explorations (the evidence the
 * offline planner's effects are measured on).
 */
import type { Db } from "../db.ts";
import { listInsightsOfExploration, listInsightsOfTask, listPriorTaskNodes, type PriorNodeRow } from "../repositories/insight-repository.ts";
import type { NodeRecord } from "../repositories/node-repository.ts";
import { dataRecipeSchema, trainingConfigSchema } from "../runners/protocol.ts";
import type { MemoryInsight } from "./memory-context.ts";
import type { EffectNode } from "./planner/plan-effects.ts";

export interface PlanningMemory {
  insights: MemoryInsight[];
  priorNodes: EffectNode[];
}

export function effectNodeOf(n: NodeRecord): EffectNode {
  return { id: n.id, ordinal: n.ordinal, parentId: n.parentId, status: n.status, score: n.score, recipe: n.recipe, config: n.config, warmStart: n.plan.warmStart === true, error: n.error };
}

function parsePrior(row: PriorNodeRow): EffectNode | null {
  try {
    const recipe = dataRecipeSchema.safeParse(JSON.parse(row.recipe));
    const config = trainingConfigSchema.safeParse(JSON.parse(row.config));
    const plan: unknown = JSON.parse(row.plan);
    if (!recipe.success || !config.success) return null;
    const warmStart = typeof plan === "object" && plan !== null && "warmStart" in plan && plan.warmStart === true;
    return { id: row.id, ordinal: row.ordinal, parentId: row.parentId, status: row.status, score: row.score, recipe: recipe.data, config: config.data, warmStart, error: row.error };
  } catch {
    return null;
  }
}

export async function loadPlanningMemory(db: Db, exploration: { id: string; taskId: string }): Promise<PlanningMemory> {
  const [own, earlier, prior] = await Promise.all([
    listInsightsOfExploration(db, exploration.id),
    listInsightsOfTask(db, exploration.taskId, exploration.id, 10),
    listPriorTaskNodes(db, exploration.taskId, exploration.id),
  ]);
  return {
    insights: [...own, ...earlier.map((i) => ({ ...i, text: `(earlier exploration) ${i.text}`, supportingNodeIds: [] }))],
    priorNodes: prior.flatMap((r) => parsePrior(r) ?? []),
  };
}
