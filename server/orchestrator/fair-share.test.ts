/**
 * Two explorations on one runner with two slots (real SQLite, the orchestrator's own ticks, a runner whose
 * jobs finish when the test says): the second exploration is not starved by the first's waiting nodes, and
 * every waiting node knows its queue position, why it waits and when it should start (once a training run
 * has shown the runner's pace).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { registerRunner } from "../services/runner-registry.ts";
import { createExploration, pauseExploration } from "../services/exploration-service.ts";
import { getExplorationQueue } from "../services/queue-service.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { Orchestrator } from "./orchestrator.ts";

let t: TestDb;
let runner: FakeRunner;
let orchestrator: Orchestrator;

beforeEach(async () => {
  t = await createTestDb();
  runner = new FakeRunner(2);
  registerRunner(runner);
  orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
});
afterEach(async () => {
  await orchestrator.stop();
  await t.cleanup();
});

// different seeds: an identical baseline would be reused instead of queued
const create = (title: string, seed = 0) =>
  createExploration(t.db, {
    title,
    seed,
    goal: "Classify short reviews as positive or negative, maximise accuracy.",
    taskId: "mini-sst2",
    budget: { rounds: 3, trainingRuns: 20, computeSeconds: 100_000, wallSeconds: 3600, tokens: 0 },
  });

const jobsOf = async (explorationId: string) => {
  const ids = new Set((await listNodes(t.db, explorationId)).map((n) => n.id));
  return runner.pending().filter((s) => ids.has(s.nodeId));
};

describe("fair share of one runner", () => {
  it("gives a freed slot to the exploration with nothing running, not to the one whose many nodes waited longer", async () => {
    const a = await create("A");
    await orchestrator.settle(a.id);
    runner.succeed((await jobsOf(a.id))[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(a.id);
    // A expanded: two of its nodes run, the rest wait
    expect(await jobsOf(a.id)).toHaveLength(2);
    const waitingA = (await listNodes(t.db, a.id)).filter((n) => n.status === "approved");
    expect(waitingA.length).toBeGreaterThanOrEqual(2);

    const b = await create("B", 1);
    await orchestrator.settle(b.id);
    const queueB = await getExplorationQueue(t.db, b.id);
    const [rootB] = await listNodes(t.db, b.id);
    // B's baseline is first in line although A's nodes have waited longer: A already runs two
    expect(queueB.nodes).toEqual([
      {
        nodeId: rootB?.id,
        position: 1,
        of: waitingA.length + 1,
        reason: "local runner: 2 of 2 slots busy; shared fairly with 1 other exploration",
        estimatedStartAt: null,
      },
    ]);
    const queueA = await getExplorationQueue(t.db, a.id);
    expect(queueA.nodes.map((n) => n.position).sort()).toEqual(waitingA.map((_, i) => i + 2));
    expect(queueA.nodes[0]?.reason).toMatch(
      /^local runner: 2 of 2 slots busy, \d ahead in the queue; shared fairly with 1 other exploration$/,
    );

    // one of A's jobs ends and A's own tick runs first: it must leave the slot to B
    runner.succeed((await jobsOf(a.id))[0]?.jobId ?? "", 0.6);
    await orchestrator.settle(a.id);
    expect(await jobsOf(a.id)).toHaveLength(1);
    await orchestrator.settle(b.id);
    expect((await jobsOf(b.id)).map((s) => s.nodeId)).toEqual([rootB?.id]);

    // a training run has finished on this runner: its pace gives every waiting node an estimate
    const estimates = (await getExplorationQueue(t.db, a.id)).nodes.map((n) => n.estimatedStartAt);
    expect(estimates.length).toBeGreaterThan(0);
    expect(estimates.every((d) => d instanceof Date)).toBe(true);

    // with one each running, the next freed slot alternates: A's oldest waiting node
    runner.succeed((await jobsOf(a.id))[0]?.jobId ?? "", 0.62);
    await orchestrator.settle(a.id);
    expect(await jobsOf(a.id)).toHaveLength(1);
    expect(await jobsOf(b.id)).toHaveLength(1);
  });

  it("says why a paused exploration's nodes wait", async () => {
    const a = await create("A");
    await orchestrator.settle(a.id);
    runner.succeed((await jobsOf(a.id))[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(a.id);
    await pauseExploration(t.db, a.id);
    const queue = await getExplorationQueue(t.db, a.id);
    expect(queue.nodes.length).toBeGreaterThan(0);
    expect(queue.nodes.every((n) => n.position === null && n.reason === "the exploration is paused")).toBe(true);
  });
});
