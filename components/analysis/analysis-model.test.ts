import { describe, expect, it } from "vitest";
import type { RunRow } from "@/components/runs/run-rows";
import {
  anytimeByBranch,
  directionEffects,
  parallelCoordinates,
  parameterImportance,
  spearman,
} from "./analysis-model";

const row = (ordinal: number, over: Partial<RunRow>): RunRow => ({
  id: `n${ordinal}`,
  ordinal,
  parentOrdinal: null,
  title: `node ${ordinal}`,
  status: "succeeded",
  direction: "tune_hyperparameters",
  score: null,
  delta: null,
  testScore: null,
  computeSeconds: 10,
  tokens: 0,
  progress: 1,
  recipe: "load",
  params: {},
  ...over,
});

describe("directionEffects", () => {
  it("averages the change against the parent per direction, best direction first", () => {
    const effects = directionEffects([
      row(1, { direction: "add_data", delta: 0.1 }),
      row(2, { direction: "add_data", delta: 0.3 }),
      row(3, { direction: "clean_data", delta: -0.1 }),
      row(4, { direction: "clean_data", delta: null }),
    ]);
    expect(effects.map((e) => e.direction)).toEqual(["add_data", "clean_data"]);
    expect(effects[0]?.meanDelta).toBeCloseTo(0.2);
    expect(effects[0]?.sdDelta).toBeCloseTo(0.1);
    expect(effects[0]?.improved).toBe(1);
    expect(effects[1]?.n).toBe(1);
  });
});

describe("parameterImportance", () => {
  // the score follows the learning rate exactly; the batch size is noise around it
  const rows = Array.from({ length: 40 }, (_, i) => {
    const lr = [0.001, 0.002, 0.003, 0.004][i % 4] ?? 0;
    return row(i, {
      score: lr * 100 + (i % 3) * 0.001,
      params: { learningRate: lr, batchSize: [8, 16][Math.floor(i / 4) % 2] ?? 8, seed: 0 },
    });
  });
  const imp = parameterImportance(rows);
  it("ranks the parameter the score depends on first, with the sign of its effect", () => {
    expect(imp[0]?.parameter).toBe("learningRate");
    expect(imp[0]?.importance).toBeGreaterThan(0.95);
    expect(imp[0]?.rho).toBeGreaterThan(0.9);
    expect(imp[0]?.bestValue).toBe("0.004");
    const batch = imp.find((x) => x.parameter === "batchSize");
    expect(batch?.importance).toBeLessThan(0.05);
  });
  it("skips parameters that never vary and needs three scored nodes", () => {
    expect(imp.some((x) => x.parameter === "seed")).toBe(false);
    expect(parameterImportance(rows.slice(0, 2))).toEqual([]);
  });
  it("bins numbers with many values into quintiles", () => {
    const many = Array.from({ length: 50 }, (_, i) => row(i, { score: i / 50, params: { steps: i * 10 } }));
    const steps = parameterImportance(many).find((x) => x.parameter === "steps");
    expect(steps?.groups).toBe(5);
  });
});

describe("spearman", () => {
  it("is 1 for a monotone relation and -1 for a reversed one", () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe("anytimeByBranch", () => {
  it("tracks the best score so far against compute, overall and per branch under the root", () => {
    const rows = [
      row(0, { score: 0.5, computeSeconds: 5 }),
      row(1, { score: 0.6, computeSeconds: 10 }),
      row(2, { score: 0.55, computeSeconds: 10 }),
      row(3, { score: 0.8, computeSeconds: 20 }),
      row(4, { score: null, computeSeconds: 7 }),
    ];
    const parents = new Map<string, string | null>([
      ["n0", null],
      ["n1", "n0"],
      ["n2", "n0"],
      ["n3", "n1"],
      ["n4", "n2"],
    ]);
    const series = anytimeByBranch(rows, parents);
    expect(series[0]?.label).toBe("whole exploration");
    expect(series[0]?.points).toEqual([
      { x: 5, y: 0.5 },
      { x: 15, y: 0.6 },
      { x: 45, y: 0.8 },
      { x: 52, y: 0.8 },
    ]);
    expect(series[1]?.label).toBe("branch #1 node 1");
    expect(series[1]?.points).toEqual([
      { x: 10, y: 0.6 },
      { x: 30, y: 0.8 },
    ]);
    expect(series[2]?.points).toEqual([
      { x: 10, y: 0.55 },
      { x: 17, y: 0.55 },
    ]);
  });
});

describe("parallelCoordinates", () => {
  it("keeps varying parameters as axes, categories spread over [0, 1], the score last", () => {
    const data = parallelCoordinates([
      row(1, { score: 0.2, direction: "add_data", params: { lr: 0.1, method: "lora", seed: 1 } }),
      row(2, { score: 0.8, direction: "add_data", params: { lr: 0.3, method: "full", seed: 1 } }),
      row(3, { score: null, params: { lr: 9 } }),
    ]);
    expect(data.axes.map((a) => a.name)).toEqual(["lr", "method", "validation score"]);
    expect(data.axes[1]?.categories).toEqual(["full", "lora"]);
    expect(data.lines.map((l) => l.values)).toEqual([
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });
});
