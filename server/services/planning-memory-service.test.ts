import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createExploration } from "./exploration-service.ts";
import { loadPlanningMemory } from "./planning-memory-service.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { replaceExplorationInsights } from "../repositories/insight-repository.ts";
import type { Ablations } from "../contract/ablations.ts";

let t: TestDb;
let earlierId = "";

const budget = { rounds: 2, trainingRuns: 4, computeSeconds: 1000, wallSeconds: 3600, tokens: 0 };
const create = (ablations?: Ablations) =>
  createExploration(t.db, {
    goal: "Classify short reviews as positive or negative.",
    taskId: "mini-sst2",
    budget,
    ...(ablations ? { ablations } : {}),
  });

/** An exploration with one insight of its own, created after an earlier exploration of the same task. */
async function withOwnInsight(ablations?: Ablations) {
  const e = await create(ablations);
  await replaceExplorationInsights(t.db, e.id, e.taskId, [
    { text: "own: cleaning helped", supportingNodeIds: [], kind: "note", features: [], effect: null, comparisons: 0 },
  ]);
  const stored = await findExploration(t.db, e.id);
  if (!stored) throw new Error("the exploration was not stored");
  return stored;
}

beforeAll(async () => {
  t = await createTestDb();
  const earlier = await create();
  earlierId = earlier.id;
  await replaceExplorationInsights(t.db, earlier.id, earlier.taskId, [
    {
      text: "earlier: rebalancing +0.040",
      supportingNodeIds: [],
      kind: "effect",
      features: ["op+:balance"],
      effect: 0.04,
      comparisons: 3,
    },
  ]);
});
afterAll(() => t.cleanup());

describe("planning memory under ablations", () => {
  it("stores the switches on the exploration, all on unless the input switches one off", async () => {
    const normal = await withOwnInsight();
    expect(normal.ablations).toEqual({ memory: true, insights: true, reuse: true });
    const ablated = await withOwnInsight({ memory: false, insights: true, reuse: false });
    expect(ablated.ablations).toEqual({ memory: false, insights: true, reuse: false });
    // a row from before the switches existed reads as everything on
    await t.db.exploration.update({ where: { id: earlierId }, data: { ablations: "{}" } });
    expect((await findExploration(t.db, earlierId))?.ablations).toEqual({ memory: true, insights: true, reuse: true });
  });

  it("gives the Researcher its own insights and what earlier explorations of the task learned", async () => {
    const e = await withOwnInsight();
    const memory = await loadPlanningMemory(t.db, e);
    expect(memory.insights.map((i) => i.text)).toEqual(
      expect.arrayContaining(["own: cleaning helped", "(earlier exploration) earlier: rebalancing +0.040"]),
    );
    expect(memory.earlierEvidence).toEqual([
      { kind: "effect", features: ["op+:balance"], effect: 0.04, comparisons: 3 },
    ]);
  });

  it("memory off: nothing of earlier explorations, while they hold insights; its own insights stay", async () => {
    const e = await withOwnInsight({ memory: false, insights: true, reuse: true });
    const memory = await loadPlanningMemory(t.db, e);
    expect(memory.insights.map((i) => i.text)).toEqual(["own: cleaning helped"]);
    expect(memory.earlierEvidence).toEqual([]);
  });

  it("insights off: none of its own insights; earlier explorations' memory stays", async () => {
    const e = await withOwnInsight({ memory: true, insights: false, reuse: true });
    const memory = await loadPlanningMemory(t.db, e);
    expect(memory.insights.some((i) => i.text.startsWith("own:"))).toBe(false);
    expect(memory.insights.some((i) => i.text.includes("earlier: rebalancing"))).toBe(true);
    expect(memory.earlierEvidence).toHaveLength(1);
  });

  it("refuses a switch it does not know, with the field named", async () => {
    await expect(
      createExploration(t.db, {
        goal: "Classify short reviews as positive or negative.",
        taskId: "mini-sst2",
        budget,
        ablations: { memory: false, planner: false } as unknown as Ablations,
      }),
    ).rejects.toThrow(/ablations/);
  });
});
