import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../root.ts";
import { uiAppRouter } from "./ui-router.ts";
import { createCallerFactory } from "../trpc.ts";
import { createTestDb, type TestDb } from "../../testing/test-db.ts";
import { FakeRunner } from "../../testing/fake-runner.ts";
import { registerRunner } from "../../services/runner-registry.ts";
import { Orchestrator } from "../../orchestrator/orchestrator.ts";
import { listNodes } from "../../repositories/node-repository.ts";
import { authedContext } from "../../testing/test-auth.ts";

let t: TestDb;
let runner: FakeRunner;
let orchestrator: Orchestrator;
let api: ReturnType<typeof createCaller>;
const uiCaller = createCallerFactory(uiAppRouter);
let ui: ReturnType<typeof uiCaller>;

beforeEach(async () => {
  t = await createTestDb();
  runner = new FakeRunner(2);
  registerRunner(runner);
  orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
  const ctx = await authedContext(t.db, "reviewer");
  api = createCaller(ctx);
  ui = uiCaller(ctx);
});
afterEach(async () => {
  await orchestrator.stop();
  await t.cleanup();
});

async function evaluatedExploration() {
  const { id } = await api.exploration.create({
    goal: "Classify reviews by sentiment, maximise accuracy.",
    taskId: "mini-sst2",
    approvalMode: "review-each-expansion",
    budget: { rounds: 3, trainingRuns: 12, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
  });
  await orchestrator.settle(id);
  runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5, { cost: { cpuSeconds: 100, gpuSeconds: 0, wallSeconds: 100 } });
  await orchestrator.settle(id);
  return id;
}

describe("ui router", () => {
  it("lists explorations with the baseline, best score and gain", async () => {
    const id = await evaluatedExploration();
    const [row] = await ui.ui.explorationOverviews();
    expect(row?.id).toBe(id);
    expect(row?.baselineScore).toBeCloseTo(0.5);
    expect(row?.bestScore).toBeCloseTo(0.5);
    expect(row?.gain).toBeCloseTo(0);
    expect(row?.awaitingReview).toBeGreaterThan(0);
    expect(row?.durationSeconds).toBeGreaterThanOrEqual(0);
  });

  it("forks a node into a new exploration whose first experiment is the node's recipe and config", async () => {
    const id = await evaluatedExploration();
    const source = (await listNodes(t.db, id)).find((n) => n.status === "awaiting_review");
    expect(source).toBeDefined();
    const fork = await ui.ui.fork({ nodeId: source?.id ?? "" });
    expect(fork.id).not.toBe(id);
    const nodes = await listNodes(t.db, fork.id);
    expect(nodes).toHaveLength(2);
    const child = nodes.find((n) => n.id === fork.nodeId);
    expect(child?.config).toEqual(source?.config);
    expect(child?.recipe).toEqual(source?.recipe);
    expect(child?.status).toBe("awaiting_review");
    expect(child?.plan.rationale).toContain(`#${source?.ordinal}`);
    const tree = await api.exploration.tree({ id: fork.id });
    expect(tree.exploration.goal).toBe("Classify reviews by sentiment, maximise accuracy.");
    expect(tree.exploration.title).toMatch(/^Fork of /);
  });

  it("shows strangers nothing and lets only reviewers fork", async () => {
    const id = await evaluatedExploration();
    const source = (await listNodes(t.db, id)).find((n) => n.parentId !== null);
    const stranger = uiCaller(await authedContext(t.db, "admin", "elsewhere"));
    expect(await stranger.ui.explorationOverviews()).toEqual([]);
    await expect(stranger.ui.fork({ nodeId: source?.id ?? "" })).rejects.toThrow(/not found/);
    const viewer = uiCaller(await authedContext(t.db, "viewer"));
    expect((await viewer.ui.explorationOverviews()).map((e) => e.id)).toEqual([id]);
    await expect(viewer.ui.fork({ nodeId: source?.id ?? "" })).rejects.toThrow(/reviewer/);
  });

  it("refuses to fork an unknown node", async () => {
    await expect(ui.ui.fork({ nodeId: "nope" })).rejects.toThrow(/not found/);
  });
});
