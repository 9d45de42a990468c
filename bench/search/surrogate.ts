/**
 * The surrogate that answers configurations the results store does not hold (as tabular/surrogate HPO benchmarks
 * do): a distance-weighted k-nearest-neighbour regression over normalised configuration features, fitted on the
 * recorded real runs. Recorded runs are few per task on two CPU cores, so the neighbours are drawn from every task
 * (another task's run is a little farther away) and predict an offset from their own task's mean: the prediction is
 * this task's mean plus the neighbours' weighted offsets. Compute likewise: the task's seconds per training
 * sequence (steps x batch), scaled by the neighbours' ratio to their own task's, plus its evaluation-only cost.
 */
import type { DataRecipe, JobSpec, TrainingConfig } from "../../server/contract/job-protocol.ts";
import type { Prediction, Surrogate } from "./replay-runner.ts";
import type { RecordedRun, RunStore } from "./run-store.ts";

const MODELS = ["tiny-small", "tiny-base", "tiny-large"];
const K = 5;
/** how much farther a run of another task is than the same configuration of this one */
const OTHER_TASK = 0.5;

const norm = (v: number, lo: number, hi: number) => Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
const has = (r: DataRecipe, op: string) => r.operators.some((o) => o.op === op);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function trainLimit(r: DataRecipe): number {
  const load = r.operators.find((o) => o.op === "load") as { limit?: number } | undefined;
  return load?.limit ?? 4000;
}

/** A configuration as a point in [0, 1]^d (model, steps and learning rate weigh double). */
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

const sequences = (c: TrainingConfig) => Math.max(1, c.steps * c.batchSize);

interface Point {
  x: number[];
  run: RecordedRun;
  /** compute per training sequence, less the task's evaluation-only cost */
  rate: number;
}

interface TaskModel {
  points: Point[];
  val: number;
  test: number;
  rate: number;
  evalSeconds: number;
}

export class KnnSurrogate implements Surrogate {
  private readonly tasks = new Map<string, TaskModel>();
  private readonly points: Point[] = [];
  private readonly baselines = new Map<string, RecordedRun[]>();

  constructor(runs: Iterable<RecordedRun>) {
    const byTask = new Map<string, RecordedRun[]>();
    for (const run of runs) {
      if (run.status !== "succeeded" || run.val === null) continue;
      byTask.set(run.task, [...(byTask.get(run.task) ?? []), run]);
    }
    for (const [task, list] of byTask) {
      const baselines = list.filter((r) => r.config.steps === 0);
      const evalSeconds = baselines.length ? mean(baselines.map((r) => r.computeSeconds)) : 0;
      const points = list
        .filter((r) => r.config.steps > 0)
        .map((run) => ({
          x: features(run.recipe, run.config, run.base !== null),
          run,
          rate: Math.max(1e-6, run.computeSeconds - evalSeconds) / sequences(run.config),
        }));
      this.points.push(...points);
      this.tasks.set(task, {
        points,
        val: points.length ? mean(points.map((p) => p.run.val ?? 0)) : Number.NaN,
        test: points.length ? mean(points.map((p) => p.run.test ?? p.run.val ?? 0)) : Number.NaN,
        rate: points.length ? mean(points.map((p) => p.rate)) : Number.NaN,
        evalSeconds,
      });
      // a baseline is answered by the task's recorded baselines
      if (baselines.length) this.baselines.set(task, baselines);
    }
  }

  static of(store: RunStore, tasks: readonly string[]): KnnSurrogate {
    return new KnnSurrogate(tasks.flatMap((t) => store.ofTask(t)));
  }

  /** tasks it can answer training runs of */
  covers(task: string): boolean {
    return (this.tasks.get(task)?.points.length ?? 0) > 0;
  }

  predict(spec: JobSpec, base: string | null): Prediction {
    return this.predictConfig(spec.task.id, spec.recipe, spec.training, base !== null);
  }

  predictConfig(task: string, recipe: DataRecipe, config: TrainingConfig, warmStart: boolean): Prediction {
    const model = this.tasks.get(task);
    if (config.steps === 0) {
      const b = this.baselines.get(task);
      if (!b) throw new Error(`the surrogate has no recorded baseline of ${task}`);
      return {
        val: mean(b.map((r) => r.val ?? 0)),
        test: mean(b.map((r) => r.test ?? 0)),
        computeSeconds: mean(b.map((r) => r.computeSeconds)),
      };
    }
    if (!model || model.points.length === 0) throw new Error(`the surrogate has no recorded training run of ${task}`);
    const x = features(recipe, config, warmStart);
    const near = this.points
      .map((p) => ({ p, d: distance(x, p.x) + (p.run.task === task ? 0 : OTHER_TASK) }))
      .sort((a, b) => a.d - b.d || a.p.run.key.localeCompare(b.p.run.key))
      .slice(0, K);
    const w = near.map(({ d }) => 1 / (d + 0.05));
    const total = w.reduce((a, b) => a + b, 0);
    const offset = (f: (p: Point, m: TaskModel) => number) =>
      near.reduce((s, { p }, i) => s + (w[i] ?? 0) * f(p, this.tasks.get(p.run.task) ?? model), 0) / total;
    const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
    return {
      val: clamp01(model.val + offset((p, m) => (p.run.val ?? 0) - m.val)),
      test: clamp01(model.test + offset((p, m) => (p.run.test ?? p.run.val ?? 0) - m.test)),
      computeSeconds: model.evalSeconds + model.rate * offset((p, m) => p.rate / m.rate) * sequences(config),
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

/**
 * Leave-one-out on the recorded real training runs: each is predicted by a surrogate fitted on all the others
 * (its task needs another recorded run). One row per task with at least three, and one over all of them ("all").
 */
export function validate(store: RunStore, tasks: readonly string[]): Validation[] {
  const runs = tasks.flatMap((t) => store.ofTask(t)).filter((r) => r.status === "succeeded" && r.val !== null);
  const held = runs.filter(
    (r) => r.config.steps > 0 && runs.some((o) => o !== r && o.task === r.task && o.config.steps > 0),
  );
  const rows = held.map((r) => ({
    r,
    p: new KnnSurrogate(runs.filter((o) => o !== r)).predictConfig(r.task, r.recipe, r.config, r.base !== null),
  }));
  const row = (task: string, of: typeof rows): Validation => {
    const errors = of.map(({ r, p }) => Math.abs(p.computeSeconds - r.computeSeconds) / Math.max(1, r.computeSeconds));
    return {
      task,
      runs: of.length,
      spearman: spearman(
        of.map(({ p }) => p.val),
        of.map(({ r }) => r.val ?? 0),
      ),
      maeVal: mean(of.map(({ r, p }) => Math.abs((r.val ?? 0) - p.val))),
      costError: [...errors].sort((a, b) => a - b)[Math.floor(errors.length / 2)] ?? Number.NaN,
    };
  };
  const perTask = tasks.map((t) => rows.filter(({ r }) => r.task === t)).filter((of) => of.length >= 3);
  return [...perTask.map((of) => row(of[0]?.r.task ?? "", of)), ...(rows.length >= 3 ? [row("all", rows)] : [])];
}
