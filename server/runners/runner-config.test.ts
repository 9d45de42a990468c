import { describe, expect, it } from "vitest";
import { createRunner } from "./create-runner.ts";
import { parseRunnerConfig, redactRunnerConfig } from "./runner-config.ts";
import { RunnerError } from "./errors.ts";

const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n";
const ssh = { host: "gpu-box.lab.org", user: "alice", privateKey: key };
const deps = {
  localWorkerDir: "/app/worker",
  localJobsDir: "/app/data/jobs",
  localPython: "/app/worker/.venv/bin/python",
};

describe("runner settings", () => {
  it("fills sensible defaults for every kind", () => {
    expect(parseRunnerConfig({ kind: "local" })).toMatchObject({ kind: "local", concurrency: 2, threads: 1 });
    expect(parseRunnerConfig({ kind: "local" })).not.toHaveProperty("python");
    expect(parseRunnerConfig({ kind: "ssh", ssh })).toMatchObject({
      remoteDir: "~/trex-jobs",
      ssh: { port: 22, hostKeyPolicy: "accept-new", knownHosts: "" },
    });
    expect(
      parseRunnerConfig({ kind: "slurm", partition: "gpu", gpus: 1, memory: "32G", timeLimit: "04:00:00" }),
    ).toMatchObject({ requeue: true, cpus: 1, modules: [] });
    expect(parseRunnerConfig({ kind: "cloud", accelerators: "A100:1" })).toMatchObject({
      skyCommand: "sky",
      useSpot: false,
    });
    expect(
      parseRunnerConfig({
        kind: "ssh",
        ssh: { host: "10.0.0.7", user: "bob", agentSocket: "/run/user/1000/ssh-agent.sock" },
      }).kind,
    ).toBe("ssh");
  });

  it("names the field and the problem for bad or hostile values", () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: "ssh", ssh: { host: "box", user: "alice" } }, /ssh: give a private key or an ssh-agent socket/],
      [{ kind: "ssh", ssh: { ...ssh, host: "box; rm -rf /" } }, /ssh\.host: must be a host name or an IP address/],
      [{ kind: "ssh", ssh: { ...ssh, user: "alice\nroot" } }, /ssh\.user: must be a plain user name/],
      [{ kind: "ssh", ssh: { ...ssh, port: 70000 } }, /ssh\.port/],
      [{ kind: "ssh", ssh, remoteDir: "relative/dir" }, /remoteDir: must be absolute or start with ~\//],
      [{ kind: "ssh", ssh, python: "python3\nrm -rf ~" }, /python: must be one line without control characters/],
      [{ kind: "ssh", ssh, env: { "BAD NAME": "x" } }, /env\.BAD NAME: must be a valid variable name/],
      [{ kind: "slurm", partition: "gpu\n#SBATCH --wrap=id" }, /partition: must be a partition name/],
      [{ kind: "slurm", memory: "lots" }, /memory: must look like 16G or 500M/],
      [{ kind: "slurm", timeLimit: "1h" }, /timeLimit: must be minutes, HH:MM:SS or D-HH:MM:SS/],
      [{ kind: "slurm", modules: ["cuda; id"] }, /modules\.0: must be a module name/],
      [{ kind: "slurm", setupLines: ["a\nb"] }, /setupLines\.0: must be a single line/],
      [{ kind: "cloud", accelerators: "A100:1 --yes" }, /accelerators: must look like A100:1/],
      [{ kind: "kubernetes" }, /invalid runner settings/],
    ];
    for (const [input, message] of cases)
      expect(() => parseRunnerConfig(input), JSON.stringify(input)).toThrow(message);
    expect(() => parseRunnerConfig({ kind: "slurm", memory: "lots" })).toThrow(RunnerError);
  });

  it("never hands secrets back to the browser", () => {
    const redacted = redactRunnerConfig(parseRunnerConfig({ kind: "slurm", ssh: { ...ssh, passphrase: "hunter2" } }));
    expect(JSON.stringify(redacted)).not.toContain("BEGIN OPENSSH");
    expect(JSON.stringify(redacted)).not.toContain("hunter2");
    expect(redacted).toMatchObject({
      ssh: { privateKey: "(stored)", passphrase: "(stored)", host: "gpu-box.lab.org" },
    });
  });

  it("builds the adapter of each kind from its settings", () => {
    expect(createRunner({ kind: "local", concurrency: 3 }, deps)).toMatchObject({ kind: "local", concurrency: 3 });
    expect(createRunner({ kind: "ssh", ssh, concurrency: 5 }, deps)).toMatchObject({ kind: "ssh", concurrency: 5 });
    expect(createRunner({ kind: "slurm", concurrency: 64 }, deps)).toMatchObject({ kind: "slurm", concurrency: 64 });
    expect(createRunner({ kind: "slurm", ssh }, deps).kind).toBe("slurm");
    expect(createRunner({ kind: "cloud" }, deps).kind).toBe("cloud");
    expect(() => createRunner({ kind: "ssh" }, deps)).toThrow(/invalid runner settings: ssh/);
  });
});
