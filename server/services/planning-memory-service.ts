/** Loads what the Researcher remembers beyond the current tree (see agents/planning-memory.ts). */
import type { Db } from "../db.ts";
import type { PlanningMemory } from "../agents/planning-memory.ts";
import {
  listEvidenceOfTask,
  listInsightsOfExploration,
  listInsightsOfTask,
} from "../repositories/insight-repository.ts";

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
