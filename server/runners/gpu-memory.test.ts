import { describe, expect, it } from "vitest";
import { acceleratorMemoryGiB, runnerGpuMemoryGiB } from "./gpu-memory.ts";
import { parseRunnerConfig } from "./runner-config.ts";

describe("the memory of a runner's GPU", () => {
  it("reads SkyPilot accelerator names, with or without a count, in any case", () => {
    expect(acceleratorMemoryGiB("H100:8")).toBe(80);
    expect(acceleratorMemoryGiB("a100-80gb:4")).toBe(80);
    expect(acceleratorMemoryGiB("L4")).toBe(24);
    expect(acceleratorMemoryGiB("TPU-v5:8")).toBeNull();
  });

  it("takes the declared memory first, the cloud accelerator's next, and knows nothing otherwise", () => {
    expect(runnerGpuMemoryGiB(parseRunnerConfig({ kind: "cloud", accelerators: "H200:1" }))).toBe(141);
    expect(runnerGpuMemoryGiB(parseRunnerConfig({ kind: "cloud", accelerators: "H200:1", gpuMemoryGiB: 70 }))).toBe(70);
    expect(runnerGpuMemoryGiB(parseRunnerConfig({ kind: "slurm", gpus: 4, gpuMemoryGiB: 40 }))).toBe(40);
    expect(runnerGpuMemoryGiB(parseRunnerConfig({ kind: "slurm", gpus: 4 }))).toBeNull();
    expect(runnerGpuMemoryGiB(parseRunnerConfig({ kind: "local" }))).toBeNull();
  });

  it("refuses a memory that is not a positive number with the field's name", () => {
    expect(() => parseRunnerConfig({ kind: "slurm", gpuMemoryGiB: -1 })).toThrow(/gpuMemoryGiB/);
    expect(() => parseRunnerConfig({ kind: "slurm", gpuMemoryGiB: "lots" })).toThrow(/gpuMemoryGiB/);
  });
});
