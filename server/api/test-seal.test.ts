/**
 * Test scores stay sealed on the server: while an exploration runs, no query procedure, no replayed event
 * and no artifact download carries a test score; a reviewer's reveal (audited) or the end of the exploration
 * opens them. Every query procedure of the app router is walked, so a new one that leaks fails here.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { authedContext, createTestUser } from "../testing/test-auth.ts";
import { createApiToken } from "../auth/api-tokens.ts";
import { createExploration, stopExploration } from "../services/exploration-service.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { insertJob } from "../repositories/job-repository.ts";
import { listEventsAfter } from "../repositories/event-repository.ts";
import type { EventPayloads } from "../contract/event-types.ts";
import { withEvents } from "../services/transaction.ts";
import { handleArtifactRequest } from "./artifact-handler.ts";
import { appRouter, createCaller } from "./root.ts";
import type { Context, ProcedureAccess } from "./trpc.ts";

/** distinctive test values: if one appears in an output, a test score leaked */
const TEST_ROOT = 0.8765;
const TEST_CHILD = 0.7654;
const leaks = (value: unknown) => /0\.8765|0\.7654/.test(JSON.stringify(value));

let t: TestDb;
let reviewer: Context;
let viewer: Context;
let viewerToken: string;
let explorationId: string;
let rootId: string;
let workDir: string | undefined;

/** Inputs for queries that need more than the resource they name. */
const EXTRA: Record<string, Record<string, unknown>> = {
  "leaderboard.list": {},
  "leaderboard.curves": {},
  "leaderboard.export": { format: "json" },
  "leaderboard.board": {},
  "exploration.treeChanges": { since: new Date(0).toISOString() },
};

async function seedResults(db: Db, id: string): Promise<void> {
  const [root] = await listNodes(db, id);
  if (!root) throw new Error("no root");
  rootId = root.id;
  const metrics = (test: number) =>
    JSON.stringify({ validation: { primary: 0.5123, n: 300 }, test: { primary: test, accuracy: test, n: 300 } });
  await db.node.update({
    where: { id: root.id },
    data: { status: "succeeded", score: 0.5123, testScore: TEST_ROOT, metrics: metrics(TEST_ROOT), progress: 1 },
  });
  await db.node.create({
    data: {
      explorationId: id,
      parentId: root.id,
      ordinal: 1,
      round: 1,
      direction: "tune_hyperparameters",
      plan: JSON.stringify({ title: "child", rationale: "r", hypotheses: [] }),
      recipe: JSON.stringify(root.recipe),
      config: JSON.stringify(root.config),
      status: "succeeded",
      score: 0.6,
      testScore: TEST_CHILD,
      metrics: metrics(TEST_CHILD),
      fingerprint: "child-fp",
    },
  });
  // an event written the way older code wrote them, with the test score in the payload (round the types)
  const oldPayload = {
    score: 0.5123,
    testScore: TEST_ROOT,
    metrics: JSON.parse(metrics(TEST_ROOT)) as unknown,
    computeSeconds: 0,
  } as unknown as EventPayloads["node.result"];
  await withEvents(db, (tx, emit) => emit(id, "node.result", root.id, oldPayload));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-seal-"));
  fs.writeFileSync(
    path.join(workDir, "result.json"),
    JSON.stringify({ status: "succeeded", metrics: JSON.parse(metrics(TEST_ROOT)) as unknown }),
  );
  const ev = (split: string, v: number) =>
    JSON.stringify({ type: "eval", t: 1_700_000_000, split, step: 400, metrics: { primary: v } });
  fs.writeFileSync(path.join(workDir, "events.jsonl"), `${ev("validation", 0.5123)}\n${ev("test", TEST_ROOT)}\n`);
  fs.writeFileSync(path.join(workDir, "worker.log"), `eval test primary=${TEST_ROOT}\ntraining done\n`);
  await insertJob(db, { id: "jseal", nodeId: root.id, runnerName: "local", workDir, attempt: 1 });
  await db.job.update({ where: { id: "jseal" }, data: { status: "succeeded" } });
}

/** Calls every query procedure the caller may reach, with the resource it names; returns path → output. */
async function everyQuery(ctx: Context): Promise<Map<string, unknown>> {
  const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const out = new Map<string, unknown>();
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: string; meta?: { access?: ProcedureAccess } } }
  >;
  for (const [p, proc] of Object.entries(procedures)) {
    if (proc._def.type !== "query") continue;
    const access = proc._def.meta?.access;
    // compare.nodes names node ids besides its exploration: the root twice (it reads each node once)
    let input: Record<string, unknown> | undefined = p === "compare.nodes" ? { nodeIds: [rootId, rootId] } : EXTRA[p];
    if (access?.rung === "resource") {
      const id = { exploration: explorationId, node: rootId, workspace: "default", dataset: null }[access.kind];
      if (id === null) continue; // datasets hold no results
      input = { ...input, [access.field]: id };
    }
    const [router, name] = p.split(".");
    const fn = caller[router ?? ""]?.[name ?? ""];
    if (!fn) throw new Error(`cannot call ${p}`);
    try {
      out.set(p, await fn(input));
    } catch (e) {
      // a query the caller may not use (admin only) returns nothing to leak; one that refuses while the
      // exploration runs (an entry's export) is checked on its message; anything else is a broken walk
      if (e instanceof TRPCError && e.code === "FORBIDDEN") continue;
      if (e instanceof TRPCError && e.code === "CONFLICT") {
        out.set(p, e.message);
        continue;
      }
      throw new Error(`${p}: ${(e as Error).message}`);
    }
  }
  return out;
}

