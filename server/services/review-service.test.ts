import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../api/root.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { registerRunner } from "./runner-registry.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { listActiveJobs } from "../repositories/job-repository.ts";
import { authedContext } from "../testing/test-auth.ts";

let t: TestDb;
let runner: FakeRunner;
let orchestrator: Orchestrator;
let api: ReturnType<typeof createCaller>;

beforeEach(async () => {
  t = await createTestDb();
  runner = new FakeRunner(2);
  registerRunner(runner);
  orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
  api = createCaller(await authedContext(t.db, "reviewer"));
});
afterEach(async () => {
  await orchestrator.stop();
  await t.cleanup();
});

/** An exploration in review mode with its first expansion waiting for a reviewer. */
async function awaitingReview() {
  const { id } = await api.exploration.create({
    goal: "Classify reviews by sentiment, maximise accuracy.",
    taskId: "mini-sst2",
    approvalMode: "review-each-expansion",
    budget: { rounds: 3, trainingRuns: 12, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
  });
  await orchestrator.settle(id);
  runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5, { cost: { cpuSeconds: 100, gpuSeconds: 0, wallSeconds: 100 } });
  await orchestrator.settle(id);
  const nodes = await listNodes(t.db, id);
  return { id, pending: nodes.filter((n) => n.status === "awaiting_review") };
}

async function expectCode(p: Promise<unknown>, code: TRPCError["code"], message: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  expect((err as TRPCError).code).toBe(code);
  expect((err as TRPCError).message).toMatch(message);
}

describe("human review", () => {
  it("runs nothing until a reviewer approves; approved nodes are dispatched", async () => {
    const { id, pending } = await awaitingReview();
    expect(runner.pending()).toHaveLength(0);
    const first = pending[0];
    await api.node.approve({ id: first?.id ?? "", version: first?.version });
    await orchestrator.settle(id);
    expect(runner.pending().map((s) => s.nodeId)).toEqual([first?.id]);
  });

  it("edits a proposal before it runs, and the edited config is what the worker gets", async () => {
    const { id, pending } = await awaitingReview();
    const node = pending[0];
    if (!node) throw new Error("no pending node");
    const edited = await api.node.edit({
      id: node.id,
      version: node.version,
      config: { ...node.config, learningRate: 0.0005, steps: 123 },
    });
    expect(edited.fingerprint).not.toBe(node.fingerprint);
    await api.node.approve({ id: node.id });
    await orchestrator.settle(id);
    const spec = runner.pending().find((s) => s.nodeId === node.id);
    expect(spec?.training.learningRate).toBe(0.0005);
    expect(spec?.training.steps).toBe(123);
  });

  it("refuses to edit a node that already ran, or to approve a pruned one, leaving state unchanged", async () => {
    const { id, pending } = await awaitingReview();
    const [a, b] = pending;
    await api.node.approve({ id: a?.id ?? "" });
    await orchestrator.settle(id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.6);
    await orchestrator.settle(id);
    await expectCode(
      api.node.edit({ id: a?.id ?? "", title: "late edit" }),
      "CONFLICT",
      /only a node that has not started can be edited/,
    );
    await api.node.prune({ id: b?.id ?? "", reason: "duplicates #1" });
    await expectCode(api.node.approve({ id: b?.id ?? "" }), "CONFLICT", /pruned.*cannot become approved/);
    const after = await listNodes(t.db, id);
    expect(after.find((n) => n.id === b?.id)?.status).toBe("pruned");
    expect(after.find((n) => n.id === a?.id)?.plan.title).toBe(a?.plan.title);
  });

  it("tells the second of two concurrent reviewers that someone acted first", async () => {
    const { pending } = await awaitingReview();
    const node = pending[0];
    const results = await Promise.allSettled([
      api.node.approve({ id: node?.id ?? "", version: node?.version }),
      api.node.prune({ id: node?.id ?? "", version: node?.version, reason: "not worth a run" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(String((rejected as PromiseRejectedResult).reason)).toMatch(/someone else changed|cannot become/);
  });

  it("prunes a whole subtree and cancels its running jobs", async () => {
    const { id, pending } = await awaitingReview();
    await api.exploration.approveAll({ id });
    await orchestrator.settle(id);
    const running = runner.pending()[0];
    const target = pending.find((n) => n.id === running?.nodeId);
    const { pruned } = await api.node.prune({ id: target?.id ?? "", reason: "too slow" });
    expect(pruned).toBe(1);
    await orchestrator.settle(id);
    const after = await listNodes(t.db, id);
    expect(after.find((n) => n.id === target?.id)?.status).toBe("cancelled");
    expect(runner.jobs.get(running?.jobId ?? "")?.result?.status).toBe("cancelled");
  });

  it("adds a manual child under a succeeded node and runs it", async () => {
    const { id } = await awaitingReview();
    const root = (await listNodes(t.db, id)).find((n) => n.parentId === null);
    const child = await api.node.addChild({
      parentId: root?.id ?? "",
      title: "My own idea",
      recipe: { operators: [{ op: "load", source: "task:train", limit: 500 }] },
      config: { steps: 50, batchSize: 16, learningRate: 0.002 },
    });
    expect(child.direction).toBe("manual");
    await orchestrator.settle(id);
    expect(runner.pending().some((s) => s.nodeId === child.id)).toBe(true);
  });

  it("refuses a budget below what is already spent", async () => {
    const { id } = await awaitingReview();
    await expectCode(
      api.exploration.updateBudget({
        id,
        budget: { rounds: 1, trainingRuns: 12, computeSeconds: 50, wallSeconds: 3600, tokens: 0 },
      }),
      "CONFLICT",
      /compute cannot go below/,
    );
  });

  it("pause stops dispatch, resume continues, stop withdraws proposals", async () => {
    const { id } = await awaitingReview();
    await api.exploration.pause({ id });
    await api.exploration.approveAll({ id });
    await orchestrator.settle(id);
    expect(runner.pending()).toHaveLength(0);
    await api.exploration.resume({ id });
    await orchestrator.settle(id);
    expect(runner.pending().length).toBeGreaterThan(0);
    const training = runner.pending().length;
    await api.exploration.stop({ id });
    await orchestrator.settle(id);
    const nodes = await listNodes(t.db, id);
    expect(nodes.some((n) => ["approved", "awaiting_review", "proposed", "queued", "running"].includes(n.status))).toBe(
      false,
    );
    expect(nodes.filter((n) => n.status === "cancelled")).toHaveLength(training);
    // its jobs no longer hold the runner's slots: no loop follows a stopped exploration
    expect(await listActiveJobs(t.db)).toHaveLength(0);
    expect(await t.db.job.count({ where: { status: "cancelled", error: "the exploration was stopped" } })).toBe(
      training,
    );
    await expectCode(api.exploration.resume({ id }), "CONFLICT", /stopped/);
  });

  it("a job left open by an exploration that ended is cancelled by the next sweep", async () => {
    const { id } = await awaitingReview();
    await api.exploration.approveAll({ id });
    await orchestrator.settle(id);
    expect((await listActiveJobs(t.db)).length).toBeGreaterThan(0);
    // as if the server died between stopping the exploration and cancelling its work
    await t.db.exploration.update({ where: { id }, data: { status: "stopped" } });
    await orchestrator.tickAll();
    expect(await listActiveJobs(t.db)).toHaveLength(0);
    expect((await listNodes(t.db, id)).some((n) => n.status === "queued" || n.status === "running")).toBe(false);
  });
});
