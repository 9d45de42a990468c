/**
 * The Executor: turns a node's plan into a validated job spec, and a worker result into the node's facts.
 */
import { jobSpecSchema, PROTOCOL_VERSION, type JobResult, type JobSpec } from "../runners/protocol.ts";
import type { NodeRecord, NodeReport, NodeUpdate } from "../repositories/node-repository.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import { InvalidInputError } from "../services/errors.ts";

export function buildJobSpec(jobId: string, node: NodeRecord, exploration: ExplorationRecord, initFrom: string | null): JobSpec {
  const parsed = jobSpecSchema.safeParse({
    version: PROTOCOL_VERSION,
    jobId,
    nodeId: node.id,
    task: { id: exploration.taskId, seed: exploration.seed },
    recipe: node.recipe,
    training: { ...node.config, ...(initFrom ? { initFrom } : {}) },
    evaluation: { splits: ["validation", "test"], maxExamples: 300, badCases: 20 },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(`the plan does not make a valid job: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The facts a finished job adds to its node. Validation scores drive the search; test scores are only reported. */
export function resultToNodeUpdate(result: JobResult, diagnosis?: string): NodeUpdate {
  const report: NodeReport = {
    badCases: result.badCases,
    errorGroups: result.errorGroups,
    recipeReport: result.recipeReport,
    ...(result.train ? { train: result.train } : {}),
    ...(diagnosis ? { diagnosis } : {}),
  };
  return {
    metrics: JSON.stringify(result.metrics),
    score: result.metrics.validation?.primary ?? null,
    testScore: result.metrics.test?.primary ?? null,
    report: JSON.stringify(report),
    computeSeconds: result.cost.cpuSeconds + result.cost.gpuSeconds || result.cost.wallSeconds,
    checkpoint: result.checkpoint,
    progress: 1,
    error: result.status === "succeeded" ? null : (result.error ?? `the worker reported ${result.status}`),
  };
}
