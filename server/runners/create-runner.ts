/** Builds a runner from its settings (runner-config.ts): the one place that turns a config into an adapter. */
import path from "node:path";
import { SkyPilotRunner, type CommandExecutor } from "./cloud/skypilot-runner.ts";
import { LocalRunner } from "./local/local-runner.ts";
import { parseRunnerConfig, type SshConnectionSettings } from "./runner-config.ts";
import { SlurmRunner } from "./slurm/slurm-runner.ts";
import { LocalCommandHost, type CommandHost } from "./host/command-host.ts";
import { KnownHosts, type HostKeyInfo } from "./ssh/known-hosts.ts";
import { SshCommandHost } from "./ssh/ssh-command-host.ts";
import { SshConnection } from "./ssh/ssh-connection.ts";
import { SshRunner } from "./ssh/ssh-runner.ts";
import type { Runner } from "./types.ts";

export interface RunnerDeps {
  /** this machine's worker/ folder */
  localWorkerDir: string;
  /** the Python of the worker's virtual environment on this machine (TREX_PYTHON): local runners without their own */
  localPython: string;
  /** jobs root of the local runner (and the cloud runner's staging area) on this machine */
  localJobsDir: string;
  /**
   * A host key was trusted on first use: persist the new known_hosts text into the runner's settings and
   * show the fingerprint to the user.
   */
  onHostKeyRecorded?: (knownHosts: string, key: HostKeyInfo) => void | Promise<void>;
  /** how the SkyPilot CLI is run (tests inject a transcript replay) */
  cloudExecutor?: CommandExecutor;
}

export interface SshParts {
  host: CommandHost;
  connection: SshConnection;
}

export function sshHostFor(s: SshConnectionSettings, onHostKeyRecorded?: RunnerDeps["onHostKeyRecorded"]): SshParts {
  const knownHosts = new KnownHosts(s.knownHosts, s.hostKeyPolicy, onHostKeyRecorded);
  const connection = new SshConnection(
    {
      host: s.host.replace(/^\[(.*)\]$/, "$1"),
      port: s.port,
      user: s.user,
      privateKey: s.privateKey?.trim() ? s.privateKey : undefined,
      passphrase: s.passphrase,
      agent: s.agentSocket,
      connectTimeoutMs: s.connectTimeoutMs,
    },
    knownHosts,
  );
  return { host: new SshCommandHost(connection), connection };
}

/** @param input settings as stored (validated here; a bad value is a RunnerError naming the field) */
export function createRunner(input: unknown, deps: RunnerDeps): Runner {
  const config = parseRunnerConfig(input);
  switch (config.kind) {
    case "local":
      return new LocalRunner({
        jobsDir: config.jobsDir ?? deps.localJobsDir,
        python: config.python ?? deps.localPython,
        workerDir: deps.localWorkerDir,
        concurrency: config.concurrency,
        threads: config.threads,
      });
    case "ssh": {
      const { host, connection } = sshHostFor(config.ssh, deps.onHostKeyRecorded);
      return new SshRunner({
        host,
        connection,
        remoteDir: config.remoteDir,
        python: config.python,
        remoteWorkerDir: config.remoteWorkerDir,
        localWorkerDir: deps.localWorkerDir,
        concurrency: config.concurrency,
        threads: config.threads,
        env: config.env,
      });
    }
    case "slurm": {
      const ssh = config.ssh ? sshHostFor(config.ssh, deps.onHostKeyRecorded) : null;
      return new SlurmRunner({
        host: ssh?.host ?? new LocalCommandHost(),
        connection: ssh?.connection,
        remoteDir: config.remoteDir,
        python: config.python,
        remoteWorkerDir: config.remoteWorkerDir,
        localWorkerDir: deps.localWorkerDir,
        uploadWorker: ssh !== null,
        sbatch: config,
        concurrency: config.concurrency,
        threads: config.threads,
        env: config.env,
        commandEnv: config.slurmConf ? { SLURM_CONF: config.slurmConf } : undefined,
        jobcompFile: config.jobcompFile,
      });
    }
    case "cloud": {
      const local = new LocalCommandHost();
      return new SkyPilotRunner({
        exec: deps.cloudExecutor ?? ((argv) => local.exec(argv, { timeoutMs: 600_000 })),
        sky: config.skyCommand,
        stagingDir: config.stagingDir ?? path.join(deps.localJobsDir, "cloud-staging"),
        localWorkerDir: deps.localWorkerDir,
        task: { ...config, setup: config.setup, env: config.env },
        concurrency: config.concurrency,
      });
    }
  }
}
