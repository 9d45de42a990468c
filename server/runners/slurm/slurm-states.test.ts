/** How Slurm's states and records become runner states and results (a scripted host stands in for Slurm). */
import { describe, expect, it } from "vitest";
import type { CommandHost, ExecOptions, ExecResult } from "../host/command-host.ts";
import type { JobRef } from "../types.ts";
import { SlurmRunner } from "./slurm-runner.ts";
import { runnerStateOf } from "./slurm-states.ts";
import { parseJobcomp, parseKeyValues, parseScontrol, parseSqueue } from "./squeue-parser.ts";

// lines as Slurm 22.05 printed them in this project's test cluster
const SCONTROL =
  "JobId=7 JobName=trex-a UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901759 Nice=0 Account=(null) QOS=(null) JobState=TIMEOUT Reason=TimeLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:15 RunTime=00:10:00 TimeLimit=00:10:00 Command=/scratch/trex jobs/a/job.sbatch WorkDir=/scratch/trex jobs/a StdOut=/scratch/trex jobs/a/worker.log Power=";
const JOBCOMP = [
  "JobId=2 UserId=root(0) GroupId=root(0) Name=trex-b JobState=PENDING Partition=debug TimeLimit=UNLIMITED StartTime=2026-11-22T02:19:53 EndTime=2026-11-22T02:20:04 NodeList=localhost NodeCnt=1 ProcCnt=1 WorkDir=/tmp/sl/j1 ReservationName= Tres=cpu=1,mem=2000M,node=1,billing=1 Account= QOS= WcKey= Cluster=unknown SubmitTime=2026-11-22T02:19:53 EligibleTime=2026-11-22T02:19:53 DerivedExitCode=0:0 ExitCode=0:15",
  "JobId=2 UserId=root(0) GroupId=root(0) Name=trex-b JobState=NODE_FAIL Partition=debug TimeLimit=UNLIMITED StartTime=2026-11-22T02:21:00 EndTime=2026-11-22T02:21:09 NodeList=localhost NodeCnt=1 ProcCnt=1 WorkDir=/tmp/sl/j1 ReservationName= Tres=cpu=1 Account= QOS= WcKey= Cluster=unknown SubmitTime=2026-11-22T02:19:53 EligibleTime=2026-11-22T02:21:00 DerivedExitCode=0:0 ExitCode=0:9",
  "",
].join("\n");

const cancelledResult = JSON.stringify({
  version: 1,
  jobId: "a",
  status: "cancelled",
  cost: { cpuSeconds: 1, gpuSeconds: 0, wallSeconds: 1 },
});

/** Answers squeue / scontrol / scancel from a script and serves files from memory. */
class ScriptedSlurm implements CommandHost {
  readonly label = "scripted";
  squeue = "";
  /** `scontrol show job -o` output; null: Slurm no longer knows the job */
  scontrol: string | null = null;
  /** sacct output; null: accounting is disabled (as in the test cluster) */
  sacct: string | null = null;
  readonly files = new Map<string, string>();
  readonly calls: string[] = [];

  async exec(argv: readonly string[], _opts?: ExecOptions): Promise<ExecResult> {
    this.calls.push(argv[0] ?? "");
    if (argv[0] === "squeue") return { code: 0, stdout: this.squeue, stderr: "" };
    if (argv[0] === "scontrol")
      return this.scontrol === null
        ? { code: 1, stdout: "", stderr: "slurm_load_jobs error: Invalid job id specified\n" }
        : { code: 0, stdout: `${this.scontrol}\n`, stderr: "" };
    if (argv[0] === "sacct")
      return this.sacct === null
        ? { code: 1, stdout: "", stderr: "sacct: error: Slurm accounting storage is disabled\n" }
        : { code: 0, stdout: this.sacct, stderr: "" };
    if (argv[0] === "sh")
      return {
        code: 0,
        stdout: argv
          .slice(4)
          .map((d) => (this.files.has(`${d}/result.json`) ? "yes" : "no"))
          .join("\n"),
        stderr: "",
      };
    return { code: 0, stdout: "", stderr: "" };
  }
  async readFile(file: string, offset = 0) {
    const text = this.files.get(file);
    return text === undefined ? null : Buffer.from(text).subarray(offset);
  }
  async fileSize(file: string) {
    const text = this.files.get(file);
    return text === undefined ? null : Buffer.byteLength(text);
  }
  async writeFile() {}
  async mkdirp() {}
  async removeTree() {}
  async resolvePath(p: string) {
    return p;
  }
  async close() {}
}

function scripted(): { host: ScriptedSlurm; runner: SlurmRunner } {
  const host = new ScriptedSlurm();
  host.files.set("/jobcomp.log", JOBCOMP);
  const runner = new SlurmRunner({
    host,
    remoteDir: "/jobs",
    python: "python3",
    localWorkerDir: "/app/worker",
    uploadWorker: false,
    sbatch: { gpus: 0, cpus: 1, modules: [], setupLines: [], requeue: true },
    concurrency: 1,
    threads: 1,
    jobcompFile: "/jobcomp.log",
  });
  return { host, runner };
}

const refA: JobRef = { jobId: "a", externalId: "7", workDir: "/jobs/a" };
const refB: JobRef = { jobId: "b", externalId: "2", workDir: "/jobs/b" };

