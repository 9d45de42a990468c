/**
 * Loads what the Researcher remembers beyond the current tree (see agents/planning-memory.ts). An ablation leaves
 * parts out: without `memory` nothing of earlier explorations, without `insights` none of this exploration's own.
 */
import type { Db } from "../db.ts";
import type { Ablations } from "../contract/ablations.ts";
import type { PlanningMemory } from "../agents/planning-memory.ts";
import {
  listEvidenceOfTask,
  listInsightsOfExploration,
  listInsightsOfTask,
} from "../repositories/insight-repository.ts";

export async function loadPlanningMemory(
  db: Db,
  exploration: { id: string; taskId: string; ablations: Ablations },
): Promise<PlanningMemory> {
  const { memory, insights } = exploration.ablations;
  const [own, earlier, evidence] = await Promise.all([
    insights ? listInsightsOfExploration(db, exploration.id) : [],
    memory ? listInsightsOfTask(db, exploration.taskId, exploration.id, 10) : [],
    memory ? listEvidenceOfTask(db, exploration.taskId, exploration.id) : [],
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
