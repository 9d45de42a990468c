/**
 * The Executor's check of proposed plans before anything is dispatched: the worker's schema, what the
 * worker may touch (task data and files inside the job folder only), what can be continued from the
 * parent, the per-round sample cap, and the remaining compute budget. Plans are clamped with a note where
 * that keeps them meaningful, refused with the reason where they cannot run at all, and deferred where the
 * budget cannot pay for them in this expansion. Pure.
 */
import { findBaseModel } from "../../contract/base-models.ts";
import type { Budget } from "../../domain/explorations/exploration-input.ts";
import type { Spent } from "../../domain/explorations/budget.ts";
import { brokenConstraint, constrainedMethod } from "../../domain/requirements/hard-constraints.ts";
import { fitToGpu } from "../../domain/models/gpu-fit.ts";
import type { HardConstraints } from "../../domain/requirements/requirement-spec.ts";
import { loadSourceProblem } from "../../contract/recipe-rules.ts";
import {
  dataRecipeSchema,
  trainingConfigSchema,
  type DataRecipe,
  type TrainingConfig,
} from "../../contract/job-protocol.ts";
import type { ProposedPlan } from "../planner/offline-planner.ts";
import { learnCostModel, secondsPerStepOf, type CostModel, type CostSample } from "./compute-estimate.ts";

/** The paper's cap on training samples per round. */
export const MAX_SAMPLES_PER_RUN = 50_000;
/** Below this share of the planned steps a clamped plan no longer tests its hypothesis: it waits instead. */
const MIN_STEP_SHARE = 0.25;
/** One expansion spends at most this share of the compute left, so that later rounds can refine what it finds. */
export const EXPANSION_SHARE = 0.5;

export interface ReviewedPlan extends ProposedPlan {
  /** what the Executor changed, in sentences (also appended to the rationale) */
  notes: string[];
  /** why the plan cannot run; null when it can */
  refused: string | null;
  /** why the plan does not run in this expansion although it could: the compute budget; null when it runs */
  deferred: string | null;
}

export interface PlanReviewContext {
  budget: Budget;
  spent: Spent;
  parent: { config: TrainingConfig; checkpoint: string | null };
  history: readonly CostSample[];
  /** the goal's hard constraints (method, size cap, samples per round, one run's time, the test split) */
  constraints?: HardConstraints;
  /** the memory of the GPU the runs get, when known (the goal's "24 GB GPU"): plans that cannot fit are adjusted or refused */
  gpuMemoryGiB?: number | null;
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  return i ? `${i.path.map(String).join(".") || "value"}: ${i.message}` : "invalid";
}

/** Task data, or a relative file inside the job folder: no absolute paths, no parent directories, no URLs. */
export function unsafeSource(source: string): string | null {
  // stricter than the worker (recipe-rules.ts, which the protocol applies to everyone): an agent trains on
  // neither evaluation split, and names no URL-like or home-relative file
  if (source === "task:validation" || source === "task:test")
    return `training on ${source} would leak the evaluation data`;
  if (
    (/^[a-z][\w+.-]*:/i.test(source) && !source.startsWith("task:")) ||
    source.startsWith("~") ||
    source.split(/[\\/]/).includes("..")
  ) {
    return `data source "${source.slice(0, 80)}" is outside the job folder`;
  }
  return loadSourceProblem(source);
}

function checkRecipe(recipe: DataRecipe, notes: string[], cap: number): { recipe: DataRecipe; refused: string | null } {
  for (const o of recipe.operators) {
    if (o.op === "load") {
      const unsafe = unsafeSource(o.source);
      if (unsafe) return { recipe, refused: unsafe };
    }
    if (o.op === "filter" && o.rule === "regex") {
      if (!o.pattern) return { recipe, refused: "a regex filter needs a pattern" };
      try {
        new RegExp(o.pattern);
      } catch {
        return { recipe, refused: `the filter pattern "${o.pattern.slice(0, 60)}" is not a valid regular expression` };
      }
    }
  }
  if (!recipe.operators.some((o) => o.op === "load")) return { recipe, refused: "the recipe loads no data" };
  const operators = recipe.operators.map((o) => {
    if (o.op !== "load" || (o.limit ?? Number.POSITIVE_INFINITY) <= cap) return o;
    notes.push(`rows loaded from ${o.source} capped at ${cap} (the per-run sample limit)`);
    return { ...o, limit: cap };
  });
  return { recipe: { operators }, refused: null };
}

function checkConfig(
  config: TrainingConfig,
  warmStart: boolean,
  ctx: PlanReviewContext,
  notes: string[],
): { config: TrainingConfig; warmStart: boolean } {
  const parent = ctx.parent.config;
  let c = config;
  if (!findBaseModel(c.baseModel)) {
    notes.push(`base model "${c.baseModel.slice(0, 60)}" is not in the base-model catalogue; kept ${parent.baseModel}`);
    c = { ...c, baseModel: parent.baseModel };
  }
  if (c.initFrom !== undefined) {
    const { initFrom: _ignored, ...rest } = c;
    notes.push("initFrom is set by the Executor from the parent's checkpoint, not by the plan");
    c = rest;
  }
  let ws = warmStart;
  if (ws && !ctx.parent.checkpoint) {
    notes.push("the parent left no checkpoint: training starts from the base model");
    ws = false;
  } else if (ws && (c.baseModel !== parent.baseModel || c.method !== parent.method)) {
    notes.push("a checkpoint of another base model or method cannot be continued: training starts from the base model");
    ws = false;
  }
  return { config: c, warmStart: ws };
}

