/**
 * What the Researcher remembers beyond the current tree: the insights of this exploration and of earlier
 * explorations of the same task (their text for the model's memory), and the evidence those earlier
 * insights carry (credited, confounded and failed changes), which the offline planner ranks by.
 */
import type { Db } from "../db.ts";
import {
  listEvidenceOfTask,
  listInsightsOfExploration,
  listInsightsOfTask,
} from "../repositories/insight-repository.ts";
import type { NodeRecord } from "../repositories/node-repository.ts";
import type { InsightNode } from "./insights.ts";
import type { MemoryInsight } from "./memory-context.ts";
import type { EffectNode, InsightEvidence } from "./planner/plan-effects.ts";

export interface PlanningMemory {
  insights: MemoryInsight[];
  /** what earlier explorations of the task established */
  earlierEvidence: InsightEvidence[];
}

export function effectNodeOf(n: NodeRecord): EffectNode {
  return {
    id: n.id,
    ordinal: n.ordinal,
    parentId: n.parentId,
    status: n.status,
    score: n.score,
    recipe: n.recipe,
    config: n.config,
    warmStart: n.plan.warmStart === true,
    error: n.error,
  };
}

export const insightNodeOf = (n: NodeRecord): InsightNode => ({
  ...effectNodeOf(n),
  round: n.round,
  title: n.plan.title,
});

export async function loadPlanningMemory(db: Db, exploration: { id: string; taskId: string }): Promise<PlanningMemory> {
  const [own, earlier, evidence] = await Promise.all([
    listInsightsOfExploration(db, exploration.id),
    listInsightsOfTask(db, exploration.taskId, exploration.id, 10),
    listEvidenceOfTask(db, exploration.taskId, exploration.id),
  ]);
  return {
    insights: [
      ...own,
      ...earlier.map((i) => ({ ...i, text: `(earlier exploration) ${i.text}`, supportingNodeIds: [] })),
    ],
    earlierEvidence: evidence.map(({ kind, features, effect, comparisons }) => ({
      kind,
      features,
      effect,
      comparisons,
    })),
  };
}
