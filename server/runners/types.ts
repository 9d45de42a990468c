/** One interface for every place training can run. Implementations: local, ssh, slurm (server/runners/*), cloud (SkyPilot). */
import type { CommandHost } from "./host/command-host.ts";
import type { RunnerKind } from "../contract/runner-kinds.ts";
import type { JobResult, WorkerJobSpec, WorkerEvent } from "../contract/job-protocol.ts";

/** What the orchestrator remembers of a dispatched job (persisted in the Job table). */
export interface JobRef {
  jobId: string;
  externalId: string | null;
  workDir: string;
}

/** The runner's view: `exited` means the worker is gone; the result (or its absence) tells how it ended. */
export type RunnerJobState = "pending" | "running" | "exited" | "unknown";

export interface EventChunk {
  events: WorkerEvent[];
  /** byte offset to pass next time */
  offset: number;
}

/** A file that travels with the job, placed at `path` inside the job folder (e.g. "dataset/train.jsonl"). */
export interface BundleFile {
  path: string;
  data: Buffer;
  /** sha256 of `data` (hex): the runner keeps the file by content on its host, so it crosses the link once, not once per job */
  sha256?: string;
}

export interface Runner {
  readonly kind: RunnerKind;
  /** jobs that may run at once on this runner */
  readonly concurrency: number;
  /** writes job.json and `files` (checked by checkBundleFiles before anything is written) into a new job folder and starts the worker there */
  submit(spec: WorkerJobSpec, files?: readonly BundleFile[]): Promise<{ externalId: string; workDir: string }>;
  /** status of many jobs in one call (schedulers are polled once per tick, not once per job) */
  status(jobs: readonly JobRef[]): Promise<Map<string, RunnerJobState>>;
  readEvents(job: JobRef, offset: number): Promise<EventChunk>;
  readLogTail(job: JobRef, maxBytes: number): Promise<string>;
  fetchResult(job: JobRef): Promise<JobResult | null>;
  cancel(job: JobRef): Promise<void>;
  /** settings check: connect and run the worker's self-check (optional: adapters that can reach a host) */
  check?(): Promise<RunnerCheckReport>;
  /** releases connections; the runner reconnects if used again */
  close?(): Promise<void>;
  /** where job folders can be read for artifact downloads (absent: the files stay with the runner) */
  readonly artifactHost?: CommandHost;
}

/** What "test this runner" shows: the worker's self-check and, over SSH, the host key that was trusted. */
export interface RunnerCheckReport {
  ok: boolean;
  message: string;
  /** the worker's `selfcheck` JSON */
  selfcheck?: Record<string, unknown>;
  hostKey?: { host: string; port: number; keyType: string; fingerprint: string; firstUse: boolean };
}
