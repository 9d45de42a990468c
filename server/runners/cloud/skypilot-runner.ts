/**
 * Any cloud or Kubernetes through SkyPilot managed jobs. submit stages the bundle in a local folder and
 * runs `sky jobs launch -y -d -n NAME task.yaml` (file_mounts upload the bundle and the worker); status is
 * one `sky jobs queue` per poll; events and the result come back in the job's log stream (`sky jobs logs
 * --no-follow ID`), fetched at most once per poll; cancel is `sky jobs cancel -y ID`. The CLI is reached
 * through an injectable executor (argv, never a shell), which is how the tests replay a transcript.
 */
import fsp from "node:fs/promises";
import path from "node:path";
import { checkBundleFiles } from "../bundle-files.ts";
import { parseEventLines } from "../event-lines.ts";
import type { JobResult, WorkerJobSpec } from "../../contract/job-protocol.ts";
import { LocalCommandHost, type ExecResult } from "../host/command-host.ts";
import { parseResult, writeBundle } from "../host/job-files.ts";
import { syntheticResult } from "../../contract/job-protocol.ts";
import {
  type BundleFile,
  type EventChunk,
  type JobRef,
  type Runner,
  type RunnerCheckReport,
  type RunnerJobState,
} from "../types.ts";
import { RunnerError } from "../errors.ts";
import { parseJobsQueue, parseLaunchedJobId, runnerStateOfSky, splitJobLogs } from "./sky-cli-output.ts";
import { skyJobName, skyTask, skyTaskYaml, type SkyTaskSettings } from "./skypilot-yaml.ts";

export type CommandExecutor = (argv: readonly string[]) => Promise<ExecResult>;

export interface SkyPilotRunnerOptions {
  exec: CommandExecutor;
  /** the sky CLI */
  sky: string;
  /** local folder where bundles are staged for upload */
  stagingDir: string;
  localWorkerDir: string;
  task: SkyTaskSettings;
  concurrency: number;
}

interface SkyView {
  state: RunnerJobState;
  status: string | null;
}

export class SkyPilotRunner implements Runner {
  readonly kind = "cloud" as const;
  readonly concurrency: number;
  private readonly views = new Map<string, SkyView>();
  /** logs per managed job id, valid until the next status() (one `sky jobs logs` per job per poll) */
  private readonly logCache = new Map<string, { generation: number; text: string; final: boolean }>();
  private generation = 0;

  constructor(private readonly opts: SkyPilotRunnerOptions) {
    this.concurrency = opts.concurrency;
  }

  private async sky(args: readonly string[]): Promise<ExecResult> {
    return this.opts.exec([this.opts.sky, ...args]);
  }

