import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createExploration } from "./exploration-service.ts";
import { listNodes, updateNodeIfVersion, updateNodeProgress } from "../repositories/node-repository.ts";
import { clearTreeCache, currentNodes, currentTree, VERIFY_EVERY_MS } from "./tree-cache.ts";
import { createNode, transitionNode } from "./node-lifecycle.ts";
import { withEvents } from "./transaction.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  clearTreeCache();
});
afterEach(async () => {
  clearTreeCache();
  await t.cleanup();
});

const strip = (nodes: { id: string; status: string; score: number | null; version: number; progress: number }[]) =>
  nodes.map(({ id, status, score, version, progress }) => ({ id, status, score, version, progress }));

describe("the orchestrator's tree copy", () => {
  it("stays equal to the database through status changes, results, edits without events, progress and new nodes", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative, maximise accuracy.",
      taskId: "mini-sst2",
      budget: { rounds: 2, trainingRuns: 8, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
    });
    const same = async () => expect(strip(await currentNodes(t.db, e.id))).toEqual(strip(await listNodes(t.db, e.id)));
    await same();
    const [root] = await listNodes(t.db, e.id);
    if (!root) throw new Error("no root");
    await withEvents(t.db, (tx, emit) => transitionNode(tx, emit, root, "queued"));
    await same();
    const queued = (await listNodes(t.db, e.id))[0];
    if (!queued) throw new Error("no root");
    await withEvents(t.db, (tx, emit) => transitionNode(tx, emit, queued, "succeeded", { score: 0.5 }));
    await same();
    // a versioned write with no event (the evaluation report), and a progress tick
    const done = (await listNodes(t.db, e.id))[0];
    await updateNodeIfVersion(t.db, done?.id ?? "", done?.version ?? 0, { report: "{}" });
    await updateNodeProgress(t.db, done?.id ?? "", 1);
    await same();
    await withEvents(t.db, (tx, emit) =>
      createNode(
        tx,
        emit,
        {
          explorationId: e.id,
          parentId: root.id,
          round: 1,
          direction: "manual",
          plan: { title: "child", rationale: "", hypotheses: [] },
          recipe: root.recipe,
          config: root.config,
          task: { id: "mini-sst2", seed: 1 },
          baseFingerprint: null,
        },
        { to: "approved" },
      ),
    );
    await same();
    expect((await currentNodes(t.db, e.id)).map((n) => n.ordinal)).toEqual([0, 1]);
  });

  it("reads the whole tree again when a write slipped past the margin, at the next check of the version total", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative, maximise accuracy.",
      taskId: "mini-sst2",
      budget: { rounds: 2, trainingRuns: 8, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
    });
    const before = (await currentNodes(t.db, e.id)).map((n) => n.status);
    expect(before).not.toEqual(["failed"]);
    // a write stamped long ago (a clock behind, a transaction that took minutes): the version total catches it
    await t.db.node.updateMany({
      where: { explorationId: e.id },
      data: { status: "failed", version: { increment: 1 }, updatedAt: new Date(Date.now() - 3_600_000) },
    });
    // between two checks the copy is trusted; the check after VERIFY_EVERY_MS finds the write and reads everything
    expect((await currentTree(t.db, e.id)).nodes.map((n) => n.status)).toEqual(before);
    const later = () => new Date(Date.now() + VERIFY_EVERY_MS);
    expect((await currentTree(t.db, e.id, later)).nodes.map((n) => n.status)).toEqual(["failed"]);
  });
});
