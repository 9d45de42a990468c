/**
 * What a live view refetches: the nodes written since its last read of the tree (status changes, eventless writes,
 * new nodes), not the whole tree; test scores stay sealed in it as in the tree.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { trainingConfigSchema } from "../contract/job-protocol.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { listNodes, updateNodeIfVersion } from "../repositories/node-repository.ts";
import { createExploration, getTree, getTreeChanges } from "./exploration-service.ts";
import { createNode } from "./node-lifecycle.ts";
import { registerRunner } from "./runner-registry.ts";
import { withEvents } from "./transaction.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  registerRunner(new FakeRunner(2));
});
afterEach(() => t.cleanup());

async function child(explorationId: string, parentId: string, title: string) {
  return withEvents(t.db, (tx, emit) =>
    createNode(
      tx,
      emit,
      {
        explorationId,
        parentId,
        round: 1,
        direction: "tune_hyperparameters",
        plan: { title, rationale: "test", hypotheses: [] },
        recipe: { operators: [{ op: "load", source: "task:train" }] },
        config: trainingConfigSchema.parse({ steps: 20, batchSize: 8, learningRate: 0.003 }),
        task: { id: "mini-sst2", seed: 0 },
        baseFingerprint: null,
      },
      { to: "approved" },
    ),
  );
}

describe("tree changes since a reader's last read", () => {
  it("returns only the nodes written since (eventless writes and new nodes too), sealed, with the node count", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative.",
      taskId: "mini-sst2",
      budget: { rounds: 2, trainingRuns: 6, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
    });
    const [root] = await listNodes(t.db, e.id);
    if (!root) throw new Error("no root");
    const a = await child(e.id, root.id, "a");
    const b = await child(e.id, root.id, "b");
    // written long ago (beyond the late-commit margin): a reader of the tree after that has them
    await t.db.node.updateMany({ where: { explorationId: e.id }, data: { updatedAt: new Date(Date.now() - 600_000) } });
    const read = await getTree(t.db, e.id);
    expect(read.nodes).toHaveLength(3);
    expect((await getTreeChanges(t.db, e.id, new Date(read.asOf))).nodes).toEqual([]);

    // an eventless write (a report) with a test score in it, and a new node
    await updateNodeIfVersion(t.db, a.id, a.version, { testScore: 0.9, score: 0.7 });
    const c = await child(e.id, root.id, "c");
    const changes = await getTreeChanges(t.db, e.id, new Date(read.asOf));
    expect(changes.nodes.map((n) => n.id)).toEqual([a.id, c.id]);
    expect(changes.nodes[0]?.score).toBe(0.7);
    expect(changes.nodes[0]?.testScore).toBeNull(); // sealed while the exploration runs
    expect(changes.exploration.testScoresSealed).toBe(true);
    expect(changes.nodeCount).toBe(4);
    expect(changes.lastSeq).toBeGreaterThan(read.lastSeq);
    expect(new Date(changes.asOf).getTime()).toBeGreaterThanOrEqual(new Date(read.asOf).getTime());
    expect(changes.nodes.some((n) => n.id === b.id)).toBe(false);
  });
});
