/**
 * The surrogate that answers configurations the results store does not hold (as tabular/surrogate HPO benchmarks
 * do): per task, a distance-weighted k-nearest-neighbour regression over normalised configuration features, fitted
 * on the task's recorded real runs. Scores are predicted directly; compute as the neighbours' seconds per
 * training sequence (steps x batch) times this run's, plus their evaluation-only cost.
 */
import type { DataRecipe, JobSpec, TrainingConfig } from "../../server/contract/job-protocol.ts";
import type { Prediction, Surrogate } from "./replay-runner.ts";
import type { RecordedRun, RunStore } from "./run-store.ts";

const MODELS = ["tiny-small", "tiny-base", "tiny-large"];
const K = 5;

const norm = (v: number, lo: number, hi: number) => Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
const has = (r: DataRecipe, op: string) => r.operators.some((o) => o.op === op);

function trainLimit(r: DataRecipe): number {
  const load = r.operators.find((o) => o.op === "load") as { limit?: number } | undefined;
  return load?.limit ?? 4000;
}

/** A configuration as a point in [0, 1]^d. */
export function features(recipe: DataRecipe, config: TrainingConfig, warmStart: boolean): number[] {
  const model = MODELS.indexOf(config.baseModel);
  return [
    2 * (model < 0 ? 0.5 : model / (MODELS.length - 1)),
    2 * norm(Math.log(Math.max(1, config.steps)), Math.log(50), Math.log(2400)),
    2 * norm(Math.log(config.learningRate), Math.log(1e-5), Math.log(1e-1)),
    norm(Math.log2(config.batchSize), 3, 7),
    norm(config.weightDecay, 0, 0.1),
    norm(config.dropout, 0, 0.3),
    norm(config.labelSmoothing, 0, 0.2),
    config.method === "full" ? 0 : 1,
    norm(Math.log(trainLimit(recipe)), Math.log(500), Math.log(32000)),
    has(recipe, "dedup") || has(recipe, "filter") ? 1 : 0,
    has(recipe, "balance") ? 1 : 0,
    has(recipe, "augment") ? 1 : 0,
    warmStart ? 1 : 0,
  ];
}

const distance = (a: readonly number[], b: readonly number[]) =>
  Math.sqrt(a.reduce((s, x, i) => s + (x - (b[i] ?? 0)) ** 2, 0));

interface Point {
  x: number[];
  run: RecordedRun;
}

export class KnnSurrogate implements Surrogate {
  private readonly byTask = new Map<string, Point[]>();

  constructor(runs: Iterable<RecordedRun>) {
    for (const run of runs) {
      if (run.status !== "succeeded" || run.val === null) continue;
      const list = this.byTask.get(run.task) ?? [];
      list.push({ x: features(run.recipe, run.config, run.base !== null), run });
      this.byTask.set(run.task, list);
    }
  }

  static of(store: RunStore, tasks: readonly string[]): KnnSurrogate {
    return new KnnSurrogate(tasks.flatMap((t) => store.ofTask(t)));
  }

  predict(spec: JobSpec, base: string | null): Prediction {
    return this.predictConfig(spec.task.id, spec.recipe, spec.training, base !== null);
  }

  predictConfig(task: string, recipe: DataRecipe, config: TrainingConfig, warmStart: boolean): Prediction {
    const points = this.byTask.get(task) ?? [];
    const evalOnly = points.filter((p) => p.run.config.steps === 0);
    const trained = points.filter((p) => p.run.config.steps > 0);
    const pool = config.steps === 0 ? evalOnly : trained;
    if (pool.length === 0)
      throw new Error(`the surrogate has no recorded ${config.steps === 0 ? "baseline" : "training"} run of ${task}`);
    const x = features(recipe, config, warmStart);
    const near = pool
      .map((p) => ({ p, d: distance(x, p.x) }))
      .sort((a, b) => a.d - b.d || a.p.run.key.localeCompare(b.p.run.key))
      .slice(0, K);
    const w = near.map(({ d }) => 1 / (d + 0.05));
    const total = w.reduce((a, b) => a + b, 0);
    const avg = (f: (r: RecordedRun) => number) => near.reduce((s, { p }, i) => s + (w[i] ?? 0) * f(p.run), 0) / total;
    const evalSeconds = evalOnly.length ? evalOnly.reduce((s, p) => s + p.run.computeSeconds, 0) / evalOnly.length : 0;
    const sequences = (c: TrainingConfig) => Math.max(1, c.steps * c.batchSize);
    const rate = avg((r) => Math.max(0, r.computeSeconds - evalSeconds) / sequences(r.config));
    return {
      val: avg((r) => r.val ?? 0),
      test: avg((r) => r.test ?? r.val ?? 0),
      computeSeconds: config.steps === 0 ? avg((r) => r.computeSeconds) : evalSeconds + rate * sequences(config),
    };
  }
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (xs: readonly number[]) => {
    const order = xs.map((v, i) => ({ v, i })).sort((p, q) => p.v - q.v);
    const r = new Array<number>(xs.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]?.v === order[i]?.v) j++;
      for (let k = i; k <= j; k++) r[order[k]?.i ?? 0] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += ((ra[i] ?? 0) - ma) * ((rb[i] ?? 0) - mb);
    da += ((ra[i] ?? 0) - ma) ** 2;
    db += ((rb[i] ?? 0) - mb) ** 2;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : Number.NaN;
}

export interface Validation {
  task: string;
  runs: number;
  spearman: number;
  maeVal: number;
  /** median absolute error of the predicted compute, relative to the real one */
  costError: number;
}

/** Leave-one-out on each task's real training runs: every run is predicted by a surrogate fitted on the others. */
export function validate(store: RunStore, tasks: readonly string[]): Validation[] {
  return tasks.flatMap((task) => {
    const runs = store.ofTask(task).filter((r) => r.status === "succeeded" && r.val !== null);
    const trained = runs.filter((r) => r.config.steps > 0);
    if (trained.length < 3) return [];
    const predicted = trained.map((held) =>
      new KnnSurrogate(runs.filter((r) => r !== held)).predictConfig(
        task,
        held.recipe,
        held.config,
        held.base !== null,
      ),
    );
    const actual = trained.map((r) => r.val ?? 0);
    const errors = trained
      .map((r, i) => Math.abs((predicted[i]?.computeSeconds ?? 0) - r.computeSeconds) / Math.max(1, r.computeSeconds))
      .sort((a, b) => a - b);
    return [
      {
        task,
        runs: trained.length,
        spearman: spearman(
          predicted.map((p) => p.val),
          actual,
        ),
        maeVal: actual.reduce((s, v, i) => s + Math.abs(v - (predicted[i]?.val ?? 0)), 0) / actual.length,
        costError: errors[Math.floor(errors.length / 2)] ?? Number.NaN,
      },
    ];
  });
}
