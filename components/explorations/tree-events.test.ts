import { describe, expect, it } from "vitest";
import { readEvent, type EventPayloads, type EventType, type ExplorationEvent } from "@/server/contract/event-types";
import type { NodeStatus } from "@/server/contract/statuses";
import { trainingConfigSchema } from "@/server/contract/job-protocol";
import {
  applyEvent,
  foldEvents,
  mergeEvents,
  mergeTreeChanges,
  type TreeChanges,
  type TreeData,
  type TreeNodeRecord,
} from "./tree-events";

const at = new Date("2026-01-01T00:00:00Z");
const node = (
  id: string,
  parentId: string | null,
  ordinal: number,
  status: TreeNodeRecord["status"],
): TreeNodeRecord => ({
  id,
  explorationId: "x",
  parentId,
  ordinal,
  round: ordinal === 0 ? 0 : 1,
  direction: ordinal === 0 ? "baseline" : "tune_hyperparameters",
  plan: { title: `node ${ordinal}`, rationale: "", hypotheses: [] },
  recipe: { operators: [{ op: "load", source: "task:train" }] },
  config: trainingConfigSchema.parse({
    baseModel: "tiny-base",
    steps: 10,
    batchSize: 8,
    learningRate: 0.001,
    warmupRatio: 0,
    dropout: 0,
    maxSeconds: 60,
  }),
  status,
  metrics: null,
  score: null,
  testScore: null,
  report: null,
  progress: 0,
  computeSeconds: 0,
  tokens: 0,
  fingerprint: "f",
  checkpoint: null,
  reusedFromId: null,
  pruneReason: null,
  prunedWith: null,
  error: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
});

const tree: TreeData = {
  exploration: {
    id: "x",
    title: "t",
    goal: "g",
    taskId: "mini-sst2",
    baseModel: "tiny-base",
    policy: "mcts",
    approvalMode: "auto",
    runnerName: "local",
    budget: { rounds: 3, trainingRuns: 8, computeSeconds: 600, wallSeconds: 3600, tokens: 0 },
    spec: {},
    ablations: { memory: true, insights: true, reuse: true },
    status: "running",
    stopReason: null,
    seed: 0,
    workspaceId: "default",
    datasetId: null,
    testRevealedAt: null,
    testScoresSealed: true,
    createdAt: at,
    updatedAt: at,
    finishedAt: null,
  },
  nodes: [node("r", null, 0, "succeeded"), node("a", "r", 1, "awaiting_review")],
  lastSeq: 10,
  asOf: at.toISOString(),
};

const ev = <K extends EventType>(seq: number, type: K, nodeId: string | null, payload: EventPayloads[K]) =>
  ({ explorationId: "x", seq, type, nodeId, payload, createdAt: at.toISOString() }) as ExplorationEvent;
const status = (from: NodeStatus, to: NodeStatus, more: Partial<EventPayloads["node.status"]> = {}) => ({
  from,
  to,
  score: null,
  error: null,
  reusedFromId: null,
  progress: 0,
  ...more,
});
const edited = { before: { recipe: null, config: null }, after: { recipe: null, config: null }, title: "" };