export function reviewPlans(plans: readonly ProposedPlan[], ctx: PlanReviewContext): ReviewedPlan[] {
  const cap = Math.min(MAX_SAMPLES_PER_RUN, ctx.constraints?.maxTrainingSamples || MAX_SAMPLES_PER_RUN);
  const staged = plans.map((p): ReviewedPlan => {
    const notes: string[] = [];
    const recipe = dataRecipeSchema.safeParse(p.recipe);
    if (!recipe.success)
      return {
        ...p,
        notes,
        deferred: null,
        refused: `the data recipe does not match the worker's schema (${firstIssue(recipe.error)})`,
      };
    const config = trainingConfigSchema.safeParse(p.config);
    if (!config.success)
      return {
        ...p,
        notes,
        deferred: null,
        refused: `the training config does not match the worker's schema (${firstIssue(config.error)})`,
      };
    const r = checkRecipe(recipe.data, notes, cap);
    if (r.refused) return { ...p, notes, deferred: null, refused: r.refused };
    const c = checkConfig(config.data, p.warmStart, ctx, notes);
    if (ctx.constraints) {
      const sources = r.recipe.operators.flatMap((o) => (o.op === "load" ? [o.source] : []));
      const broken = brokenConstraint({ config: c.config, sources }, ctx.constraints);
      if (broken) return { ...p, notes, deferred: null, refused: `it breaks a hard constraint: ${broken}` };
      const perRun = ctx.constraints.perRunSeconds;
      if (perRun !== null && c.config.maxSeconds > perRun) {
        notes.push(`training capped at ${perRun} s per run (the goal's limit for one run)`);
        c.config = { ...c.config, maxSeconds: perRun };
      }
    }
    if (ctx.gpuMemoryGiB) {
      const constraints = ctx.constraints;
      const allowed = (m: TrainingConfig["method"]) => !constraints || constrainedMethod(m, constraints) === m;
      const fit = fitToGpu(c.config, ctx.gpuMemoryGiB, allowed);
      if (!fit.fits) return { ...p, notes, deferred: null, refused: `it does not fit the GPU: ${fit.refused}` };
      if (fit.note) {
        notes.push(fit.note);
        c.config = fit.config;
      }
    }
    return { ...p, recipe: r.recipe, config: c.config, warmStart: c.warmStart, notes, refused: null, deferred: null };
  });

  // compute: one expansion spends at most a share of what is left, in the Researcher's rank order, so that later
  // rounds can still refine what this one finds; plans that do not fit wait (they are not run and not failed).
  // The worker's maxSeconds is wall-clock and the budget counts CPU/GPU-seconds; a job's wall time is at least its
  // compute time, so a maxSeconds derived from the budget errs on the side of the budget.
  const model = learnCostModel(ctx.history);
  const remaining = Math.max(0, ctx.budget.computeSeconds - ctx.spent.computeSeconds);
  const allowance = remaining * EXPANSION_SHARE;
  let planned = 0;
  let accepted = 0;
  return staged.map((candidate) => {
    if (candidate.refused || candidate.config.steps === 0) return finish(candidate);
    const p = fitRunLimit(candidate, model);
    const perStep = secondsPerStepOf(model, p.config);
    const cost = model.overheadSeconds + p.config.steps * perStep;
    if (planned + cost <= allowance || (accepted === 0 && cost <= remaining)) {
      planned += cost;
      accepted++;
      return finish(p);
    }
    if (accepted > 0) {
      return finish({
        ...p,
        deferred: `needs about ${Math.round(cost)} compute-seconds; this expansion may spend ${Math.round(allowance)} of the ${Math.round(remaining)} s left and ${Math.round(planned)} are planned`,
      });
    }
    // the best plan alone needs more than is left: a shorter schedule still tests it, a much shorter one does not
    const budgetSeconds = remaining - model.overheadSeconds;
    const steps = Math.max(0, Math.floor(budgetSeconds / perStep));
    if (steps < Math.max(10, p.config.steps * MIN_STEP_SHARE)) {
      return finish({
        ...p,
        deferred: `needs about ${Math.round(cost)} compute-seconds and only ${Math.round(remaining)} are left`,
      });
    }
    accepted++;
    planned = remaining;
    const maxSeconds = Math.max(1, Math.floor(budgetSeconds));
    p.notes.push(
      `steps clamped from ${p.config.steps} to ${steps} and training capped at ${maxSeconds} s to fit the remaining compute budget (${Math.round(remaining)} s)`,
    );
    return finish({ ...p, config: { ...p.config, steps, maxSeconds: Math.min(p.config.maxSeconds, maxSeconds) } });
  });
}

/** A schedule longer than the run's own time limit is shortened to finish within it. */
function fitRunLimit(p: ReviewedPlan, model: CostModel): ReviewedPlan {
  const perStep = secondsPerStepOf(model, p.config);
  if (p.config.steps * perStep <= p.config.maxSeconds) return p;
  const steps = Math.max(1, Math.floor(p.config.maxSeconds / perStep));
  p.notes.push(
    `steps clamped from ${p.config.steps} to ${steps} so that the schedule finishes within the run's ${p.config.maxSeconds} s limit`,
  );
  return { ...p, config: { ...p.config, steps } };
}

function finish(p: ReviewedPlan): ReviewedPlan {
  return p.notes.length > 0 && !p.refused && !p.deferred
    ? { ...p, rationale: `${p.rationale} Executor: ${p.notes.join("; ")}.` }
    : p;
}
