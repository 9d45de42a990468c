import { describe, expect, it } from "vitest";
import type { EventPayloads, EventType, ExplorationEvent } from "@/server/contract/event-types";
import { describeEvent } from "./event-format";
import { diffObjects, mergeCurves, recipeRows, scoresAlongPath } from "./inspector/node-facts";
import { formatDuration } from "@/components/format";
import { DEFAULT_LIST_QUERY, queryRows, type ExplorationRow } from "./list-model";
import { deleteTemplate, loadTemplates, saveTemplate } from "./new/templates";
import { nextPending, toNodeViews } from "./node-views";

describe("inspector facts", () => {
  it("diffs a config against the parent's, changes first", () => {
    const rows = diffObjects(
      { steps: 100, learningRate: 0.001, seed: 0 },
      { steps: 200, learningRate: 0.001, seed: 0, loraRank: 8 },
    );
    expect(rows.slice(0, 2).map((r) => [r.key, r.before, r.after])).toEqual([
      ["steps", "100", "200"],
      ["loraRank", null, "8"],
    ]);
    expect(rows.filter((r) => r.changed)).toHaveLength(2);
    expect(diffObjects(null, { steps: 1 })[0]).toMatchObject({ changed: false, before: null });
  });

  it("marks recipe operators the parent did not have", () => {
    const rows = recipeRows([{ op: "load" }], [{ op: "load" }, { op: "dedup" }]);
    expect(rows.map((r) => r.added)).toEqual([false, true]);
  });

  it("merges the stored and live curves by step", () => {
    const merged = mergeCurves(
      [
        { step: 1, loss: 2, lr: 1 },
        { step: 2, loss: 1.5, lr: 1 },
      ],
      [
        { step: 2, loss: 9, lr: 9 },
        { step: 3, loss: 1, lr: 1 },
      ],
    );
    expect(merged.map((p) => [p.step, p.loss])).toEqual([
      [1, 2],
      [2, 1.5],
      [3, 1],
    ]);
  });

  it("lists the scores from the baseline down to a node", () => {
    const nodes = [
      { id: "r", parentId: null, ordinal: 0, score: 0.5 },
      { id: "a", parentId: "r", ordinal: 1, score: null },
      { id: "b", parentId: "a", ordinal: 2, score: 0.7 },
    ];
    expect(scoresAlongPath(nodes, "b")).toEqual([
      { ordinal: 0, score: 0.5 },
      { ordinal: 2, score: 0.7 },
    ]);
  });
});

describe("timeline lines", () => {
  const e = <K extends EventType>(type: K, payload: EventPayloads[K]) =>
    ({ explorationId: "x", seq: 1, type, nodeId: "n", payload, createdAt: "2026-01-01T00:00:00Z" }) as ExplorationEvent;
  const status = { score: null, error: null, reusedFromId: null, progress: 0 };
  it("names the node by its ordinal and colours outcomes", () => {
    expect(
      describeEvent(e("node.status", { ...status, from: "running", to: "succeeded", score: 0.81234 }), () => 4),
    ).toEqual({
      text: "#4 running → succeeded · score 0.812",
      tone: "good",
    });
    expect(
      describeEvent(
        e("node.status", { ...status, from: "awaiting_review", to: "pruned", reason: "pruned by a reviewer" }),
        () => 2,
      ).tone,
    ).toBe("warn");
    expect(
      describeEvent(e("exploration.status", { from: "running", to: "paused", reason: null }), () => undefined).text,
    ).toBe("Exploration running → paused");
  });
});

