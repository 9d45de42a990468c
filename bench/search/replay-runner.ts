/**
 * A bench-only runner in front of the local runner. A training job whose fingerprint the results store holds is
 * answered from the store (its recorded cost is charged, so budgets stay honest); a new one is trained for real
 * and appended to the store; in surrogate mode a new one is answered by the surrogate fitted on the store instead.
 *
 * Replayed and predicted jobs have no checkpoint on disk: they answer with `replay/<key>`, so a child that warm-starts
 * from one is keyed on its parent's key. If such a child must be trained for real, the parent chain is trained first.
 */
import fs from "node:fs";
import path from "node:path";
import type { JobResult, JobSpec, WorkerEvent, WorkerJobSpec } from "../../server/contract/job-protocol.ts";
import type { BundleFile, EventChunk, JobRef, Runner, RunnerJobState } from "../../server/runners/types.ts";
import { keyOf, recordOf, type RunStore } from "./run-store.ts";

export const MODES = ["real", "replay", "surrogate"] as const;
export type Mode = (typeof MODES)[number];
export type Source = "real" | "replayed" | "surrogate";

export interface Prediction {
  val: number;
  test: number;
  computeSeconds: number;
}

/** What answers a job in surrogate mode that the store does not hold. */
export interface Surrogate {
  predict(spec: JobSpec, base: string | null): Prediction;
}

export interface Tally {
  real: number;
  replayed: number;
  surrogate: number;
  /** compute charged per source */
  seconds: Record<Source, number>;
}

export const emptyTally = (): Tally => ({
  real: 0,
  replayed: 0,
  surrogate: 0,
  seconds: { real: 0, replayed: 0, surrogate: 0 },
});

const VIRTUAL = "replay:";
const CHECKPOINT = "replay/";

const workerVersion = (() => {
  try {
    const init = fs.readFileSync(path.join("worker", "trex_worker", "__init__.py"), "utf8");
    return `trex_worker ${/__version__ = "([^"]+)"/.exec(init)?.[1] ?? "?"}`;
  } catch {
    return "trex_worker ?";
  }
})();

/** training and evaluation jobs (a baseline is a job of 0 steps); generation and dry-run jobs pass through */
const isTraining = (s: WorkerJobSpec): s is JobSpec => !("kind" in s);

export class ReplayRunner implements Runner {
  readonly kind = "local" as const;
  readonly concurrency: number;
  tally: Tally = emptyTally();
  /** answers of replayed and predicted jobs, by job id */
  private readonly virtual = new Map<string, JobResult>();
  /** real jobs in flight: their spec and base key, recorded when their result arrives */
  private readonly pending = new Map<string, { spec: JobSpec; base: string | null }>();
  /** real checkpoints on disk, by the key of the run that wrote them */
  private readonly checkpoints = new Map<string, string>();
  private readonly keyOfCheckpoint = new Map<string, string>();

  constructor(
    private readonly inner: Runner,
    private readonly store: RunStore,
    private readonly mode: Mode,
    private readonly surrogate?: Surrogate,
  ) {
    this.concurrency = mode === "real" ? inner.concurrency : Math.max(inner.concurrency, 8);
    if (mode === "surrogate" && !surrogate) throw new Error("surrogate mode needs a surrogate");
  }

  /** the key a warm start's checkpoint stands for (null: from the base model) */
  private baseOf(spec: JobSpec): string | null {
    const from = spec.training.initFrom;
    if (!from) return null;
    if (from.startsWith(CHECKPOINT)) return from.slice(CHECKPOINT.length);
    return this.keyOfCheckpoint.get(from) ?? `checkpoint:${from}`;
  }

  async submit(
    spec: WorkerJobSpec,
    files: readonly BundleFile[] = [],
  ): Promise<{ externalId: string; workDir: string }> {
    if (!isTraining(spec)) return this.inner.submit(spec, files);
    const base = this.baseOf(spec);
    const key = keyOf(spec, base);
    const recorded = this.mode === "real" ? undefined : this.store.find(key, spec.evaluation);
    if (recorded) return this.answer(spec, key, "replayed", recorded.result, recorded.computeSeconds);
    if (this.mode === "surrogate" && this.surrogate) {
      const p = this.surrogate.predict(spec, base);
      return this.answer(spec, key, "surrogate", predictedResult(spec.jobId, p), p.computeSeconds);
    }
    const real = await this.realSpec(spec);
    this.pending.set(spec.jobId, { spec, base });
    return this.inner.submit(real, files);
  }

