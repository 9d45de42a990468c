/**
 * Planning while training: a slow Researcher (a language model answering after a delay) plans the next expansion
 * while jobs run, so freed slots get their next job without waiting for it; plans made ahead are budgeted against
 * what open nodes will spend, so a tight budget is never overspent.
 */
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import type { WorkerJobSpec } from "../contract/job-protocol.ts";
import { registerRunner } from "../services/runner-registry.ts";
import { createExploration } from "../services/exploration-service.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { offlineRuntime, setAgentRuntime } from "../agents/providers/agent-runtime.ts";
import { planReviewPassReply, runtimeWith, textReply } from "../agents/testing/fixtures.ts";
import { Orchestrator } from "./orchestrator.ts";

/** The fake runner, noting when each job was submitted and whether the Researcher was thinking then. */
class TimedRunner extends FakeRunner {
  readonly submittedAt = new Map<string, { at: number; plannerBusy: boolean }>();
  plannerBusy = () => false;
  override async submit(spec: WorkerJobSpec) {
    this.submittedAt.set(spec.jobId, { at: Date.now(), plannerBusy: this.plannerBusy() });
    return super.submit(spec);
  }
}

let t: TestDb;
let runner: TimedRunner;
let orchestrator: Orchestrator;

beforeEach(async () => {
  t = await createTestDb();
  runner = new TimedRunner(2);
  registerRunner(runner);
  setAgentRuntime(offlineRuntime());
});
afterEach(async () => {
  await orchestrator.stop();
  setAgentRuntime(null);
  await t.cleanup();
});

const goal = "Classify short reviews as positive or negative, maximise accuracy.";

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const PLANNER_DELAY_MS = 3_000;

/** A Researcher model that answers every expansion with four plans, after PLANNER_DELAY_MS. */
function slowPlanner() {
  let calls = 0;
  let answered = 0;
  const plan = (lr: number) => ({
    direction: "tune_hyperparameters",
    title: `lr ${lr}`,
    rationale: "Search the learning rate.",
    hypotheses: ["a better rate"],
    recipe: { operators: [{ op: "load", source: "task:train", limit: 4000 }] },
    config: { steps: 50, learningRate: lr },
    warmStart: false,
  });
  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      // the Executor's plan review answers at once: the slow one is the Researcher
      const review = planReviewPassReply(options);
      if (review) return review;
      const call = ++calls;
      await new Promise((r) => setTimeout(r, PLANNER_DELAY_MS));
      answered++;
      const lrs = [1, 2, 3, 4].map((k) => Number((k * 0.001 + call * 0.0001).toFixed(5)));
      return textReply(JSON.stringify({ diagnosis: "Keep searching.", plans: lrs.map(plan) }));
    },
  });
  return { model, inFlight: () => calls - answered, calls: () => calls };
}

