import { describe, expect, it } from "vitest";
import { checkMethods, treeMethodOf } from "./explore.ts";

describe("benchmark method names", () => {
  it("reads a policy with parts of the search switched off after -no-", () => {
    expect(treeMethodOf("mcts")).toEqual({ policy: "mcts", ablations: { memory: true, insights: true, reuse: true } });
    expect(treeMethodOf("mcts-cost")).toEqual({
      policy: "mcts-cost",
      ablations: { memory: true, insights: true, reuse: true },
    });
    expect(treeMethodOf("mcts-no-insights-no-reuse")).toEqual({
      policy: "mcts",
      ablations: { memory: true, insights: false, reuse: false },
    });
  });

  it("refuses an unknown policy or switch before anything runs", () => {
    expect(() => checkMethods(["mcts", "tpe", "mcts-no-planner"])).toThrow(/cannot switch off planner/);
    expect(() => checkMethods(["uct"])).toThrow(/neither a policy/);
    expect(() => checkMethods(["mcts-no-memory", "randomsearch", "gbfs-no-reuse"])).not.toThrow();
  });
});
