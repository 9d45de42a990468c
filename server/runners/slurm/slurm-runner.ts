/**
 * Slurm through its CLI, on this machine (execFile, no shell) or on a login node over SSH. Submission writes
 * the bundle and an sbatch script into the job folder (a shared filesystem) and runs `sbatch --parsable`;
 * following is one `squeue` call per poll for all jobs, with the jobcomp file, sacct (where accounting
 * exists) and the job folder as the record once Slurm has forgotten a job; cancel is scancel. Requeued jobs (preemption, node failure) are
 * waiting, not finished, so a stale result from the interrupted attempt is never absorbed.
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
import { runScript, type CommandHost, type ExecResult } from "../host/command-host.ts";
import { withoutLinesOf } from "../file-echo.ts";
import { readTail, runWorkerSelfcheck, writeBundle } from "../host/job-files.ts";
import { JobHost } from "../host/job-host.ts";
import { workerEnv } from "../host/worker-env.ts";
import { syntheticResult } from "../../contract/job-protocol.ts";
import type { SshConnection } from "../ssh/ssh-connection.ts";
import { jobNameOf, sbatchScript, type SbatchSettings } from "./sbatch-script.ts";
import { explainEnd, imposedEnd, runnerStateOf } from "./slurm-states.ts";
import {
  SQUEUE_FORMAT,
  parseJobcomp,
  parseSacct,
  parseScontrol,
  parseSqueue,
  type JobcompRecord,
} from "./squeue-parser.ts";

export interface SlurmRunnerOptions {
  host: CommandHost;
  connection?: SshConnection;
  /** jobs root, on a filesystem the compute nodes share */
  remoteDir: string;
  python: string;
  /** where trex_worker is installed for the compute nodes; unset: this machine's worker/ (local) or an upload (SSH) */
  remoteWorkerDir?: string;
  localWorkerDir: string;
  uploadWorker: boolean;
  sbatch: SbatchSettings;
  concurrency: number;
  threads: number;
  /** environment of the worker inside the job */
  env?: Record<string, string>;
  /** environment of the Slurm commands themselves (SLURM_CONF …) */
  commandEnv?: Record<string, string>;
  /** JobCompLoc of jobcomp/filetxt: the record of jobs Slurm no longer remembers */
  jobcompFile?: string;
}

interface SlurmView {
  state: RunnerJobState;
  /** Slurm's own state name, when Slurm or its jobcomp record knows the job */
  slurmState: string | null;
  reason: string;
}

const SLURM_ID = /^\d+(_\d+)?$/;
const HAS_RESULT_SCRIPT = `for d in "$@"; do if [ -e "$d/result.json" ]; then echo yes; else echo no; fi; done`;

export class SlurmRunner implements Runner {
  readonly kind = "slurm" as const;
  readonly concurrency: number;
  private readonly jobs: JobHost;
  /** what the last status() saw, per job id: fetchResult trusts a result only for a job Slurm has ended */
  private readonly views = new Map<string, SlurmView>();
  private noAccounting = false;

  constructor(private readonly opts: SlurmRunnerOptions) {
    this.concurrency = opts.concurrency;
    this.jobs = new JobHost(opts);
  }

  get host(): CommandHost {
    return this.opts.host;
  }

  get artifactHost(): CommandHost {
    return this.opts.host;
  }

  /** Slurm's errors about a configured SLURM_CONF may quote that file: they are stored and shown, so those lines go. */
  private async slurm(argv: readonly string[], idempotent: boolean): Promise<ExecResult> {
    const r = await this.opts.host.exec(argv, { env: this.opts.commandEnv, idempotent, timeoutMs: 60_000 });
    const conf = this.opts.commandEnv?.SLURM_CONF;
    if (r.code === 0 || !conf) return r;
    let text: string;
    try {
      text =
        (await this.opts.host.readFile(await this.opts.host.resolvePath(conf), 0, 1024 * 1024))?.toString("utf8") ?? "";
    } catch {
      return {
        ...r,
        stderr: `(Slurm's messages are not shown: they may quote ${conf}, which TREX could not read to check)`,
      };
    }
    return { ...r, stdout: withoutLinesOf(r.stdout, text, conf), stderr: withoutLinesOf(r.stderr, text, conf) };
  }

