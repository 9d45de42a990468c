/**
 * The search benchmark's results store: every real training run it made, one JSON line each, in
 * bench/results/runs/<task>.jsonl (append-only, committed). Keyed by the node fingerprint
 * (server/domain/tree/fingerprint.ts) plus the evaluation settings, so a later run answers the same job from here.
 */
import fs from "node:fs";
import path from "node:path";
import type {
  DataRecipe,
  JobResult,
  JobSpec,
  TrainingConfig,
  WorkerEvent,
} from "../../server/contract/job-protocol.ts";
import { canonicalJson, fingerprintOf } from "../../server/domain/tree/fingerprint.ts";

export const STORE_DIR = path.join("bench", "results", "runs");

export interface RecordedRun {
  /** fingerprintOf(task, task seed, base, recipe, config) */
  key: string;
  task: string;
  taskSeed: number;
  /** the key of the run it warm-started from (null: the base model) */
  base: string | null;
  recipe: DataRecipe;
  /** the training config without maxSeconds and initFrom (they are not part of the fingerprint) */
  config: TrainingConfig;
  evaluation: JobSpec["evaluation"];
  status: JobResult["status"];
  val: number | null;
  test: number | null;
  /** the result as the worker wrote it, less its checkpoint and bad cases (what a replay answers with) */
  result: Omit<JobResult, "checkpoint" | "badCases">;
  /** training loss and validation loss by step */
  curve: { step: number; loss: number | null; kind: "train" | "validation" }[];
  /** CPU + GPU seconds the run cost: what a replay charges to the budget */
  computeSeconds: number;
  createdAt: string;
  worker: string;
}

/** The store's key of a training job; `base` is the key of the run whose checkpoint it starts from. */
export function keyOf(spec: JobSpec, base: string | null): string {
  return fingerprintOf({
    taskId: spec.task.id,
    taskSeed: spec.task.seed,
    baseFingerprint: base,
    recipe: spec.recipe,
    config: spec.training,
  });
}

const evalKey = (e: JobSpec["evaluation"]) => canonicalJson({ ...e, badCases: undefined });

export class RunStore {
  private readonly runs = new Map<string, RecordedRun>();
  private readonly byTask = new Map<string, RecordedRun[]>();

  constructor(readonly dir: string = STORE_DIR) {
    if (!fs.existsSync(dir)) return;
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".jsonl"))
      .sort()) {
      const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
      lines.forEach((line, i) => {
        if (!line.trim()) return;
        try {
          this.remember(JSON.parse(line) as RecordedRun);
        } catch {
          // a line cut short by an interrupted append: the run is trained again when it is needed
          console.warn(`${file}:${i + 1}: not a complete record, skipped`);
        }
      });
    }
  }

  private remember(r: RecordedRun): void {
    const id = `${r.key}\u0000${evalKey(r.evaluation)}`;
    if (this.runs.has(id)) return;
    this.runs.set(id, r);
    const list = this.byTask.get(r.task) ?? [];
    list.push(r);
    this.byTask.set(r.task, list);
  }

  find(key: string, evaluation: JobSpec["evaluation"]): RecordedRun | undefined {
    return this.runs.get(`${key}\u0000${evalKey(evaluation)}`);
  }

  /** the recorded runs of a task, in the order they were made */
  ofTask(task: string): readonly RecordedRun[] {
    return this.byTask.get(task) ?? [];
  }

  get size(): number {
    return this.runs.size;
  }

  append(r: RecordedRun): void {
    if (this.find(r.key, r.evaluation)) return;
    fs.mkdirSync(this.dir, { recursive: true });
    fs.appendFileSync(path.join(this.dir, `${r.task.replace(/[^\w.-]/g, "_")}.jsonl`), `${JSON.stringify(r)}\n`);
    this.remember(r);
  }
}

/** The record of a finished real job. */
export function recordOf(
  spec: JobSpec,
  base: string | null,
  result: JobResult,
  events: readonly WorkerEvent[],
  worker: string,
): RecordedRun {
  const { maxSeconds: _m, initFrom: _i, ...config } = spec.training;
  const { checkpoint: _c, badCases: _b, ...kept } = result;
  return {
    key: keyOf(spec, base),
    task: spec.task.id,
    taskSeed: spec.task.seed,
    base,
    recipe: spec.recipe,
    config: config as TrainingConfig,
    evaluation: spec.evaluation,
    status: result.status,
    val: result.metrics.validation?.primary ?? null,
    test: result.metrics.test?.primary ?? null,
    result: { ...kept, recipeReport: kept.recipeReport.map((s) => ({ ...s, samples: [] })) },
    curve: thinned(events).flatMap((e): RecordedRun["curve"] =>
      e.type === "progress"
        ? [{ step: e.step, loss: e.loss, kind: "train" as const }]
        : e.type === "validation"
          ? [{ step: e.step, loss: e.loss, kind: "validation" as const }]
          : [],
    ),
    computeSeconds: result.cost.cpuSeconds + result.cost.gpuSeconds,
    createdAt: new Date().toISOString(),
    worker,
  };
}

/** at most 60 training-loss points (evenly spread) and every validation point */
function thinned(events: readonly WorkerEvent[]): WorkerEvent[] {
  const progress = events.filter((e) => e.type === "progress");
  const every = Math.max(1, Math.ceil(progress.length / 60));
  return events.filter((e) => e.type !== "progress" || progress.indexOf(e) % every === 0 || e === progress.at(-1));
}
