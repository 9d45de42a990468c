/**
 * A real single-node Slurm (munged, slurmctld, slurmd) on 127.0.0.1, everything in a temp folder
 * (recipe in shared/STACK.md). Daemons run in the foreground so we own their PIDs and stop them by PID.
 * Any failure to start throws with the reason and the daemons' logs: tests fail rather than skip.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, makeTempDir, startDaemon, waitUntil, type Daemon } from "./daemon-process.ts";
import { userIds } from "./daemon-process.ts";

const run = promisify(execFile);

export interface SlurmCluster {
  dir: string;
  confFile: string;
  jobcompFile: string;
  partition: string;
  /** env for Slurm commands: SLURM_CONF and a plain PATH */
  env: Record<string, string>;
  /** runs a Slurm command against this cluster (tests use it to requeue, inspect, …) */
  command(bin: string, args: readonly string[]): Promise<string>;
  /** restarts slurmctld with its state cleared (`-c`): it forgets every job, as after MinJobAge */
  restartControllerForgettingJobs(): Promise<void>;
  stop(): Promise<void>;
}

function which(bin: string): string {
  for (const dir of ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]) {
    const p = path.join(dir, bin);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${bin} is not installed (Debian packages slurm-wlm and munge; scripts/setup.sh installs them)`);
}

function mungeSetup(dir: string): { socket: string; args: string[]; ids: { uid: number; gid: number } | null } {
  const ids = process.getuid?.() === 0 ? userIds("munge") : null;
  if (process.getuid?.() === 0 && !ids) throw new Error("the munge user does not exist (install the munge package)");
  const sockDir = path.join(dir, "munge-socket");
  const keyDir = path.join(dir, "munge-key");
  fs.mkdirSync(sockDir, { mode: 0o755 });
  fs.mkdirSync(keyDir, { mode: 0o700 });
  const key = path.join(keyDir, "munge.key");
  fs.writeFileSync(key, crypto.randomBytes(1024), { mode: 0o600 });
  if (ids) for (const p of [sockDir, keyDir, key]) fs.chownSync(p, ids.uid, ids.gid);
  const socket = path.join(sockDir, "munge.sock");
  const args = [
    "-F",
    `--socket=${socket}`,
    `--key-file=${key}`,
    `--log-file=${path.join(keyDir, "munged.log")}`,
    `--pid-file=${path.join(keyDir, "munged.pid")}`,
    `--seed-file=${path.join(keyDir, "munged.seed")}`,
  ];
  return { socket, args, ids };
}

function slurmConf(dir: string, mungeSocket: string, ctldPort: number, slurmdPort: number, user: string): string {
  return [
    "ClusterName=trextest",
    "SlurmctldHost=localhost(127.0.0.1)",
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${slurmdPort}`,
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${mungeSocket}`,
    `SlurmUser=${user}`,
    `SlurmdUser=${user}`,
    `StateSaveLocation=${path.join(dir, "state")}`,
    `SlurmdSpoolDir=${path.join(dir, "spool")}`,
    `SlurmctldPidFile=${path.join(dir, "slurmctld.pid")}`,
    `SlurmdPidFile=${path.join(dir, "slurmd.pid")}`,
    `SlurmctldLogFile=${path.join(dir, "slurmctld.log")}`,
    `SlurmdLogFile=${path.join(dir, "slurmd.log")}`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_Core",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "JobCompType=jobcomp/filetxt",
    `JobCompLoc=${path.join(dir, "jobcomp.log")}`,
    "MpiDefault=none",
    "SchedulerType=sched/builtin",
    "ReturnToService=2",
    "KillWait=5",
    "InactiveLimit=0",
    "SlurmctldTimeout=30",
    "SlurmdTimeout=60",
    "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=2000 State=UNKNOWN",
    "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
    "",
  ].join("\n");
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const bins = {
    munged: which("munged"),
    slurmctld: which("slurmctld"),
    slurmd: which("slurmd"),
    sinfo: which("sinfo"),
  };
  const dir = makeTempDir("trex-slurm-");
  fs.chmodSync(dir, 0o755);
  for (const d of ["state", "spool"]) fs.mkdirSync(path.join(dir, d));
  const daemons: Daemon[] = [];
  const user = os.userInfo().username;
  const confFile = path.join(dir, "slurm.conf");
  const env: Record<string, string> = {
    SLURM_CONF: confFile,
    PATH: "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
    HOME: os.homedir(),
  };
  const command = async (bin: string, args: readonly string[]) =>
    (await run(which(bin), args, { env: { ...process.env, ...env }, timeout: 30_000 })).stdout;
  const logs: string[] = [];
  const nodeIdle = () =>
    waitUntil(
      "the node to be idle in sinfo",
      async () => {
        const dead = daemons.find((d) => d.exited());
        if (dead) throw new Error(`${dead.name} exited`);
        const state = (await command("sinfo", ["-h", "-N", "-o", "%T"])).trim();
        return state === "idle" ? true : null;
      },
      90_000,
      logs,
    );
  const stopAll = async () => {
    for (const d of [...daemons].reverse()) await d.stop();
  };
  try {
    const munge = mungeSetup(dir);
    const mungeLog = path.join(dir, "munged.out");
    daemons.push(await startDaemon("munged", bins.munged, munge.args, mungeLog, munge.ids ?? {}));
    await waitUntil("munged to create its socket", async () => (fs.existsSync(munge.socket) ? true : null), 20_000, [
      mungeLog,
    ]);

    fs.writeFileSync(confFile, slurmConf(dir, munge.socket, await freePort(), await freePort(), user));
    const ctldLog = path.join(dir, "slurmctld.out");
    const daemonEnv = { ...process.env, ...env };
    daemons.push(await startDaemon("slurmctld", bins.slurmctld, ["-D", "-f", confFile], ctldLog, { env: daemonEnv }));
    logs.push(ctldLog, path.join(dir, "slurmctld.log"));
    await waitUntil(
      "slurmctld to answer",
      async () => ((await command("sinfo", ["-h", "-o", "%P"])).trim() ? true : null),
      60_000,
      logs,
    );

    const slurmdLog = path.join(dir, "slurmd.out");
    daemons.push(
      await startDaemon("slurmd", bins.slurmd, ["-D", "-N", "localhost", "-f", confFile], slurmdLog, {
        env: daemonEnv,
      }),
    );
    logs.push(slurmdLog, path.join(dir, "slurmd.log"));
    await nodeIdle();
  } catch (e) {
    await stopAll();
    throw new Error(`cannot start the test Slurm cluster in ${dir}: ${(e as Error).message}`);
  }
  return {
    dir,
    confFile,
    jobcompFile: path.join(dir, "jobcomp.log"),
    partition: "debug",
    env,
    command,
    async restartControllerForgettingJobs() {
      const ctld = daemons.find((d) => d.name === "slurmctld");
      if (!ctld) throw new Error("slurmctld is not running");
      await ctld.stop();
      daemons.splice(
        daemons.indexOf(ctld),
        1,
        await startDaemon("slurmctld", bins.slurmctld, ["-D", "-c", "-f", confFile], path.join(dir, "slurmctld.out"), {
          env: { ...process.env, ...env },
        }),
      );
      await nodeIdle();
    },
    async stop() {
      // jobs first, so no slurmstepd outlives its slurmd
      await command("scancel", ["--user", user]).catch(() => "");
      await waitUntil(
        "the cancelled jobs to end",
        async () =>
          (await command("squeue", ["--noheader", "--states=PENDING,RUNNING,COMPLETING,SUSPENDED"])).trim()
            ? null
            : true,
        20_000,
      ).catch(() => undefined);
      await stopAll();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
