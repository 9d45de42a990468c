/**
 * The Executor's tool set when a model repairs or checks a plan: read the failure report, validate a recipe and a
 * configuration against the worker's protocol, estimate a run's compute and memory from the model catalogue.
 * Every tool is offline and pure over what it is given.
 */
import { tool } from "ai";
import { z } from "zod";
import { findBaseModel } from "../../contract/base-models.ts";
import { dataRecipeSchema, trainingConfigSchema, type TrainingConfig } from "../../contract/job-protocol.ts";
import { memoryNeededGiB } from "../../domain/models/model-memory.ts";
import { estimateSeconds, learnCostModel, type CostSample } from "./compute-estimate.ts";
import type { FailureReport } from "./failure-report.ts";

const issuesOf = (e: z.ZodError) => e.issues.slice(0, 6).map((i) => `${i.path.join(".")}: ${i.message}`);

export function validatePlan(raw: { recipe?: unknown; config?: unknown }): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  if (raw.recipe !== undefined) {
    const r = dataRecipeSchema.safeParse(raw.recipe);
    if (!r.success) problems.push(...issuesOf(r.error).map((p) => `recipe.${p}`));
  }
  if (raw.config !== undefined) {
    const c = trainingConfigSchema.safeParse(raw.config);
    if (!c.success) problems.push(...issuesOf(c.error).map((p) => `config.${p}`));
  }
  return { ok: problems.length === 0, problems };
}

/** Compute seconds (from the runs this tree made) and accelerator memory per micro-batch (from the catalogue). */
export function estimateRun(config: TrainingConfig, history: readonly CostSample[]) {
  const model = findBaseModel(config.baseModel);
  const micro = Math.ceil(config.batchSize / config.gradientAccumulation);
  const sequenceLength = config.maxSeqLength ?? Math.min(2048, model?.contextLength ?? 2048);
  const query = { method: config.method, sequenceLength, batchSize: micro };
  const memoryGiB = model ? memoryNeededGiB(model, query) : null;
  // what the activations and logits of one micro-batch add to the loaded model: the part a memoryCapMiB bounds
  const activationMiB =
    model && memoryGiB !== null ? (memoryGiB - memoryNeededGiB(model, { ...query, batchSize: 0 })) * 1024 : null;
  return {
    computeSeconds: Math.round(estimateSeconds(learnCostModel(history), config)),
    microBatch: micro,
    sequenceLength,
    memoryGiB: memoryGiB === null ? null : Math.round(memoryGiB * 10) / 10,
    activationMiB: activationMiB === null ? null : Math.round(activationMiB),
    memoryCapMiB: config.memoryCapMiB ?? null,
    note: model ? `catalogue entry ${model.id}` : "not in the catalogue: no memory estimate",
  };
}

export function executorTools(ctx: { failure: FailureReport; config: TrainingConfig; history: readonly CostSample[] }) {
  return {
    read_failure_report: tool({
      description: "The failed run's failure kind, error, the operator that left no rows, and a data file's fields",
      inputSchema: z.object({}),
      execute: async () => ctx.failure,
    }),
    validate_plan: tool({
      description: "Check a recipe and/or training configuration against the worker's job protocol",
      inputSchema: z.object({ recipe: z.unknown().optional(), config: z.unknown().optional() }),
      execute: async (input) => validatePlan(input),
    }),
    estimate_run: tool({
      description:
        "Estimate compute seconds and accelerator memory of a training configuration (partial: merged into the failed run's)",
      inputSchema: z.object({ config: z.record(z.string(), z.unknown()) }),
      execute: async ({ config }) => {
        const c = trainingConfigSchema.safeParse({ ...ctx.config, ...config });
        return c.success ? estimateRun(c.data, ctx.history) : { problems: issuesOf(c.error) };
      },
    }),
  };
}
