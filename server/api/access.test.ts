/** The procedure ladder end to end: anonymous, viewer, reviewer, admin, other workspaces, API tokens, HTTP guards. */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { authedContext, contextFor, createTestUser } from "../testing/test-auth.ts";
import { sampleEntryRecord } from "../testing/entry-record-fixture.ts";
import { createCaller } from "./root.ts";
import { adminProcedure, createCallerFactory, createTRPCRouter, type Context } from "./trpc.ts";
import { handleTrpcRequest, MAX_REQUEST_BYTES } from "./http-handler.ts";
import { createExploration } from "../services/exploration-service.ts";

let t: TestDb;
let explorationId: string;
let reviewer: Context;
let viewer: Context;
let stranger: Context;

const goal = {
  goal: "Classify reviews by sentiment, maximise accuracy.",
  taskId: "mini-sst2",
  approvalMode: "review-each-expansion" as const,
};
const budget = { rounds: 1, trainingRuns: 1, computeSeconds: 100, wallSeconds: 100, tokens: 0 };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : `other: ${(e as Error).message}`;
  }
}

beforeAll(async () => {
  t = await createTestDb();
  (globalThis as { __trexDb?: Db }).__trexDb = t.db; // the HTTP handler's context uses getDb()
  reviewer = await authedContext(t.db, "reviewer");
  viewer = await authedContext(t.db, "viewer");
  stranger = await authedContext(t.db, "admin", "other-team");
  explorationId = (await createExploration(t.db, { ...goal, budget })).id;
});
afterAll(async () => {
  delete (globalThis as { __trexDb?: Db }).__trexDb;
  await t.cleanup();
});

