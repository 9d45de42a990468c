import { describe, expect, it } from "vitest";
import type { DataRecipe } from "../runners/protocol.ts";
import { distilInsights, type InsightNode } from "./insights.ts";
import { BASE_RECIPE, baseConfig } from "./testing/fixtures.ts";

const balanced: DataRecipe = { operators: [...BASE_RECIPE.operators, { op: "balance", field: "output" }] };
const augmented: DataRecipe = { operators: [...BASE_RECIPE.operators, { op: "augment", kind: "char_noise", factor: 1, seed: 0 }] };

function node(id: string, ordinal: number, parentId: string | null, score: number | null, over: Partial<InsightNode> = {}): InsightNode {
  return { id, ordinal, parentId, round: ordinal === 0 ? 0 : 1, status: score === null ? "failed" : "succeeded", score, recipe: BASE_RECIPE, config: baseConfig(), warmStart: true, title: `node ${ordinal}`, ...over };
}

/** A recorded tree: balancing helped twice, character noise hurt, a higher learning rate crashed twice. */
const tree: InsightNode[] = [
  node("r", 0, null, 0.5, { config: baseConfig({ steps: 0 }), warmStart: false }),
  node("a", 1, "r", 0.6),
  node("b", 2, "a", 0.66, { recipe: balanced }),
  node("c", 3, "a", 0.55, { recipe: augmented }),
  node("d", 4, "a", null, { config: baseConfig({ learningRate: 0.03 }), error: "loss diverged to nan at step 120" }),
  node("e", 5, "b", null, { recipe: balanced, config: baseConfig({ learningRate: 0.03 }), error: "loss diverged to nan at step 80" }),
  node("f", 6, "a", 0.65, { recipe: balanced, round: 2 }),
];

describe("insight distillation (recorded tree)", () => {
  const insights = distilInsights(tree);
  const find = (re: RegExp) => insights.find((i) => re.test(i.text));

  it("names the best node and the path that reached it", () => {
    const best = find(/^Best so far/);
    expect(best?.text).toMatch(/#2 "node 2" at 0.660 \(\+0.160 over the baseline\), reached by #0 → #1 → #2/);
    expect(best?.supportingNodeIds).toEqual(["r", "a", "b"]);
  });

  it("measures what rebalancing did, with the supporting nodes", () => {
    const i = find(/^Rebalancing the classes helped/);
    expect(i?.text).toMatch(/\+0.055 vs the parent on average over 2 experiments \(2 better, 0 worse\)/);
    expect(i?.supportingNodeIds).toEqual(expect.arrayContaining(["b", "f", "a"]));
  });

  it("records what hurt", () => {
    expect(find(/^Character-noise augmentation hurt: -0.050/)?.supportingNodeIds).toEqual(["c", "a"]);
  });

  it("groups failures by cause and by the change that preceded them", () => {
    expect(find(/^2 run\(s\) failed with "loss diverged to nan at step …"/)?.supportingNodeIds).toEqual(["d", "e"]);
    expect(find(/^Runs with a higher learning rate failed 2 of 2 times/)).toBeDefined();
  });

  it("is deterministic and bounded", () => {
    expect(distilInsights(tree)).toEqual(insights);
    expect(insights.length).toBeLessThanOrEqual(12);
  });

  it("notices when the search has stalled", () => {
    const stalled = [
      node("r", 0, null, 0.5, { config: baseConfig({ steps: 0 }) }),
      node("a", 1, "r", 0.7, { round: 1 }),
      node("b", 2, "a", 0.69, { round: 2 }),
      node("c", 3, "b", 0.7, { round: 3 }),
      node("d", 4, "c", 0.695, { round: 4 }),
    ];
    expect(distilInsights(stalled).some((i) => /did not beat the earlier best of 0.700/.test(i.text))).toBe(true);
  });

  it("says nothing about a tree without evidence", () => {
    expect(distilInsights([node("r", 0, null, 0.5)])).toEqual([]);
  });
});
