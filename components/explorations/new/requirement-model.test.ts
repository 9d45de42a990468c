import { describe, expect, it } from "vitest";
import { analysisMatches, describeStatedBudget, editsOf, offeredSource, parseCap } from "./requirement-model";
import { specWith } from "./requirement-fixture";

const spec = specWith;

describe("the form's view of the analysed requirement", () => {
  it("knows when an analysis no longer answers the form", () => {
    const read = { goal: "Classify reviews", taskId: "mini-sst2", baseModel: "tiny-base" };
    expect(analysisMatches(read, { ...read })).toBe(true);
    expect(analysisMatches(read, { ...read, goal: "Classify reviews!" })).toBe(false);
    expect(analysisMatches(read, { ...read, taskId: undefined, datasetId: "d1" })).toBe(false);
    expect(analysisMatches(undefined, read)).toBe(false);
  });

  it("offers the goal's task, or an uploaded dataset it names, and nothing when they agree", () => {
    const hoc = spec({
      goalTask: { id: "mini-hoc", name: "FT-Bench-mini HoC", named: true, evidence: ["HoC"] },
      constraints: { method: "lora" },
      budgets: [{ field: "computeSeconds", value: 7200, written: "2 GPU-hours" }],
    });
    expect(offeredSource(hoc)).toEqual({ source: "task", taskId: "mini-hoc", name: "FT-Bench-mini HoC" });
    expect(editsOf(hoc)).toMatchObject({ method: "lora", maxParameters: null, noTestSplit: false });
    expect(describeStatedBudget(hoc.budgets[0] ?? { field: "rounds", value: 0, written: "" })).toBe(
      '"2 GPU-hours" → Compute 7,200 s (2 h)',
    );
    const named = spec({
      taskId: "mini-hoc",
      goalTask: { id: "dataset:abc", name: "film reviews", named: true, evidence: ["film reviews"] },
    });
    expect(offeredSource(named)).toEqual({ source: "dataset", datasetId: "abc", name: "film reviews" });
    expect(
      offeredSource(
        spec({ goalTask: { id: "mini-sst2", name: "FT-Bench-mini SST-2", named: false, evidence: ["sentiment"] } }),
      ),
    ).toBeNull();
    expect(offeredSource(spec({ goalTask: null }))).toBeNull();
  });

  it("reads a size cap as written, and says how to write one", () => {
    expect(parseCap("1B")).toEqual({ ok: true, value: 1e9 });
    expect(parseCap("500M")).toEqual({ ok: true, value: 5e8 });
    expect(parseCap("1.5")).toEqual({ ok: true, value: 1.5e9 });
    expect(parseCap("")).toEqual({ ok: true, value: null });
    expect(parseCap("big")).toMatchObject({ ok: false, message: expect.stringMatching(/write a size like "1B"/) });
  });
});
