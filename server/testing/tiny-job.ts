/** Real, tiny worker jobs for runner tests: mini-sst2 on the `tiny` backend, a few seconds on one CPU thread. */
import path from "node:path";
import { jobSpecSchema, type JobSpec } from "../runners/protocol.ts";

export const WORKER_DIR = path.join(import.meta.dirname, "..", "..", "worker");
export const PYTHON = "/usr/bin/python3";

export function tinyJob(jobId: string, opts: { steps?: number; maxExamples?: number; maxSeconds?: number } = {}): JobSpec {
  return jobSpecSchema.parse({
    version: 1,
    jobId,
    nodeId: `node-${jobId}`,
    task: { id: "mini-sst2", seed: 0 },
    recipe: { operators: [{ op: "load", source: "task:train", limit: 200 }] },
    training: { backend: "tiny", steps: opts.steps ?? 20, batchSize: 8, learningRate: 0.001, maxSeconds: opts.maxSeconds ?? 300 },
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