describe("explorations list", () => {
  const row = (id: string, over: Partial<ExplorationRow>): ExplorationRow => ({
    id,
    title: id,
    goal: "",
    taskId: "mini-sst2",
    taskLabel: "mini-sst2",
    policy: "mcts",
    status: "running",
    createdAt: new Date(0),
    nodes: 1,
    baselineScore: null,
    bestScore: null,
    gain: null,
    computeSeconds: 0,
    tokens: 0,
    durationSeconds: 0,
    running: 0,
    awaitingReview: 0,
    ...over,
  });
  const rows = [
    row("a", { gain: 0.1, status: "finished" }),
    row("b", { gain: null }),
    row("c", { gain: 0.3, title: "Fin table", taskId: "mini-fin" }),
  ];
  it("sorts with missing values last, filters and searches", () => {
    expect(queryRows(rows, { ...DEFAULT_LIST_QUERY, sort: "gain", desc: true }).map((r) => r.id)).toEqual([
      "c",
      "a",
      "b",
    ]);
    expect(queryRows(rows, { ...DEFAULT_LIST_QUERY, sort: "gain", desc: false }).map((r) => r.id)).toEqual([
      "a",
      "c",
      "b",
    ]);
    expect(queryRows(rows, { ...DEFAULT_LIST_QUERY, status: "finished" }).map((r) => r.id)).toEqual(["a"]);
    expect(queryRows(rows, { ...DEFAULT_LIST_QUERY, search: "fin" }).map((r) => r.id)).toEqual(["c"]);
    const onDataset = row("d", { taskId: "dataset:abc", taskLabel: "Film Reviews (dataset)" });
    expect(queryRows([...rows, onDataset], { ...DEFAULT_LIST_QUERY, search: "film rev" }).map((r) => r.id)).toEqual([
      "d",
    ]);
    expect(queryRows([...rows, onDataset], { ...DEFAULT_LIST_QUERY, taskId: "dataset:abc" }).map((r) => r.id)).toEqual([
      "d",
    ]);
    expect(formatDuration(3725)).toBe("1 h 2 min");
  });
});

describe("templates", () => {
  it("saves by name, replaces, deletes and ignores corrupt storage", () => {
    const data = new Map<string, string>();
    const store = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
    const t = {
      name: "sst",
      goal: "g",
      taskId: "mini-sst2",
      baseModel: "tiny-base",
      policy: "mcts",
      approvalMode: "auto",
      budget: { rounds: 2, trainingRuns: 4, computeSeconds: 60, wallSeconds: 600, tokens: 0 },
      savedAt: "now",
    };
    saveTemplate(store, t);
    saveTemplate(store, { ...t, goal: "g2" });
    expect(loadTemplates(store).map((x) => x.goal)).toEqual(["g2"]);
    expect(deleteTemplate(store, "sst")).toEqual([]);
    data.set("trex-exploration-templates", "{not json");
    expect(loadTemplates(store)).toEqual([]);
  });
});

describe("node views", () => {
  const src = (id: string, parentId: string | null, ordinal: number, status: string, score: number | null) => ({
    id,
    parentId,
    ordinal,
    status,
    direction: "manual",
    plan: { title: id },
    score,
    progress: 0.2,
    reusedFromId: null,
    error: null,
  });
  it("adds parent scores and the best path", () => {
    const views = toNodeViews([
      src("r", null, 0, "succeeded", 0.5),
      src("a", "r", 1, "running", null),
      src("b", "r", 2, "succeeded", 0.7),
    ]);
    expect(views.map((v) => [v.id, v.progress, v.onBestPath, v.parentScore])).toEqual([
      ["r", 0.2, true, null],
      ["a", 0.2, false, 0.5],
      ["b", 0.2, true, 0.5],
    ]);
  });
  it("a repair's view links the node it repairs and says what failed and changed", () => {
    const repairOf = { nodeId: "a", ordinal: 1, failure: "out_of_memory", changes: ["x → y", "z"], by: "rules" };
    const [, a, b] = toNodeViews([
      src("r", null, 0, "succeeded", 0.5),
      src("a", "r", 1, "failed", null),
      { ...src("b", "r", 2, "succeeded", 0.7), plan: { title: "repair of #1", repairOf } },
    ]);
    expect(a?.repairOfId).toBeUndefined();
    expect(b).toMatchObject({
      repairOfId: "a",
      repairOfOrdinal: 1,
      repairSummary: "Repair of #1 (out of memory), proposed by the offline rules: x → y; z",
    });
  });
  it("cycles through nodes awaiting review", () => {
    const nodes = [
      { id: "a", ordinal: 1, status: "awaiting_review" },
      { id: "b", ordinal: 2, status: "running" },
      { id: "c", ordinal: 3, status: "awaiting_review" },
    ];
    expect(nextPending(nodes, null)).toBe("a");
    expect(nextPending(nodes, 1)).toBe("c");
    expect(nextPending(nodes, 3)).toBe("a");
    expect(nextPending([], null)).toBeNull();
  });
});

describe("markdown", () => {
  it("strips marks for one-line text", async () => {
    const { stripMarkdown } = await import("./new/markdown-view");
    expect(stripMarkdown("# Title\n\nClassify as **positive** or *negative*, output `json`.")).toBe(
      "Title Classify as positive or negative, output json.",
    );
  });
});
