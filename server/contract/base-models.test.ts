import { describe, expect, it } from "vitest";
import { baseModels, findBaseModel, presetIds } from "./base-models.ts";
import { loraParameters, memoryNeededGiB, memoryTable } from "../domain/models/model-memory.ts";

const model = (id: string) => {
  const m = findBaseModel(id);
  if (!m) throw new Error(`${id} missing from the catalogue`);
  return m;
};

describe("base-model catalogue", () => {
  it("derives parameter counts that match the model cards", () => {
    // model cards: Qwen3-0.6B 0.6B, 1.7B 1.7B, 4B 4.0B, 8B 8.2B; Llama 3.2 1.24B / 3.21B; SmolLM2 135M / 362M / 1.71B
    const expected: Record<string, number> = {
      "qwen3-0.6b": 0.6e9,
      "qwen3-1.7b": 1.72e9,
      "qwen3-4b": 4.02e9,
      "qwen3-8b": 8.19e9,
      "llama-3.2-1b": 1.24e9,
      "llama-3.2-3b": 3.21e9,
      "smollm2-135m": 1.35e8,
      "smollm2-360m": 3.62e8,
      "smollm2-1.7b": 1.71e9,
    };
    for (const [id, n] of Object.entries(expected))
      expect(Math.abs(model(id).parameters - n) / n, id).toBeLessThan(0.02);
  });
  it("counts the CPU presets exactly as transformers does for their Qwen3 configs", () => {
    // sum(p.numel()) of Qwen3ForCausalLM.from_config with the worker's preset configs (transformers 5.24)
    expect(model("tiny-small").parameters).toBe(164_224);
    expect(model("tiny-base").parameters).toBe(918_912);
    expect(model("tiny-large").parameters).toBe(2_779_968);
    expect(presetIds()).toEqual(["tiny-small", "tiny-base", "tiny-large"]);
  });
  it("finds a model by catalogue id or Hub id, case-insensitively, and nothing else", () => {
    expect(findBaseModel("Qwen/Qwen3-1.7B")?.id).toBe("qwen3-1.7b");
    expect(findBaseModel(" QWEN3-1.7B ")?.id).toBe("qwen3-1.7b");
    expect(findBaseModel("Qwen/Qwen3-1.7B-Base")).toBeUndefined();
    expect(findBaseModel("tiny-huge")).toBeUndefined();
  });
  it("has unique ids, and qlora only where a GPU is expected", () => {
    expect(new Set(baseModels.map((m) => m.id)).size).toBe(baseModels.length);
    for (const m of baseModels) if (m.source.kind === "preset") expect(m.methods).not.toContain("qlora");
  });
});

describe("memory estimate", () => {
  it("orders the methods full > lora > qlora and grows with the sequence length", () => {
    const t = memoryTable(model("qwen3-1.7b"));
    expect(t.full[2048]).toBeGreaterThan(t.lora[2048] ?? Infinity);
    expect(t.lora[2048]).toBeGreaterThan(t.qlora[2048] ?? Infinity);
    expect(t.lora[4096]).toBeGreaterThan(t.lora[1024] ?? Infinity);
  });
  it("gives the sizes practitioners report for Qwen3-1.7B and Qwen3-8B", () => {
    // LoRA of a 1.7B model at 2k fits a 16 GB card; full fine-tuning with AdamW needs ~30 GB; 8B full does not fit 80 GB
    const lora = memoryNeededGiB(model("qwen3-1.7b"), { method: "lora", sequenceLength: 2048 });
    expect(lora).toBeGreaterThan(4);
    expect(lora).toBeLessThan(12);
    const full = memoryNeededGiB(model("qwen3-1.7b"), { method: "full", sequenceLength: 2048 });
    expect(full).toBeGreaterThan(25);
    expect(full).toBeLessThan(40);
    expect(memoryNeededGiB(model("qwen3-8b"), { method: "full", sequenceLength: 2048 })).toBeGreaterThan(80);
    expect(memoryNeededGiB(model("qwen3-8b"), { method: "qlora", sequenceLength: 2048 })).toBeLessThan(24);
  });
  it("counts LoRA's trainable parameters on all seven projections", () => {
    // peft LoraConfig(r=16, target_modules="all-linear") on Qwen3-0.6B reports 10,092,544 trainable parameters
    expect(loraParameters(model("qwen3-0.6b"), 16)).toBe(10_092_544);
  });
});