describe("planning while training", () => {
  it("a freed slot gets its next job at once while a slow planner works, and the next round is planned before the last jobs end", async () => {
    const e = await createExploration(t.db, {
      goal,
      taskId: "mini-sst2",
      budget: { rounds: 10, trainingRuns: 40, computeSeconds: 100_000, wallSeconds: 3600, tokens: 0 },
    });
    const planner = slowPlanner();
    runner.plannerBusy = () => planner.inFlight() > 0;
    setAgentRuntime(runtimeWith(planner.model, { timeoutMs: 30_000 }));
    orchestrator = new Orchestrator(t.db, { tickMs: 100, onError: (_, err) => console.error(err) });
    orchestrator.start();

    const [root] = await until("the baseline job", async () => runner.pending().length === 1 && runner.pending());
    runner.succeed(root?.jobId ?? "", 0.5);
    const round1 = await until("round 1 on both slots", async () => runner.pending().length === 2 && runner.pending());
    expect((await listNodes(t.db, e.id)).filter((n) => n.round === 1)).toHaveLength(4);

    /** Ends a job; the freed slot's next job: how long the slot stayed empty, whether the Researcher was busy. */
    const finish = async (jobId: string, score: number) => {
      const before = new Set(runner.submittedAt.keys());
      const endedAt = Date.now();
      runner.succeed(jobId, score);
      const [, next] = await until("the freed slot's next job", async () =>
        [...runner.submittedAt.entries()].find(([id]) => !before.has(id)),
      );
      return { gap: next.at - endedAt, plannerBusy: next.plannerBusy };
    };

    // the first freed slot takes a waiting plan of round 1; fewer plans wait than there are slots: planning starts
    const a = await finish(round1[0]?.jobId ?? "", 0.6);
    expect(a.gap).toBeLessThan(PLANNER_DELAY_MS);
    await until("the Researcher called for round 2", async () => planner.inFlight() === 1);
    // while the Researcher thinks, the second freed slot gets its job: the loop does not wait for the call
    const b = await finish(round1[1]?.jobId ?? "", 0.62);
    expect(b.plannerBusy).toBe(true);
    expect(b.gap).toBeLessThan(PLANNER_DELAY_MS);

    // round 2 is stored while the last two jobs of round 1 still train
    await until("round 2 planned ahead", async () => (await listNodes(t.db, e.id)).some((n) => n.round === 2), 10_000);
    const nodes = await listNodes(t.db, e.id);
    const stillTraining = nodes.filter((n) => n.round === 1 && ["queued", "running"].includes(n.status));
    expect(stillTraining).toHaveLength(2);
    const round2 = nodes.filter((n) => n.round === 2);
    expect(round2.every((n) => n.status === "approved")).toBe(true);
    expect(round2[0]?.plan.selectionReason).toMatch(/planned ahead while \d+ nodes were open/);

    // so the slots that free next find round 2's plans ready: no wait for the planner
    const [c, d] = runner.pending().filter((j) => stillTraining.some((n) => n.id === j.nodeId));
    const roundOf = async (jobId: string | undefined) => {
      const spec = runner.jobs.get(jobId ?? "")?.spec;
      const nodeId = spec && "nodeId" in spec ? spec.nodeId : undefined;
      return (await listNodes(t.db, e.id)).find((n) => n.id === nodeId)?.round;
    };
    for (const [job, score] of [
      [c, 0.64],
      [d, 0.66],
    ] as const) {
      const before = new Set(runner.submittedAt.keys());
      const { gap } = await finish(job?.jobId ?? "", score);
      expect(gap).toBeLessThan(PLANNER_DELAY_MS);
      const next = [...runner.submittedAt.keys()].find((id) => !before.has(id));
      expect(await roundOf(next)).toBe(2);
    }
    expect(planner.calls()).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("plans made ahead never spend past a tight budget", async () => {
    orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
    runner = new TimedRunner(3);
    registerRunner(runner);
    const budget = { rounds: 20, trainingRuns: 6, computeSeconds: 100_000, wallSeconds: 3600, tokens: 0 };
    const e = await createExploration(t.db, { goal, taskId: "mini-sst2", budget });
    let maxDispatchedTrainingRuns = 0;
    let plannedAhead = 0;
    // one job ends at a time, so the next expansions are planned while the others still train
    for (let guard = 0; guard < 60; guard++) {
      await orchestrator.settle(e.id);
      const nodes = await listNodes(t.db, e.id);
      plannedAhead = nodes.filter((n) => /planned ahead/.test(n.plan.selectionReason ?? "")).length;
      const trained = nodes.filter(
        (n) => n.config.steps > 0 && !["proposed", "awaiting_review", "approved", "pruned"].includes(n.status),
      );
      maxDispatchedTrainingRuns = Math.max(maxDispatchedTrainingRuns, trained.length);
      // never more trained plans in the tree (dispatched or waiting) than the training-run budget
      expect(nodes.filter((n) => n.config.steps > 0 && n.status !== "pruned").length).toBeLessThanOrEqual(
        budget.trainingRuns,
      );
      const [oldest] = runner.pending();
      if (!oldest) break;
      runner.succeed(oldest.jobId, 0.5 + guard * 0.01);
    }
    const done = await findExploration(t.db, e.id);
    expect(done?.status).toBe("finished");
    expect(done?.stopReason).toMatch(/training-run budget spent/);
    expect(maxDispatchedTrainingRuns).toBe(budget.trainingRuns);
    expect(plannedAhead).toBeGreaterThan(0);
  }, 60_000);

  it("plans made ahead stay within a tight compute budget, counting what open jobs will still spend", async () => {
    orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
    runner = new TimedRunner(3);
    registerRunner(runner);
    // every fake job costs 10 compute-seconds
    const budget = { rounds: 20, trainingRuns: 40, computeSeconds: 60, wallSeconds: 3600, tokens: 0 };
    const e = await createExploration(t.db, { goal, taskId: "mini-sst2", budget });
    for (let guard = 0; guard < 60; guard++) {
      await orchestrator.settle(e.id);
      const [oldest] = runner.pending();
      if (!oldest) break;
      runner.succeed(oldest.jobId, 0.5 + guard * 0.01);
    }
    const done = await findExploration(t.db, e.id);
    expect(done?.status).toBe("finished");
    const nodes = await listNodes(t.db, e.id);
    expect(nodes.reduce((s, n) => s + n.computeSeconds, 0)).toBeLessThanOrEqual(budget.computeSeconds);
  }, 60_000);
});