  async submit(
    spec: WorkerJobSpec,
    files: readonly BundleFile[] = [],
  ): Promise<{ externalId: string; workDir: string }> {
    checkBundleFiles(files);
    const host = this.opts.host;
    const dir = await this.jobs.jobDir(spec.jobId);
    const script = sbatchScript(this.opts.sbatch, {
      jobId: spec.jobId,
      jobDir: dir,
      python: this.opts.python,
      pythonPath: await this.jobs.pythonPath(),
      threads: this.opts.threads,
      env: this.opts.env ?? {},
    });
    const scriptFile = path.posix.join(dir, "job.sbatch");
    try {
      await writeBundle(host, dir, spec, files);
      await host.writeFile(scriptFile, script, 0o755);
    } catch (e) {
      await this.jobs.discard(dir);
      throw new RunnerError(`cannot write the job to ${host.label}:${dir}: ${(e as Error).message}`);
    }
    let r;
    try {
      r = await this.slurm(["sbatch", "--parsable", `--chdir=${dir}`, "--output=worker.log", scriptFile], false);
    } catch (e) {
      // the link dropped during sbatch: the job may exist; find it by name and cancel it
      await this.slurm(["scancel", `--name=${jobNameOf(spec.jobId)}`], true).catch(() => undefined);
      await this.jobs.discard(dir);
      throw new RunnerError(`submitting to Slurm on ${host.label} failed: ${(e as Error).message}`);
    }
    const id = r.stdout.trim().split("\n").pop()?.split(";")[0] ?? "";
    if (r.code !== 0 || !SLURM_ID.test(id)) {
      await this.jobs.discard(dir);
      const why =
        r.stderr
          .replace(/^sbatch: error: /gm, "")
          .trim()
          .split("\n")
          .join("; ") || `exit ${r.code}`;
      throw new RunnerError(`Slurm rejected the job: ${why}`);
    }
    this.views.set(spec.jobId, { state: "pending", slurmState: "PENDING", reason: "" });
    return { externalId: id, workDir: dir };
  }

  async status(jobs: readonly JobRef[]): Promise<Map<string, RunnerJobState>> {
    const out = new Map<string, RunnerJobState>();
    const tracked = jobs.filter((j) => SLURM_ID.test(j.externalId ?? ""));
    for (const j of jobs) if (!tracked.includes(j)) out.set(j.jobId, "unknown");
    if (tracked.length === 0) return out;

    // one squeue call for every job of this runner; --states=all includes jobs ended within MinJobAge
    const ids = [...new Set(tracked.map((j) => j.externalId ?? ""))];
    const r = await this.slurm(
      ["squeue", "--noheader", "--states=all", `--format=${SQUEUE_FORMAT}`, `--jobs=${ids.join(",")}`],
      true,
    );
    // squeue refuses a single id it no longer knows; with several ids it just leaves the unknown ones out
    if (r.code !== 0 && !/invalid job id/i.test(r.stderr))
      throw new RunnerError(`squeue failed on ${this.opts.host.label}: ${r.stderr.trim() || `exit ${r.code}`}`);
    const rows = new Map(parseSqueue(r.code === 0 ? r.stdout : "").map((row) => [row.id, row]));
    // ids restart after a controller reset: a row is this job only if it carries this job's name
    for (const j of tracked) {
      const row = rows.get(j.externalId ?? "");
      if (row && row.name !== jobNameOf(j.jobId)) rows.delete(row.id);
    }

    const forgotten = tracked.filter((j) => !rows.has(j.externalId ?? ""));
    const record = forgotten.length > 0 ? await this.forgottenRecords(forgotten) : new Map<string, SlurmView>();
    for (const j of tracked) {
      const row = rows.get(j.externalId ?? "");
      const view: SlurmView = row
        ? { state: runnerStateOf(row.state), slurmState: row.state, reason: row.reason }
        : (record.get(j.jobId) ?? { state: "unknown", slurmState: null, reason: "" });
      this.views.set(j.jobId, view);
      out.set(j.jobId, view.state);
    }
    return out;
  }

  /** Jobs squeue no longer lists: the jobcomp record or sacct, else the job folder (a result means it ended). */
  private async forgottenRecords(jobs: readonly JobRef[]): Promise<Map<string, SlurmView>> {
    const out = new Map<string, SlurmView>();
    const comp: Map<string, JobcompRecord> = this.opts.jobcompFile
      ? parseJobcomp(await readTail(this.opts.host, this.opts.jobcompFile, 8 * 1024 * 1024))
      : new Map();
    const unresolved = jobs
      .filter((j) => comp.get(j.externalId ?? "")?.name !== jobNameOf(j.jobId))
      .map((j) => j.externalId ?? "");
    for (const [id, rec] of await this.accounting(unresolved)) comp.set(id, rec);
    const withDir = jobs.filter((j) => j.workDir);
    const has =
      withDir.length > 0
        ? await runScript(
            this.opts.host,
            HAS_RESULT_SCRIPT,
            withDir.map((j) => j.workDir),
            { idempotent: true },
          )
        : null;
    const lines = has?.stdout.trim().split("\n") ?? [];
    const hasResult = new Set(withDir.filter((_, i) => lines[i] === "yes").map((j) => j.jobId));
    for (const j of jobs) {
      const rec = comp.get(j.externalId ?? "");
      // a record of the same job name: ids are reused after a controller reset
      const state = rec && rec.name === jobNameOf(j.jobId) ? runnerStateOf(rec.state) : "unknown";
      if (rec && state === "exited") out.set(j.jobId, { state, slurmState: rec.state, reason: `exit ${rec.exitCode}` });
      else if (hasResult.has(j.jobId))
        out.set(j.jobId, { state: "exited", slurmState: null, reason: "result.json in the job folder" });
    }
    return out;
  }

