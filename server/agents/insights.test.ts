import { describe, expect, it } from "vitest";
import type { DataRecipe } from "../contract/job-protocol.ts";
import { distilInsights, type DistilledInsight, type InsightNode } from "./insights.ts";
import { matchedComparisons } from "./matched-comparisons.ts";
import { effectsFromInsights, expectedGain } from "./planner/plan-effects.ts";
import { cleaned } from "./planner/recipe-edits.ts";
import { BASE_RECIPE, baseConfig } from "./testing/fixtures.ts";

const balanced: DataRecipe = { operators: [...BASE_RECIPE.operators, { op: "balance", field: "output" }] };
const augmented: DataRecipe = {
  operators: [...BASE_RECIPE.operators, { op: "augment", kind: "char_noise", factor: 1, seed: 0 }],
};
const untrained = baseConfig({ steps: 0 });

function node(
  id: string,
  ordinal: number,
  parentId: string | null,
  score: number | null,
  over: Partial<InsightNode> = {},
): InsightNode {
  return {
    id,
    ordinal,
    parentId,
    round: ordinal === 0 ? 0 : 1,
    status: score === null ? "failed" : "succeeded",
    score,
    recipe: BASE_RECIPE,
    config: baseConfig(),
    warmStart: false,
    title: `node ${ordinal}`,
    ...over,
  };
}

/**
 * A recorded tree. From the untrained root: standard training (a), cleaning (b), rebalancing (c). From a:
 * continuing with rebalancing and a higher learning rate at once (d), only continuing (e), character noise
 * (f), and a much higher learning rate that diverged (g).
 */
const tree: InsightNode[] = [
  node("r", 0, null, 0.0, { config: untrained }),
  node("a", 1, "r", 0.6),
  node("b", 2, "r", 0.66, { recipe: cleaned(BASE_RECIPE) }),
  node("c", 3, "r", 0.64, { recipe: balanced }),
  node("d", 4, "a", 0.75, { recipe: balanced, config: baseConfig({ learningRate: 0.006 }), warmStart: true, round: 2 }),
  node("e", 5, "a", 0.63, { warmStart: true, round: 2 }),
  node("f", 6, "a", 0.55, { recipe: augmented, round: 2 }),
  node("g", 7, "a", null, {
    config: baseConfig({ learningRate: 0.03 }),
    error: "loss diverged to nan at step 120",
    round: 2,
  }),
];

const about = (insights: readonly DistilledInsight[], ...features: string[]) =>
  insights.filter((i) => i.features.includes(features[0] ?? "") && features.every((f) => i.features.includes(f)));