beforeAll(async () => {
  t = await createTestDb();
  reviewer = await authedContext(t.db, "reviewer");
  const viewerUser = await createTestUser(t.db, { role: "viewer" });
  viewer = await authedContext(t.db, "viewer");
  viewerToken = (await createApiToken(t.db, viewerUser.userId, "cli", ["read"])).token;
  explorationId = (
    await createExploration(t.db, {
      goal: "Classify reviews by sentiment; maximise accuracy.",
      taskId: "mini-sst2",
      approvalMode: "review-each-expansion",
    })
  ).id;
  await seedResults(t.db, explorationId);
});
afterAll(async () => {
  await t.cleanup();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const download = (rel: string) =>
  handleArtifactRequest(
    new Request(`http://localhost/api/artifacts/jseal/${rel}`, { headers: { authorization: `Bearer ${viewerToken}` } }),
    "jseal",
    [rel],
    t.db,
  );

describe("sealed test scores", () => {
  it("leaves test scores out of every query procedure while the exploration runs", async () => {
    const outputs = await everyQuery(viewer);
    expect([...outputs.keys()]).toEqual(
      expect.arrayContaining([
        "exploration.tree",
        "exploration.treeChanges",
        "node.detail",
        "compare.nodes",
        "node.artifacts",
        "agent.insights",
        "exploration.list",
        "ui.explorationOverviews",
        "leaderboard.export",
        "leaderboard.board",
        "leaderboard.exportEntry",
      ]),
    );
    for (const [p, value] of outputs) expect(leaks(value), `${p} returned a test score`).toBe(false);
    const tree = await createCaller(viewer).exploration.tree({ id: explorationId });
    expect(tree.exploration.testScoresSealed).toBe(true);
    expect(tree.nodes.map((n) => [n.score, n.testScore, Object.keys(n.metrics ?? {})])).toEqual([
      [0.5123, null, ["validation"]],
      [0.6, null, ["validation"]],
    ]);
    const detail = await createCaller(viewer).node.detail({ id: rootId });
    expect(detail.testScoresSealed).toBe(true);
    expect(detail.logTail).toMatch(/eval validation primary=0.5123/);
    expect(detail.logTail).toMatch(/training done/);
  });

  it("never replays a test score in an event, and refuses the job files that hold them", async () => {
    const events = await listEventsAfter(t.db, explorationId, 0);
    expect(events.some((e) => e.type === "node.result")).toBe(true);
    expect(leaks(events)).toBe(false);
    expect(
      leaks(
        await t.db.event.findMany({
          where: { explorationId, createdAt: { gt: new Date(0) } },
          select: { payload: true },
        }),
      ),
    ).toBe(false);
    const files = (await createCaller(viewer).node.artifacts({ id: rootId })).files;
    expect(files.filter((f) => f.sealed).map((f) => f.path)).toEqual(["events.jsonl", "result.json"]);
    const refused = await download("result.json");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /result.json holds test scores\. Test scores are sealed until the exploration ends or a reviewer reveals them/,
    );
    expect((await download("events.jsonl")).status).toBe(403);
    expect((await download("worker.log")).status).toBe(200);
  });

  it("opens them to everyone when a reviewer reveals them, audited; a viewer cannot", async () => {
    await expect(createCaller(viewer).exploration.revealTestScores({ id: explorationId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await createCaller(reviewer).exploration.revealTestScores({ id: explorationId })).toEqual({
      revealed: true,
    });
    expect(await createCaller(reviewer).exploration.revealTestScores({ id: explorationId })).toEqual({
      revealed: false,
    });
    const audit = await t.db.auditEvent.findMany({ where: { action: "exploration.revealTestScores" } });
    expect(audit.map((a) => [a.target, a.actorUserId])).toEqual([
      [explorationId, reviewer.principal?.userId],
      [explorationId, reviewer.principal?.userId],
    ]);
    expect((await listEventsAfter(t.db, explorationId, 0)).some((e) => e.type === "exploration.test_revealed")).toBe(
      true,
    );
    const tree = await createCaller(viewer).exploration.tree({ id: explorationId });
    expect(tree.exploration.testScoresSealed).toBe(false);
    expect(tree.nodes.map((n) => n.testScore)).toEqual([TEST_ROOT, TEST_CHILD]);
    const detail = await createCaller(viewer).node.detail({ id: rootId });
    expect(detail.node.metrics?.test?.primary).toBe(TEST_ROOT);
    expect(detail.logTail).toMatch(/eval test primary=0.8765/);
    expect((await download("result.json")).status).toBe(200);
    // events stay history without test scores: readers take them from the tree
    expect(leaks(await listEventsAfter(t.db, explorationId, 0))).toBe(false);
  });

  it("opens them when the exploration ends", async () => {
    const other = (
      await createExploration(t.db, {
        goal: "Classify reviews by sentiment; maximise accuracy.",
        taskId: "mini-sst2",
        approvalMode: "review-each-expansion",
      })
    ).id;
    const [root] = await listNodes(t.db, other);
    await t.db.node.update({
      where: { id: root?.id ?? "" },
      data: { status: "succeeded", score: 0.5, testScore: TEST_ROOT },
    });
    expect((await createCaller(viewer).exploration.tree({ id: other })).nodes[0]?.testScore).toBeNull();
    await stopExploration(t.db, other);
    const tree = await createCaller(viewer).exploration.tree({ id: other });
    expect([tree.exploration.testScoresSealed, tree.nodes[0]?.testScore]).toEqual([false, TEST_ROOT]);
  });
});
