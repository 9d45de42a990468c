/**
 * One exploration of the search benchmark: a tree policy driving the real Orchestrator (on a test SQLite database,
 * with the offline planner; optionally with parts of the search switched off, as an ablation), or a flat sampler
 * over the configuration space (Optuna's TPE or random search, bench/search/tpe_search.py). Every job goes through
 * the runner registered as "local" (the ReplayRunner).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import readline from "node:readline";
import {
  jobSpecSchema,
  trainingConfigSchema,
  type JobResult,
  type JobSpec,
} from "../../server/contract/job-protocol.ts";
import { anytimeCurve, type CurvePoint } from "../../server/domain/leaderboard/leaderboard-entry.ts";
import { evaluationSettings } from "../../server/domain/tasks/evaluation-settings.ts";
import { POLICIES, type PolicyName } from "../../server/domain/tree/policies.ts";
import { ablationsWithout, isAblationSwitch, switchedOff, type Ablations } from "../../server/contract/ablations.ts";
import { Orchestrator } from "../../server/orchestrator/orchestrator.ts";
import { findExploration } from "../../server/repositories/exploration-repository.ts";
import { listNodes } from "../../server/repositories/node-repository.ts";
import { BASELINE_RECIPE, createExploration } from "../../server/services/exploration-service.ts";
import type { Db } from "../../server/db.ts";
import { createTestDb } from "../../server/testing/test-db.ts";
import { PYTHON } from "../../server/testing/tiny-job.ts";
import { emptyTally, type ReplayRunner, type Tally } from "./replay-runner.ts";

export const SAMPLERS = ["tpe", "randomsearch"] as const;

export interface Budget {
  rounds: number;
  trainingRuns: number;
  computeSeconds: number;
}

export interface ExplorationResult {
  task: string;
  method: string;
  seed: number;
  baseline: number;
  /** best validation score reached */
  best: number;
  /** test score of the node chosen by validation */
  bestTest: number | null;
  trainingRuns: number;
  computeSeconds: number;
  reuseSavedSeconds: number;
  curve: CurvePoint[];
  /** how the jobs were answered */
  sources: Tally;
}

export interface Context {
  runner: ReplayRunner;
  budget: Budget;
  baseModel: string;
  /** ms between orchestrator ticks (short when nothing trains for real) */
  tickMs: number;
  /** run each tree exploration after this one, on the same task and seed in the same database (unmeasured) */
  after?: TreeMethod;
}

export interface TreeMethod {
  policy: PolicyName;
  ablations: Ablations;
}

/**
 * A tree method by name: a policy, with parts of the search switched off for an ablation after "-no-"
 * ("mcts-no-memory", "mcts-no-insights-no-reuse"). Throws on a name that is neither.
 */
export function treeMethodOf(method: string): TreeMethod {
  const [policy = "", ...off] = method.split("-no-");
  if (!(POLICIES as readonly string[]).includes(policy))
    throw new Error(`method "${method}": "${policy}" is neither a policy (${POLICIES.join(", ")}) nor a sampler`);
  const unknown = off.filter((s) => !isAblationSwitch(s));
  if (unknown.length > 0) throw new Error(`method "${method}": cannot switch off ${unknown.join(", ")}`);
  return { policy: policy as PolicyName, ablations: ablationsWithout(off.filter(isAblationSwitch)) };
}

/** Throws unless every method is a sampler or a tree method. */
export function checkMethods(methods: readonly string[]): void {
  for (const m of methods) if (!(SAMPLERS as readonly string[]).includes(m)) treeMethodOf(m);
}

export async function explore(ctx: Context, task: string, method: string, seed: number): Promise<ExplorationResult> {
  ctx.runner.tally = emptyTally();
  const r = (SAMPLERS as readonly string[]).includes(method)
    ? await runSampler(ctx, task, method === "tpe" ? "tpe" : "random", seed)
    : await runPolicy(ctx, task, treeMethodOf(method), seed);
  return { ...r, task, method, seed, sources: ctx.runner.tally };
}

type Core = Omit<ExplorationResult, "task" | "method" | "seed" | "sources">;

/** One tree exploration on `db`, driven to its end; returns its id. */
async function runTree(db: Db, ctx: Context, task: string, { policy, ablations }: TreeMethod, seed: number) {
  const off = switchedOff(ablations);
  const e = await createExploration(db, {
    goal: `Benchmark ${task} with ${policy}${off.length ? ` without ${off.join(", ")}` : ""}`,
    taskId: task,
    baseModel: ctx.baseModel,
    policy,
    ablations,
    seed,
    budget: { ...ctx.budget, wallSeconds: 7 * 24 * 3600, tokens: 0 },
  });
  // driven step by step (settle: tick until nothing changes, waiting for each planning call), not by a timer:
  // jobs answered from the store then finish in the same order every time, so a replay rebuilds the same tree
  const orchestrator = new Orchestrator(db, { tickMs: ctx.tickMs, onError: (_, err) => console.error(err) });
  for (;;) {
    await orchestrator.settle(e.id, 100_000);
    const x = await findExploration(db, e.id);
    if (!x || !["running", "paused"].includes(x.status)) break;
    await new Promise((r) => setTimeout(r, ctx.tickMs));
  }
  return e.id;
}