describe("honest insights: effects only against matched controls", () => {
  const insights = distilInsights(tree);

  it("does not credit a data step with a gain over the untrained root", () => {
    const onlyRoot = [
      node("r", 0, null, 0.0, { config: untrained }),
      node("b", 1, "r", 0.66, { recipe: cleaned(BASE_RECIPE) }),
    ];
    expect(matchedComparisons(onlyRoot)).toEqual([]);
    expect(distilInsights(onlyRoot).filter((i) => i.kind === "effect" || i.kind === "confounded")).toEqual([]);
    expect(effectsFromInsights(distilInsights(onlyRoot)).size).toBe(0);
  });

  it("credits a change against siblings that differ only in it, with effect size, comparisons and node ids", () => {
    const balance = insights.find((i) => i.kind === "effect" && i.features.join() === "op+:balance");
    expect(balance).toMatchObject({ comparisons: 1, supportingNodeIds: ["c", "a"] });
    expect(balance?.effect).toBeCloseTo(0.04, 6);
    expect(balance?.text).toMatch(
      /^Rebalancing the classes helped: \+0.040 on average over 1 matched comparison \(1 better, 0 worse: #3 vs #1\)/,
    );
  });

  it("credits a change against a trained parent that differs in exactly that change", () => {
    const cont = insights.find((i) => i.kind === "effect" && i.features.join() === "warm-start");
    expect(cont).toMatchObject({ comparisons: 1, supportingNodeIds: ["e", "a"] });
    expect(cont?.effect).toBeCloseTo(0.03, 6);
    const noise = insights.find((i) => i.kind === "effect" && i.features.join() === "op+:augment:char_noise");
    expect(noise?.text).toMatch(/^Character-noise augmentation hurt: -0.050/);
  });

  it("reports changes made together as confounded and credits none of them", () => {
    // d changed three things at once: +0.15 over its parent, credited to no single change
    const together = insights.find(
      (i) => i.kind === "confounded" && i.features.join() === "lr:up,op+:balance,warm-start",
    );
    expect(together?.supportingNodeIds).toEqual(["d", "a"]);
    expect(together?.effect).toBeCloseTo(0.15, 6);
    expect(together?.comparisons).toBe(1);
    expect(together?.text).toMatch(
      /were changed together \(\+0.150 over 1 comparison: #4 vs #1\): confounded, the difference is credited to none of them/,
    );
    // cleaning is two operators added at once: its gain over a is confounded, never credited to dedup or filter
    const cleaning = insights.find(
      (i) => i.kind === "confounded" && i.features.join() === "op+:dedup:exact,op+:filter",
    );
    expect(cleaning).toMatchObject({ comparisons: 1, supportingNodeIds: ["b", "a"] });
    expect(about(insights, "op+:dedup:exact").filter((i) => i.kind === "effect")).toEqual([]);
    expect(about(insights, "lr:up").filter((i) => i.kind === "effect")).toEqual([]);
    // balance keeps the one clean comparison (c vs a): d's confounded +0.15 did not inflate it
    expect(about(insights, "op+:balance").find((i) => i.kind === "effect")?.comparisons).toBe(1);
  });

  it("gives the planner nothing but what the insights carry", () => {
    const effects = effectsFromInsights(insights);
    expect(effects.get("op+:balance")).toMatchObject({ comparisons: 1 });
    expect(effects.get("op+:dedup:exact")).toBeUndefined();
    expect(effects.get("op+:filter")).toBeUndefined();
    // the higher learning rate is known only for its failure
    expect(effects.get("lr:up")).toMatchObject({ comparisons: 0, failures: 1 });
    // a confounded effect speaks only for a plan making exactly that combination
    expect(expectedGain(["op+:dedup:exact", "op+:filter"], effects)).toBeCloseTo((0.06 * 1) / 2, 6);
    expect(expectedGain(["op+:dedup:exact"], effects)).toBe(0);
  });

  it("attributes a failure only to a single change", () => {
    const failed = insights.find((i) => i.kind === "failure" && i.features.join() === "lr:up");
    expect(failed).toMatchObject({ comparisons: 1, effect: null, supportingNodeIds: ["g", "a"] });
    expect(failed?.text).toMatch(/^Runs that changed only a higher learning rate failed 1 of 1 times \(#7 vs #1\)/);
    expect(
      insights.find((i) => /^1 run\(s\) failed with "loss diverged to nan at step …"/.test(i.text))?.supportingNodeIds,
    ).toEqual(["g"]);
  });

  it("reads sibling pairs in the adding direction whatever their order", () => {
    const swapped = [node("r", 0, null, 0.5), node("x", 1, "r", 0.7, { recipe: balanced }), node("y", 2, "r", 0.6)];
    const sib = matchedComparisons(swapped).find((c) => c.via === "siblings");
    expect(sib).toMatchObject({ features: ["op+:balance"], controlId: "y", treatedId: "x" });
    expect(sib?.delta).toBeCloseTo(0.1, 6);
  });

  it("names the best node and the path that reached it, as progress rather than credit", () => {
    const best = insights.find((i) => i.kind === "progress");
    expect(best?.text).toMatch(/#4 "node 4" at 0.750 \(\+0.750 over the baseline\), reached by #0 → #1 → #4/);
    expect(best).toMatchObject({ features: [], effect: null, comparisons: 0, supportingNodeIds: ["r", "a", "d"] });
  });

  it("is deterministic and bounded", () => {
    expect(distilInsights(tree)).toEqual(insights);
    expect(insights.length).toBeLessThanOrEqual(12);
  });

  it("notices when the search has stalled", () => {
    const stalled = [
      node("r", 0, null, 0.5, { config: untrained }),
      node("a", 1, "r", 0.7, { round: 1 }),
      node("b", 2, "a", 0.69, { round: 2, warmStart: true }),
      node("c", 3, "b", 0.7, { round: 3, warmStart: true }),
      node("d", 4, "c", 0.695, { round: 4, warmStart: true }),
    ];
    expect(
      distilInsights(stalled).some(
        (i) => i.kind === "stalled" && /did not beat the earlier best of 0.700/.test(i.text),
      ),
    ).toBe(true);
  });

  it("says nothing about a tree without evidence", () => {
    expect(distilInsights([node("r", 0, null, 0.5)])).toEqual([]);
  });
});
