import { describe, expect, it } from "vitest";
import type { NodeRecord } from "../repositories/node-repository.ts";
import { buildMemoryContext, estimateTokens } from "./memory-context.ts";
import { baseConfig, makeNode } from "./testing/fixtures.ts";

/** A deep, wide tree: a chain of `depth` nodes, each with `width` siblings of varied scores. */
function bigTree(depth: number, width: number): NodeRecord[] {
  const nodes: NodeRecord[] = [
    makeNode({ id: "root", parentId: null, ordinal: 0, round: 0, score: 0.4, config: baseConfig({ steps: 0 }) }),
  ];
  let parentId = "root";
  let ordinal = 1;
  for (let d = 1; d <= depth; d++) {
    for (let w = 0; w < width; w++) {
      const id = `d${d}w${w}`;
      const failed = w === width - 1;
      nodes.push(
        makeNode({
          id,
          parentId,
          ordinal: ordinal++,
          round: d,
          score: failed ? null : 0.4 + d * 0.01 + w * 0.001,
          status: failed ? "failed" : "succeeded",
          error: failed ? "the worker exited without writing a result" : null,
          plan: {
            title: `depth ${d} variant ${w} with a reasonably long descriptive title`,
            rationale: "r",
            hypotheses: [],
          },
        }),
      );
    }
    parentId = `d${d}w0`;
  }
  return nodes;
}

describe("memory context", () => {
  it("shows everything when the tree is small", () => {
    const nodes = bigTree(2, 3);
    const m = buildMemoryContext({
      nodes,
      targetId: "d2w0",
      insights: [{ text: "Task augmentation helped: +0.030", supportingNodeIds: ["d1w1"] }],
      tokenBudget: 5_000,
    });
    expect(Object.values(m.omitted).every((n) => n === 0)).toBe(true);
    expect(m.text).toMatch(/Node to expand:\n {2}#\d+/);
    expect(m.text).toMatch(/Ancestor path \(root first\):\n {2}#0 /);
    expect(m.text).toMatch(/Siblings of this node:/);
    expect(m.text).toMatch(/Task augmentation helped: \+0.030 \(nodes: #\d\)/);
    expect(m.tokens).toBe(estimateTokens(m.text));
  });

  it("compresses a 600-node tree to the budget, keeping the parent, the root, the best gains and the failures", () => {
    const nodes = bigTree(100, 6);
    const budget = 1_500;
    const m = buildMemoryContext({
      nodes,
      targetId: "d100w0",
      insights: Array.from({ length: 40 }, (_, i) => ({ text: `insight ${i} `.repeat(8), supportingNodeIds: [] })),
      tokenBudget: budget,
    });
    expect(m.tokens).toBeLessThanOrEqual(budget);
    expect(m.included).toContain("d99w0"); // parent
    expect(m.included).toContain("root");
    expect(m.omitted.path).toBeGreaterThan(50);
    expect(m.text).toMatch(/\(\d+ more omitted to fit the context budget\)/);
    expect(m.text).toMatch(/Biggest gains in the tree:/);
    expect(m.text).toMatch(/Biggest failures in the tree:\n {2}#\d+ .*failed/);
    expect(m.text).toContain("insight 0");
  });

  it("falls back to brief lines before dropping items", () => {
    const nodes = bigTree(3, 2).map((n) => ({ ...n, report: { ...n.report, diagnosis: "x".repeat(400) } }));
    const generous = buildMemoryContext({ nodes, targetId: "d3w0", insights: [], tokenBudget: 10_000 });
    const tight = buildMemoryContext({ nodes, targetId: "d3w0", insights: [], tokenBudget: 400 });
    expect(generous.text).toMatch(/diagnosis: x{50}/);
    expect(tight.tokens).toBeLessThanOrEqual(400);
    expect(tight.included).toContain("d2w0");
  });

  it("lists what was already tried from the node", () => {
    const nodes = bigTree(2, 3);
    const m = buildMemoryContext({ nodes, targetId: "d1w0", insights: [], tokenBudget: 3_000 });
    expect(m.text).toMatch(/Already tried from this node:\n( {2}#\d+ .*\n( {4}.*\n)*){3}/);
  });

  it("is empty for an unknown node", () => {
    expect(buildMemoryContext({ nodes: [], targetId: "nope", insights: [], tokenBudget: 100 }).text).toBe("");
  });
});