  private answer(
    spec: JobSpec,
    key: string,
    source: Source,
    result: Omit<JobResult, "checkpoint" | "badCases">,
    seconds: number,
  ) {
    this.tally[source]++;
    this.tally.seconds[source] += seconds;
    this.virtual.set(spec.jobId, { ...result, jobId: spec.jobId, badCases: [], checkpoint: `${CHECKPOINT}${key}` });
    return Promise.resolve({ externalId: `${VIRTUAL}${spec.jobId}`, workDir: "" });
  }

  /** the spec with a real checkpoint to start from: a replayed parent is trained first (not charged again) */
  private async realSpec(spec: JobSpec): Promise<JobSpec> {
    const from = spec.training.initFrom;
    if (!from?.startsWith(CHECKPOINT)) return spec;
    const parentKey = from.slice(CHECKPOINT.length);
    const checkpoint = this.checkpoints.get(parentKey) ?? (await this.materialise(parentKey, spec));
    return { ...spec, training: { ...spec.training, initFrom: checkpoint } };
  }

  private async materialise(key: string, child: JobSpec): Promise<string> {
    const r = this.store.find(key, child.evaluation) ?? this.store.ofTask(child.task.id).find((x) => x.key === key);
    if (!r) throw new Error(`cannot warm-start from ${key}: it was predicted by the surrogate, not recorded`);
    const parent: JobSpec = {
      version: 1,
      jobId: `${child.jobId}p`,
      nodeId: child.nodeId,
      task: { id: r.task, seed: r.taskSeed },
      recipe: r.recipe,
      training: {
        ...r.config,
        maxSeconds: child.training.maxSeconds,
        ...(r.base ? { initFrom: `${CHECKPOINT}${r.base}` } : {}),
      },
      evaluation: r.evaluation,
    };
    const real = await this.realSpec(parent);
    const ref = { jobId: parent.jobId, ...(await this.inner.submit(real)) };
    for (;;) {
      const result = await this.inner.fetchResult(ref);
      if (result?.checkpoint) {
        this.remember(key, result.checkpoint);
        return result.checkpoint;
      }
      if (result) throw new Error(`re-training ${key} to warm-start from it failed: ${result.error ?? result.status}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private remember(key: string, checkpoint: string): void {
    this.checkpoints.set(key, checkpoint);
    this.keyOfCheckpoint.set(checkpoint, key);
  }

  async status(jobs: readonly JobRef[]): Promise<Map<string, RunnerJobState>> {
    const real = jobs.filter((j) => !j.externalId?.startsWith(VIRTUAL));
    const out = real.length ? await this.inner.status(real) : new Map<string, RunnerJobState>();
    for (const j of jobs) if (j.externalId?.startsWith(VIRTUAL)) out.set(j.jobId, "exited");
    return out;
  }

  readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    const answer = this.virtual.get(job.jobId);
    if (!answer) return this.inner.readEvents(job, offset);
    const t = Date.now() / 1000;
    const events: WorkerEvent[] =
      offset === 0
        ? [
            { type: "started", t, pid: 0 },
            { type: "finished", t, status: answer.status },
          ]
        : [];
    return Promise.resolve({ events, offset: 1 });
  }

  readLogTail(job: JobRef, maxBytes: number): Promise<string> {
    if (this.virtual.has(job.jobId)) return Promise.resolve("answered from the benchmark's results store");
    return this.inner.readLogTail(job, maxBytes);
  }

  async fetchResult(job: JobRef): Promise<JobResult | null> {
    const answer = this.virtual.get(job.jobId);
    if (answer) return answer;
    const result = await this.inner.fetchResult(job);
    const pending = this.pending.get(job.jobId);
    if (result && pending) {
      this.pending.delete(job.jobId);
      const { events } = await this.inner.readEvents(job, 0);
      const record = recordOf(pending.spec, pending.base, result, events, workerVersion);
      if (result.status !== "cancelled") this.store.append(record);
      if (result.checkpoint) this.remember(record.key, result.checkpoint);
      this.tally.real++;
      this.tally.seconds.real += record.computeSeconds;
    }
    return result;
  }

  cancel(job: JobRef): Promise<void> {
    return this.virtual.has(job.jobId) ? Promise.resolve() : this.inner.cancel(job);
  }
}

function predictedResult(jobId: string, p: Prediction): Omit<JobResult, "checkpoint" | "badCases"> {
  return {
    version: 1,
    jobId,
    status: "succeeded",
    metrics: { validation: { primary: p.val }, test: { primary: p.test } },
    errorGroups: {},
    recipeReport: [],
    cost: { cpuSeconds: p.computeSeconds, gpuSeconds: 0, wallSeconds: p.computeSeconds },
  };
}
