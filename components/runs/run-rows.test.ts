import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { matchesFilter, paramKeys, toRunRows, type RunSource } from "./run-rows";
import { toCsv, toJson } from "./runs-export";

const node = (over: Partial<RunSource> & { id: string; ordinal: number }): RunSource => ({
  parentId: null,
  status: "succeeded",
  direction: "tune_hyperparameters",
  plan: { title: `node ${over.ordinal}` },
  score: null,
  testScore: null,
  computeSeconds: 10,
  tokens: 100,
  progress: 1,
  config: { steps: 10, learningRate: 0.001 },
  recipe: { operators: [{ op: "load_task" }] },
  ...over,
});

describe("toRunRows", () => {
  const rows = toRunRows([
    node({ id: "a", ordinal: 0, score: 0.5 }),
    node({
      id: "b",
      ordinal: 1,
      parentId: "a",
      score: 0.7,
      config: { steps: 20, backend: "hf", schedule: { kind: "cosine" } },
      recipe: { operators: [{ op: "load_task" }, { op: "dedupe" }] },
    }),
    node({ id: "c", ordinal: 2, parentId: "b", score: null }),
  ]);
  it("computes the change against the parent only when both scores exist", () => {
    expect(rows[1]?.delta).toBeCloseTo(0.2);
    expect(rows[0]?.delta).toBeNull();
    expect(rows[2]?.delta).toBeNull();
    expect(rows[2]?.parentOrdinal).toBe(1);
  });
  it("makes every config field a parameter, objects as JSON, and lists the recipe's operators", () => {
    expect(paramKeys(rows)).toEqual(["steps", "learningRate", "backend", "schedule"]);
    expect(rows[1]?.params.schedule).toBe('{"kind":"cosine"}');
    expect(rows[1]?.recipe).toBe("load_task → dedupe");
  });
});

describe("matchesFilter", () => {
  it("compares numbers and ranges, and searches text", () => {
    expect(matchesFilter(0.85, ">0.8")).toBe(true);
    expect(matchesFilter(0.75, ">0.8")).toBe(false);
    expect(matchesFilter(0.8, ">=0.8")).toBe(true);
    expect(matchesFilter(50, "10..100")).toBe(true);
    expect(matchesFilter(null, ">1")).toBe(false);
    expect(matchesFilter("Lower the LR", "lr")).toBe(true);
    expect(matchesFilter("lora", "full")).toBe(false);
    expect(matchesFilter(null, "")).toBe(true);
  });
});

describe("exports", () => {
  const rows = [
    { title: 'Tune lr, "carefully"\nthen more', score: 0.5 },
    { title: "plain", score: null },
  ];
  const cols = [
    { id: "title", header: "Title", value: (r: (typeof rows)[number]) => r.title },
    { id: "score", header: "Score", value: (r: (typeof rows)[number]) => r.score },
  ];
  it("CSV keeps commas, quotes and newlines of whole titles", () => {
    const parsed = Papa.parse<string[]>(toCsv(rows, cols)).data;
    expect(parsed[0]).toEqual(["Title", "Score"]);
    expect(parsed[1]).toEqual(['Tune lr, "carefully"\nthen more', "0.5"]);
    expect(parsed[2]).toEqual(["plain", ""]);
  });
  it("JSON keeps values typed", () => {
    expect(JSON.parse(toJson(rows, cols))).toEqual([
      { title: 'Tune lr, "carefully"\nthen more', score: 0.5 },
      { title: "plain", score: null },
    ]);
  });
});
