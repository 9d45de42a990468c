/**
 * How a task's nodes are evaluated. Two leaderboard entries compare only at the same settings: FT-Bench-mini scores
 * the first 300 rows of each split, the paper's tasks score their whole validation and test splits.
 */
import { z } from "zod";
import { findFtBenchTask } from "./ftbench-tasks.ts";
import { findTask } from "./task-registry.ts";

export const evaluationSettingsSchema = z.strictObject({
  metric: z.string().min(1).max(100),
  maxExamples: z.number().int().positive().max(100_000),
  decoding: z.enum(["greedy", "sample"]),
});
export type EvaluationSettings = z.infer<typeof evaluationSettingsSchema>;

const MINI_EXAMPLES = 300;
const WHOLE_SPLIT = 100_000;

/** `metric`: the metric the data is scored with (a dataset's own; a paper task's as TREX scores it). */
export function evaluationSettings(taskId: string, metric: string): EvaluationSettings {
  const paper = findFtBenchTask(taskId);
  return {
    metric: paper ? paper.scoredAs : (findTask(taskId)?.metric ?? metric),
    maxExamples: paper ? WHOLE_SPLIT : MINI_EXAMPLES,
    decoding: "greedy",
  };
}

export const sameEvaluation = (a: EvaluationSettings, b: EvaluationSettings) =>
  a.metric === b.metric && a.maxExamples === b.maxExamples && a.decoding === b.decoding;

export function describeEvaluation(e: EvaluationSettings): string {
  const rows = e.maxExamples >= WHOLE_SPLIT ? "the whole split" : `at most ${e.maxExamples} rows`;
  return `${e.metric} on ${rows}, ${e.decoding} decoding`;
}
