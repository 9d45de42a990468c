import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { registerRunner } from "../services/runner-registry.ts";
import { createExploration, stopExploration } from "../services/exploration-service.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { listEventsAfter } from "../repositories/event-repository.ts";
import { Orchestrator } from "./orchestrator.ts";

let t: TestDb;
let runner: FakeRunner;
let clockOffsetMs = 0;
let orchestrator: Orchestrator;

beforeEach(async () => {
  t = await createTestDb();
  runner = new FakeRunner(2);
  registerRunner(runner);
  clockOffsetMs = 0;
  orchestrator = new Orchestrator(t.db, { tickMs: 60_000, now: () => new Date(Date.now() + clockOffsetMs) });
});
afterEach(async () => {
  await orchestrator.stop();
  await t.cleanup();
});

const goal = "Classify short reviews as positive or negative, maximise accuracy.";

async function create(overrides: Partial<Parameters<typeof createExploration>[1]> = {}, workspaceIds?: string[]) {
  return createExploration(
    t.db,
    {
      goal,
      taskId: "mini-sst2",
      budget: { rounds: 2, trainingRuns: 8, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
      ...overrides,
    },
    { workspaceIds },
  );
}

describe("orchestrator loop", () => {
  it("evaluates the baseline, expands, dispatches within concurrency, and stops when the rounds are spent", async () => {
    const e = await create();
    await orchestrator.settle(e.id);
    const [rootJob] = runner.pending();
    expect(rootJob?.training.steps).toBe(0);
    expect(rootJob?.evaluation.splits).toEqual(["validation", "test"]);
    runner.succeed(rootJob?.jobId ?? "", 0.5);
    await orchestrator.settle(e.id);

    let nodes = await listNodes(t.db, e.id);
    const round1 = nodes.filter((n) => n.round === 1);
    expect(round1.length).toBeGreaterThanOrEqual(3);
    expect(round1.length).toBeLessThanOrEqual(5);
    // two run at once (the runner's concurrency); the rest wait approved
    expect(runner.pending()).toHaveLength(2);
    expect(round1.filter((n) => n.status === "approved").length).toBe(round1.length - 2);

    let score = 0.6;
    for (let guard = 0; guard < 20 && runner.pending().length > 0; guard++) {
      for (const spec of runner.pending()) runner.succeed(spec.jobId, (score += 0.01));
      await orchestrator.settle(e.id);
    }
    const done = await findExploration(t.db, e.id);
    expect(done?.status).toBe("finished");
    expect(done?.stopReason).toMatch(/round budget spent|training-run budget spent/);
    nodes = await listNodes(t.db, e.id);
    expect(nodes.filter((n) => n.round === 2).length).toBeGreaterThan(0);
    expect(nodes.every((n) => ["succeeded", "failed", "cancelled", "pruned"].includes(n.status))).toBe(true);
    // never more training runs than the budget allows
    expect(nodes.filter((n) => n.config.steps > 0).length).toBeLessThanOrEqual(8);
    // round 2 expands a node of round 1 (the search continues from results, not from the root again)
    const parentOfRound2 = nodes.find((n) => n.id === nodes.find((m) => m.round === 2)?.parentId);
    expect(parentOfRound2?.round).toBe(1);
  });

  it("marks a crashed worker's node failed with the reason and goes on with the others", async () => {
    const e = await create();
    await orchestrator.settle(e.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(e.id);
    const [a, b] = runner.pending();
    runner.crash(a?.jobId ?? "");
    runner.succeed(b?.jobId ?? "", 0.7);
    clockOffsetMs = 60_000;
    await orchestrator.settle(e.id);
    const nodes = await listNodes(t.db, e.id);
    const crashed = nodes.find((n) => n.id === a?.nodeId);
    expect(crashed?.status).toBe("failed");
    expect(crashed?.error).toMatch(/exited without writing a result.*worker crashed/);
    expect(nodes.find((n) => n.id === b?.nodeId)?.status).toBe("succeeded");
    expect((await findExploration(t.db, e.id))?.status).toBe("running");
    expect(runner.pending().length).toBeGreaterThan(0);
  });

  it("fails the exploration with a reason when the baseline cannot be evaluated", async () => {
    runner.submitFailure = "disk full";
    const e = await create();
    await orchestrator.settle(e.id);
    const done = await findExploration(t.db, e.id);
    expect(done?.status).toBe("failed");
    expect(done?.stopReason).toMatch(/disk full/);
  });

  it("holds proposals for review in review-each-expansion mode", async () => {
    const e = await create({ approvalMode: "review-each-expansion" });
    await orchestrator.settle(e.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(e.id);
    const nodes = await listNodes(t.db, e.id);
    expect(nodes.filter((n) => n.status === "awaiting_review").length).toBeGreaterThanOrEqual(3);
    expect(runner.pending()).toHaveLength(0);
  });

  it("reuses an identical earlier experiment instead of training again", async () => {
    const first = await create();
    await orchestrator.settle(first.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(first.id);
    const submittedBefore = runner.jobs.size;
    // a second exploration of the same task: its baseline is the same experiment
    const second = await create();
    await orchestrator.settle(second.id);
    const [root] = await listNodes(t.db, second.id);
    expect(root?.status).toBe("succeeded");
    expect(root?.reusedFromId).not.toBeNull();
    expect(root?.score).toBe(0.5);
    const rootJobsOfSecond = [...runner.jobs.values()].filter((j) => "nodeId" in j.spec && j.spec.nodeId === root?.id);
    expect(rootJobsOfSecond).toHaveLength(0);
    expect(runner.jobs.size).toBeGreaterThanOrEqual(submittedBefore);
  });

  it("with reuse switched off (an ablation), an identical earlier experiment trains again", async () => {
    const first = await create();
    await orchestrator.settle(first.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(first.id);
    await stopExploration(t.db, first.id); // its round-1 jobs leave the runner's slots free
    const second = await create({ ablations: { memory: true, insights: true, reuse: false } });
    await orchestrator.settle(second.id);
    const [root] = await listNodes(t.db, second.id);
    expect(root?.reusedFromId).toBeNull();
    expect(runner.pending().some((spec) => spec.nodeId === root?.id)).toBe(true);
  });

  it("reuses results only within the exploration's workspace", async () => {
    const theirs = await create();
    await orchestrator.settle(theirs.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(theirs.id);
    await t.db.workspace.create({ data: { id: "other-team", name: "Other team", slug: "other-team" } });
    // the same experiment in another workspace trains for itself: the first one's checkpoint and scores are not its to take
    const ours = await create({}, ["other-team"]);
    await orchestrator.settle(ours.id);
    const [root] = await listNodes(t.db, ours.id);
    expect(root?.reusedFromId).toBeNull();
    expect(root?.status).not.toBe("succeeded"); // waiting for the runner, or on it
  });

  it("writes an append-only, gap-free event sequence", async () => {
    const e = await create();
    await orchestrator.settle(e.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(e.id);
    const events = await listEventsAfter(t.db, e.id, 0);
    expect(events.map((x) => x.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.type).toBe("exploration.created");
    expect(events.some((x) => x.type === "node.result")).toBe(true);
    expect(events.some((x) => x.type === "exploration.selected")).toBe(true);
  });

  it("plans within the compute left, and stops with the reason when the next experiment no longer fits", async () => {
    // every fake job costs 10 compute-seconds: the baseline, then runs fitted to what is left, until the next one does not fit
    const e = await create({
      budget: { rounds: 20, trainingRuns: 40, computeSeconds: 100, wallSeconds: 3600, tokens: 0 },
    });
    for (let guard = 0; guard < 20; guard++) {
      await orchestrator.settle(e.id);
      const pending = runner.pending();
      if (pending.length === 0) break;
      for (const spec of pending) runner.succeed(spec.jobId, 0.5);
    }
    const done = await findExploration(t.db, e.id);
    expect(done?.status).toBe("finished");
    const [, needs, left] =
      /^compute budget spent: the next experiment needs about (\d+) compute-seconds and only (\d+) are left$/.exec(
        done?.stopReason ?? "",
      ) ?? [];
    expect(Number(needs)).toBeGreaterThan(Number(left));
    const nodes = await listNodes(t.db, e.id);
    // nothing was failed for the budget, and no run was planned beyond what was left
    expect(nodes.filter((n) => n.status === "failed")).toHaveLength(0);
    expect(nodes.filter((n) => n.parentId !== null).every((n) => n.config.steps > 0 && n.config.maxSeconds <= 90)).toBe(
      true,
    );
  });
});
