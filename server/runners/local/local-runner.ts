/**
 * Runs the worker as a detached child process on this machine. Detached so a server restart does not kill
 * training: after a restart the job is found again by its pid and its job folder.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { checkBundleFiles } from "../bundle-files.ts";
import { jobResultSchema, type JobResult, type WorkerJobSpec } from "../../contract/job-protocol.ts";
import { parseEventLines } from "../event-lines.ts";
import { LocalCommandHost } from "../host/command-host.ts";
import { runWorkerSelfcheck, writeBundle } from "../host/job-files.ts";
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

async function readFrom(file: string, offset: number, maxBytes = 4 * 1024 * 1024): Promise<string> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(file, "r");
    const { size } = await handle.stat();
    if (size <= offset) return "";
    const length = Math.min(size - offset, maxBytes);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, offset);
    return buf.toString("utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw e;
  } finally {
    await handle?.close();
  }
}

export class LocalRunner implements Runner {
  readonly kind = "local" as const;
  readonly concurrency: number;
  readonly artifactHost = new LocalCommandHost();

  constructor(private readonly opts: LocalRunnerOptions) {
    this.concurrency = opts.concurrency;
  }

  private dirOf(jobId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(jobId)) throw new RunnerError(`invalid job id: ${jobId}`);
    return path.join(this.opts.jobsDir, jobId);
  }

  async submit(
    spec: WorkerJobSpec,
    files: readonly BundleFile[] = [],
  ): Promise<{ externalId: string; workDir: string }> {
    checkBundleFiles(files);
    const workDir = this.dirOf(spec.jobId);
    try {
      await writeBundle(this.artifactHost, workDir, spec, files);
    } catch (e) {
      await fsp.rm(workDir, { recursive: true, force: true });
      throw new RunnerError(`cannot write the job to ${workDir}: ${(e as Error).message}`);
    }
    const log = fs.openSync(path.join(workDir, "worker.log"), "a");
    const threads = String(this.opts.threads);
    const child = spawn(this.opts.python, ["-m", "trex_worker", "run", "--job-dir", workDir], {
      cwd: workDir,
      detached: true,
      stdio: ["ignore", log, log],
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        PYTHONPATH: this.opts.workerDir,
        PYTHONUNBUFFERED: "1",
        OMP_NUM_THREADS: threads,
        OMP_WAIT_POLICY: "PASSIVE",
        TREX_WORKER_THREADS: threads,
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

  async readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    const text = await readFrom(path.join(job.workDir, "events.jsonl"), offset);
    return parseEventLines(text, offset);
  }

  async readLogTail(job: JobRef, maxBytes: number): Promise<string> {
    const file = path.join(job.workDir, "worker.log");
    try {
      const { size } = await fsp.stat(file);
      return await readFrom(file, Math.max(0, size - maxBytes), maxBytes);
    } catch {
      return "";
    }
  }

  async fetchResult(job: JobRef): Promise<JobResult | null> {
    let raw: string;
    try {
      raw = await fsp.readFile(path.join(job.workDir, "result.json"), "utf8");
    } catch {
      return null;
    }
    const parsed = jobResultSchema.safeParse(JSON.parse(raw));
    if (!parsed.success)
      throw new RunnerError(`result.json does not match the protocol: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
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
    const selfcheck = await runWorkerSelfcheck(this.artifactHost, this.opts.python, {
      PYTHONPATH: this.opts.workerDir,
      TREX_WORKER_THREADS: String(this.opts.threads),
    });
    const ok = selfcheck.ok === true;
    return {
      ok,
      message: `ran the worker on this machine; its self-check ${ok ? "passed" : "reported a problem"}`,
      selfcheck,
    };
  }
}
