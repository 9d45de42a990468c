/**
 * Real, small worker jobs for runner tests: mini-sst2 on the `tiny-small` preset (a 164k-parameter Qwen3 built from
 * its config) through the one transformers backend, a few seconds of training on one CPU thread.
 */
import path from "node:path";
import { jobSpecSchema, type JobSpec } from "../contract/job-protocol.ts";

export const WORKER_DIR = path.join(import.meta.dirname, "..", "..", "worker");
/** the worker's virtual environment (scripts/setup.sh builds it) */
export const PYTHON = path.join(WORKER_DIR, ".venv", "bin", "python");

export function tinyJob(
  jobId: string,
  opts: { steps?: number; maxExamples?: number; maxSeconds?: number } = {},
): JobSpec {
  return jobSpecSchema.parse({
    version: 1,
    jobId,
    nodeId: `node-${jobId}`,
    task: { id: "mini-sst2", seed: 0 },
    recipe: { operators: [{ op: "load", source: "task:train", limit: 200 }] },
    training: {
      baseModel: "tiny-small",
      steps: opts.steps ?? 20,
      batchSize: 8,
      learningRate: 0.001,
      validationPoints: 1,
      maxSeconds: opts.maxSeconds ?? 300,
    },
    evaluation: { splits: ["validation"], maxExamples: opts.maxExamples ?? 20, badCases: 3 },
  });
}

/** A job that trains far longer than any test waits: it is there to be cancelled. */
export function longJob(jobId: string): JobSpec {
  return tinyJob(jobId, { steps: 200_000, maxSeconds: 600 });
}

export function uniquePrefix(name: string): string {
  return `${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
