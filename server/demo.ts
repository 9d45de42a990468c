/** The quick start's live demo: one exploration on an FT-Bench-mini task, created when the database is empty. */
import type { Db } from "./db.ts";
import { createExploration } from "./services/exploration-service.ts";
import { countExplorations } from "./repositories/exploration-repository.ts";
import { findTask } from "./domain/tasks/task-registry.ts";

export async function ensureDemoExploration(db: Db): Promise<string | null> {
  if ((await countExplorations(db)) > 0) return null;
  const task = findTask("mini-sst2");
  if (!task) return null;
  const e = await createExploration(db, {
    title: "Demo: sentiment with negation (mini-sst2)",
    goal: task.exampleGoal,
    taskId: task.id,
    policy: "mcts",
    approvalMode: "auto",
    budget: { rounds: 4, trainingRuns: 14, computeSeconds: 1800, wallSeconds: 3600, tokens: 0 },
  });
  return e.id;
}
