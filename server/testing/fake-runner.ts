/** A runner whose jobs finish when the test says so: drives the orchestrator deterministically. */
import type { JobResult, JobSpec, WorkerEvent, WorkerJobSpec } from "../contract/job-protocol.ts";
import type { EventChunk, JobRef, Runner, RunnerJobState } from "../runners/types.ts";

interface FakeJob {
  spec: WorkerJobSpec;
  state: RunnerJobState;
  events: WorkerEvent[];
  result: JobResult | null;
}

export class FakeRunner implements Runner {
  readonly kind = "local" as const;
  readonly jobs = new Map<string, FakeJob>();
  submitFailure: string | null = null;

  constructor(readonly concurrency = 2) {}

  async submit(spec: WorkerJobSpec) {
    if (this.submitFailure) throw new Error(this.submitFailure);
    this.jobs.set(spec.jobId, {
      spec,
      state: "running",
      events: [{ type: "started", t: Date.now() / 1000, pid: 1 }],
      result: null,
    });
    return { externalId: `fake-${spec.jobId}`, workDir: `/fake/${spec.jobId}` };
  }

  async status(jobs: readonly JobRef[]) {
    return new Map(jobs.map((j) => [j.jobId, this.jobs.get(j.jobId)?.state ?? ("unknown" as RunnerJobState)]));
  }

  async readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    const events = this.jobs.get(job.jobId)?.events ?? [];
    return { events: events.slice(offset), offset: events.length };
  }

  async readLogTail(job: JobRef) {
    return this.jobs.get(job.jobId)?.state === "exited" ? "Traceback: worker crashed" : "";
  }

  async fetchResult(job: JobRef) {
    return this.jobs.get(job.jobId)?.result ?? null;
  }

  async cancel(job: JobRef) {
    const j = this.jobs.get(job.jobId);
    if (j && !j.result) j.result = result(j.spec, "cancelled", 0);
  }

  /** Training jobs submitted but not finished, oldest first. */
  pending(): JobSpec[] {
    return [...this.jobs.values()]
      .filter((j) => !j.result && j.state === "running")
      .flatMap((j) => ("kind" in j.spec ? [] : [j.spec]));
  }

  succeed(jobId: string, score: number, extra: Partial<JobResult> = {}): void {
    const j = this.mustGet(jobId);
    j.events.push({ type: "progress", t: 1, step: 10, totalSteps: 10, loss: 0.3, lr: 1e-3, tokensPerSecond: 1000 });
    j.result = { ...result(j.spec, "succeeded", score), ...extra };
    j.state = "exited";
  }

  crash(jobId: string): void {
    this.mustGet(jobId).state = "exited";
  }

  private mustGet(jobId: string): FakeJob {
    const j = this.jobs.get(jobId);
    if (!j) throw new Error(`no fake job ${jobId}`);
    return j;
  }
}

export function result(spec: WorkerJobSpec, status: JobResult["status"], score: number): JobResult {
  return {
    version: 1,
    jobId: spec.jobId,
    status,
    metrics:
      status === "succeeded"
        ? { validation: { primary: score, accuracy: score }, test: { primary: score - 0.01 } }
        : {},
    badCases: [],
    errorGroups: { wrong_label: 5 },
    recipeReport: [],
    train: {
      steps: "training" in spec ? spec.training.steps : 0,
      finalLoss: 0.3,
      trainRows: 1000,
      tokensPerSecond: 1000,
    },
    cost: { cpuSeconds: 10, gpuSeconds: 0, wallSeconds: 10 },
    checkpoint: `${spec.jobId}/checkpoint`,
  };
}
