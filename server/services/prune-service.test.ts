import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../api/root.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { registerRunner } from "./runner-registry.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { listNodes } from "../repositories/node-repository.ts";
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

/** Review mode: the baseline ran, its children wait for a reviewer. */
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
  return { id, pending: (await listNodes(t.db, id)).filter((n) => n.status === "awaiting_review") };
}

/** A succeeded child of the baseline with its own children waiting for review: a subtree worth pruning. */
async function succeededWithChildren() {
  const { id, pending } = await awaitingReview();
  const [a, ...others] = pending;
  if (!a) throw new Error("no proposal");
  for (const o of others) await api.node.prune({ id: o.id, reason: "only one branch for this test" });
  await api.node.approve({ id: a.id });
  await orchestrator.settle(id);
  // while a trains the next expansion is planned ahead (of the baseline, a has no result yet): not this test's branch
  for (const n of await listNodes(t.db, id))
    if (n.status === "awaiting_review") await api.node.prune({ id: n.id, reason: "only one branch for this test" });
  runner.succeed(runner.pending().find((s) => s.nodeId === a.id)?.jobId ?? "", 0.7);
  await orchestrator.settle(id);
  const nodes = await listNodes(t.db, id);
  const children = nodes.filter((n) => n.parentId === a.id);
  expect(children.length).toBeGreaterThan(0);
  expect(children.every((c) => c.status === "awaiting_review")).toBe(true);
  return { id, a, children };
}

async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

const statusOf = async (explorationId: string) =>
  new Map((await listNodes(t.db, explorationId)).map((n) => [n.id, n.status]));

describe("pruning with a reason, and undoing it", () => {
  it("keeps the reason on every pruned node, in the timeline and in the audit log; undo puts each node back", async () => {
    const { id, a, children } = await succeededWithChildren();
    const reason = "the learning rate is far outside what worked";
    expect((await api.node.prune({ id: a.id, reason })).pruned).toBe(1 + children.length);

    const tree = await api.exploration.tree({ id });
    for (const n of tree.nodes.filter((n) => n.id === a.id || n.parentId === a.id)) {
      expect(n.status).toBe("pruned");
      expect(n.pruneReason).toBe(reason);
      expect(n.prunedWith).toBe(a.ordinal);
    }
    const detail = await api.node.detail({ id: a.id });
    expect(detail.prune).toMatchObject({ reason, prunedNodeId: a.id, undoProblem: null });
    const childDetail = await api.node.detail({ id: children[0]?.id ?? "" });
    expect(childDetail.prune?.undoProblem).toMatch(/undo the prune there/);
    const events = await t.db.event.findMany({ where: { explorationId: id, type: "node.pruned", nodeId: a.id } });
    expect(JSON.parse(events[0]?.payload ?? "{}")).toMatchObject({ reason, ordinal: a.ordinal });
    const audit = await t.db.auditEvent.findFirst({ where: { action: "node.prune", target: a.id } });
    expect(JSON.parse(audit?.details ?? "{}")).toMatchObject({ kind: "node", reason });

    // a descendant points at the prune to undo
    const below = await refusal(api.node.undoPrune({ id: children[0]?.id ?? "" }));
    expect(below.message).toBe(
      `Node #${children[0]?.ordinal} was pruned with #${a.ordinal} above it; undo the prune on #${a.ordinal}.`,
    );

    expect((await api.node.undoPrune({ id: a.id })).restored).toBe(1 + children.length);
    const after = await statusOf(id);
    expect(after.get(a.id)).toBe("succeeded");
    for (const c of children) expect(after.get(c.id)).toBe("awaiting_review");
    const undone = await api.exploration.tree({ id });
    expect(undone.nodes.filter((n) => n.pruneReason !== null).every((n) => n.parentId !== a.id && n.id !== a.id)).toBe(
      true,
    );
    expect(await t.db.auditEvent.count({ where: { action: "node.undoPrune", target: a.id } })).toBe(1);
    // the children are proposals again: approving one dispatches it
    await api.node.approve({ id: children[0]?.id ?? "" });
    await orchestrator.settle(id);
    expect(runner.pending().some((s) => s.nodeId === children[0]?.id)).toBe(true);
    // undone once: nothing left to undo
    expect((await refusal(api.node.undoPrune({ id: a.id }))).message).toMatch(/has no prune to undo/);
  });

  it("refuses to undo a prune that cancelled a running job, saying which node ran", async () => {
    const { id, pending } = await awaitingReview();
    await api.exploration.approveAll({ id });
    await orchestrator.settle(id);
    const running = runner.pending()[0];
    const target = pending.find((n) => n.id === running?.nodeId);
    if (!target) throw new Error("nothing dispatched");
    await api.node.prune({ id: target.id, reason: "too slow" });
    const before = await statusOf(id);
    const err = await refusal(api.node.undoPrune({ id: target.id }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toBe(
      `This prune cannot be undone: node #${target.ordinal} had already been sent to the runner and its job was cancelled. Retry #${target.ordinal} instead.`,
    );
    expect(await statusOf(id)).toEqual(before);
  });

  it("refuses once the exploration has ended, and while a prune above is in force", async () => {
    const { id, a, children } = await succeededWithChildren();
    const child = children[0];
    if (!child) throw new Error("no child");
    await api.node.prune({ id: child.id, reason: "a duplicate" });
    await api.node.prune({ id: a.id, reason: "the whole branch is a dead end" });
    const inner = await refusal(api.node.undoPrune({ id: child.id }));
    expect(inner.message).toBe(`Node #${a.ordinal} above it is pruned too; undo that prune first.`);
    // the outer prune left the already-pruned child as it was: undoing it leaves that child pruned
    await api.node.undoPrune({ id: a.id });
    expect((await statusOf(id)).get(child.id)).toBe("pruned");
    await api.node.undoPrune({ id: child.id });
    expect((await statusOf(id)).get(child.id)).toBe("awaiting_review");

    await api.node.prune({ id: child.id, reason: "again" });
    await api.exploration.stop({ id });
    const ended = await refusal(api.node.undoPrune({ id: child.id }));
    expect(ended.message).toBe("The exploration is stopped; a prune can be undone only while it is running or paused.");
  });

  it("asks for a reason in a sentence", async () => {
    const { pending } = await awaitingReview();
    const err = await refusal(api.node.prune({ id: pending[0]?.id ?? "", reason: "   " }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/Say why this subtree is pruned/);
  });
});