describe("folding live events into the fetched tree", () => {
  it("adds a created node and moves statuses and scores at once", () => {
    const live = foldEvents(tree, [
      ev(12, "node.status", "b", status("proposed", "running", { progress: 0.1 })),
      ev(11, "node.created", "b", { parentId: "r", ordinal: 2, round: 1, direction: "add_data", title: "More data" }),
      ev(13, "node.status", "a", status("awaiting_review", "pruned", { reason: "pruned by a reviewer" })),
    ]);
    expect(live.lastSeq).toBe(13);
    expect(live.nodes.map((n) => [n.id, n.status])).toEqual([
      ["r", "succeeded"],
      ["a", "pruned"],
      ["b", "running"],
    ]);
    expect(live.nodes[2]).toMatchObject({
      parentId: "r",
      ordinal: 2,
      direction: "add_data",
      plan: { title: "More data" },
      progress: 0.1,
    });
  });

  it("a created repair carries what it repairs before the tree is fetched again", () => {
    const repairOf = { nodeId: "a", ordinal: 1, failure: "nan_loss" as const, changes: ["lr 1 → 0.1"], by: "rules" };
    const live = foldEvents(tree, [
      ev(11, "node.created", "b", {
        parentId: "r",
        ordinal: 2,
        round: 1,
        direction: "add_data",
        title: "fix",
        repairOf,
      }),
    ]);
    expect(live.nodes[2]?.plan).toEqual({ title: "fix", rationale: "", hypotheses: [], repairOf });
  });

  it("ignores events the fetched tree already covers and events of other explorations", () => {
    expect(foldEvents(tree, [ev(9, "node.status", "a", status("awaiting_review", "pruned"))])).toBe(tree);
    expect(
      applyEvent(tree, { ...ev(11, "node.status", "a", status("awaiting_review", "pruned")), explorationId: "y" }),
    ).toBe(tree);
  });

  it("records results and exploration status, never a test score from an event", () => {
    // a row written by older code, with the test score in it, as the server reads it back
    const oldResult = readEvent({
      ...{ explorationId: "x", seq: 11, type: "node.result", nodeId: "a", createdAt: at.toISOString() },
      payload: { score: 0.8, testScore: 0.7, metrics: { validation: {} }, computeSeconds: 12 },
    });
    if (!oldResult) throw new Error("an old node.result row must still read");
    expect(oldResult.payload).not.toHaveProperty("testScore");
    const live = foldEvents(tree, [
      oldResult,
      ev(12, "exploration.status", null, { from: "running", to: "paused", reason: "paused by a reviewer" }),
    ]);
    expect(live.nodes[1]).toMatchObject({ score: 0.8, testScore: null, computeSeconds: 12 });
    expect(live.exploration).toMatchObject({ status: "paused", stopReason: "paused by a reviewer" });
  });

  it("keeps a bounded, ordered, de-duplicated buffer", () => {
    const merged = mergeEvents(
      [ev(3, "node.edited", "a", edited), ev(1, "node.edited", "a", edited)],
      [ev(2, "node.edited", "a", edited), ev(3, "node.edited", "a", edited)],
      2,
    );
    expect(merged.map((e) => e.seq)).toEqual([2, 3]);
  });
});

describe("merging the nodes written since the last read", () => {
  const changes = (nodes: TreeNodeRecord[], more: Partial<TreeChanges> = {}): TreeChanges => ({
    exploration: tree.exploration,
    nodes,
    lastSeq: 14,
    nodeCount: 3,
    asOf: "2026-01-01T00:01:00.000Z",
    ...more,
  });

  it("replaces the changed nodes, adds new ones in order and moves lastSeq and asOf", () => {
    const a = { ...node("a", "r", 1, "running"), progress: 0.5 };
    const b = node("b", "r", 2, "approved");
    const merged = mergeTreeChanges(tree, changes([b, a]));
    expect(merged?.nodes.map((n) => [n.id, n.status])).toEqual([
      ["r", "succeeded"],
      ["a", "running"],
      ["b", "approved"],
    ]);
    expect(merged?.nodes[1]?.progress).toBe(0.5);
    expect(merged?.lastSeq).toBe(14);
    expect(merged?.asOf).toBe("2026-01-01T00:01:00.000Z");
    expect(tree.nodes[1]?.status).toBe("awaiting_review"); // the read copy is left as it was
  });

  it("asks for a full read when a node is missing or the test seal changed", () => {
    // the tree has 4 nodes now; the copy holds 2 and the changes bring 1 new one
    expect(mergeTreeChanges(tree, changes([node("b", "r", 2, "approved")], { nodeCount: 4 }))).toBeNull();
    const unsealed = { ...tree.exploration, testScoresSealed: false };
    expect(mergeTreeChanges(tree, changes([], { nodeCount: 2, exploration: unsealed }))).toBeNull();
    expect(mergeTreeChanges(tree, changes([], { nodeCount: 2 }))?.nodes).toEqual(tree.nodes);
  });
});