describe("the procedure ladder", () => {
  it("gives an anonymous caller nothing", async () => {
    const anon = createCaller({ db: t.db });
    expect(await codeOf(anon.exploration.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.exploration.tree({ id: explorationId }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.task.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.leaderboard.list({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.exploration.stop({ id: explorationId }))).toBe("UNAUTHORIZED");
  });

  it("lets a viewer read but not mutate", async () => {
    const api = createCaller(viewer);
    expect((await api.exploration.list()).map((e) => e.id)).toContain(explorationId);
    expect((await api.exploration.tree({ id: explorationId })).exploration.id).toBe(explorationId);
    expect(await codeOf(api.exploration.pause({ id: explorationId }))).toBe("FORBIDDEN");
    expect(await codeOf(api.exploration.stop({ id: explorationId }))).toBe("FORBIDDEN");
    expect(await codeOf(api.exploration.create({ ...goal, budget }))).toBe("FORBIDDEN");
    const root = (await api.exploration.tree({ id: explorationId })).nodes[0];
    expect(await codeOf(api.node.prune({ id: root?.id ?? "", reason: "a viewer tries" }))).toBe("FORBIDDEN");
  });

  it("lets a reviewer act on explorations but not on instance settings (runners, secrets)", async () => {
    const api = createCaller(reviewer);
    expect(await codeOf(api.exploration.pause({ id: explorationId }))).toBe("OK");
    expect(await codeOf(api.exploration.resume({ id: explorationId }))).toBe("OK");
    const settings = createCallerFactory(
      createTRPCRouter({ saveRunnerSecret: adminProcedure.mutation(() => "saved") }),
    );
    expect(await codeOf(settings(reviewer).saveRunnerSecret())).toBe("FORBIDDEN");
    expect(await codeOf(api.account.createWorkspace({ name: "x", slug: "x" }))).toBe("FORBIDDEN");
    const admin = await contextFor(t.db, await createTestUser(t.db, { isAdmin: true }));
    expect(await settings(admin).saveRunnerSecret()).toBe("saved");
    const audit = await t.db.auditEvent.findMany({ where: { action: "saveRunnerSecret" } });
    expect(audit).toHaveLength(1);
  });

  it("keeps one workspace's explorations from members of another", async () => {
    const api = createCaller(stranger);
    expect((await api.exploration.list()).map((e) => e.id)).not.toContain(explorationId);
    expect(await codeOf(api.exploration.tree({ id: explorationId }))).toBe("NOT_FOUND");
    expect(await codeOf(api.exploration.stop({ id: explorationId }))).toBe("NOT_FOUND");
    const own = await api.exploration.create({ ...goal, budget, title: "theirs" });
    expect((await t.db.exploration.findUniqueOrThrow({ where: { id: own.id } })).workspaceId).toBe("other-team");
    expect((await createCaller(viewer).exploration.list()).map((e) => e.id)).not.toContain(own.id);
  });

  it("keeps one workspace's leaderboard entries from members of another, and refuses imports into it", async () => {
    const entry = {
      taskId: "mini-sst2",
      nodeId: "",
      policy: "mcts",
      planner: "offline",
      baseModel: "tiny-base",
      score: 0.8,
      testScore: null,
      baselineScore: 0.1,
      gain: 0.7,
      computeSeconds: 10,
      tokens: 0,
      timeToBestSeconds: 5,
    };
    await t.db.leaderboardEntry.create({ data: { ...entry, explorationId } });
    const strangers = createCaller(stranger);
    expect((await createCaller(viewer).leaderboard.list({})).map((e) => e.explorationId)).toContain(explorationId);
    expect((await strangers.leaderboard.list({})).map((e) => e.explorationId)).not.toContain(explorationId);
    expect((await strangers.leaderboard.curves({})).map((c) => c.explorationId)).not.toContain(explorationId);
    expect(await strangers.leaderboard.export({ format: "csv" })).not.toContain(explorationId);
    const theirs = { id: "other-team" };
    const record = sampleEntryRecord();
    // a reviewer of the default workspace cannot put an entry on the other team's board
    expect(await codeOf(createCaller(reviewer).leaderboard.import({ workspaceId: theirs.id, record }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(strangers.leaderboard.import({ workspaceId: theirs.id, record }))).toBe("OK");
  });

  it("caps API tokens by scope, and a revoked token gets nothing", async () => {
    const api = createCaller(reviewer);
    const read = await api.account.createToken({ name: "cli", scopes: ["read"] });
    expect(JSON.stringify(await t.db.apiToken.findMany())).not.toContain(read.token);
    const call = (path: string, token: string, body?: unknown) =>
      handleTrpcRequest(
        new Request(`http://localhost/api/trpc/${path}${body === undefined ? "" : ""}`, {
          method: body === undefined ? "GET" : "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify({ json: body }),
        }),
      );
    expect((await call("exploration.list", read.token)).status).toBe(200);
    expect((await call("exploration.pause", read.token, { id: explorationId })).status).toBe(403);
    await api.account.revokeToken({ id: read.id });
    expect((await call("exploration.list", read.token)).status).toBe(401);
    expect((await call("exploration.list", "trex_forged")).status).toBe(401);
  });
});

describe("the HTTP endpoint", () => {
  const post = (headers: Record<string, string>, body: string) =>
    handleTrpcRequest(
      new Request("http://localhost:3000/api/trpc/exploration.stop", {
        method: "POST",
        headers: { host: "localhost:3000", "content-type": "application/json", ...headers },
        body,
      }),
    );

  it("answers an anonymous client with 401", async () => {
    const res = await handleTrpcRequest(new Request("http://localhost:3000/api/trpc/exploration.list"));
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(explorationId);
  });

  it("refuses cross-site cookie POSTs (CSRF)", async () => {
    const body = JSON.stringify({ json: { id: explorationId } });
    expect((await post({ cookie: "trex.session_token=x", "sec-fetch-site": "cross-site" }, body)).status).toBe(403);
    expect((await post({ cookie: "trex.session_token=x", origin: "null" }, body)).status).toBe(403);
    expect((await post({ cookie: "trex.session_token=x", referer: "https://evil.example/page" }, body)).status).toBe(
      403,
    );
    expect((await post({ cookie: "trex.session_token=x", origin: "https://evil.example" }, body)).status).toBe(403);
    expect((await post({ cookie: "trex.session_token=x", origin: "http://localhost:3000" }, body)).status).toBe(401);
    // a cookie without Origin, Referer or Sec-Fetch-Site: no browser sends that, so it is refused too
    expect((await post({ cookie: "trex.session_token=x" }, body)).status).toBe(403);
    expect((await post({ cookie: "trex.session_token=x", "sec-fetch-site": "same-origin" }, body)).status).toBe(401);
  });

  it("refuses huge payloads before parsing them", async () => {
    const res = await post(
      { origin: "http://localhost:3000" },
      JSON.stringify({ json: { id: "x".repeat(MAX_REQUEST_BYTES) } }),
    );
    expect(res.status).toBe(413);
  });
});
