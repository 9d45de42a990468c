/**
 * The Executor: checks proposed plans against the worker's schema and the remaining budget before they
 * become nodes, turns a node's plan into a validated job spec, and a worker result into the node's facts.
 */
import {
  jobSpecSchema,
  PROTOCOL_VERSION,
  type JobResult,
  type JobSpec,
  type TaskFiles,
} from "../contract/job-protocol.ts";
import type { NodeRecord, NodeReport, NodeUpdate } from "../repositories/node-repository.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import type { Spent } from "../domain/explorations/budget.ts";
import { gpuMemoryOf, hardConstraintsOf } from "../domain/requirements/requirement-spec.ts";
import { InvalidInputError } from "../domain/errors.ts";
import { runMemoryGiB } from "../domain/models/gpu-fit.ts";
import { evaluationSettings } from "../domain/tasks/evaluation-settings.ts";
import { reviewPlans } from "./executor/plan-review.ts";
import type { ExpansionPlan } from "./researcher-agent.ts";
import { expansionStep, TraceRecorder, type TraceEntry } from "./traces.ts";

export interface ReviewedExpansion {
  plans: ExpansionPlan[];
  traces: TraceEntry[];
  /** set when the budget pays for none of the plans: the exploration is done, and this says why */
  outOfBudget: string | null;
}

/**
 * Plans the worker cannot run become failed nodes with the reason; plans the budget cannot pay for in this
 * expansion are left out (noted in the trace); the rest are clamped with a note where needed.
 */
export function reviewExpansion(
  plans: readonly ExpansionPlan[],
  ctx: {
    exploration: ExplorationRecord;
    spent: Spent;
    parent: NodeRecord;
    history: readonly NodeRecord[];
    round: number;
    /** the memory of one GPU of the exploration's runner, when its settings say */
    runnerGpuMemoryGiB?: number | null;
  },
): ReviewedExpansion {
  const trace = new TraceRecorder("executor", null);
  const pending = plans.filter((p) => p.failure === null);
  const reviewed = reviewPlans(pending, {
    budget: ctx.exploration.budget,
    spent: ctx.spent,
    parent: { config: ctx.parent.config, checkpoint: ctx.parent.checkpoint },
    history: ctx.history.map((n) => ({
      config: n.config,
      computeSeconds: n.computeSeconds,
      reused: n.reusedFromId !== null,
      status: n.status,
    })),
    constraints: hardConstraintsOf(ctx.exploration.spec),
    gpuMemoryGiB: planGpuMemoryGiB(ctx.exploration, ctx.runnerGpuMemoryGiB ?? null),
  });
  const byPlan = new Map(pending.map((p, i) => [p, reviewed[i]]));
  const deferred: string[] = [];
  const out = plans.flatMap((p): ExpansionPlan[] => {
    const r = byPlan.get(p);
    if (!r) return [p];
    const { notes, refused, deferred: waits, ...plan } = r;
    if (waits) {
      trace.add(expansionStep(ctx.round), "note", `not run in this expansion, "${p.title}": ${waits}`);
      deferred.push(waits);
      return [];
    }
    if (refused) {
      trace.add(expansionStep(ctx.round), "note", `refused "${p.title}": ${refused}`);
      // nothing is trained for a refused plan: it must not count as a training run
      return [
        {
          ...plan,
          config: { ...plan.config, steps: 0 },
          tokens: p.tokens,
          failure: `refused by the Executor: ${refused}`,
        },
      ];
    }
    if (notes.length > 0) trace.add(expansionStep(ctx.round), "note", `"${p.title}": ${notes.join("; ")}`);
    return [{ ...plan, tokens: p.tokens, failure: null }];
  });
  const runnable = out.some((p) => p.failure === null);
  const outOfBudget =
    !runnable && deferred.length > 0 ? `compute budget spent: the next experiment ${deferred[0]}` : null;
  return { plans: out, traces: trace.entries, outOfBudget };
}

/** The goal's GPU and the runner's: a plan must fit both; null when neither is known. */
export function planGpuMemoryGiB(exploration: ExplorationRecord, runnerGpuMemoryGiB: number | null): number | null {
  const known = [gpuMemoryOf(exploration.spec), runnerGpuMemoryGiB].filter((g): g is number => g !== null && g > 0);
  return known.length > 0 ? Math.min(...known) : null;
}

/** @param taskFiles where the job's data files are, for an exploration on an uploaded dataset */
export function buildJobSpec(
  jobId: string,
  node: NodeRecord,
  exploration: ExplorationRecord,
  initFrom: string | null,
  taskFiles?: TaskFiles,
): JobSpec {
  // a warm start is the parent's checkpoint, chosen by the dispatcher; a config never names one itself
  const { initFrom: _named, ...config } = node.config;
  const gpuMemoryGiB = config.steps > 0 ? runMemoryGiB(config) : null;
  const parsed = jobSpecSchema.safeParse({
    version: PROTOCOL_VERSION,
    jobId,
    nodeId: node.id,
    task: { id: exploration.taskId, seed: exploration.seed, ...(taskFiles ? { files: taskFiles } : {}) },
    recipe: node.recipe,
    training: { ...config, ...(initFrom ? { initFrom } : {}) },
    ...(gpuMemoryGiB ? { estimates: { gpuMemoryGiB: Math.round(gpuMemoryGiB * 100) / 100 } } : {}),
    evaluation: {
      splits: ["validation", "test"],
      maxExamples: evaluationSettings(exploration.taskId, taskFiles?.metric ?? "").maxExamples,
      badCases: 20,
    },
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
    ...(result.status === "failed"
      ? {
          failure: {
            kind: result.failureKind ?? "other",
            ...(result.fieldsSeen ? { fieldsSeen: result.fieldsSeen } : {}),
          },
        }
      : {}),
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
