/**
 * The Slurm runner against a real single-node Slurm (munged, slurmctld, slurmd on 127.0.0.1, started here
 * and stopped by PID): the shared contract, rejection, requeue, a server restart while jobs run, Slurm
 * forgetting jobs, and submission over SSH. If the cluster cannot start, these tests fail with the reason.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRunnerContract } from "../contract/runner-contract.ts";
import { sshHostFor } from "../create-runner.ts";
import { parseRunnerConfig, sshConnectionSchema } from "../runner-config.ts";
import { LocalCommandHost } from "../host/command-host.ts";
import type { JobRef, RunnerJobState } from "../types.ts";
import { CountingHost } from "../../testing/counting-host.ts";
import { makeTempDir, sleep } from "../../testing/daemon-process.ts";
import { startSlurmCluster, type SlurmCluster } from "../../testing/slurm-cluster.ts";
import { startSshServer, type SshServer } from "../../testing/sshd-server.ts";
import { PYTHON, WORKER_DIR, longJob, tinyJob, uniquePrefix } from "../../testing/tiny-job.ts";
import type { SbatchSettings } from "./sbatch-script.ts";
import { SlurmRunner } from "./slurm-runner.ts";

let cluster: SlurmCluster;
let base: string;
let jobsRoot: string;
let counting: CountingHost;
let runner: SlurmRunner;
const marker = `/tmp/trex-slurm-pwned-${process.pid}`;

const sbatch: SbatchSettings = {
  partition: "debug",
  gpus: 0,
  cpus: 1,
  memory: "500M",
  timeLimit: "15:00",
  modules: [],
  setupLines: ["echo setup-line-ran"],
  requeue: true,
};

function makeRunner(overrides: Partial<SbatchSettings> = {}): SlurmRunner {
  return new SlurmRunner({
    host: counting,
    remoteDir: jobsRoot,
    python: PYTHON,
    localWorkerDir: WORKER_DIR,
    uploadWorker: false,
    sbatch: { ...sbatch, ...overrides },
    concurrency: 4,
    threads: 1,
    commandEnv: { SLURM_CONF: cluster.confFile },
    jobcompFile: cluster.jobcompFile,
  });
}

async function followTo(
  r: SlurmRunner,
  ref: JobRef,
  want: (s: RunnerJobState | undefined) => boolean,
  timeoutMs = 90_000,
): Promise<RunnerJobState[]> {
  const seen: RunnerJobState[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await r.status([ref])).get(ref.jobId);
    if (s) seen.push(s);
    if (want(s)) return seen;
    if (Date.now() > deadline) throw new Error(`job ${ref.jobId}: states ${seen.join(",")}`);
    await sleep(300);
  }
}

async function submit(r: SlurmRunner, spec = tinyJob(uniquePrefix("s"))): Promise<JobRef> {
  const { externalId, workDir } = await r.submit(spec);
  return { jobId: spec.jobId, externalId, workDir };
}

beforeAll(async () => {
  cluster = await startSlurmCluster();
  base = makeTempDir("trex-slurm-jobs-");
  jobsRoot = path.join(base, `slurm jobs 'q' $(touch ${marker}) ;x`);
  counting = new CountingHost(new LocalCommandHost());
  runner = makeRunner();
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

describeRunnerContract("slurm", () => ({
  runner,
  prefix: uniquePrefix("slurm"),
  shortJob: (id) => tinyJob(id),
  longJob,
  pollMs: 400,
  timeoutMs: 120_000,
  statusQueries: () => counting.count("squeue"),
}));

describe("slurm runner against a real Slurm", () => {
  const done: JobRef[] = [];

  it("wrote the sbatch script from the settings and ran it with the hostile folder name as data", async () => {
    const ref = await submit(runner);
    await followTo(runner, ref, (s) => s === "exited");
    done.push(ref);
    const script = fs.readFileSync(path.join(ref.workDir, "job.sbatch"), "utf8");
    for (const d of [
      "--partition=debug",
      "--mem=500M",
      "--time=15:00",
      "--cpus-per-task=1",
      "--requeue",
      `--job-name=trex-${ref.jobId}`,
    ])
      expect(script).toContain(`#SBATCH ${d}`);
    const log = await runner.readLogTail(ref, 4000);
    expect(log).toMatch(/\[trex\] slurm job \d+ attempt 1 on /);
    expect(log).toContain("setup-line-ran");
    expect(fs.existsSync(marker)).toBe(false);
    expect((await runner.fetchResult(ref))?.status).toBe("succeeded");
  }, 150_000);

  it("reports Slurm rejecting a job (unknown partition) clearly and leaves no job folder", async () => {
    const bad = makeRunner({ partition: "nosuchpartition" });
    const spec = tinyJob(uniquePrefix("rejected"));
    await expect(bad.submit(spec)).rejects.toThrow(/Slurm rejected the job: .*invalid partition/i);
    expect(fs.existsSync(path.join(jobsRoot, spec.jobId))).toBe(false);
    expect(() => parseRunnerConfig({ kind: "slurm", partition: "debug\n#SBATCH --wrap=id" })).toThrow(
      /partition: must be a partition name/,
    );
  });

  it("keeps a requeued job waiting (its interrupted attempt's result is not absorbed) until it succeeds", async () => {
    const ref = await submit(runner, tinyJob(uniquePrefix("requeue"), { steps: 80 }));
    await followTo(runner, ref, (s) => s === "running");
    // wait for the worker to be under way, then requeue it as preemption would
    for (let i = 0; i < 100 && (await runner.readEvents(ref, 0)).events.length < 3; i++) await sleep(200);
    await cluster.command("scontrol", ["requeue", ref.externalId ?? ""]);
    const during = await followTo(runner, ref, (s) => s === "pending", 60_000);
    expect(during).not.toContain("exited");
    expect(await runner.fetchResult(ref)).toBeNull();
    // a requeued job waits for its begin time: let it start now
    await cluster.command("scontrol", ["update", `JobId=${ref.externalId ?? ""}`, "StartTime=now"]);
    const after = await followTo(runner, ref, (s) => s === "exited", 120_000);
    expect(after.slice(0, -1)).not.toContain("exited");
    expect((await runner.fetchResult(ref))?.status).toBe("succeeded");
    expect(await runner.readLogTail(ref, 8000)).toMatch(/attempt 2 on /);
    done.push(ref);
  }, 240_000);

  it("reconciles after a server restart: a fresh runner finds the running job and absorbs the finished one", async () => {
    // the job of the first test has finished; this one is still training when the server "restarts"
    const finished = done[0];
    if (!finished) throw new Error("the first test's job is missing");
    const running = await submit(runner, longJob(uniquePrefix("still")));
    await followTo(runner, running, (s) => s === "running");
    // the server restarts: only the persisted JobRefs survive
    const persisted = JSON.parse(JSON.stringify([finished, running])) as JobRef[];
    const fresh = makeRunner();
    const states = await fresh.status(persisted);
    expect(states.get(finished.jobId)).toBe("exited");
    expect(states.get(running.jobId)).toBe("running");
    expect((await fresh.fetchResult(finished))?.status).toBe("succeeded");
    expect(await fresh.fetchResult(running)).toBeNull();
    await fresh.cancel(running);
    await followTo(fresh, running, (s) => s === "exited");
    expect(["cancelled", undefined]).toContain((await fresh.fetchResult(running))?.status);
  }, 200_000);

  it("follows jobs Slurm has forgotten through the jobcomp record and the job folder", async () => {
    expect(done.length).toBeGreaterThan(0);
    await cluster.restartControllerForgettingJobs();
    const fresh = makeRunner();
    const ghost: JobRef = {
      jobId: uniquePrefix("ghost"),
      externalId: "987654",
      workDir: path.join(jobsRoot, "never-existed"),
    };
    // the first job's folder is gone too: only Slurm's jobcomp record can say it ended
    const recordOnly: JobRef = {
      ...done[0],
      jobId: done[0]?.jobId ?? "",
      externalId: done[0]?.externalId ?? null,
      workDir: path.join(jobsRoot, "moved-away"),
    };
    const states = await fresh.status([...done, ghost]);
    for (const ref of done) {
      expect(states.get(ref.jobId)).toBe("exited");
      expect((await fresh.fetchResult(ref))?.status).toBe("succeeded");
    }
    expect(states.get(ghost.jobId)).toBe("unknown");
    expect((await makeRunner().status([recordOnly])).get(recordOnly.jobId)).toBe("exited");
    expect(await fresh.fetchResult(ghost)).toBeNull();
  }, 120_000);

  it("submits and follows a job over SSH on the login node", async () => {
    let sshd: SshServer | null = null;
    try {
      sshd = await startSshServer();
      const { host, connection } = sshHostFor(
        sshConnectionSchema.parse({ host: sshd.host, port: sshd.port, user: sshd.user, privateKey: sshd.privateKey }),
      );
      const overSsh = new SlurmRunner({
        host,
        connection,
        remoteDir: path.join(base, "over ssh"),
        python: PYTHON,
        localWorkerDir: WORKER_DIR,
        uploadWorker: true,
        sbatch,
        concurrency: 2,
        threads: 1,
        commandEnv: { SLURM_CONF: cluster.confFile },
        jobcompFile: cluster.jobcompFile,
      });
      const ref = await submit(overSsh);
      await followTo(overSsh, ref, (s) => s === "exited");
      expect((await overSsh.fetchResult(ref))?.status).toBe("succeeded");
      expect((await overSsh.readEvents(ref, 0)).events.at(-1)).toMatchObject({ type: "finished", status: "succeeded" });
      // the worker ran from the copy uploaded over SFTP
      expect(fs.readdirSync(path.join(base, "over ssh", ".trex-worker"))).toHaveLength(1);
      await overSsh.close();
    } finally {
      await sshd?.stop();
    }
  }, 150_000);
});