  async submit(
    spec: WorkerJobSpec,
    files: readonly BundleFile[] = [],
  ): Promise<{ externalId: string; workDir: string }> {
    checkBundleFiles(files);
    const name = skyJobName(spec.jobId);
    const jobDir = path.join(this.opts.stagingDir, spec.jobId);
    const yamlFile = path.join(this.opts.stagingDir, `${spec.jobId}.sky.yaml`);
    const discard = async () => {
      await fsp.rm(jobDir, { recursive: true, force: true });
      await fsp.rm(yamlFile, { force: true });
    };
    const task = skyTask(this.opts.task, {
      jobId: spec.jobId,
      localJobDir: jobDir,
      localWorkerPackage: path.join(this.opts.localWorkerDir, "trex_worker"),
    });
    try {
      // file_mounts upload this whole folder as ~/trex-job, so the carried files arrive next to job.json
      await writeBundle(new LocalCommandHost(), jobDir, spec, files);
      await fsp.writeFile(yamlFile, skyTaskYaml(task));
    } catch (e) {
      await discard();
      throw new RunnerError(`cannot stage the job in ${jobDir}: ${(e as Error).message}`);
    }
    let r: ExecResult;
    try {
      r = await this.sky(["jobs", "launch", "-y", "-d", "-n", name, yamlFile]);
    } catch (e) {
      await discard();
      throw new RunnerError(`cannot run the SkyPilot CLI (${this.opts.sky}): ${(e as Error).message}`);
    }
    const id = r.code === 0 ? parseLaunchedJobId(`${r.stdout}\n${r.stderr}`) : null;
    if (!id) {
      // whatever got queued under this name must not run unaccounted for
      if (r.code === 0) await this.sky(["jobs", "cancel", "-y", "-n", name]).catch(() => null);
      await discard();
      const why = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-3).join(" | ");
      throw new RunnerError(
        `sky jobs launch ${r.code === 0 ? "printed no managed job id" : "failed"}: ${why || `exit ${r.code}`}`,
      );
    }
    this.views.set(spec.jobId, { state: "pending", status: "PENDING" });
    return { externalId: id, workDir: jobDir };
  }

  async status(jobs: readonly JobRef[]): Promise<Map<string, RunnerJobState>> {
    this.generation++;
    const out = new Map<string, RunnerJobState>();
    if (jobs.length === 0) return out;
    const r = await this.sky(["jobs", "queue"]);
    if (r.code !== 0)
      throw new RunnerError(
        `sky jobs queue failed: ${(r.stderr.trim() || r.stdout.trim()).split("\n").slice(-2).join(" | ")}`,
      );
    const rows = new Map(parseJobsQueue(r.stdout).map((row) => [row.id, row]));
    for (const j of jobs) {
      const row = rows.get(j.externalId ?? "");
      // the queue lists jobs by id; a row with another name is a different job that reused the id
      const view: SkyView =
        row && row.name === skyJobName(j.jobId)
          ? { state: runnerStateOfSky(row.status), status: row.status }
          : { state: "unknown", status: null };
      this.views.set(j.jobId, view);
      out.set(j.jobId, view.state);
    }
    return out;
  }

  private async logs(job: JobRef): Promise<string> {
    const id = job.externalId ?? "";
    if (!/^\d+$/.test(id)) return "";
    const cached = this.logCache.get(id);
    // logs fetched after the job ended are complete and never change
    if (cached && (cached.generation === this.generation || cached.final)) return cached.text;
    const final = this.views.get(job.jobId)?.state === "exited";
    const r = await this.sky(["jobs", "logs", "--no-follow", id]);
    // logs are not there yet while the job waits for a VM: keep what we had
    const text = r.code === 0 ? r.stdout : (cached?.text ?? "");
    this.logCache.set(id, { generation: this.generation, text, final: final && r.code === 0 });
    return text;
  }

  async readEvents(job: JobRef, offset: number): Promise<EventChunk> {
    const events = Buffer.from(splitJobLogs(await this.logs(job)).eventsText, "utf8");
    if (offset >= events.length) return { events: [], offset };
    return parseEventLines(events.subarray(offset).toString("utf8"), offset);
  }

  async readLogTail(job: JobRef, maxBytes: number): Promise<string> {
    const log = Buffer.from(splitJobLogs(await this.logs(job)).log, "utf8");
    let start = Math.max(0, log.length - maxBytes);
    // never start inside a UTF-8 sequence
    while (start < log.length && ((log[start] ?? 0) & 0xc0) === 0x80) start++;
    return log.subarray(start).toString("utf8");
  }

  async fetchResult(job: JobRef): Promise<JobResult | null> {
    if (!this.views.has(job.jobId)) await this.status([job]);
    const view = this.views.get(job.jobId);
    if (!view || view.state !== "exited" || !view.status) return null;
    const { resultJson, log } = splitJobLogs(await this.logs(job));
    if (resultJson) return parseResult(resultJson, `the logs of managed job ${job.externalId ?? "?"}`);
    if (view.status === "SUCCEEDED") return null;
    if (view.status === "CANCELLED")
      return syntheticResult(job.jobId, "cancelled", "cancelled in SkyPilot before the worker wrote a result");
    const tail = log.trim().split("\n").slice(-2).join(" | ");
    return syntheticResult(
      job.jobId,
      "failed",
      `SkyPilot managed job ${job.externalId ?? "?"} ended ${view.status}${tail ? `: ${tail}` : ""}`,
    );
  }

  async cancel(job: JobRef): Promise<void> {
    const id = job.externalId ?? "";
    if (!/^\d+$/.test(id) || this.views.get(job.jobId)?.state === "exited") return;
    const r = await this.sky(["jobs", "cancel", "-y", id]);
    if (r.code !== 0 && !/already|not found|no .*job/i.test(`${r.stdout}${r.stderr}`))
      throw new RunnerError(
        `sky jobs cancel failed: ${(r.stderr.trim() || r.stdout.trim()).split("\n").slice(-2).join(" | ")}`,
      );
  }

  async check(): Promise<RunnerCheckReport> {
    const r = await this.sky(["jobs", "queue"]);
    if (r.code !== 0)
      throw new RunnerError(
        `the SkyPilot CLI does not answer: ${(r.stderr.trim() || r.stdout.trim()).split("\n").slice(-2).join(" | ")}`,
      );
    return { ok: true, message: `SkyPilot answers (${parseJobsQueue(r.stdout).length} managed jobs in its queue)` };
  }
}
