/**
 * Runs the worker on any Linux box over SSH: the bundle goes up over SFTP, the worker starts detached
 * (setsid + nohup, so it outlives the connection), events.jsonl is tailed by byte offset (a dropped
 * connection loses nothing: the next read reconnects and continues from the same offset), and
 * result.json is fetched at the end. Works against any CommandHost, so it is exercised locally too.
 */
import path from "node:path";
import { checkBundleFiles } from "../bundle-files.ts";
import type { JobResult, WorkerJobSpec } from "../../contract/job-protocol.ts";
import {
  type BundleFile,
  type EventChunk,
  type JobRef,
  type Runner,
  type RunnerCheckReport,
  type RunnerJobState,
} from "../types.ts";
import { RunnerError } from "../errors.ts";
import { runScript, type CommandHost } from "../host/command-host.ts";
import { readTail, runWorkerSelfcheck, writeBundle } from "../host/job-files.ts";
import { JobHost } from "../host/job-host.ts";
import { workerEnv } from "../host/worker-env.ts";
import { CANCEL_SCRIPT, LAUNCH_SCRIPT, STATUS_SCRIPT } from "./ssh-scripts.ts";
import type { SshConnection } from "./ssh-connection.ts";

export interface SshRunnerOptions {
  host: CommandHost;
  /** the connection behind `host`, when it is SSH: its host key is reported by check() */
  connection?: SshConnection;
  /** jobs root on the host (absolute or ~/…) */
  remoteDir: string;
  python: string;
  /** PYTHONPATH on the host where trex_worker is installed; unset: the local worker package is uploaded */
  remoteWorkerDir?: string;
  /** this machine's worker/ folder (the source of the upload) */
  localWorkerDir: string;
  concurrency: number;
  threads: number;
  env?: Record<string, string>;
}

export class SshRunner implements Runner {
  readonly kind = "ssh" as const;
  readonly concurrency: number;
  private readonly jobs: JobHost;

  constructor(private readonly opts: SshRunnerOptions) {
    this.concurrency = opts.concurrency;
    this.jobs = new JobHost({ ...opts, uploadWorker: true });
  }

  get host(): CommandHost {
    return this.opts.host;
  }

  get artifactHost(): CommandHost {
    return this.opts.host;
  }

  private async workerEnv(): Promise<Record<string, string>> {
    return workerEnv({ pythonPath: await this.jobs.pythonPath(), threads: this.opts.threads, env: this.opts.env });
  }

  async submit(
    spec: WorkerJobSpec,
    files: readonly BundleFile[] = [],
  ): Promise<{ externalId: string; workDir: string }> {
    checkBundleFiles(files);
    const host = this.opts.host;
    const dir = await this.jobs.jobDir(spec.jobId);
    const env = await this.workerEnv();
    try {
      await writeBundle(host, dir, spec, files);
    } catch (e) {
      await this.jobs.discard(dir);
      throw new RunnerError(`cannot upload the job to ${host.label}:${dir}: ${(e as Error).message}`);
    }
    let launched;
    try {
      launched = await runScript(host, LAUNCH_SCRIPT, [dir, this.opts.python], { env, timeoutMs: 60_000 });
    } catch (e) {
      // the connection dropped while starting: we cannot know whether it started, so stop it and clean up
      await runScript(host, CANCEL_SCRIPT, [dir], { idempotent: true }).catch(() => undefined);
      await this.jobs.discard(dir);
      throw new RunnerError(`the job could not be started on ${host.label}: ${(e as Error).message}`);
    }
    const pid = launched.stdout.trim().split("\n").pop() ?? "";
    if (launched.code !== 0 || !/^\d+$/.test(pid)) {
      const log = await readTail(host, path.posix.join(dir, "worker.log"), 1000).catch(() => "");
      await this.jobs.discard(dir);
      const why = (launched.stderr.trim() || log.trim() || `exit ${launched.code}`).slice(-800);
      throw new RunnerError(`the worker could not be started on ${host.label}: ${why}`);
    }
    return { externalId: pid, workDir: dir };
  }

  async status(jobs: readonly JobRef[]): Promise<Map<string, RunnerJobState>> {
    const out = new Map<string, RunnerJobState>();
    const known = jobs.filter((j) => j.workDir);
    for (const j of jobs) if (!j.workDir) out.set(j.jobId, "unknown");
    if (known.length === 0) return out;
    // one round trip for every job of this runner
    const r = await runScript(
      this.opts.host,
      STATUS_SCRIPT,
      known.map((j) => j.workDir),
      { idempotent: true },
    );
    if (r.code !== 0)
      throw new RunnerError(`status check on ${this.opts.host.label} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
    const lines = r.stdout.trim().split("\n");
    known.forEach((j, i) => {
      const s = lines[i];
      out.set(j.jobId, s === "running" || s === "exited" ? s : "unknown");
    });
    return out;
  }

  readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    return this.jobs.readEvents(job, offset);
  }

  readLogTail(job: JobRef, maxBytes: number): Promise<string> {
    return this.jobs.readLogTail(job, maxBytes);
  }

  fetchResult(job: JobRef): Promise<JobResult | null> {
    return this.jobs.readResult(job);
  }

  async cancel(job: JobRef): Promise<void> {
    if (!job.workDir) return;
    const r = await runScript(this.opts.host, CANCEL_SCRIPT, [job.workDir], { idempotent: true });
    if (r.code !== 0)
      throw new RunnerError(`cancel on ${this.opts.host.label} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  }

  async check(): Promise<RunnerCheckReport> {
    const selfcheck = await runWorkerSelfcheck(this.opts.host, this.opts.python, await this.workerEnv());
    return {
      ok: selfcheck.ok === true,
      message: `connected to ${this.opts.host.label}; the worker's self-check ${selfcheck.ok === true ? "passed" : "reported a problem"}`,
      selfcheck,
      ...this.jobs.hostKeyReport(),
    };
  }

  close(): Promise<void> {
    return this.jobs.close();
  }
}
