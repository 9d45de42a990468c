import { describe, expect, it } from "vitest";
import { findBaseModel } from "../../contract/base-models.ts";
import { fitToGpu, runMemoryGiB, type GpuFitRun } from "./gpu-fit.ts";
import { memoryNeededGiB } from "./model-memory.ts";
import { gpuMemoryOf } from "../requirements/requirement-spec.ts";

const run = (over: Partial<GpuFitRun> = {}): GpuFitRun => ({
  baseModel: "qwen3-8b",
  method: "full",
  batchSize: 8,
  gradientAccumulation: 8,
  maxSeqLength: 2048,
  steps: 100,
  ...over,
});
const need = (id: string, method: GpuFitRun["method"], batchSize = 1, sequenceLength = 2048) => {
  const model = findBaseModel(id);
  if (!model) throw new Error(id);
  return memoryNeededGiB(model, { method, sequenceLength, batchSize });
};

describe("fitToGpu", () => {
  it("leaves a run that fits, one that trains nothing, and a model of unknown size as they are", () => {
    expect(fitToGpu(run({ baseModel: "tiny-base" }), 8)).toEqual({
      fits: true,
      config: run({ baseModel: "tiny-base" }),
      note: null,
    });
    expect(fitToGpu(run({ steps: 0 }), 8)).toMatchObject({ fits: true, note: null });
    expect(fitToGpu(run({ baseModel: "someone/unknown-model" }), 8)).toMatchObject({ fits: true, note: null });
  });

  it("moves full fine-tuning that cannot fit to the lightest method that does, saying why with the numbers", () => {
    // the premise: Qwen3-8B needs more than an 80 GiB GPU for full fine-tuning, less for LoRA
    expect(need("qwen3-8b", "full")).toBeGreaterThan(80);
    expect(need("qwen3-8b", "lora")).toBeLessThan(80);
    const fit = fitToGpu(run(), 80);
    expect(fit).toMatchObject({ fits: true, config: { method: "lora" } });
    expect(fit.fits && fit.note).toMatch(
      /^full fine-tuning of qwen3-8b needs about \d+ GiB at sequence 2048 and micro-batch 1, more than the GPU's 80 GiB: trained with lora \(about \d+(\.\d)? GiB\)$/,
    );
  });

  it("goes to QLoRA when LoRA does not fit either, and refuses when nothing the goal allows fits", () => {
    const gpu = (need("qwen3-8b", "lora") + need("qwen3-8b", "qlora")) / 2; // between the two
    expect(fitToGpu(run(), gpu)).toMatchObject({ fits: true, config: { method: "qlora" } });
    // a goal that allows full fine-tuning only
    const refused = fitToGpu(run(), gpu, (m) => m === "full");
    expect(refused).toMatchObject({ fits: false });
    expect(!refused.fits && refused.refused).toMatch(
      /needs about \d+ GiB of GPU memory .* and the GPU has \d+ GiB; even full at micro-batch 1 needs about \d+ GiB: a smaller model/,
    );
    // the CPU presets have no QLoRA
    expect(fitToGpu(run({ baseModel: "tiny-large", method: "lora" }), 0.5)).toMatchObject({ fits: false });
  });

  it("keeps the method with more gradient accumulation before it changes the method, the optimizer step unchanged", () => {
    const gpu = (need("qwen3-1.7b", "full", 8) + need("qwen3-1.7b", "full", 2)) / 2;
    const fit = fitToGpu(run({ baseModel: "qwen3-1.7b", batchSize: 8, gradientAccumulation: 1 }), gpu);
    expect(fit).toMatchObject({ fits: true, config: { method: "full", batchSize: 8 } });
    if (!fit.fits) return;
    // the largest micro-batch that fits: 8 does not, 2 does (4 may); never more accumulation than needed
    expect([2, 4]).toContain(fit.config.gradientAccumulation);
    expect(need("qwen3-1.7b", "full", 8 / fit.config.gradientAccumulation)).toBeLessThanOrEqual(gpu);
    expect(fit.note).toMatch(
      /micro-batch 8, more than the GPU's \d+ GiB: micro-batch [24] with gradient accumulation [24] \(the same 8 sequences per step\)/,
    );
    // a run that already accumulates enough is left as it is
    expect(fitToGpu(run({ baseModel: "qwen3-1.7b", gradientAccumulation: 8 }), gpu)).toMatchObject({
      fits: true,
      note: null,
    });
    // when even micro-batch 1 does not fit the method, the lighter method takes over at the largest micro-batch that fits
    const tight = (need("qwen3-8b", "lora", 1) + need("qwen3-8b", "full", 1)) / 2;
    expect(fitToGpu(run({ batchSize: 8, gradientAccumulation: 1 }), tight)).toMatchObject({
      fits: true,
      config: { method: "lora" },
    });
  });
});

describe("runMemoryGiB", () => {
  it("is the estimate at the run's micro-batch and sequence, the figure a job carries to its worker", () => {
    // batch 8 over accumulation 8 is a micro-batch of 1
    expect(runMemoryGiB(run())).toBeCloseTo(need("qwen3-8b", "full", 1, 2048));
    expect(runMemoryGiB(run({ gradientAccumulation: 2, maxSeqLength: 1024 }))).toBeCloseTo(
      need("qwen3-8b", "full", 4, 1024),
    );
    expect(runMemoryGiB(run({ baseModel: "someone/unknown-model" }))).toBeNull();
  });
});

describe("gpuMemoryOf", () => {
  it("reads the goal's GPU from an exploration's spec, and nothing from a spec without one", () => {
    expect(gpuMemoryOf({ constraints: { method: "lora", gpuMemoryGb: 24 } })).toBe(24);
    expect(gpuMemoryOf({ constraints: { gpuMemoryGb: null } })).toBeNull();
    expect(gpuMemoryOf({})).toBeNull();
    expect(gpuMemoryOf(null)).toBeNull();
  });
});