describe("Slurm states", () => {
  it("maps every state: requeued and suspended jobs are not finished", () => {
    expect(["PENDING", "REQUEUED", "REQUEUE_HOLD", "CONFIGURING"].map(runnerStateOf)).toEqual([
      "pending",
      "pending",
      "pending",
      "pending",
    ]);
    expect(["RUNNING", "COMPLETING", "SUSPENDED", "STAGE_OUT"].map(runnerStateOf)).toEqual([
      "running",
      "running",
      "running",
      "running",
    ]);
    expect(
      [
        "COMPLETED",
        "FAILED",
        "CANCELLED",
        "TIMEOUT",
        "NODE_FAIL",
        "PREEMPTED",
        "OUT_OF_MEMORY",
        "BOOT_FAIL",
        "DEADLINE",
      ].every((s) => runnerStateOf(s) === "exited"),
    ).toBe(true);
    expect(runnerStateOf("CANCELLED+")).toBe("exited");
    expect(runnerStateOf("SOMETHING_NEW")).toBe("unknown");
  });

  it("parses squeue rows, scontrol records with spaces in values, and the last jobcomp line of a job", () => {
    expect(parseSqueue("7|RUNNING|trex-a|None\n8_1|PENDING|trex-b|Priority\ngarbage\n")).toEqual([
      { id: "7", state: "RUNNING", name: "trex-a", reason: "None" },
      { id: "8_1", state: "PENDING", name: "trex-b", reason: "Priority" },
    ]);
    const rec = parseScontrol(SCONTROL)[0] ?? {};
    expect(rec.WorkDir).toBe("/scratch/trex jobs/a");
    expect(rec.JobState).toBe("TIMEOUT");
    expect(parseKeyValues("A=1 B= C=x y")).toEqual({ A: "1", B: "", C: "x y" });
    expect(parseJobcomp(JOBCOMP).get("2")).toEqual({ id: "2", state: "NODE_FAIL", exitCode: "0:9", name: "trex-b" });
  });

  it("never absorbs the result an interrupted attempt left while the job is requeued", async () => {
    const { host, runner } = scripted();
    host.files.set("/jobs/a/result.json", cancelledResult);
    for (const state of ["REQUEUED", "PENDING", "COMPLETING"]) {
      host.squeue = `7|${state}|trex-a|BeginTime\n`;
      await runner.status([refA]);
      expect(await runner.fetchResult(refA), state).toBeNull();
    }
  });

  it("turns a cancelled result into a failure when Slurm imposed the end (time limit), with scontrol's details", async () => {
    const { host, runner } = scripted();
    host.files.set("/jobs/a/result.json", cancelledResult);
    host.files.set("/jobs/a/worker.log", "step 900\nslurmstepd: error: *** JOB 7 CANCELLED DUE TO TIME LIMIT ***\n");
    host.squeue = "7|TIMEOUT|trex-a|TimeLimit\n";
    host.scontrol = SCONTROL;
    expect((await runner.status([refA])).get("a")).toBe("exited");
    const result = await runner.fetchResult(refA);
    expect(result?.status).toBe("failed");
    expect(result?.error).toMatch(
      /Slurm job 7 hit its Slurm time limit .*reason TimeLimit, exit code 0:15.*DUE TO TIME LIMIT/,
    );
  });

  it("explains a job that ended without a result (preempted, cancelled while queued)", async () => {
    const { host, runner } = scripted();
    host.squeue = "7|PREEMPTED|trex-a|None\n";
    await runner.status([refA]);
    expect((await runner.fetchResult(refA))?.error).toMatch(/preempted/);
    host.squeue = "7|CANCELLED|trex-a|None\n";
    await runner.status([refA]);
    expect(await runner.fetchResult(refA)).toMatchObject({ status: "cancelled" });
    host.squeue = "7|COMPLETED|trex-a|None\n";
    await runner.status([refA]);
    expect(await runner.fetchResult(refA)).toBeNull(); // the worker's result should be there: the orchestrator's grace period decides
  });

  it("falls back to jobcomp, then the job folder, for jobs squeue no longer lists, in one squeue call", async () => {
    const { host, runner } = scripted();
    host.squeue = "";
    host.files.set(
      "/jobs/c/result.json",
      JSON.stringify({
        version: 1,
        jobId: "c",
        status: "succeeded",
        cost: { cpuSeconds: 1, gpuSeconds: 0, wallSeconds: 1 },
      }),
    );
    const refC: JobRef = { jobId: "c", externalId: "99", workDir: "/jobs/c" };
    const reused: JobRef = { jobId: "other", externalId: "2", workDir: "/jobs/other" };
    const states = await runner.status([refB, refC, reused, { jobId: "d", externalId: null, workDir: "" }]);
    expect(Object.fromEntries(states)).toEqual({ b: "exited", c: "exited", other: "unknown", d: "unknown" });
    expect(host.calls.filter((c) => c === "squeue")).toHaveLength(1);
    expect((await runner.fetchResult(refB))?.error).toMatch(/Slurm job 2 lost its node/);
    expect((await runner.fetchResult(refC))?.status).toBe("succeeded");
    // a squeue row under another job's name is an id reused after a controller reset
    host.squeue = "99|RUNNING|trex-somebody-else|None\n";
    expect((await runner.status([refC])).get("c")).toBe("exited");
  });

  it("asks sacct, where accounting exists, about forgotten jobs jobcomp does not know, and stops asking where it does not", async () => {
    const { host, runner } = scripted();
    const refE: JobRef = { jobId: "e", externalId: "41", workDir: "/jobs/e" };
    host.sacct = "41|trex-e|OUT_OF_MEMORY|0:125\n41.batch|batch|OUT_OF_MEMORY|0:125\n";
    expect((await runner.status([refE])).get("e")).toBe("exited");
    expect((await runner.fetchResult(refE))?.error).toMatch(/Slurm job 41 ran out of memory/);
    const { host: plain, runner: noAcct } = scripted();
    await noAcct.status([refE]);
    await noAcct.status([refE]);
    expect(plain.calls.filter((c) => c === "sacct")).toHaveLength(1);
  });
});
