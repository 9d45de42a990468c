/**
 * Runs the worker as a detached child process on this machine. Detached so a server restart does not kill
 * training: after a restart the job is found again by its pid and its job folder.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { checkBundleFiles } from "../bundle-files.ts";
import type { JobResult, WorkerJobSpec } from "../../contract/job-protocol.ts";
import { LocalCommandHost } from "../host/command-host.ts";
import { jobDirOf, readEvents, readResult, readTail, runWorkerSelfcheck, writeBundle } from "../host/job-files.ts";
import { workerEnv } from "../host/worker-env.ts";
import {
  type BundleFile,
  type EventChunk,
  type JobRef,
  type Runner,
  type RunnerCheckReport,
  type RunnerJobState,
} from "../types.ts";
import { RunnerError } from "../errors.ts";

export interface LocalRunnerOptions {
  jobsDir: string;
  python: string;
  workerDir: string;
  concurrency: number;
  threads: number;
}

function isAlive(pid: number, jobId: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // the pid may have been reused by an unrelated process after a reboot
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(jobId);
  } catch {
    return true;
  }
}

export class LocalRunner implements Runner {
  readonly kind = "local" as const;
  readonly concurrency: number;
  readonly artifactHost = new LocalCommandHost();

  constructor(private readonly opts: LocalRunnerOptions) {
    this.concurrency = opts.concurrency;
  }

  async submit(
    spec: WorkerJobSpec,
    files: readonly BundleFile[] = [],
  ): Promise<{ externalId: string; workDir: string }> {
    checkBundleFiles(files);
    const workDir = jobDirOf(this.opts.jobsDir, spec.jobId);
    try {
      await writeBundle(this.artifactHost, workDir, spec, files);
    } catch (e) {
      await fsp.rm(workDir, { recursive: true, force: true });
      throw new RunnerError(`cannot write the job to ${workDir}: ${(e as Error).message}`);
    }
    const log = fs.openSync(path.join(workDir, "worker.log"), "a");
    const child = spawn(this.opts.python, ["-m", "trex_worker", "run", "--job-dir", workDir], {
      cwd: workDir,
      detached: true,
      stdio: ["ignore", log, log],
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        ...workerEnv({ pythonPath: this.opts.workerDir, threads: this.opts.threads }),
      },
    });
    fs.closeSync(log);
    const pid = await new Promise<number>((resolve, reject) => {
      child.once("spawn", () => (child.pid ? resolve(child.pid) : reject(new RunnerError("the worker did not start"))));
      child.once("error", (e) =>
        reject(new RunnerError(`cannot start the worker (${this.opts.python}): ${e.message}`)),
      );
    });
    child.unref();
    return { externalId: String(pid), workDir };
  }

  async status(jobs: readonly JobRef[]): Promise<Map<string, RunnerJobState>> {
    const out = new Map<string, RunnerJobState>();
    for (const j of jobs) {
      const pid = Number(j.externalId);
      if (!Number.isInteger(pid) || pid <= 0) out.set(j.jobId, "unknown");
      else out.set(j.jobId, isAlive(pid, j.jobId) ? "running" : "exited");
    }
    return out;
  }

  // the job folder is read as every runner reads it (host/job-files.ts), through this machine's command host
  readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    return readEvents(this.artifactHost, job.workDir, offset);
  }

  readLogTail(job: JobRef, maxBytes: number): Promise<string> {
    return readTail(this.artifactHost, path.join(job.workDir, "worker.log"), maxBytes).catch(() => "");
  }

  fetchResult(job: JobRef): Promise<JobResult | null> {
    return readResult(this.artifactHost, job.workDir);
  }

  async cancel(job: JobRef): Promise<void> {
    const pid = Number(job.externalId);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid, job.jobId)) {
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        process.kill(pid, "SIGTERM");
      }
    }
  }

  async check(): Promise<RunnerCheckReport> {
    const selfcheck = await runWorkerSelfcheck(
      this.artifactHost,
      this.opts.python,
      workerEnv({ pythonPath: this.opts.workerDir, threads: this.opts.threads }),
    );
    const ok = selfcheck.ok === true;
    return {
      ok,
      message: `ran the worker on this machine; its self-check ${ok ? "passed" : "reported a problem"}`,
      selfcheck,
    };
  }
}
