import { describe, expect, it } from "vitest";
import { baseModels } from "@/server/contract/base-models";
import { createExplorationSchema } from "@/server/domain/explorations/exploration-input";
import { describeModel, modelGroups, offeredModel } from "./base-model-choice";
import { specWith } from "./requirement-fixture";

const spec = (requested: string | null, used: string) => specWith({ baseModel: { requested, used } });

const model = (id: string) => {
  const m = baseModels.find((b) => b.id === id);
  if (!m) throw new Error(`${id} is not in the catalogue`);
  return m;
};

const input = (baseModel?: string) =>
  createExplorationSchema.safeParse({ goal: "Classify reviews well", taskId: "mini-sst2", baseModel });

describe("the base model of a new exploration", () => {
  it("lists the whole catalogue once, presets first, each group smallest first", () => {
    const groups = modelGroups();
    expect(groups.flatMap((g) => g.models.map((m) => m.id)).sort()).toEqual(baseModels.map((m) => m.id).sort());
    expect(groups[0]?.models.every((m) => m.source.kind === "preset")).toBe(true);
    for (const g of groups) {
      const sizes = g.models.map((m) => m.parameters);
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    }
  });

  it("describes size, context, licence, source and the memory of every method it allows", () => {
    const qwen = model("qwen3-1.7b");
    const line = describeModel(qwen);
    expect(line).toContain("Qwen/Qwen3-1.7B");
    expect(line).toMatch(/1\.\d+B parameters/);
    expect(line).toContain("apache-2.0");
    // full fine-tuning needs far more than LoRA: the numbers come from the memory estimate, not a table
    const gib = (name: string) => Number(new RegExp(`${name} ([\\d.]+) GiB`).exec(line)?.[1]);
    expect(gib("full")).toBeGreaterThan(4 * gib("LoRA"));
    expect(gib("LoRA")).toBeGreaterThan(gib("QLoRA"));
    expect(describeModel(model("tiny-base"))).toContain("built and pretrained on this machine");
  });

  it("offers the catalogue model the goal names, however it is written, and nothing when it agrees", () => {
    expect(offeredModel(spec("Qwen3 1.7B", "tiny-base"), "tiny-base")?.id).toBe("qwen3-1.7b");
    expect(offeredModel(spec("Llama 3.2 1B", "tiny-base"), "tiny-base")?.id).toBe("llama-3.2-1b");
    expect(offeredModel(spec("Qwen/Qwen3-1.7B", "qwen3-1.7b"), "qwen3-1.7b")).toBeNull();
    expect(offeredModel(spec("GPT-9", "tiny-base"), "tiny-base")).toBeNull();
    expect(offeredModel(spec(null, "tiny-base"), "tiny-base")).toBeNull();
  });

  it("accepts a catalogue id, a Hub id or a folder, reads a catalogue model's Hub id as its id, and refuses the rest with a sentence", () => {
    const ok = (m?: string) => {
      const r = input(m);
      return r.success ? r.data.baseModel : null;
    };
    expect(ok(undefined)).toBe("tiny-base");
    expect(ok("qwen3-0.6b")).toBe("qwen3-0.6b");
    expect(ok("Qwen/Qwen3-1.7B")).toBe("qwen3-1.7b");
    expect(ok("my-org/my-model")).toBe("my-org/my-model");
    expect(ok("/models/mine")).toBe("/models/mine");
    for (const bad of ["", "../etc", "not a model", "a/b/../c"]) {
      const r = input(bad);
      expect(r.success, bad).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.message).toMatch(/base model/);
    }
  });
});
