import { describe, expect, it } from "vitest";
import { summariseComparison, type ComparableNode } from "./comparison-summary.ts";

let ordinal = 0;
const node = (
  over: Partial<ComparableNode> & { method?: string; baseModel?: string; steps?: number },
): ComparableNode => ({
  id: `n${++ordinal}`,
  ordinal,
  parentId: "root",
  status: "succeeded",
  score: 0.5,
  computeSeconds: 1800,
  reusedFromId: null,
  ...over,
  config: { method: over.method ?? "full", baseModel: over.baseModel ?? "tiny-base", steps: over.steps ?? 400 },
});
const root = node({ id: "root", parentId: null, score: 0.1, steps: 0, computeSeconds: 10 });

describe("the comparison a goal asks for", () => {
  it("gives each arm's best node, cost and gain per GPU-hour, and says which is ahead", () => {
    const full = [node({ score: 0.8, computeSeconds: 7200 }), node({ score: 0.7, computeSeconds: 3600 })];
    const lora = [
      node({ method: "lora", score: 0.75, computeSeconds: 1800 }),
      node({ method: "qlora", score: 0.6, computeSeconds: 1800 }),
    ];
    const s = summariseComparison({ kind: "method", arms: ["full", "lora"], per: "gpu-hour" }, [
      root,
      ...full,
      ...lora,
    ]);
    expect(s.baseline).toBe(0.1);
    const [f, l] = s.arms;
    expect(f).toMatchObject({
      label: "full fine-tuning",
      best: { id: full[0]?.id, score: 0.8 },
      runs: 2,
      computeSeconds: 10_800,
    });
    expect(f?.gainPerGpuHour).toBeCloseTo(0.7 / 3);
    expect(l).toMatchObject({ label: "LoRA", best: { id: lora[0]?.id, score: 0.75 }, runs: 2, computeSeconds: 3600 });
    expect(l?.gainPerGpuHour).toBeCloseTo(0.65);
    expect(s.verdict).toMatch(
      /full fine-tuning reaches the better score \(0\.800 at #\d+ against 0\.750 at #\d+\); per GPU-hour, LoRA gains the most over the baseline \(0\.650 per hour\)/,
    );
    // the nodes each arm rests on
    expect(l?.nodeIds).toEqual(lora.map((n) => n.id));
  });

  it("has no answer while an arm has no finished run; a failed or reused run counts as it should", () => {
    const s = summariseComparison({ kind: "method", arms: ["full", "lora"], per: "score" }, [
      root,
      node({ score: 0.6 }),
      node({ method: "lora", status: "failed", score: null, computeSeconds: 300 }),
    ]);
    expect(s.verdict).toBe("No answer yet: LoRA has no finished run.");
    expect(s.arms[1]).toMatchObject({ best: null, runs: 0, computeSeconds: 300 });
    const reused = summariseComparison({ kind: "model", arms: ["tiny-small", "tiny-large"], per: "score" }, [
      root,
      node({ baseModel: "tiny-small", score: 0.4 }),
      node({ baseModel: "tiny-large", score: 0.9, reusedFromId: "elsewhere" }),
    ]);
    expect(reused.arms[1]).toMatchObject({ best: { score: 0.9 }, computeSeconds: 0, gainPerGpuHour: null });
    expect(reused.verdict).toMatch(/^tiny-large reaches the better score/);
  });
});
