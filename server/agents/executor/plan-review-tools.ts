/**
 * The Executor's tools when a model reviews an expansion's plans: validate a plan against the worker's protocol,
 * dry-run its recipe on the worker (the service passes the dry-run in: agents do no I/O of their own), estimate
 * its compute and memory from the model catalogue against the runner's GPU, and read the failure report of a
 * failed run in the tree. Plans are named by their index in the review.
 */
import { tool } from "ai";
import { z } from "zod";
import type { DryRunReport } from "../../contract/dry-run.ts";
import { dataRecipeSchema, trainingConfigSchema, type DataRecipe } from "../../contract/job-protocol.ts";
import type { NodeRecord } from "../../repositories/node-repository.ts";
import type { ProposedPlan } from "../planner/offline-planner.ts";
import type { CostSample } from "./compute-estimate.ts";
import { estimateRun, validatePlan } from "./executor-tools.ts";
import { classifyFailure } from "./failure-report.ts";

/** The worker's dry-run of a recipe for this exploration's task. */
export type DryRunFn = (recipe: DataRecipe) => Promise<DryRunReport>;

export interface PlanReviewToolContext {
  plans: readonly Pick<ProposedPlan, "title" | "recipe" | "config">[];
  history: readonly NodeRecord[];
  gpuMemoryGiB: number | null;
  dryRun: DryRunFn | null;
}

const MAX_FAILURES_LISTED = 5;
const SAMPLES_PER_STEP = 2;

const costSamples = (nodes: readonly NodeRecord[]): CostSample[] =>
  nodes.map((n) => ({
    config: n.config,
    computeSeconds: n.computeSeconds,
    reused: n.reusedFromId !== null,
    status: n.status,
  }));

function failureOf(n: NodeRecord) {
  return {
    ordinal: n.ordinal,
    title: n.plan.title,
    config: n.config,
    ...classifyFailure({
      error: n.error,
      failureKind: n.report?.failure?.kind,
      fieldsSeen: n.report?.failure?.fieldsSeen,
      recipeReport: n.report?.recipeReport,
    }),
  };
}

/** The dry-run as the model reads it: counts per step and a couple of samples each, no stored key. */
function dryRunView(d: DryRunReport) {
  return {
    rows: d.rows,
    testOverlap: d.testOverlap,
    seconds: d.seconds,
    steps: d.steps.map((s) => ({ ...s, samples: s.samples?.slice(0, SAMPLES_PER_STEP) })),
    ...(d.error ? { error: d.error } : {}),
  };
}

export function planReviewTools(ctx: PlanReviewToolContext) {
  const planAt = (i: number) => ctx.plans[i] ?? null;
  const noPlan = (i: number) => ({
    problems: [`there is no plan ${i}: plans are numbered 0 to ${ctx.plans.length - 1}`],
  });
  const history = costSamples(ctx.history);
  const planIndex = z.number().int().min(0).describe("the plan's index in the review");
  return {
    validate_plan: tool({
      description:
        "Check a plan's recipe and training configuration (or replacements for them) against the worker's protocol",
      inputSchema: z.object({ plan: planIndex, recipe: z.unknown().optional(), config: z.unknown().optional() }),
      execute: async ({ plan, recipe, config }) => {
        const p = planAt(plan);
        if (!p) return noPlan(plan);
        return validatePlan({
          recipe: recipe ?? p.recipe,
          config: config && typeof config === "object" ? { ...p.config, ...config } : p.config,
        });
      },
    }),
    dry_run_recipe: tool({
      description:
        "Run a plan's recipe (or a replacement) alone on the worker, no training: rows after each operator, " +
        "samples, training inputs that are test inputs",
      inputSchema: z.object({ plan: planIndex, recipe: z.unknown().optional() }),
      execute: async ({ plan, recipe }) => {
        const p = planAt(plan);
        if (!p) return noPlan(plan);
        if (!ctx.dryRun) return { problems: ["no worker is available for a dry-run here"] };
        const r = dataRecipeSchema.safeParse(recipe ?? p.recipe);
        if (!r.success) return validatePlan({ recipe: recipe ?? p.recipe });
        return dryRunView(await ctx.dryRun(r.data));
      },
    }),
    estimate_run: tool({
      description:
        "Estimate a plan's compute seconds (from this tree's runs) and memory (from the model catalogue) " +
        "with optional setting changes, against the runner's GPU and the plan's memory cap",
      inputSchema: z.object({ plan: planIndex, config: z.record(z.string(), z.unknown()).optional() }),
      execute: async ({ plan, config }) => {
        const p = planAt(plan);
        if (!p) return noPlan(plan);
        const c = trainingConfigSchema.safeParse({ ...p.config, ...config });
        if (!c.success) return validatePlan({ config: { ...p.config, ...config } });
        const e = estimateRun(c.data, history);
        return {
          ...e,
          gpuMemoryGiB: ctx.gpuMemoryGiB,
          fitsGpu: ctx.gpuMemoryGiB === null || e.memoryGiB === null ? null : e.memoryGiB <= ctx.gpuMemoryGiB,
          fitsMemoryCap: e.memoryCapMiB === null || e.activationMiB === null ? null : e.activationMiB <= e.memoryCapMiB,
        };
      },
    }),
    read_failure_report: tool({
      description:
        "The failure report of a failed run in this tree (by its #ordinal), or of the latest failed runs when no ordinal is given",
      inputSchema: z.object({ ordinal: z.number().int().min(0).optional() }),
      execute: async ({ ordinal }) => {
        const failed = ctx.history.filter((n) => n.status === "failed");
        if (ordinal === undefined)
          return { failures: failed.slice(-MAX_FAILURES_LISTED).map(failureOf), failedRuns: failed.length };
        const n = failed.find((f) => f.ordinal === ordinal);
        return n ? failureOf(n) : { problems: [`#${ordinal} is not a failed run of this tree`] };
      },
    }),
  };
}
