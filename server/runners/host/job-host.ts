/**
 * What the SSH and Slurm runners share on their host: the jobs root (resolved once), each job's folder, the
 * worker's import path (installed there, this machine's, or uploaded once), reading a job's events, log and
 * result, and the host key a check reports. Each runner adds only how it launches, polls and cancels.
 */
import path from "node:path";
import type { JobResult } from "../../contract/job-protocol.ts";
import { RunnerError } from "../errors.ts";
import type { EventChunk, JobRef, RunnerCheckReport } from "../types.ts";
import type { CommandHost } from "./command-host.ts";
import { jobDirOf, readEvents, readResult, readTail } from "./job-files.ts";
import { uploadWorker } from "./worker-upload.ts";

type HostKey = NonNullable<RunnerCheckReport["hostKey"]>;

/** an SSH connection's view of the host key: the one it recorded on first use, else the one it last verified */
export interface HostKeySource {
  readonly recordedHostKey: HostKey | null;
  readonly lastHostKey: HostKey | null;
}

export interface JobHostOptions {
  host: CommandHost;
  connection?: HostKeySource;
  /** jobs root on the host (absolute or ~/…) */
  remoteDir: string;
  /** PYTHONPATH on the host where trex_worker is installed */
  remoteWorkerDir?: string;
  /** this machine's worker/ folder */
  localWorkerDir: string;
  /** without remoteWorkerDir: upload localWorkerDir (true) or use it as it is (false: the host shares this filesystem) */
  uploadWorker: boolean;
}

export class JobHost {
  private root: Promise<string> | null = null;
  private uploaded: Promise<string> | null = null;

  constructor(private readonly opts: JobHostOptions) {}

  get host(): CommandHost {
    return this.opts.host;
  }

  /** resolved once; a failure is not remembered, so the next call tries again */
  jobsRoot(): Promise<string> {
    this.root ??= this.opts.host.resolvePath(this.opts.remoteDir).catch((e: unknown) => {
      this.root = null;
      throw e;
    });
    return this.root;
  }

  async jobDir(jobId: string): Promise<string> {
    return jobDirOf(await this.jobsRoot(), jobId);
  }

  pythonPath(): Promise<string> {
    if (this.opts.remoteWorkerDir) return this.opts.host.resolvePath(this.opts.remoteWorkerDir);
    if (!this.opts.uploadWorker) return Promise.resolve(this.opts.localWorkerDir);
    this.uploaded ??= this.jobsRoot()
      .then((root) => uploadWorker(this.opts.host, root, this.opts.localWorkerDir))
      .catch((e: unknown) => {
        this.uploaded = null;
        throw new RunnerError(`cannot upload the worker to ${this.opts.host.label}: ${(e as Error).message}`);
      });
    return this.uploaded;
  }

  /** removes a job folder that never became a job; never throws */
  async discard(dir: string): Promise<void> {
    await this.opts.host.removeTree(dir).catch(() => undefined);
  }

  readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    return readEvents(this.opts.host, job.workDir, offset);
  }

  readLogTail(job: JobRef, maxBytes: number): Promise<string> {
    return readTail(this.opts.host, path.posix.join(job.workDir, "worker.log"), maxBytes);
  }

  readResult(job: JobRef): Promise<JobResult | null> {
    return readResult(this.opts.host, job.workDir);
  }

  /** the `hostKey` part of a check report: empty when the host is not reached over SSH */
  hostKeyReport(): Pick<RunnerCheckReport, "hostKey"> {
    const key = this.opts.connection?.recordedHostKey ?? this.opts.connection?.lastHostKey;
    if (!key) return {};
    const { host, port, keyType, fingerprint, firstUse } = key;
    return { hostKey: { host, port, keyType, fingerprint, firstUse } };
  }

  close(): Promise<void> {
    return this.opts.host.close();
  }
}
