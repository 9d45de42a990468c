/**
 * FT-Bench-mini tasks known to the server. The generators, splits and scorers live in the worker
 * (worker/trex_worker/tasks); the server knows what a user and the planner need to know.
 */
import type { MiniTaskId } from "../../contract/task-names.ts";

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

export const MINI_TASKS: readonly (TaskInfo & { id: MiniTaskId })[] = [
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
  {
    id: "mini-hoc",
    name: "FT-Bench-mini HoC",
    mirrors: "HoC",
    description: "A short biomedical abstract → the cancer hallmarks it mentions (multi-label, comma-separated).",
    metric: "macro-F1",
    direction: "higher",
    kind: "multilabel",
    exampleGoal:
      "Fine-tune the model to list the cancer hallmarks a short biomedical abstract discusses (several may apply). Macro-F1 over the hallmarks.",
  },
  {
    id: "mini-aci",
    name: "FT-Bench-mini ACI-Bench",
    mirrors: "ACI-Bench",
    description: "A short doctor–patient dialogue → a structured clinical note.",
    metric: "ROUGE-1",
    direction: "higher",
    kind: "generation",
    exampleGoal:
      "Teach the model to write the structured clinical note for a short doctor–patient dialogue. Maximise ROUGE-1 against the reference notes.",
  },
  {
    id: "mini-tomg",
    name: "FT-Bench-mini TOMG-Bench",
    mirrors: "TOMG-Bench",
    description: "Atom-count constraints → a valid molecule (SMILES-like) that meets them.",
    metric: "validity × constraint score",
    direction: "higher",
    kind: "generation",
    exampleGoal:
      "Make the model generate valid molecules that meet the requested atom counts. Score: validity times constraint satisfaction.",
  },
  {
    id: "mini-ome",
    name: "FT-Bench-mini oMeBench",
    mirrors: "oMeBench",
    description: "A reaction's conditions → its mechanism as a sequence of steps.",
    metric: "step-level partial credit",
    direction: "higher",
    kind: "generation",
    exampleGoal:
      "Teach the model to write the mechanism steps of a reaction from its conditions. Step-level partial credit.",
  },
  {
    id: "mini-cs",
    name: "FT-Bench-mini CS-Bench",
    mirrors: "CS-Bench",
    description: "A computer-science multiple-choice question → the answer letter.",
    metric: "accuracy",
    direction: "higher",
    kind: "classification",
    exampleGoal:
      "Improve the model on computer-science multiple-choice questions: answer with the letter of the right option. Accuracy.",
  },
  {
    id: "mini-econ",
    name: "FT-Bench-mini EconLogicQA",
    mirrors: "EconLogicQA",
    description: "Shuffled economic events → their causal order.",
    metric: "exact-order accuracy",
    direction: "higher",
    kind: "structured",
    exampleGoal: "Teach the model to put shuffled economic events in their causal order. Exact-order accuracy.",
  },
  {
    id: "mini-law",
    name: "FT-Bench-mini LawBench",
    mirrors: "LawBench",
    description: "Short case facts → the article number and the charge.",
    metric: "mean of article accuracy and charge F1",
    direction: "higher",
    kind: "structured",
    exampleGoal:
      "Make the model predict the article number and the charge from short case facts. Mean of article accuracy and charge F1.",
  },
];

export function findTask(id: string): TaskInfo | undefined {
  return MINI_TASKS.find((t) => t.id === id);
}

export const TASK_IDS = MINI_TASKS.map((t) => t.id) as [string, ...string[]];
