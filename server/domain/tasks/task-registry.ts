/**
 * FT-Bench-mini tasks known to the server. The generators, splits and scorers live in the worker
 * (worker/trex_worker/tasks); the server knows what a user and the planner need to know.
 */
export type MetricDirection = "higher" | "lower";

export interface TaskInfo {
  id: string;
  name: string;
  mirrors: string;
  description: string;
  metric: string;
  direction: MetricDirection;
  /** the goal text a user would write */
  exampleGoal: string;
  /** kinds of structure the planner can exploit */
  kind: "classification" | "multilabel" | "generation" | "structured" | "numeric";
}

export const MINI_TASKS: readonly TaskInfo[] = [
  {
    id: "mini-sst2",
    name: "FT-Bench-mini SST-2",
    mirrors: "SST-2",
    description: "Short product reviews with negation, intensifiers and distractors → positive / negative.",
    metric: "accuracy",
    direction: "higher",
    kind: "classification",
    exampleGoal:
      "Fine-tune the base model to classify short reviews as positive or negative. Reviews use negation and intensifiers; maximise accuracy.",
  },
  {
    id: "mini-fin",
    name: "FT-Bench-mini OpenFinData",
    mirrors: "OpenFinData",
    description: "A small revenue table → the percent change between two quarters, one decimal.",
    metric: "accuracy within tolerance",
    direction: "higher",
    kind: "numeric",
    exampleGoal:
      "Teach the model to read a two-quarter revenue table and answer the percent change with one decimal. Accuracy within 0.1 points.",
  },
  {
    id: "mini-gta",
    name: "FT-Bench-mini GTA",
    mirrors: "GTA",
    description: "A user request → the tool call as JSON {tool, args}.",
    metric: "exact match of the call",
    direction: "higher",
    kind: "structured",
    exampleGoal:
      "Make the model turn a user's request into the right tool call as JSON with the tool name and arguments. Exact match of the call.",
  },
];

export function findTask(id: string): TaskInfo | undefined {
  return MINI_TASKS.find((t) => t.id === id);
}

export const TASK_IDS = MINI_TASKS.map((t) => t.id) as [string, ...string[]];
