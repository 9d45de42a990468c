import { describe, expect, it } from "vitest";
import { diffConfigs, errorGroupRows, metricRows, recipeColumns, type ComparedFacts } from "./compare-model";

describe("diffConfigs", () => {
  it("puts differing keys first and shows missing ones", () => {
    const rows = diffConfigs([
      { steps: 10, lr: 0.1, method: "lora" },
      { steps: 10, lr: 0.2, loraRank: 8, method: "lora" },
      { steps: 10, lr: 0.1, method: "full" },
    ]);
    expect(rows.map((r) => [r.key, r.differs])).toEqual([
      ["lr", true],
      ["method", true],
      ["loraRank", true],
      ["steps", false],
    ]);
    expect(rows.find((r) => r.key === "loraRank")?.values).toEqual(["–", "8", "–"]);
  });
});

describe("recipeColumns", () => {
  it("marks the operators every node shares", () => {
    const cols = recipeColumns([{ operators: [{ op: "load" }, { op: "dedupe" }] }, { operators: [{ op: "load" }] }]);
    expect(cols[0]?.map((s) => s.common)).toEqual([true, false]);
    expect(cols[1]?.map((s) => s.common)).toEqual([true]);
  });
});

describe("metricRows", () => {
  const facts = (over: Partial<ComparedFacts>): ComparedFacts => ({
    score: null,
    testScore: null,
    computeSeconds: 10,
    tokens: 5,
    metrics: null,
    report: null,
    ...over,
  });
  it("marks the best score (higher) and the cheapest compute (lower), not ties", () => {
    const rows = metricRows([
      facts({ score: 0.7, computeSeconds: 30, metrics: { validation: { accuracy: 0.7 } } }),
      facts({ score: 0.9, computeSeconds: 20, metrics: { validation: { accuracy: 0.9, f1: 0.8 } } }),
    ]);
    expect(rows.find((r) => r.label === "validation score")?.best).toBe(1);
    expect(rows.find((r) => r.label === "compute")?.best).toBe(1);
    expect(rows.find((r) => r.label === "tokens")?.best).toBeNull();
    expect(rows.find((r) => r.label === "validation f1")?.values).toEqual([null, 0.8]);
    expect(rows.some((r) => r.label === "test score")).toBe(false);
  });
});

describe("errorGroupRows", () => {
  it("aligns groups across nodes, largest first; a node without a diagnosis has no counts", () => {
    const rows = errorGroupRows([{ errorGroups: { format: 1, negation: 5 } }, { errorGroups: { negation: 2 } }, null]);
    expect(rows).toEqual([
      { group: "negation", counts: [5, 2, null] },
      { group: "format", counts: [1, 0, null] },
    ]);
  });
});
