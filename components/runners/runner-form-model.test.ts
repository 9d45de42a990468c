import { describe, expect, it } from "vitest";
import { parseRunnerConfig } from "../../server/runners/runner-config.ts";
import { EMPTY_RUNNER_FORM, fromRunnerSettings, parseEnvLines, toRunnerConfig } from "./runner-form-model.ts";

const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n";

describe("runner form", () => {
  it("turns a Slurm-over-SSH form into settings the server accepts", () => {
    const { config, error } = toRunnerConfig({
      ...EMPTY_RUNNER_FORM,
      kind: "slurm",
      host: "login.example.org",
      user: "ada",
      privateKey: key,
      partition: "gpu",
      gpus: "2",
      gpuMemoryGiB: "40",
      timeLimit: "04:00:00",
      modules: "cuda/12.4, python/3.11",
      setupLines: "source ~/venv/bin/activate\n\n",
      env: "HF_HOME=/scratch/hf\nA=b=c",
    });
    expect(error).toBeUndefined();
    const parsed = parseRunnerConfig(config);
    expect(parsed).toMatchObject({
      kind: "slurm",
      partition: "gpu",
      gpus: 2,
      gpuMemoryGiB: 40,
      timeLimit: "04:00:00",
      modules: ["cuda/12.4", "python/3.11"],
      setupLines: ["source ~/venv/bin/activate"],
      env: { HF_HOME: "/scratch/hf", A: "b=c" },
    });
    expect(parsed.kind === "slurm" && parsed.ssh?.host).toBe("login.example.org");
  });

  it("leaves the key out when the field is empty (edit keeps the stored one) and drops SSH for local Slurm", () => {
    const ssh = toRunnerConfig({ ...EMPTY_RUNNER_FORM, host: "h", user: "u" }).config as {
      ssh: Record<string, unknown>;
    };
    expect(ssh.ssh).not.toHaveProperty("privateKey");
    const local = toRunnerConfig({ ...EMPTY_RUNNER_FORM, kind: "slurm", overSsh: false }).config;
    expect(local).not.toHaveProperty("ssh");
    expect(parseRunnerConfig(local).kind).toBe("slurm");
  });

  it("reports an environment line without = instead of dropping it", () => {
    expect(parseEnvLines("GOOD=1\nno equals sign").error).toMatch(/"no equals sign" is not KEY=VALUE/);
    expect(toRunnerConfig({ ...EMPTY_RUNNER_FORM, env: "oops" }).error).toBeDefined();
  });

  it("round-trips stored settings into the form", () => {
    const stored = {
      kind: "cloud",
      accelerators: "A100:1",
      useSpot: true,
      concurrency: 4,
      python: "python3",
      threads: 2,
      gpuMemoryGiB: 80,
      env: { X: "1" },
    };
    const form = fromRunnerSettings("sky", stored);
    expect(form).toMatchObject({
      name: "sky",
      kind: "cloud",
      accelerators: "A100:1",
      useSpot: true,
      concurrency: "4",
      gpuMemoryGiB: "80",
      env: "X=1",
    });
    expect(parseRunnerConfig(toRunnerConfig(form).config)).toMatchObject({
      kind: "cloud",
      accelerators: "A100:1",
      useSpot: true,
      concurrency: 4,
      gpuMemoryGiB: 80,
      env: { X: "1" },
    });
  });
});
