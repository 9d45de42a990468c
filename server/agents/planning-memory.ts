/**
 * What the Researcher remembers beyond the current tree: the insights of this exploration and of earlier
 * explorations of the same task (their text for the model's memory), and the evidence those earlier
 * insights carry (credited, confounded and failed changes), which the offline planner ranks by.
 * services/planning-memory-service.ts loads it; the agents only read it.
 */
import type { NodeRecord } from "../repositories/node-repository.ts";
import type { InsightNode } from "./insights.ts";
import type { MemoryInsight } from "./memory-context.ts";
import type { InsightEvidence } from "../domain/tree/insight-evidence.ts";
import type { EffectNode } from "./planner/plan-effects.ts";

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