async function runPolicy(ctx: Context, task: string, method: TreeMethod, seed: number): Promise<Core> {
  const t = await createTestDb();
  try {
    // an earlier exploration of the task in the same database: what memory and reuse can draw on
    const prior = ctx.after ? await runTree(t.db, ctx, task, ctx.after, seed) : null;
    ctx.runner.tally = emptyTally();
    const id = await runTree(t.db, ctx, task, method, seed);
    // finishing order, ties broken by ordinal, so that a replay draws the same curve
    const nodes = (await listNodes(t.db, id)).sort(
      (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.ordinal - b.ordinal,
    );
    const root = nodes.find((n) => n.parentId === null);
    const trained = nodes.filter((n) => n.parentId !== null && n.status === "succeeded");
    const best = [...trained].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.ordinal - b.ordinal)[0];
    const byId = new Map([...nodes, ...(prior ? await listNodes(t.db, prior) : [])].map((n) => [n.id, n]));
    return {
      baseline: root?.score ?? 0,
      best: Math.max(best?.score ?? 0, root?.score ?? 0),
      bestTest: best && (best.score ?? 0) >= (root?.score ?? 0) ? best.testScore : (root?.testScore ?? null),
      trainingRuns: nodes.filter((n) => n.config.steps > 0 && !n.reusedFromId && n.status !== "pruned").length,
      computeSeconds: nodes.reduce((s, n) => s + n.computeSeconds, 0),
      reuseSavedSeconds: nodes
        .filter((n) => n.reusedFromId)
        .reduce((s, n) => s + (byId.get(n.reusedFromId ?? "")?.computeSeconds ?? 0), 0),
      curve: anytimeCurve(
        nodes.map((n) => ({ ...n, reused: n.reusedFromId !== null, finishedAt: n.updatedAt, method: n.config.method })),
      ),
    };
  } finally {
    await t.cleanup();
  }
}

/** A job as the orchestrator would build it for this task (same defaults, same evaluation), so keys match. */
function jobOf(jobId: string, task: string, seed: number, recipe: unknown, training: unknown): JobSpec {
  return jobSpecSchema.parse({
    version: 1,
    jobId,
    nodeId: jobId,
    task: { id: task, seed },
    recipe,
    training,
    evaluation: { splits: ["validation", "test"], maxExamples: evaluationSettings(task, "").maxExamples, badCases: 20 },
  });
}

async function runJob(runner: ReplayRunner, spec: JobSpec): Promise<JobResult> {
  const ref = { jobId: spec.jobId, ...(await runner.submit(spec)) };
  for (;;) {
    const result = await runner.fetchResult(ref);
    if (result) return result;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const cost = (r: JobResult) => r.cost.cpuSeconds + r.cost.gpuSeconds || r.cost.wallSeconds;

async function runSampler(ctx: Context, task: string, sampler: "tpe" | "random", seed: number): Promise<Core> {
  // the same baseline as a tree's root: the untouched base model, evaluated (and charged) first
  const rootConfig = trainingConfigSchema.parse({
    baseModel: ctx.baseModel,
    method: "full",
    steps: 0,
    batchSize: 32,
    learningRate: 3e-3,
    seed,
  });
  // job ids name job folders: unique per run, or a folder left by an earlier task would answer for this one
  const prefix = `${task}-${sampler}${seed}-${randomUUID().slice(0, 8)}`;
  const root = await runJob(ctx.runner, jobOf(`${prefix}-root`, task, seed, BASELINE_RECIPE, rootConfig));
  const baseline = root.metrics.validation?.primary ?? 0;
  let spent = cost(root);
  let best = baseline;
  let bestTest = root.metrics.test?.primary ?? null;
  let trainingRuns = 0;
  const curve: CurvePoint[] = [{ computeSeconds: spent, best }];
  const child = spawn(
    PYTHON,
    [
      "bench/search/tpe_search.py",
      "--sampler",
      sampler,
      "--seed",
      String(seed),
      "--runs",
      String(ctx.budget.trainingRuns),
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const lines = readline.createInterface({ input: child.stdout });
  for await (const line of lines) {
    const ask = JSON.parse(line) as { trial: number; recipe: unknown; training: unknown };
    const spec = jobOf(`${prefix}-t${ask.trial}`, task, seed, ask.recipe, ask.training);
    const result = await runJob(ctx.runner, spec);
    // a trial that would end past the budget does not count: every method is held to the same compute
    if (spent + cost(result) > ctx.budget.computeSeconds) break;
    spent += cost(result);
    trainingRuns++;
    const score = result.status === "succeeded" ? (result.metrics.validation?.primary ?? null) : null;
    if (score !== null && score > best) {
      best = score;
      bestTest = result.metrics.test?.primary ?? null;
    }
    curve.push({ computeSeconds: spent, best });
    child.stdin.write(`${JSON.stringify({ score })}\n`);
  }
  child.stdin.end();
  lines.close();
  const code = await exited;
  if (code !== 0 && code !== null) throw new Error(`tpe_search.py (${sampler}) exited ${code}`);
  return { baseline, best, bestTest, trainingRuns, computeSeconds: spent, reuseSavedSeconds: 0, curve };
}