  /** sacct, where the cluster keeps accounting; asked once per poll for every job still unexplained */
  private async accounting(ids: readonly string[]): Promise<Map<string, JobcompRecord>> {
    if (ids.length === 0 || this.noAccounting) return new Map();
    const r = await this.slurm(
      ["sacct", "--noheader", "--parsable2", "--format=JobID,JobName,State,ExitCode", `--jobs=${ids.join(",")}`],
      true,
    ).catch(() => null);
    if (!r || r.code !== 0) {
      // "accounting storage is disabled" will not change while we run
      this.noAccounting = true;
      return new Map();
    }
    return parseSacct(r.stdout);
  }

  readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    return this.jobs.readEvents(job, offset);
  }

  readLogTail(job: JobRef, maxBytes: number): Promise<string> {
    return this.jobs.readLogTail(job, maxBytes);
  }

  async fetchResult(job: JobRef): Promise<JobResult | null> {
    if (!this.views.has(job.jobId)) await this.status([job]);
    const view = this.views.get(job.jobId);
    // still queued, running or requeued: a result.json now is the previous attempt's
    if (!view || view.state === "pending" || view.state === "running") return null;
    const result = await this.jobs.readResult(job);
    const slurmState = view.slurmState;
    if (result) {
      const imposed = slurmState ? imposedEnd(slurmState) : null;
      if (imposed && result.status !== "succeeded")
        return { ...result, status: "failed", error: await this.explain(job, slurmState ?? "") };
      return result;
    }
    if (view.state !== "exited" || !slurmState || slurmState === "COMPLETED") return null;
    if (slurmState === "CANCELLED")
      return syntheticResult(job.jobId, "cancelled", "cancelled in Slurm before the worker started");
    return syntheticResult(job.jobId, "failed", await this.explain(job, slurmState));
  }

  /** scontrol show job for the details of an ended job, plus the last lines of its log. */
  private async explain(job: JobRef, slurmState: string): Promise<string> {
    const id = job.externalId ?? "?";
    const r = await this.slurm(["scontrol", "show", "job", "-o", id], true).catch(() => null);
    const details = r && r.code === 0 ? (parseScontrol(r.stdout)[0] ?? {}) : {};
    const tail = (await this.readLogTail(job, 800).catch(() => "")).trim().split("\n").slice(-2).join(" | ");
    return `${explainEnd(id, details.JobState?.toUpperCase() ?? slurmState, details)}${tail ? `; log: ${tail}` : ""}`;
  }

  async cancel(job: JobRef): Promise<void> {
    if (!SLURM_ID.test(job.externalId ?? "")) return;
    const r = await this.slurm(["scancel", job.externalId ?? ""], true);
    if (r.code !== 0 && !/invalid job id|already completing or completed/i.test(r.stderr))
      throw new RunnerError(`scancel failed on ${this.opts.host.label}: ${r.stderr.trim() || `exit ${r.code}`}`);
  }

  async check(): Promise<RunnerCheckReport> {
    const r = await this.slurm(["sinfo", "--noheader", "--format=%P %a %D %T"], true);
    if (r.code !== 0)
      throw new RunnerError(`Slurm does not answer on ${this.opts.host.label}: ${r.stderr.trim() || `exit ${r.code}`}`);
    const selfcheck = await runWorkerSelfcheck(
      this.opts.host,
      this.opts.python,
      workerEnv({ pythonPath: await this.jobs.pythonPath(), threads: this.opts.threads, env: this.opts.env }),
    );
    return {
      ok: selfcheck.ok === true,
      message: `Slurm answers on ${this.opts.host.label} (partitions: ${r.stdout.trim().split("\n").join("; ")}); the worker's self-check ${selfcheck.ok === true ? "passed" : "reported a problem"} on the submit host`,
      selfcheck,
      ...this.jobs.hostKeyReport(),
    };
  }

  close(): Promise<void> {
    return this.jobs.close();
  }
}
